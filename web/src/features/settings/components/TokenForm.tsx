import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { gitTokenProviders, type IntegrationToken } from '@reviewtrace/contracts';
import { fieldErrorsOf, useSaveToken, type TokenInput } from '../api.ts';
import { FormError, FormField, SecretField } from './FormField.tsx';

type GitProvider = NonNullable<TokenInput['provider']>;

const hostExample: Record<GitProvider, string> = { github: 'https://github.com', gitlab: 'https://gitlab.com' };

const isGitProvider = (value: string): value is GitProvider => (gitTokenProviders as readonly string[]).includes(value);

/** Add or edit a git token. The token is write-only: on edit, an empty box keeps the stored one. */
export function TokenForm({ token, onDone }: { token?: IntegrationToken; onDone: () => void }) {
  const save = useSaveToken();
  const first = useRef<HTMLSelectElement>(null);
  const [provider, setProvider] = useState<GitProvider>(
    token && isGitProvider(token.provider) ? token.provider : 'github',
  );
  const [name, setName] = useState(token?.name ?? '');
  const [providerUrl, setProviderUrl] = useState(token?.providerUrl ?? '');
  const [secret, setSecret] = useState('');
  const errors = fieldErrorsOf(save.error);

  useEffect(() => first.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    // The provider cannot change after creation (the API does not take it on PATCH).
    const input: TokenInput = token
      ? { name, providerUrl: providerUrl.trim() }
      : { provider, name, providerUrl: providerUrl.trim() };
    if (secret || !token) input.token = secret;
    save.mutate({ id: token?.id, input }, { onSuccess: onDone });
  }

  const title = token ? `Edit “${token.name ?? gitProviderLabel(token.provider)}”` : 'Add a git token';
  return (
    <form className="settings-form" onSubmit={submit} aria-label={title} noValidate>
      <h3>{title}</h3>
      <div className="settings-form-grid">
        <FormField
          label="Provider"
          error={errors['provider']}
          hint={token ? 'To switch provider, add a new token.' : undefined}
        >
          {(a11y) => (
            <select
              ref={first}
              {...a11y}
              value={provider}
              disabled={token !== undefined}
              onChange={(e) => isGitProvider(e.target.value) && setProvider(e.target.value)}
            >
              {gitTokenProviders.map((type) => (
                <option key={type} value={type}>
                  {gitProviderLabel(type)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Name" error={errors['name']}>
          {(a11y) => <input {...a11y} value={name} onChange={(e) => setName(e.target.value)} required />}
        </FormField>
        <FormField
          label="Host URL"
          error={errors['providerUrl']}
          hint="The server the pull/merge requests live on, self-hosted included."
        >
          {(a11y) => (
            <input
              {...a11y}
              type="url"
              value={providerUrl}
              placeholder={hostExample[provider]}
              onChange={(e) => setProviderUrl(e.target.value)}
              required
            />
          )}
        </FormField>
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
      <FormError error={save.error} fieldErrors={errors} shown={['provider', 'name', 'providerUrl', 'token']} />
      <div className="settings-form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : token ? 'Save changes' : 'Add token'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
