import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatShortDateTime } from '../../../lib/format.ts';
import { pagePaths } from '../../../lib/paths.ts';
import { fieldErrorsOf } from '../../settings/api.ts';
import {
  useAlertDeliveries,
  useAlertEndpoints,
  useCreateAlertEndpoint,
  useDeleteAlertEndpoint,
  useRedeliver,
  useRotateSecret,
  useSendTest,
} from '../api.ts';

/** Settings: where alert notifications go (Standard Webhooks), with "Send test" and each endpoint's delivery log. */
export function AlertEndpointsSection({ canManage }: { canManage: boolean }) {
  const endpoints = useAlertEndpoints();
  const create = useCreateAlertEndpoint();
  const remove = useDeleteAlertEndpoint();
  const test = useSendTest();
  const rotate = useRotateSecret();
  const [open, setOpen] = useState<number | undefined>();
  if (!canManage) return null;
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ url: String(form.get('url')), description: String(form.get('description') ?? '') });
  };
  return (
    <section id="alert-endpoints" aria-labelledby="alert-endpoints-title" className="settings-section alert-settings">
      <h2 id="alert-endpoints-title">Alert endpoints</h2>
      <p className="muted small">
        Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); retried for up to 3 days.
      </p>
      {create.data && (
        <p className="notice" role="status">
          Secret for {create.data.url} (shown once): <code>{create.data.secret}</code>
        </p>
      )}
      {rotate.data && (
        <p className="notice" role="status">
          New secret for {rotate.data.url} (shown once; the old one also signs for 24 h):{' '}
          <code>{rotate.data.secret}</code>
        </p>
      )}
      {endpoints.isPending ? (
        <Loading what="alert endpoints" />
      ) : endpoints.error ? (
        <ErrorState error={endpoints.error} />
      ) : (
        <ul className="alert-list">
          {endpoints.data.items.map((endpoint) => (
            <li key={endpoint.id} className="alert-endpoint">
              <div className="alert-endpoint-head">
                <code>{endpoint.url}</code>
                <span className="muted small">
                  {endpoint.enabled ? 'on' : `off${endpoint.disabledReason ? ` — ${endpoint.disabledReason}` : ''}`}
                </span>
                <button type="button" onClick={() => test.mutate(endpoint.id)}>
                  Send test
                </button>
                {isDemoReceiver(endpoint.url) && <Link to={pagePaths.demoAlertReceiver()}>Open receiver</Link>}
                <button type="button" onClick={() => rotate.mutate(endpoint.id)}>
                  Rotate secret
                </button>
                <button type="button" onClick={() => setOpen(open === endpoint.id ? undefined : endpoint.id)}>
                  {open === endpoint.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
                <button type="button" onClick={() => remove.mutate(endpoint.id)}>
                  Remove
                </button>
              </div>
              {open === endpoint.id && <DeliveryLog endpointId={endpoint.id} />}
            </li>
          ))}
        </ul>
      )}
      <form className="settings-form inline-form" onSubmit={submit} aria-label="Add an alert endpoint">
        <label>
          URL{' '}
          <input
            name="url"
            type="url"
            required
            placeholder="https://hooks.example.com/reviewtrace"
            aria-invalid={errors['url'] ? true : undefined}
            aria-describedby={errors['url'] ? 'alert-endpoint-url-error' : undefined}
          />
          {errors['url'] && (
            <span id="alert-endpoint-url-error" className="error-text small">
              {errors['url']}
            </span>
          )}
        </label>
        <label>
          Description <input name="description" maxLength={500} />
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          Add endpoint
        </button>
        {create.error && !errors['url'] && <ErrorState error={create.error} />}
      </form>
    </section>
  );
}

function DeliveryLog({ endpointId }: { endpointId: number }) {
  const deliveries = useAlertDeliveries(endpointId);
  const redeliver = useRedeliver();
  if (deliveries.isPending) return <Loading what="deliveries" />;
  if (deliveries.error) return <ErrorState error={deliveries.error} />;
  if (deliveries.data.items.length === 0) return <p className="muted small">Nothing sent yet.</p>;
  return (
    <div className="delivery-log">
      <table>
        <thead>
          <tr>
            <th>Sent</th>
            <th>Type</th>
            <th>State</th>
            <th>Attempts (status, latency)</th>
            <th>Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data.items.map((delivery) => (
            <tr key={delivery.id} data-delivery={delivery.id}>
              <td>{formatShortDateTime(delivery.createdAt)}</td>
              <td>{delivery.type}</td>
              <td>
                {delivery.state}
                <button
                  type="button"
                  aria-label={`Redeliver ${delivery.type} ${delivery.messageId}`}
                  disabled={redeliver.isPending}
                  onClick={() => redeliver.mutate({ endpointId, deliveryId: delivery.id })}
                >
                  Redeliver
                </button>
              </td>
              <td>
                {delivery.attempts
                  .map((attempt) => `${attempt.statusCode ?? attempt.error ?? '—'} (${attempt.latencyMs} ms)`)
                  .join(', ') || '—'}
              </td>
              <td>{delivery.nextAttemptAt ? formatShortDateTime(delivery.nextAttemptAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The demo's built-in receiver (demo-alert-receiver.ts on the server) has a page of its own. */
const isDemoReceiver = (url: string) => /^http:\/\/127\.0\.0\.1:\d+\/demo-alert-receiver\/\d+$/.test(url);
