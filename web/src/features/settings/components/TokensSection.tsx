import { useState } from 'react';
import type { IntegrationToken } from '@reviewtrace/contracts';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useDeleteToken, useTokenList } from '../api.ts';
import { ConfirmDeleteRow } from './ConfirmDelete.tsx';
import { TokenForm } from './TokenForm.tsx';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';

/** Git tokens that fetch pull/merge requests. Only owners may even list them (the API says 403 otherwise). */
export function TokensSection({ canManage, orgName }: { canManage: boolean; orgName: string }) {
  const list = useTokenList(canManage);
  const [editing, setEditing] = useState<'new' | number | null>(null);
  const tokens = list.data?.items ?? [];
  const editedToken = typeof editing === 'number' ? tokens.find((t) => t.id === editing) : undefined;

  return (
    <section id="tokens" aria-labelledby="tokens-title" className="settings-section">
      <div className="settings-section-head">
        <h2 id="tokens-title" tabIndex={-1}>
          Git tokens
        </h2>
        {canManage && editing === null && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add git token
          </button>
        )}
      </div>
      <p className="muted small">Used to fetch pull/merge requests by URL and to post review comments.</p>
      {!canManage ? (
        <p className="muted">Git tokens of {orgName} are visible to its owners only.</p>
      ) : list.isPending ? (
        <Loading what="git tokens" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : tokens.length === 0 ? (
        <Empty title="No git tokens yet.">
          <p>Reviews of pasted diffs work without one; reviews by PR/MR URL need a token for that host.</p>
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="settings-table">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Name</th>
                <th scope="col">Host URL</th>
                <th scope="col">Token</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <TokenRow key={token.id} token={token} onEdit={() => setEditing(token.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (editing === 'new' || editedToken) && (
        <TokenForm key={String(editing)} token={editedToken} onDone={() => setEditing(null)} />
      )}
    </section>
  );
}

function TokenRow({ token, onEdit }: { token: IntegrationToken; onEdit: () => void }) {
  const remove = useDeleteToken();
  const [confirming, setConfirming] = useState(false);
  const label = token.name ?? `${gitProviderLabel(token.provider)} token`;
  return (
    <>
      <tr>
        <td>{gitProviderLabel(token.provider)}</td>
        <th scope="row">{token.name ?? '—'}</th>
        <td className="mono url-cell">{token.providerUrl ?? '—'}</td>
        <td className="mono">{token.token ?? <span className="muted">none</span>}</td>
        <td className="row-actions">
          <button type="button" onClick={onEdit} aria-label={`Edit ${label}`}>
            Edit
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${label}`}
            aria-expanded={confirming}
          >
            Delete
          </button>
        </td>
      </tr>
      {confirming && (
        <ConfirmDeleteRow
          columns={5}
          what={`“${label}”`}
          consequence="Reviews by URL on that host will fail until another token is added."
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(token.id)}
          onCancel={() => setConfirming(false)}
        />
      )}
    </>
  );
}
