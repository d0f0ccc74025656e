import type { IntegrationToken } from '@reviewtrace/contracts';
import { useDeleteToken, useTokenList } from '../api.ts';
import { ManagedRow } from './ManagedRow.tsx';
import { SettingsSection, SettingsTable, useEditing, type SectionCopy } from './SettingsSection.tsx';
import { TokenForm } from './TokenForm.tsx';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';

const columns = ['Provider', 'Name', 'Host URL', 'Token'] as const;

const copy: SectionCopy = {
  title: 'Git tokens',
  addLabel: 'Add git token',
  intro: 'Used to fetch pull/merge requests by URL and to post review comments.',
};

/** Git tokens that fetch pull/merge requests. Only owners may even list them (the API says 403 otherwise). */
export function TokensSection({ canManage, orgName }: { canManage: boolean; orgName: string }) {
  const list = useTokenList(canManage);
  const { editing, setEditing, edited, formOpen, startAdding } = useEditing(list.data?.items ?? [], canManage);

  return (
    <SettingsSection id="tokens" copy={copy} onAdd={startAdding}>
      {!canManage ? (
        <p className="muted">Git tokens of {orgName} are visible to its owners only.</p>
      ) : (
        <SettingsTable
          list={list}
          what="git tokens"
          emptyTitle="No git tokens yet."
          emptyText="Reviews of pasted diffs work without one; reviews by PR/MR URL need a token for that host."
          columns={columns}
          withActions
        >
          {list.data?.items.map((token) => (
            <TokenRow key={token.id} token={token} onEdit={() => setEditing(token.id)} />
          ))}
        </SettingsTable>
      )}
      {formOpen && <TokenForm key={String(editing)} token={edited} onDone={() => setEditing(null)} />}
    </SettingsSection>
  );
}

function TokenRow({ token, onEdit }: { token: IntegrationToken; onEdit: () => void }) {
  const remove = useDeleteToken();
  return (
    <ManagedRow
      id={token.id}
      label={token.name ?? `${gitProviderLabel(token.provider)} token`}
      consequence="Reviews by URL on that host will fail until another token is added."
      columns={columns.length + 1}
      remove={remove}
      onEdit={onEdit}
    >
      <td>{gitProviderLabel(token.provider)}</td>
      <th scope="row">{token.name ?? '—'}</th>
      <td className="mono url-cell">{token.providerUrl ?? '—'}</td>
      <td className="mono">{token.token ?? <span className="muted">none</span>}</td>
    </ManagedRow>
  );
}
