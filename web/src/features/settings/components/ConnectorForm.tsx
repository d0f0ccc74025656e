import { aiProviderLabel } from '../../../lib/provider-labels.ts';
import { useState } from 'react';
import { aiProviderTypes, type Connector } from '@reviewtrace/contracts';
import { fieldErrorsOf, useSaveConnector, type ConnectorInput } from '../api.ts';
import { CheckboxField, optionOf, ProviderField, SecretField, TextField } from './FormField.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { priceFieldsOf, priceText } from '../connector-price-input.ts';
import { concurrencyOf, concurrencyText, defaultConcurrencyText } from '../connector-concurrency-input.ts';

type ProviderType = ConnectorInput['providerType'];

/** Where each provider usually listens; shown as a placeholder, never filled in for the user. */
const baseUrlExample: Record<ProviderType, string> = {
  ollama: 'http://localhost:11434',
  openai: 'https://api.openai.com/v1',
  gemini: 'https://generativelanguage.googleapis.com',
};

/** Add (no `connector`) or edit a connector. The API key is write-only: empty keeps what is stored. */
export function ConnectorForm({ connector, onDone }: { connector?: Connector; onDone: () => void }) {
  const save = useSaveConnector();
  const [providerType, setProviderType] = useState<ProviderType>(
    optionOf(aiProviderTypes, connector?.providerType) ?? 'openai',
  );
  const [name, setName] = useState(connector?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(connector?.baseUrl ?? '');
  const [model, setModel] = useState(connector?.model ?? '');
  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const [streaming, setStreaming] = useState(connector?.streaming ?? true);
  const [postComments, setPostComments] = useState(connector?.postComments ?? false);
  const [priceIn, setPriceIn] = useState(priceText(connector?.pricePerMTokIn));
  const [priceOut, setPriceOut] = useState(priceText(connector?.pricePerMTokOut));
  // null: untouched on a new connector, which shows (and gets) its provider's default.
  const [concurrency, setConcurrency] = useState<string | null>(
    connector ? concurrencyText(connector.maxConcurrency) : null,
  );
  const concurrencyShown = concurrency ?? defaultConcurrencyText(providerType);
  const errors = fieldErrorsOf(save.error);

  function submit() {
    const input: ConnectorInput = {
      providerType,
      name,
      baseUrl: baseUrl.trim(),
      model,
      streaming,
      postComments,
      ...priceFieldsOf(priceIn, priceOut),
      ...(concurrency === null ? {} : { maxConcurrency: concurrencyOf(concurrency) as number | null }),
    };
    // Only a typed key is sent; an empty box never overwrites the stored one.
    if (removeKey) input.apiKey = null;
    else if (apiKey) input.apiKey = apiKey;
    save.mutate({ id: connector?.id, input }, { onSuccess: onDone });
  }

  return (
    <SettingsForm
      title={connector ? `Edit “${connector.name}”` : 'Add a connector'}
      onSubmit={submit}
      save={save}
      fieldErrors={errors}
      shown={[
        'providerType',
        'name',
        'baseUrl',
        'model',
        'apiKey',
        'pricePerMTokIn',
        'pricePerMTokOut',
        'maxConcurrency',
      ]}
      submitLabel={connector ? 'Save changes' : 'Add connector'}
      onCancel={onDone}
    >
      <div className="settings-form-grid">
        <ProviderField
          error={errors['providerType']}
          options={aiProviderTypes}
          labelOf={aiProviderLabel}
          value={providerType}
          onChange={setProviderType}
        />
        <TextField label="Name" error={errors['name']} value={name} onChange={setName} />
        <TextField
          label="Base URL"
          error={errors['baseUrl']}
          type="url"
          placeholder={baseUrlExample[providerType]}
          value={baseUrl}
          onChange={setBaseUrl}
        />
        <TextField label="Model" error={errors['model']} value={model} onChange={setModel} />
        <SecretField
          label="API key"
          error={errors['apiKey']}
          storedMask={connector?.apiKey}
          newHint="Stored encrypted and never shown again. Optional for Ollama."
          value={apiKey}
          onChange={setApiKey}
          disabled={removeKey}
        />
        <TextField
          label="Price in ($ per 1M tokens)"
          error={errors['pricePerMTokIn']}
          hint="Optional: overrides the price table. Leave both empty to use it (Ollama: free)."
          inputMode="decimal"
          optional
          value={priceIn}
          onChange={setPriceIn}
        />
        <TextField
          label="Price out ($ per 1M tokens)"
          error={errors['pricePerMTokOut']}
          inputMode="decimal"
          optional
          value={priceOut}
          onChange={setPriceOut}
        />
        <TextField
          label="Max concurrent calls"
          error={errors['maxConcurrency']}
          hint="Model calls at once across all workers (1–64); empty for no limit. Batches over it wait for a free slot."
          inputMode="numeric"
          optional
          value={concurrencyShown}
          onChange={setConcurrency}
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
    </SettingsForm>
  );
}
