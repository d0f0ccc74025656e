import type { Db } from '../db/database.ts';
import type { AiProviderType, ConnectorConfig } from '../connectors/ai/ai-types.ts';
import type { GitToken } from '../connectors/git/git-types.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { SecretBox } from './secret-box.ts';
import type { ConnectorPrices } from '../engine/pricing/call-price.ts';
import { findConnectorRow, findTokenRow, listTokenRows, orgSecretValues } from './settings.repository.ts';

/**
 * The one place sealed connector keys and git tokens are opened. Everything that needs a secret in
 * the clear (the engine, the review commands, the connector test, log masking) asks here, so an
 * audit of "who decrypts what" reads one file.
 */

export interface OpenedConnector extends ConnectorConfig {
  name: string;
  /** Post the review's comments back on the PR/MR (a per-connector setting). */
  postComments: boolean;
  /** The connector's own price per million tokens, or null to use the price table. */
  prices: ConnectorPrices | null;
  /** Its id (slots are per connector) and how many model calls it takes at once; null = no limit. */
  id: number;
  maxConcurrency: number | null;
}

const isProviderType = (value: string): value is AiProviderType =>
  value === 'ollama' || value === 'openai' || value === 'gemini';

/**
 * The org's connector with its key in the clear; undefined when the org has no such connector.
 * A provider this build does not know is an `unknown` EngineError (a row written by a newer build).
 */
export async function openConnector(
  db: Db,
  box: SecretBox,
  orgId: number,
  connectorId: number,
): Promise<OpenedConnector | undefined> {
  const row = await findConnectorRow(db, orgId, connectorId);
  if (!row) return undefined;
  if (!isProviderType(row.provider_name)) {
    throw new EngineError('unknown', `Unsupported connector provider "${row.provider_name}"`);
  }
  return {
    providerType: row.provider_name,
    id: row.id,
    maxConcurrency: row.max_concurrency,
    name: row.connector_name,
    baseUrl: row.base_url ?? '',
    apiKey: row.api_key === null ? null : box.open(row.api_key),
    model: row.selected_model ?? '',
    streaming: row.streaming,
    postComments: (row.settings as { postComments?: unknown } | null)?.postComments === true,
    prices:
      row.price_per_mtok_in === null || row.price_per_mtok_out === null
        ? null
        : { perMTokIn: row.price_per_mtok_in, perMTokOut: row.price_per_mtok_out },
  };
}

/** Every git token of the org with its value in the clear, for choosing the one a PR/MR URL needs. */
export async function openGitTokens(db: Db, box: SecretBox, orgId: number): Promise<GitToken[]> {
  return (await listTokenRows(db, orgId)).map((row) => ({
    provider: row.provider as GitToken['provider'],
    providerUrl: row.provider_url ?? '',
    token: row.token === null ? '' : box.open(row.token),
  }));
}

/** One git token of the org by id (a webhook names the token its reviews use); undefined when deleted. */
export async function openGitToken(db: Db, box: SecretBox, orgId: number, id: number): Promise<GitToken | undefined> {
  const row = await findTokenRow(db, orgId, id);
  if (!row) return undefined;
  return {
    provider: row.provider as GitToken['provider'],
    providerUrl: row.provider_url ?? '',
    token: row.token === null ? '' : box.open(row.token),
  };
}

/**
 * Every secret the org has stored, in the clear, so text bound for a log, an artifact or a
 * connector test result can be masked with them (redactText's `extraSecrets`).
 */
export async function openOrgSecrets(db: Db, box: SecretBox, orgId: number): Promise<string[]> {
  const values: string[] = [];
  for (const sealed of await orgSecretValues(db, orgId)) {
    try {
      values.push(box.open(sealed));
    } catch {
      // Masking what we can still read beats failing before anything can be reported.
    }
  }
  return values;
}
