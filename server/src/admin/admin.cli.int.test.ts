import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { runScript, tempDataDir } from '../testing/processes.ts';
import { createTestSchema, testDatabaseKind, testDatabaseUrl } from '../testing/test-database.ts';

const JWT_SECRET = 'cli-test-secret-cli-test-secret!';
const SECRETS_KEY = 'cli-test-key-cli-test-key-cli-tes';

describe(`npm run admin on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (testDatabaseUrl) {
      const schema = await createTestSchema();
      env = { DATABASE_URL: schema.url, JWT_SECRET, SECRETS_KEY };
      cleanup = schema.drop;
    } else {
      env = { DATA_DIR: tempDataDir(), JWT_SECRET, SECRETS_KEY };
      cleanup = async () => undefined;
    }
  });
  afterAll(() => cleanup());

  const admin = (...args: string[]) => runScript('src/admin/admin.cli.ts', args, env);

  it('creates an org and an owner, and prints a token the API accepts', async () => {
    const org = await admin('create-org', 'Operators Inc');
    expect(org.code).toBe(0);
    const orgId = Number(org.stdout.trim());
    const user = await admin('create-user', 'ops@example.com', '--org', String(orgId), '--role', 'owner');
    expect(user.code).toBe(0);
    const token = await admin('token', 'ops@example.com');
    expect(token.code).toBe(0);
    const retention = await admin(
      'retention',
      '--org',
      String(orgId),
      '--events-days',
      '30',
      '--artifacts-days',
      'keep',
    );
    expect(retention.stdout.trim()).toBe(`org ${orgId}: events 30 days, artifacts kept`);

    const database = await openDatabase(
      env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : { dataDir: `${env['DATA_DIR']}/pglite` },
    );
    const app = await buildApp({ database, jwtSecret: JWT_SECRET, logLevel: 'silent', webDist: '/nonexistent' });
    try {
      const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: 'ops@example.com', orgId, role: 'owner' });
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('explains what is wrong and exits 1', async () => {
    const missing = await admin('create-user', 'x@example.com', '--org', '999999', '--role', 'owner');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('org 999999 does not exist');
    const badRole = await admin('grant', 'ops@example.com', '--org', '1', '--role', 'king');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role expects one of super_admin, owner, member');
  });
});
