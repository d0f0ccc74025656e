import type { z } from 'zod';
import {
  DEFAULT_OLLAMA_MAX_CONCURRENCY,
  type Connector,
  type CreateConnectorSchema,
  type CreateIntegrationTokenSchema,
  type IntegrationToken,
  type UpdateConnectorSchema,
  type UpdateIntegrationTokenSchema,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import { accessGate, requireAllowed, type AccessRule } from '../auth/access.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { openConnector, openOrgSecrets } from './secrets.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { SecretBox } from './secret-box.ts';
import * as repo from './settings.repository.ts';
import { checkConnector } from '../connectors/ai/connector-check.ts';

export type ConnectorCheckResult = Awaited<ReturnType<typeof checkConnector>>;
const manageConnectors: AccessRule = { permission: 'settings:manage', action: 'manage connectors' };
const testConnectors: AccessRule = { permission: 'settings:manage', action: 'test connectors' };
const seeTokens: AccessRule = { permission: 'settings:manage', action: 'see git tokens' };
const manageTokens: AccessRule = { permission: 'settings:manage', action: 'manage git tokens' };
const settingsOf = (row: { settings: unknown }) => (row.settings ?? {}) as Record<string, unknown>;

/**
 * Connectors and git tokens of the org the caller acts in. Everyone may list connectors (the
 * "New review" picker needs them); only owners and super_admins change anything. Secrets go in
 * sealed and come out masked.
 */
export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly outbound: OutboundPolicy,
  ) {}

  /** Connectors and tokens are read and changed in the org the caller acts in, even by a super_admin. */
  private readonly connector = accessGate('Connector', (auth, id) => repo.findConnectorRow(this.db, auth.orgId, id));
  private readonly openedConnector = accessGate('Connector', (auth, id) =>
    openConnector(this.db, this.secrets, auth.orgId, id),
  );
  private readonly token = accessGate('Git token', (auth, id) => repo.findTokenRow(this.db, auth.orgId, id));

  async listConnectors(auth: AuthContext): Promise<Connector[]> {
    return (await repo.listConnectorRows(this.db, auth.orgId)).map((row) => this.toConnector(row));
  }

  async getConnector(auth: AuthContext, id: number): Promise<Connector> {
    return this.toConnector(await this.connector(auth, id));
  }

  async createConnector(auth: AuthContext, body: z.output<typeof CreateConnectorSchema>): Promise<Connector> {
    requireAllowed(auth, manageConnectors);
    const row = await repo.insertConnectorRow(this.db, auth.orgId, {
      provider_name: body.providerType,
      connector_name: body.name,
      base_url: body.baseUrl,
      api_key: body.apiKey === undefined ? null : this.secrets.seal(body.apiKey),
      selected_model: body.model,
      streaming: body.streaming,
      settings: JSON.stringify({ postComments: body.postComments }),
      price_per_mtok_in: body.pricePerMTokIn ?? null,
      price_per_mtok_out: body.pricePerMTokOut ?? null,
      max_concurrency:
        body.maxConcurrency === undefined
          ? body.providerType === 'ollama'
            ? DEFAULT_OLLAMA_MAX_CONCURRENCY
            : null
          : body.maxConcurrency,
    });
    return this.toConnector(row);
  }

  async updateConnector(
    auth: AuthContext,
    id: number,
    body: z.output<typeof UpdateConnectorSchema>,
  ): Promise<Connector> {
    const current = await this.connector(auth, id, manageConnectors);
    const sent = { secret: body.apiKey, url: body.baseUrl };
    const row = await updateSecretHolder(connectorSecret, current, sent, () =>
      repo.updateConnectorRow(this.db, auth.orgId, id, {
        // Other keys in `settings` (the demo's scenario) are kept.
        settings:
          body.postComments === undefined
            ? undefined
            : JSON.stringify({ ...settingsOf(current), postComments: body.postComments }),
        provider_name: body.providerType,
        connector_name: body.name,
        base_url: body.baseUrl,
        api_key: body.apiKey === undefined ? undefined : body.apiKey === null ? null : this.secrets.seal(body.apiKey),
        selected_model: body.model,
        streaming: body.streaming,
        price_per_mtok_in: body.pricePerMTokIn,
        price_per_mtok_out: body.pricePerMTokOut,
        max_concurrency: body.maxConcurrency,
      }),
    );
    return this.toConnector(row);
  }

  /** Reviews keep their snapshot of provider and model; their connector link becomes null. */
  async deleteConnector(auth: AuthContext, id: number): Promise<void> {
    await this.connector(auth, id, manageConnectors);
    if (!(await repo.deleteConnectorRow(this.db, auth.orgId, id))) throw notFound(`Connector ${id} not found`);
  }

  /** Reachability and auth of a connector, as the engine would call it (owner). */
  async testConnector(auth: AuthContext, id: number): Promise<ConnectorCheckResult> {
    let connector;
    try {
      connector = await this.openedConnector(auth, id, testConnectors);
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      return { ok: false, category: error.category, message: error.message, latencyMs: 0 };
    }
    return checkConnector(
      connector,
      AbortSignal.timeout(20_000),
      // Masked with every secret of the org, as the engine masks review logs.
      { outbound: this.outbound, secrets: await openOrgSecrets(this.db, this.secrets, auth.orgId) },
    );
  }

  async listTokens(auth: AuthContext): Promise<IntegrationToken[]> {
    requireAllowed(auth, seeTokens);
    return (await repo.listTokenRows(this.db, auth.orgId)).map((row) => this.toToken(row));
  }

  async getToken(auth: AuthContext, id: number): Promise<IntegrationToken> {
    return this.toToken(await this.token(auth, id, seeTokens));
  }

  async createToken(auth: AuthContext, body: z.output<typeof CreateIntegrationTokenSchema>): Promise<IntegrationToken> {
    requireAllowed(auth, manageTokens);
    const row = await repo.insertTokenRow(this.db, auth.orgId, {
      provider: body.provider,
      connection_name: body.name,
      provider_url: body.providerUrl,
      token: this.secrets.seal(body.token),
    });
    return this.toToken(row);
  }

  async updateToken(
    auth: AuthContext,
    id: number,
    body: z.output<typeof UpdateIntegrationTokenSchema>,
  ): Promise<IntegrationToken> {
    const current = await this.token(auth, id, manageTokens);
    const sent = { secret: body.token, url: body.providerUrl };
    const row = await updateSecretHolder(tokenSecret, current, sent, () =>
      repo.updateTokenRow(this.db, auth.orgId, id, {
        connection_name: body.name,
        provider_url: body.providerUrl,
        token: body.token === undefined ? undefined : this.secrets.seal(body.token),
      }),
    );
    return this.toToken(row);
  }

  async deleteToken(auth: AuthContext, id: number): Promise<void> {
    await this.token(auth, id, manageTokens);
    if (!(await repo.deleteTokenRow(this.db, auth.orgId, id))) throw notFound(`Git token ${id} not found`);
  }

  private toConnector(row: repo.ConnectorRow): Connector {
    return {
      id: row.id,
      orgId: row.org_id,
      providerType: row.provider_name,
      name: row.connector_name,
      baseUrl: withoutCredentials(row.base_url),
      model: row.selected_model,
      streaming: row.streaming,
      postComments: settingsOf(row)['postComments'] === true,
      apiKey: this.secrets.mask(row.api_key),
      pricePerMTokIn: row.price_per_mtok_in,
      pricePerMTokOut: row.price_per_mtok_out,
      maxConcurrency: row.max_concurrency,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  private toToken(row: repo.TokenRow): IntegrationToken {
    return {
      id: row.id,
      orgId: row.org_id,
      provider: row.provider,
      name: row.connection_name,
      providerUrl: row.provider_url,
      token: this.secrets.mask(row.token),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

/** Which row holds a write-only secret, under which body field, and where it stores it and its URL. */
interface SecretSlot<Row> {
  noun: 'Connector' | 'Git token';
  field: 'apiKey' | 'token';
  stored: (row: Row) => { secret: string | null; url: string | null };
}
const connectorSecret: SecretSlot<repo.ConnectorRow> = {
  noun: 'Connector',
  field: 'apiKey',
  stored: (row) => ({ secret: row.api_key, url: row.base_url }),
};
const tokenSecret: SecretSlot<repo.TokenRow> = {
  noun: 'Git token',
  field: 'token',
  stored: (row) => ({ secret: row.token, url: row.provider_url }),
};

/**
 * The update of a connector or git token, once its current row is found through its access gate:
 * a move of the stored secret to another host is refused unless the secret is sent again, and a
 * row deleted between the read and the write is a 404.
 */
async function updateSecretHolder<Row extends { id: number }>(
  slot: SecretSlot<Row>,
  current: Row,
  sent: { secret: string | null | undefined; url: string | undefined },
  write: () => Promise<Row | undefined>,
): Promise<Row> {
  const { noun, field } = slot;
  const stored = slot.stored(current);
  if (stored.secret !== null && sent.secret === undefined && hostChanges(stored.url, sent.url)) {
    throw badRequest(`${field} required when the host changes`, [
      { field: `body.${field}`, message: `send the secret of the ${noun.toLowerCase()} again with its new URL` },
    ]);
  }
  const row = await write();
  if (!row) throw notFound(`${noun} ${current.id} not found`);
  return row;
}

/**
 * Whether an update moves a stored secret to another origin (scheme, host or port). A secret is
 * write-only: if it could follow a new URL without being sent again, an owner could point the
 * connector at a host they control and read the stored key from its request.
 */
function hostChanges(current: string | null, next: string | undefined): boolean {
  if (next === undefined || current === null) return false;
  try {
    return new URL(current).origin !== new URL(next).origin;
  } catch {
    return true;
  }
}

/** A base URL with `user:password@` in it shows without them: members see connectors too. */
function withoutCredentials(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
