import { DEFAULT_OLLAMA_MAX_CONCURRENCY } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { RoleName } from '../auth/permissions.ts';
import { createOrg, createUser, grantRole } from '../admin/admin.repository.ts';
import { insertConnectorRow } from '../settings/settings.repository.ts';
import { demoConnectors, demoHistoryWeights, demoOrgs } from './demo-data.ts';
import type { HistoryConnector } from './demo-fast-forward.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { seedDemoAlertEndpoint } from './demo-alerts.ts';

export interface DemoUser {
  userId: number;
  email: string;
  role: RoleName;
  orgId: number;
  orgName: string;
}

export interface DemoOrg {
  orgId: number;
  owner: { id: number; email: string };
  connectors: HistoryConnector[];
  historyCount: number;
}

/**
 * Seeds the demo's orgs, one user per role, connectors that talk to the AI simulator (their base
 * URLs are set when the simulator starts) and an alert endpoint at the built-in receiver. Reviews come from the engine (demo-fast-forward.ts).
 */
export async function seedDemo(db: Db, secrets: SecretBox): Promise<{ users: DemoUser[]; orgs: DemoOrg[] }> {
  const users: DemoUser[] = [];
  const orgs: DemoOrg[] = [];
  for (const [index, org] of demoOrgs.entries()) {
    const orgId = await createOrg(db, org.name);
    const roles: RoleName[] = index === 0 ? ['super_admin', 'owner', 'member'] : ['owner', 'member'];
    for (const role of roles) {
      const email = `${role.replace('_', '-')}@${org.slug}.demo`;
      const userId = await createUser(db, { email, name: `Demo ${role}`, defaultOrgId: orgId });
      await grantRole(db, userId, orgId, role);
      users.push({ userId, email, role, orgId, orgName: org.name });
    }
    const connectors: HistoryConnector[] = [];
    for (const c of demoConnectors) {
      const row = await insertConnectorRow(db, orgId, {
        provider_name: c.provider,
        connector_name: c.name,
        // Pointed at the running simulator at every start (demo-runner.ts).
        base_url: 'http://127.0.0.1/unset',
        selected_model: c.model,
        api_key: null,
        streaming: true,
        settings: JSON.stringify({ demoScenario: c.scenario }),
        // Real model names: OpenAI and Gemini ones are priced from the price table, Ollama is self-hosted.
        price_per_mtok_in: null,
        price_per_mtok_out: null,
        // As a new connector made in Settings gets: Ollama at 2 calls at once, the others unlimited.
        max_concurrency: c.provider === 'ollama' ? DEFAULT_OLLAMA_MAX_CONCURRENCY : null,
      });
      connectors.push({ id: row.id, scenario: c.scenario, weight: demoHistoryWeights[c.scenario] });
    }
    const owner = users.find((u) => u.orgId === orgId && u.role === 'owner')!;
    // After the connectors: the endpoint switches on the default rules their first one brought.
    await seedDemoAlertEndpoint(db, secrets, { id: owner.userId, email: owner.email }, orgId);
    orgs.push({ orgId, owner: { id: owner.userId, email: owner.email }, connectors, historyCount: org.historyCount });
  }
  return { users, orgs };
}
