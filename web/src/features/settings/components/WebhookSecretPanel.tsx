import { useEffect, useRef } from 'react';
import type { GitWebhookProvider, GitWebhookSecret } from '@reviewtrace/contracts';
import { absoluteUrl } from '../../../lib/paths.ts';
import { TriangleAlertIcon } from '../../../components/ui/icons.ts';
import { CopyField } from './CopyField.tsx';

/**
 * The webhook's URL and secret right after create or rotate-secret: the only time the secret is
 * shown in full, with where each goes at the provider. Focus moves here so nobody misses it.
 */
export function WebhookSecretPanel({
  revealed,
  provider,
  rotated,
  onDone,
}: {
  revealed: GitWebhookSecret;
  provider: GitWebhookProvider;
  rotated: boolean;
  onDone: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="settings-form webhook-secret" aria-labelledby="webhook-secret-title">
      <h3 id="webhook-secret-title" ref={heading} tabIndex={-1}>
        {rotated ? `New secret for webhook ${revealed.id}` : `Webhook ${revealed.id} added`}
      </h3>
      <p className="notice notice-warning">
        <TriangleAlertIcon /> <strong>The secret is shown only this once.</strong> Copy it to{' '}
        {provider === 'github' ? 'GitHub' : 'GitLab'} now; afterwards only its last characters are shown.
        {rotated && ' The old secret has stopped working: deliveries fail until the provider has the new one.'}
      </p>
      <CopyField label={provider === 'github' ? 'Payload URL' : 'URL'} value={absoluteUrl(revealed.url)} />
      <CopyField label={provider === 'github' ? 'Secret' : 'Secret token'} value={revealed.secret} />
      <WhereToPaste provider={provider} />
      <div className="settings-form-actions">
        <button type="button" className="primary" onClick={onDone}>
          Done, I have copied it
        </button>
      </div>
    </section>
  );
}

function WhereToPaste({ provider }: { provider: GitWebhookProvider }) {
  return provider === 'github' ? (
    <ol className="paste-steps small">
      <li>
        In the repository (or organization) on GitHub: <strong>Settings → Webhooks → Add webhook</strong>.
      </li>
      <li>
        <strong>Payload URL</strong>: the URL above. <strong>Content type</strong>: <code>application/json</code>.{' '}
        <strong>Secret</strong>: the secret above.
      </li>
      <li>
        <strong>Which events?</strong> “Let me select individual events” → tick <strong>Pull requests</strong> only.
      </li>
      <li>Save: GitHub sends a ping, and it appears in this webhook’s Deliveries.</li>
    </ol>
  ) : (
    <ol className="paste-steps small">
      <li>
        In the project (or group) on GitLab: <strong>Settings → Webhooks → Add new webhook</strong>.
      </li>
      <li>
        <strong>URL</strong>: the URL above. <strong>Secret token</strong>: the secret above.
      </li>
      <li>
        <strong>Trigger</strong>: tick <strong>Merge request events</strong> only.
      </li>
      <li>Save, then “Test → Merge request events” to see a delivery in this webhook’s Deliveries.</li>
    </ol>
  );
}
