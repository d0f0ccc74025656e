import { useState } from 'react';
import type { Connector } from '@reviewtrace/contracts';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatDuration } from '../../../lib/format.ts';
import { useConnectorList, useDeleteConnector, useTestConnector } from '../api.ts';
import { ConfirmDeleteRow } from './ConfirmDelete.tsx';
import { ConnectorForm } from './ConnectorForm.tsx';
import { aiProviderLabel } from '../../../lib/provider-labels.ts';
import { CheckIcon, CircleIcon, XIcon } from '../../../components/ui/icons.ts';

/** The org's AI connectors: everyone sees them (the "New review" picker lists them); owners change them. */
export function ConnectorsSection({ canManage }: { canManage: boolean }) {
  const list = useConnectorList();
  const [editing, setEditing] = useState<'new' | number | null>(null);
  const connectors = list.data?.items ?? [];
  const editedConnector = typeof editing === 'number' ? connectors.find((c) => c.id === editing) : undefined;

  return (
    <section id="connectors" aria-labelledby="connectors-title" className="settings-section">
      <div className="settings-section-head">
        <h2 id="connectors-title" tabIndex={-1}>
          AI connectors
        </h2>
        {canManage && editing === null && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add connector
          </button>
        )}
      </div>
      <p className="muted small">The AI provider and model each review runs with. Keys are stored encrypted.</p>
      {list.isPending ? (
        <Loading what="connectors" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : connectors.length === 0 ? (
        <Empty title="No connectors yet.">
          <p>{canManage ? 'Add one to start reviews.' : 'An owner has to add one before reviews can start.'}</p>
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="settings-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Provider</th>
                <th scope="col">Base URL</th>
                <th scope="col">Model</th>
                <th scope="col">Streaming</th>
                <th scope="col">Post comments</th>
                <th scope="col">API key</th>
                {canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {connectors.map((connector) => (
                <ConnectorRow
                  key={connector.id}
                  connector={connector}
                  canManage={canManage}
                  onEdit={() => setEditing(connector.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (editing === 'new' || editedConnector) && (
        <ConnectorForm key={String(editing)} connector={editedConnector} onDone={() => setEditing(null)} />
      )}
    </section>
  );
}

function ConnectorRow({
  connector,
  canManage,
  onEdit,
}: {
  connector: Connector;
  canManage: boolean;
  onEdit: () => void;
}) {
  const test = useTestConnector();
  const remove = useDeleteConnector();
  const [confirming, setConfirming] = useState(false);
  const columns = canManage ? 8 : 7;
  return (
    <>
      <tr>
        <th scope="row">{connector.name}</th>
        <td>{aiProviderLabel(connector.providerType)}</td>
        <td className="mono url-cell">{connector.baseUrl ?? '—'}</td>
        <td className="mono">{connector.model ?? '—'}</td>
        <td>{onOff(connector.streaming)}</td>
        <td>{onOff(connector.postComments)}</td>
        <td className="mono">{connector.apiKey ?? <span className="muted">none</span>}</td>
        {canManage && (
          <td className="row-actions">
            <button type="button" onClick={() => test.mutate(connector.id)} disabled={test.isPending}>
              {test.isPending ? 'Testing…' : 'Test'}
            </button>
            <button type="button" onClick={onEdit} aria-label={`Edit ${connector.name}`}>
              Edit
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => setConfirming(true)}
              aria-label={`Delete ${connector.name}`}
              aria-expanded={confirming}
            >
              Delete
            </button>
          </td>
        )}
      </tr>
      {confirming && (
        <ConfirmDeleteRow
          columns={columns}
          what={`“${connector.name}”`}
          consequence="Past reviews keep their provider and model."
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(connector.id)}
          onCancel={() => setConfirming(false)}
        />
      )}
      {(test.data || test.error) && (
        <tr className="test-result-row">
          <td colSpan={columns} role="status">
            {test.data ? (
              <span className={test.data.ok ? 'test-ok' : 'test-failed'}>
                {test.data.ok ? <CheckIcon /> : <XIcon />}{' '}
                <strong>
                  {test.data.ok ? 'Test passed' : `Test failed${test.data.category ? ` (${test.data.category})` : ''}`}
                </strong>
                {` — ${test.data.message}`}
                {test.data.latencyMs > 0 && <span className="muted"> · {formatDuration(test.data.latencyMs)}</span>}
              </span>
            ) : (
              <span className="test-failed">
                <XIcon /> <strong>Could not run the test</strong> — {test.error?.message}
              </span>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/** A word, not just a tick, so the state reads the same to everyone. */
function onOff(value: boolean) {
  return value ? (
    <span>
      <CircleIcon className="filled" /> On
    </span>
  ) : (
    <span className="muted">
      <CircleIcon /> Off
    </span>
  );
}
