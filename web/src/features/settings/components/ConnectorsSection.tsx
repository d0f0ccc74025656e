import type { Connector } from '@reviewtrace/contracts';
import { formatDuration } from '../../../lib/format.ts';
import { useConnectorList, useDeleteConnector, useTestConnector } from '../api.ts';
import { ConnectorForm } from './ConnectorForm.tsx';
import { ManagedRow } from './ManagedRow.tsx';
import { SettingsSection, SettingsTable, useEditing, type SectionCopy } from './SettingsSection.tsx';
import { aiProviderLabel } from '../../../lib/provider-labels.ts';
import { CheckIcon, XIcon } from '../../../components/ui/icons.ts';
import { OnOff } from './OnOff.tsx';

const columns = ['Name', 'Provider', 'Base URL', 'Model', 'Streaming', 'Post comments', 'At once', 'API key'] as const;

const copy: SectionCopy = {
  title: 'AI connectors',
  addLabel: 'Add connector',
  intro: 'The AI provider and model each review runs with. Keys are stored encrypted.',
};

/** The org's AI connectors: everyone sees them (the "New review" picker lists them); owners change them. */
export function ConnectorsSection({ canManage }: { canManage: boolean }) {
  const list = useConnectorList();
  const { editing, setEditing, edited, formOpen, startAdding } = useEditing(list.data?.items ?? [], canManage);

  return (
    <SettingsSection id="connectors" copy={copy} onAdd={startAdding}>
      <SettingsTable
        list={list}
        what="connectors"
        emptyTitle="No connectors yet."
        emptyText={canManage ? 'Add one to start reviews.' : 'An owner has to add one before reviews can start.'}
        columns={columns}
        withActions={canManage}
      >
        {list.data?.items.map((connector) => (
          <ConnectorRow
            key={connector.id}
            connector={connector}
            onEdit={canManage ? () => setEditing(connector.id) : undefined}
          />
        ))}
      </SettingsTable>
      {formOpen && <ConnectorForm key={String(editing)} connector={edited} onDone={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function ConnectorRow({ connector, onEdit }: { connector: Connector; onEdit?: () => void }) {
  const test = useTestConnector();
  const remove = useDeleteConnector();
  const columnCount = columns.length + (onEdit ? 1 : 0);
  return (
    <>
      <ManagedRow
        id={connector.id}
        label={connector.name}
        consequence="Past reviews keep their provider and model."
        columns={columnCount}
        remove={remove}
        onEdit={onEdit}
        actions={
          <button type="button" onClick={() => test.mutate(connector.id)} disabled={test.isPending}>
            {test.isPending ? 'Testing…' : 'Test'}
          </button>
        }
      >
        <th scope="row">{connector.name}</th>
        <td>{aiProviderLabel(connector.providerType)}</td>
        <td className="mono url-cell">{connector.baseUrl ?? '—'}</td>
        <td className="mono">{connector.model ?? '—'}</td>
        <td>
          <OnOff value={connector.streaming} />
        </td>
        <td>
          <OnOff value={connector.postComments} />
        </td>
        <td title="Model calls at once across all workers">{connector.maxConcurrency ?? 'no limit'}</td>
        <td className="mono">{connector.apiKey ?? <span className="muted">none</span>}</td>
      </ManagedRow>
      {(test.data || test.error) && (
        <tr className="test-result-row">
          <td colSpan={columnCount} role="status">
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
