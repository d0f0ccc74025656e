import { useState } from 'react';
import { gitWebhookProviders, type GitWebhook, type GitWebhookProvider } from '@reviewtrace/contracts';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { fieldErrorsOf, useConnectorList, useTokenList } from '../api.ts';
import { useCreateWebhook, useUpdateWebhook } from '../webhooks-api.ts';
import { CheckboxField, FormField, optionOf, ProviderField } from './FormField.tsx';
import { SettingsForm } from './SettingsForm.tsx';

/** One entry per line (commas work too); blank lines dropped. */
const linesOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A field's errors by the API's field name, with list items (`repositories.2`) folded into their list
 * so each message sits under the textarea it came from.
 */
function webhookFieldErrors(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
    const [name, index] = field.split('.');
    errors[name!] ??= index === undefined ? message : `line ${Number(index) + 1}: ${message}`;
  }
  return errors;
}

/** Add or edit a git webhook. Create answers with the secret, which the section then shows once. */
export function WebhookForm({
  webhook,
  onCreated,
  onDone,
}: {
  webhook?: GitWebhook;
  onCreated: (created: { id: number; url: string; secret: string }, provider: GitWebhookProvider) => void;
  onDone: () => void;
}) {
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const save = webhook ? update : create;
  const tokens = useTokenList(true);
  const connectors = useConnectorList();
  const [provider, setProvider] = useState<GitWebhookProvider>(
    optionOf(gitWebhookProviders, webhook?.provider) ?? 'github',
  );
  const [tokenId, setTokenId] = useState(webhook ? String(webhook.integrationTokenId) : '');
  const [connectorId, setConnectorId] = useState(webhook ? String(webhook.connectorId) : '');
  const [repositories, setRepositories] = useState(webhook?.repositories.join('\n') ?? '');
  const [pathFilters, setPathFilters] = useState(webhook?.pathFilters.join('\n') ?? '');
  const [skipDrafts, setSkipDrafts] = useState(webhook?.skipDrafts ?? true);
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  // A choice left empty is said at once, in words, instead of the API's "expected a number > 0".
  const [unchosen, setUnchosen] = useState<Record<string, string>>({});
  const errors = { ...webhookFieldErrors(save.error), ...unchosen };
  const providerTokens = tokens.data?.items.filter((token) => token.provider === provider) ?? [];

  function submit() {
    const missing: Record<string, string> = {};
    if (!tokenId) missing['integrationTokenId'] = `choose a ${gitProviderLabel(provider)} token`;
    if (!connectorId) missing['connectorId'] = 'choose a connector';
    setUnchosen(missing);
    if (Object.keys(missing).length > 0) return;
    const settings = {
      integrationTokenId: Number(tokenId),
      connectorId: Number(connectorId),
      repositories: linesOf(repositories),
      pathFilters: linesOf(pathFilters),
      skipDrafts,
      enabled,
    };
    if (webhook) update.mutate({ id: webhook.id, input: settings }, { onSuccess: onDone });
    else create.mutate({ provider, ...settings }, { onSuccess: (created) => onCreated(created, provider) });
  }

  return (
    <SettingsForm
      title={webhook ? `Edit webhook ${webhook.id}` : 'Add a git webhook'}
      onSubmit={submit}
      save={save}
      fieldErrors={errors}
      shown={['provider', 'integrationTokenId', 'connectorId', 'repositories', 'pathFilters']}
      submitLabel={webhook ? 'Save changes' : 'Add webhook'}
      onCancel={onDone}
    >
      <div className="settings-form-grid">
        <ProviderField
          error={errors['provider']}
          hint={webhook ? 'To switch provider, add a new webhook.' : undefined}
          options={gitWebhookProviders}
          labelOf={gitProviderLabel}
          value={provider}
          onChange={(next) => {
            setProvider(next);
            setTokenId('');
          }}
          disabled={webhook !== undefined}
        />
        <FormField
          label="Git token"
          error={errors['integrationTokenId']}
          hint={
            providerTokens.length === 0 && !tokens.isPending
              ? `Add a ${gitProviderLabel(provider)} token under Git tokens first.`
              : 'Reads the pull/merge request and posts the review.'
          }
        >
          {(a11y) => (
            <select {...a11y} value={tokenId} onChange={(e) => setTokenId(e.target.value)} required>
              <option value="">Choose a {gitProviderLabel(provider)} token</option>
              {providerTokens.map((token) => (
                <option key={token.id} value={token.id}>
                  {token.name ?? `${gitProviderLabel(token.provider)} token ${token.id}`}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Connector" error={errors['connectorId']} hint="The AI the reviews it starts run with.">
          {(a11y) => (
            <select {...a11y} value={connectorId} onChange={(e) => setConnectorId(e.target.value)} required>
              <option value="">Choose a connector</option>
              {connectors.data?.items.map((connector) => (
                <option key={connector.id} value={connector.id}>
                  {connector.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          label="Repositories"
          error={errors['repositories']}
          hint="One per line (owner/repo, GitLab: group/project). Empty: every repository that sends deliveries."
        >
          {(a11y) => (
            <textarea
              {...a11y}
              rows={3}
              className="mono"
              placeholder="acme/app"
              value={repositories}
              onChange={(e) => setRepositories(e.target.value)}
            />
          )}
        </FormField>
        <FormField
          label="Path filters"
          error={errors['pathFilters']}
          hint="Globs, one per line; ! excludes (!**/*.md skips a change of only Markdown). Empty: every file."
        >
          {(a11y) => (
            <textarea
              {...a11y}
              rows={3}
              className="mono"
              placeholder="!**/*.md"
              value={pathFilters}
              onChange={(e) => setPathFilters(e.target.value)}
            />
          )}
        </FormField>
        <div className="webhook-checkboxes">
          <CheckboxField
            label="Skip drafts"
            hint="Draft pull/merge requests are reviewed once marked ready."
            checked={skipDrafts}
            onChange={setSkipDrafts}
          />
          <CheckboxField
            label="Enabled"
            hint="Off: deliveries are logged and start nothing."
            checked={enabled}
            onChange={setEnabled}
          />
        </div>
      </div>
    </SettingsForm>
  );
}
