import { Link } from 'react-router';
import type { DemoReceivedWebhook } from '@reviewtrace/contracts';
import { useSignedInMe } from '../../../app/session.ts';
import { ArrowLeftIcon, CheckIcon, XIcon } from '../../../components/ui/icons.ts';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatShortDateTime } from '../../../lib/format.ts';
import { isNotFound } from '../../../lib/http.ts';
import { pagePaths } from '../../../lib/paths.ts';
import { useDocumentTitle } from '../../../lib/use-title.ts';
import { useDemoReceived } from '../api.ts';
import { prettyBody, summarizeReceived } from '../received-summary.ts';
import '../alerts.css';

/**
 * `/demo/alert-receiver` (demo mode): what the built-in receiver got from this org's alert
 * endpoints, each checked with the `standardwebhooks` package as a customer's receiver would.
 */
export default function DemoReceiverPage() {
  useDocumentTitle('Demo alert receiver');
  const me = useSignedInMe();
  const received = useDemoReceived();
  return (
    <section aria-labelledby="receiver-title" className="page settings-page demo-receiver-page">
      <p className="small">
        <Link to={pagePaths.settings('alert-endpoints')}>
          <ArrowLeftIcon /> Settings · Alert endpoints
        </Link>
      </p>
      <div className="page-head">
        <h1 id="receiver-title">Demo alert receiver</h1>
        <span className="muted">{me.orgs.find((org) => org.id === me.orgId)?.name}</span>
      </div>
      <p className="muted small">
        A webhook receiver built into the demo: it verifies each request&apos;s signature with the endpoint&apos;s
        secret using the <code>standardwebhooks</code> package, as yours would. Newest first; refreshed every 5 s.
      </p>
      {received.isPending ? (
        <Loading what="what the receiver got" />
      ) : received.error ? (
        isNotFound(received.error) ? (
          <p className="notice">The demo receiver runs only in demo mode (DEMO=1).</p>
        ) : (
          <ErrorState error={received.error} onRetry={() => void received.refetch()} />
        )
      ) : received.data.items.length === 0 ? (
        <p className="notice">
          Nothing received yet. Send a test from <Link to={pagePaths.settings('alert-endpoints')}>Settings</Link>, or
          wait a few minutes: the demo&apos;s proxy connector fires the fallback alert.
        </p>
      ) : (
        <ol className="alert-list received-list">
          {received.data.items.map((hook) => (
            <ReceivedItem key={hook.id} hook={hook} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ReceivedItem({ hook }: { hook: DemoReceivedWebhook }) {
  return (
    <li className={`alert-row received ${hook.verified ? 'received-verified' : 'received-forged'}`}>
      <span className="received-check">
        {hook.verified ? (
          <>
            <CheckIcon aria-hidden /> Signature verified
          </>
        ) : (
          <>
            <XIcon aria-hidden /> Not verified: {hook.problem}
          </>
        )}
      </span>
      <span className="received-summary">{summarizeReceived(hook.type, hook.body)}</span>
      <span className="muted small">
        {formatShortDateTime(hook.receivedAt)} · endpoint {hook.endpointId} ·{' '}
        <code>{hook.webhookId || 'no webhook-id'}</code>
      </span>
      <details className="received-body">
        <summary>Body</summary>
        <pre>{prettyBody(hook.body)}</pre>
      </details>
    </li>
  );
}
