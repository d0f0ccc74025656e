import { useState, type FormEvent } from 'react';
import { alertMetrics, type AlertMetric } from '@reviewtrace/contracts';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useAlertRules, useCreateAlertRule, useDeleteAlertRule, useUpdateAlertRule } from '../api.ts';
import { formatMetricValue, metricLabels } from '../alert-words.ts';

/** Settings: the org's alert rules; owners switch them on and off, add and remove them. */
export function AlertRulesSection({ canManage }: { canManage: boolean }) {
  const rules = useAlertRules();
  const update = useUpdateAlertRule();
  const remove = useDeleteAlertRule();
  if (!canManage) return null;
  return (
    <section id="alert-rules" aria-labelledby="alert-rules-title" className="settings-section alert-settings">
      <h2 id="alert-rules-title">Alert rules</h2>
      <p className="muted small">
        Evaluated every minute over recent reviews; a rule fires once, and resolves after staying below its threshold
        for a whole window.
      </p>
      {rules.isPending ? (
        <Loading what="alert rules" />
      ) : rules.error ? (
        <ErrorState error={rules.error} />
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Condition</th>
                <th>On</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.data.items.map((rule) => (
                <tr key={rule.id}>
                  <td>{rule.name}</td>
                  <td>
                    {metricLabels[rule.metric]}
                    {rule.category ? ` (${rule.category})` : ''} ≥ {formatMetricValue(rule.metric, rule.threshold)} over{' '}
                    {rule.windowMinutes} min, ≥ {rule.minReviews} reviews
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Rule ${rule.name} enabled`}
                      checked={rule.enabled}
                      onChange={(e) => update.mutate({ id: rule.id, input: { enabled: e.target.checked } })}
                    />
                  </td>
                  <td>
                    <button type="button" onClick={() => remove.mutate(rule.id)}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddRuleForm />
    </section>
  );
}

function AddRuleForm() {
  const create = useCreateAlertRule();
  const [metric, setMetric] = useState<AlertMetric>('failure_rate');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const category = String(form.get('category') ?? '').trim();
    create.mutate({
      name: String(form.get('name')),
      metric,
      threshold: Number(form.get('threshold')),
      windowMinutes: Number(form.get('windowMinutes')),
      minReviews: Number(form.get('minReviews')),
      ...(category ? { category } : {}),
    });
  };
  return (
    <form className="settings-form inline-form" onSubmit={submit} aria-label="Add an alert rule">
      <label>
        Name <input name="name" required maxLength={200} />
      </label>
      <label>
        Metric
        <select value={metric} onChange={(e) => setMetric(e.target.value as AlertMetric)}>
          {alertMetrics.map((name) => (
            <option key={name} value={name}>
              {metricLabels[name]}
            </option>
          ))}
        </select>
      </label>
      {metric === 'error_category' && (
        <label>
          Category <input name="category" required placeholder="auth" />
        </label>
      )}
      <label>
        Threshold <input name="threshold" type="number" step="any" required defaultValue={0.5} />
      </label>
      <label>
        Window (min) <input name="windowMinutes" type="number" min={1} defaultValue={15} />
      </label>
      <label>
        Min reviews <input name="minReviews" type="number" min={1} defaultValue={5} />
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        Add rule
      </button>
      {create.error && <ErrorState error={create.error} />}
    </form>
  );
}
