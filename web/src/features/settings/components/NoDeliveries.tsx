import type { GitWebhookProvider } from '@reviewtrace/contracts';
import { Empty } from '../../../components/ui/states.tsx';

/** Nothing logged yet: most often the provider does not send to us, so say what to tick there. */
export function NoDeliveries({ provider, filtered }: { provider: GitWebhookProvider | undefined; filtered: boolean }) {
  if (filtered) {
    return (
      <Empty title="No deliveries match these filters.">
        <p>Clear a filter to see the rest of the log.</p>
      </Empty>
    );
  }
  return (
    <Empty title="No deliveries yet.">
      {provider === 'gitlab' ? (
        <p>
          In the GitLab project: <strong>Settings → Webhooks</strong>, paste this webhook’s URL and secret token, tick{' '}
          <strong>Merge request events</strong>, and save. “Test → Merge request events” sends one right away.
        </p>
      ) : (
        <p>
          In the GitHub repository: <strong>Settings → Webhooks</strong>, paste this webhook’s URL as Payload URL with
          content type <code>application/json</code> and its secret, choose “Let me select individual events”, tick{' '}
          <strong>Pull requests</strong>, and save. GitHub then sends a ping, which shows up here.
        </p>
      )}
      <p className="muted small">Lost the secret? Rotate it in Settings and paste the new one.</p>
    </Empty>
  );
}
