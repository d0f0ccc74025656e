import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { useState } from 'react';
import { gitTokenProviders, type IntegrationToken } from '@reviewtrace/contracts';
import { fieldErrorsOf, useSaveToken, type TokenInput } from '../api.ts';
import { optionOf, ProviderField, SecretField, TextField } from './FormField.tsx';
import { SettingsForm } from './SettingsForm.tsx';

type GitProvider = NonNullable<TokenInput['provider']>;

const hostExample: Record<GitProvider, string> = { github: 'https://github.com', gitlab: 'https://gitlab.com' };

/** Add or edit a git token. The token is write-only: on edit, an empty box keeps the stored one. */
export function TokenForm({ token, onDone }: { token?: IntegrationToken; onDone: () => void }) {
  const save = useSaveToken();
  const [provider, setProvider] = useState<GitProvider>(optionOf(gitTokenProviders, token?.provider) ?? 'github');
  const [name, setName] = useState(token?.name ?? '');
  const [providerUrl, setProviderUrl] = useState(token?.providerUrl ?? '');
  const [secret, setSecret] = useState('');
  const errors = fieldErrorsOf(save.error);

  function submit() {
    // The provider cannot change after creation (the API does not take it on PATCH).
    const input: TokenInput = token
      ? { name, providerUrl: providerUrl.trim() }
      : { provider, name, providerUrl: providerUrl.trim() };
    if (secret || !token) input.token = secret;
    save.mutate({ id: token?.id, input }, { onSuccess: onDone });
  }

  return (
    <SettingsForm
      title={token ? `Edit “${token.name ?? gitProviderLabel(token.provider)}”` : 'Add a git token'}
      onSubmit={submit}
      save={save}
      fieldErrors={errors}
      shown={['provider', 'name', 'providerUrl', 'token']}
      submitLabel={token ? 'Save changes' : 'Add token'}
      onCancel={onDone}
    >
      <div className="settings-form-grid">
        <ProviderField
          error={errors['provider']}
          hint={token ? 'To switch provider, add a new token.' : undefined}
          options={gitTokenProviders}
          labelOf={gitProviderLabel}
          value={provider}
          onChange={setProvider}
          disabled={token !== undefined}
        />
        <TextField label="Name" error={errors['name']} value={name} onChange={setName} />
        <TextField
          label="Host URL"
          error={errors['providerUrl']}
          hint="The server the pull/merge requests live on, self-hosted included."
          type="url"
          placeholder={hostExample[provider]}
          value={providerUrl}
          onChange={setProviderUrl}
        />
        <SecretField
          label="Token"
          error={errors['token']}
          storedMask={token?.token}
          newHint="Read access to pull/merge requests; stored encrypted and never shown again."
          value={secret}
          onChange={setSecret}
          required={!token}
        />
      </div>
    </SettingsForm>
  );
}
