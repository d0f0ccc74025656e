import { useState } from 'react';
import { Link } from 'react-router';
import type { GitWebhook, GitWebhookProvider, GitWebhookSecret } from '@reviewtrace/contracts';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { absoluteUrl, pagePaths } from '../../../lib/paths.ts';
import { useDeleteWebhook, useRotateWebhookSecret, useWebhookList } from '../webhooks-api.ts';
import { ManagedRow } from './ManagedRow.tsx';
import { SettingsSection, SettingsTable, useEditing, type SectionCopy } from './SettingsSection.tsx';
import { WebhookForm } from './WebhookForm.tsx';
import { WebhookSecretPanel } from './WebhookSecretPanel.tsx';
import { OnOff } from './OnOff.tsx';

const columns = ['Provider', 'Repositories', 'Enabled', 'URL'] as const;

const copy: SectionCopy = {
  title: 'Git webhooks',
  addLabel: 'Add webhook',
  intro:
    'Start reviews by themselves when a pull/merge request is opened or pushed to. Every delivery is logged with what was decided and why.',
};

interface Revealed {
  secret: GitWebhookSecret;
  provider: GitWebhookProvider;
  rotated: boolean;
}

/** The org's git webhooks. Owners only, like git tokens (the API says 403 to others). */
export function WebhooksSection({ canManage, orgName }: { canManage: boolean; orgName: string }) {
  const list = useWebhookList(canManage);
  const { editing, setEditing, edited, formOpen, startAdding } = useEditing(list.data?.items ?? [], canManage);
  const [revealed, setRevealed] = useState<Revealed | null>(null);

  return (
    <SettingsSection id="webhooks" copy={copy} onAdd={revealed ? undefined : startAdding}>
      {!canManage ? (
        <p className="muted">Git webhooks of {orgName} are visible to its owners only.</p>
      ) : (
        <SettingsTable
          list={list}
          what="git webhooks"
          emptyTitle="No git webhooks yet."
          emptyText="Reviews start when someone pastes a URL. Add a webhook to review every pull/merge request as it is opened and pushed to."
          columns={columns}
          withActions
        >
          {list.data?.items.map((webhook) => (
            <WebhookRow
              key={webhook.id}
              webhook={webhook}
              onEdit={() => {
                setRevealed(null);
                setEditing(webhook.id);
              }}
              onRotated={(secret) => {
                setEditing(null);
                setRevealed({ secret, provider: webhook.provider, rotated: true });
              }}
            />
          ))}
        </SettingsTable>
      )}
      {revealed && (
        <WebhookSecretPanel
          key={`${revealed.secret.id}-${revealed.secret.secret}`}
          revealed={revealed.secret}
          provider={revealed.provider}
          rotated={revealed.rotated}
          onDone={() => setRevealed(null)}
        />
      )}
      {formOpen && (
        <WebhookForm
          key={String(editing)}
          webhook={edited}
          onCreated={(secret, provider) => {
            setEditing(null);
            setRevealed({ secret, provider, rotated: false });
          }}
          onDone={() => setEditing(null)}
        />
      )}
    </SettingsSection>
  );
}

function WebhookRow({
  webhook,
  onEdit,
  onRotated,
}: {
  webhook: GitWebhook;
  onEdit: () => void;
  onRotated: (secret: GitWebhookSecret) => void;
}) {
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const label = `webhook ${webhook.id}`;
  return (
    <>
      <ManagedRow
        id={webhook.id}
        label={label}
        consequence={`${gitProviderLabel(webhook.provider)} deliveries to its URL will be refused, and its delivery log goes with it. Reviews it started stay.`}
        columns={columns.length + 1}
        remove={remove}
        onEdit={onEdit}
        actions={
          <>
            <Link className="button" to={pagePaths.webhookDeliveries(webhook.id)} aria-label={`Deliveries of ${label}`}>
              Deliveries
            </Link>
            <button
              type="button"
              onClick={() => rotate.mutate(webhook.id, { onSuccess: onRotated })}
              disabled={rotate.isPending}
              aria-label={`Rotate secret of ${label}`}
            >
              {rotate.isPending ? 'Rotating…' : 'Rotate secret'}
            </button>
          </>
        }
      >
        <td className="provider-cell">{gitProviderLabel(webhook.provider)}</td>
        <th scope="row" className="repositories-cell">
          <span className="card-label">Repositories</span>
          {webhook.repositories.length === 0 ? (
            <span className="muted">All repositories</span>
          ) : (
            <span className="mono">{webhook.repositories.join(', ')}</span>
          )}
        </th>
        <td className="enabled-cell">
          <span className="card-label">Enabled</span>
          <OnOff value={webhook.enabled} />
        </td>
        <td className="mono url-cell">
          <span className="card-label">URL</span>
          {absoluteUrl(webhook.url)}
        </td>
      </ManagedRow>
      {rotate.error && (
        <tr className="test-result-row">
          <td colSpan={columns.length + 1} role="alert" className="error-text">
            Could not rotate the secret: {rotate.error.message}
          </td>
        </tr>
      )}
    </>
  );
}
