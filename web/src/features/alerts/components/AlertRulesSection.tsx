import { useState, type FormEvent } from 'react';
import { alertMetrics, type AlertMetric, type AlertRule } from '@reviewtrace/contracts';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useConnectors } from '../../reviews/api.ts';
import { fieldErrorsOf } from '../../settings/api.ts';
import { useAlertRules, useCreateAlertRule, useDeleteAlertRule, useUpdateAlertRule } from '../api.ts';
import { formatEvaluationPeriod, formatMetricValue, formatWindow, metricLabels } from '../alert-words.ts';

/** Settings: the org's alert rules; owners switch them on and off, add and remove them. */
export function AlertRulesSection({ canManage }: { canManage: boolean }) {
  const rules = useAlertRules();
  const update = useUpdateAlertRule();
  const remove = useDeleteAlertRule();
  const [editing, setEditing] = useState<number | undefined>();
  if (!canManage) return null;
  return (
    <section id="alert-rules" aria-labelledby="alert-rules-title" className="settings-section alert-settings">
      <h2 id="alert-rules-title">Alert rules</h2>
      <p className="muted small">
        Evaluated every {rules.data ? formatEvaluationPeriod(rules.data.evaluatedEveryMs) : 'minute'} over recent
        reviews; a rule fires once, and resolves after staying below its threshold for a whole window.
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
              {rules.data.items.map((rule) =>
                editing === rule.id ? (
                  <tr key={rule.id}>
                    <td colSpan={4}>
                      <EditRuleForm rule={rule} onDone={() => setEditing(undefined)} />
                    </td>
                  </tr>
                ) : (
                  <tr key={rule.id}>
                    <td>{rule.name}</td>
                    <td>
                      {metricLabels[rule.metric]}
                      {rule.category ? ` (${rule.category})` : ''} at least{' '}
                      {formatMetricValue(rule.metric, rule.threshold)} over {formatWindow(rule.windowMinutes)}, from at
                      least {rule.minReviews} reviews
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Rule ${rule.name} enabled`}
                        // Flips at once; the list catches up when the change is saved (or flips back if refused).
                        checked={
                          update.isPending &&
                          update.variables.id === rule.id &&
                          update.variables.input.enabled !== undefined
                            ? update.variables.input.enabled
                            : rule.enabled
                        }
                        onChange={(e) => update.mutate({ id: rule.id, input: { enabled: e.target.checked } })}
                      />
                    </td>
                    <td className="alert-rule-actions">
                      <button type="button" aria-label={`Edit rule ${rule.name}`} onClick={() => setEditing(rule.id)}>
                        Edit
                      </button>
                      <button type="button" onClick={() => remove.mutate(rule.id)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ),
              )}
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
  const connectors = useConnectors();
  const [metric, setMetric] = useState<AlertMetric>('failure_rate');
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const category = String(form.get('category') ?? '').trim();
    const connectorId = Number(form.get('connectorId'));
    const model = String(form.get('model') ?? '').trim();
    create.mutate({
      name: String(form.get('name')),
      metric,
      threshold: Number(form.get('threshold')),
      windowMinutes: Number(form.get('windowMinutes')),
      minReviews: Number(form.get('minReviews')),
      ...(category ? { category } : {}),
      ...(connectorId ? { connectorId } : {}),
      ...(model ? { model } : {}),
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
        Connector
        <select name="connectorId" defaultValue="">
          <option value="">Every connector</option>
          {connectors.data?.items.map((connector) => (
            <option key={connector.id} value={connector.id}>
              {connector.name}
            </option>
          ))}
        </select>
        <FieldError error={errors['connectorId']} />
      </label>
      <label>
        Model <input name="model" maxLength={200} placeholder="any model" />
      </label>
      <ThresholdFields errors={errors} threshold={0.5} windowMinutes={15} minReviews={5} />
      <button type="submit" className="primary" disabled={create.isPending}>
        Add rule
      </button>
      {create.error && Object.keys(errors).length === 0 && <ErrorState error={create.error} />}
    </form>
  );
}

/** PATCH of the numbers people tune: threshold, window and how many reviews it takes. */
function EditRuleForm({ rule, onDone }: { rule: AlertRule; onDone: () => void }) {
  const update = useUpdateAlertRule();
  const errors = fieldErrorsOf(update.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate(
      {
        id: rule.id,
        input: {
          threshold: Number(form.get('threshold')),
          windowMinutes: Number(form.get('windowMinutes')),
          minReviews: Number(form.get('minReviews')),
        },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="settings-form inline-form" onSubmit={submit} aria-label={`Edit rule ${rule.name}`}>
      <strong>{rule.name}</strong>
      <ThresholdFields
        errors={errors}
        threshold={rule.threshold}
        windowMinutes={rule.windowMinutes}
        minReviews={rule.minReviews}
      />
      <button type="submit" className="primary" disabled={update.isPending}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {update.error && Object.keys(errors).length === 0 && <ErrorState error={update.error} />}
    </form>
  );
}

/** The three numbers of a rule, each with the API's complaint about it right below. */
function ThresholdFields({
  errors,
  threshold,
  windowMinutes,
  minReviews,
}: {
  errors: Record<string, string>;
  threshold: number;
  windowMinutes: number;
  minReviews: number;
}) {
  const invalid = (field: string) => (errors[field] ? true : undefined);
  return (
    <>
      <label>
        Threshold{' '}
        <input
          name="threshold"
          type="number"
          step="any"
          required
          defaultValue={threshold}
          aria-invalid={invalid('threshold')}
        />
        <FieldError error={errors['threshold']} />
      </label>
      <label>
        Window (min){' '}
        <input
          name="windowMinutes"
          type="number"
          required
          defaultValue={windowMinutes}
          aria-invalid={invalid('windowMinutes')}
        />
        <FieldError error={errors['windowMinutes']} />
      </label>
      <label>
        Min reviews{' '}
        <input
          name="minReviews"
          type="number"
          required
          defaultValue={minReviews}
          aria-invalid={invalid('minReviews')}
        />
        <FieldError error={errors['minReviews']} />
      </label>
    </>
  );
}

function FieldError({ error }: { error: string | undefined }) {
  return error ? <span className="error-text small">{error}</span> : null;
}
