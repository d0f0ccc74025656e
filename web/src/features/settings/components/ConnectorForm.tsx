import { aiProviderLabel } from '../../../lib/provider-labels.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { aiProviderTypes, type Connector } from '@reviewtrace/contracts';
import { fieldErrorsOf, useSaveConnector, type ConnectorInput } from '../api.ts';
import { CheckboxField, FormError, FormField, SecretField } from './FormField.tsx';

type ProviderType = ConnectorInput['providerType'];

/** Where each provider usually listens; shown as a placeholder, never filled in for the user. */
const baseUrlExample: Record<ProviderType, string> = {
  ollama: 'http://localhost:11434',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

const isProviderType = (value: string): value is ProviderType => (aiProviderTypes as readonly string[]).includes(value);

/** Add (no `connector`) or edit a connector. The API key is write-only: empty keeps what is stored. */
export function ConnectorForm({ connector, onDone }: { connector?: Connector; onDone: () => void }) {
  const save = useSaveConnector();
  const first = useRef<HTMLSelectElement>(null);
  const [providerType, setProviderType] = useState<ProviderType>(
    connector && isProviderType(connector.providerType) ? connector.providerType : 'openai',
  );
  const [name, setName] = useState(connector?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(connector?.baseUrl ?? '');
  const [model, setModel] = useState(connector?.model ?? '');
  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const [streaming, setStreaming] = useState(connector?.streaming ?? true);
  const [postComments, setPostComments] = useState(connector?.postComments ?? false);
  const errors = fieldErrorsOf(save.error);

  useEffect(() => first.current?.focus(), []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const input: ConnectorInput = { providerType, name, baseUrl: baseUrl.trim(), model, streaming, postComments };
    // Only a typed key is sent; an empty box never overwrites the stored one.
    if (removeKey) input.apiKey = null;
    else if (apiKey) input.apiKey = apiKey;
    save.mutate({ id: connector?.id, input }, { onSuccess: onDone });
  }

  const title = connector ? `Edit “${connector.name}”` : 'Add a connector';
  return (
    <form className="settings-form" onSubmit={submit} aria-label={title} noValidate>
      <h3>{title}</h3>
      <div className="settings-form-grid">
        <FormField label="Provider" error={errors['providerType']}>
          {(a11y) => (
            <select
              ref={first}
              {...a11y}
              value={providerType}
              onChange={(e) => isProviderType(e.target.value) && setProviderType(e.target.value)}
            >
              {aiProviderTypes.map((type) => (
                <option key={type} value={type}>
                  {aiProviderLabel(type)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Name" error={errors['name']}>
          {(a11y) => <input {...a11y} value={name} onChange={(e) => setName(e.target.value)} required />}
        </FormField>
        <FormField label="Base URL" error={errors['baseUrl']}>
          {(a11y) => (
            <input
              {...a11y}
              type="url"
              value={baseUrl}
              placeholder={baseUrlExample[providerType]}
              onChange={(e) => setBaseUrl(e.target.value)}
              required
            />
          )}
        </FormField>
        <FormField label="Model" error={errors['model']}>
          {(a11y) => <input {...a11y} value={model} onChange={(e) => setModel(e.target.value)} required />}
        </FormField>
        <SecretField
          label="API key"
          error={errors['apiKey']}
          storedMask={connector?.apiKey}
          newHint="Stored encrypted and never shown again. Optional for Ollama."
          value={apiKey}
          onChange={setApiKey}
          disabled={removeKey}
        />
      </div>
      {connector?.apiKey && (
        <CheckboxField
          label="Remove key"
          hint="The connector will call the provider without a key."
          checked={removeKey}
          onChange={setRemoveKey}
        />
      )}
      <CheckboxField
        label="Stream responses"
        hint="Turn off if a proxy buffers streams"
        checked={streaming}
        onChange={setStreaming}
      />
      <CheckboxField
        label="Post comments"
        hint="Post each finished review to its pull/merge request as one comment."
        checked={postComments}
        onChange={setPostComments}
      />
      <FormError
        error={save.error}
        fieldErrors={errors}
        shown={['providerType', 'name', 'baseUrl', 'model', 'apiKey']}
      />
      <div className="settings-form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : connector ? 'Save changes' : 'Add connector'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
