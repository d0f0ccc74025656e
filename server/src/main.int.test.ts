import { describe, expect, it } from 'vitest';
import { runScript, startServer, tempDataDir } from './testing/processes.ts';
import { createTestSchema, testDatabaseKind, testDatabaseUrl } from './testing/test-database.ts';

describe(`starting the server on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  it('refuses a bad setting with one line naming it', async () => {
    const result = await runScript('src/main.ts', [], { PORT: 'eighty', DATA_DIR: tempDataDir() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid environment variable PORT: [^\n]+$/);
  });

  // Embedded mode is the newcomer's path (demo on); PostgreSQL is the operator's (DEMO=0).
  if (!testDatabaseUrl)
    it('serves the demo in embedded mode with working sign-in links', async () => {
      const server = await startServer({ DATA_DIR: tempDataDir() });
      try {
        expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
        const link = /(http:\/\/\S+\/auth\/sign-in\?token=\S+)/.exec(server.output())![1]!;
        const signIn = await fetch(link, { redirect: 'manual' });
        expect(signIn.status).toBe(303);
        const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
        const list = await fetch(`${server.baseUrl}/api/v1/reviews?status=failed`, { headers: { cookie } });
        expect(list.status).toBe(200);
        const body = (await list.json()) as { total: number; items: { errorCategory: string | null }[] };
        expect(body.total).toBeGreaterThan(0);
        expect(body.items.every((item) => item.errorCategory !== null)).toBe(true);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    });
  else
    it('runs on PostgreSQL with DEMO=0: migrated, ready, no demo data', async () => {
      const schema = await createTestSchema();
      const server = await startServer({
        DATABASE_URL: schema.url,
        JWT_SECRET: 'x'.repeat(32),
        SECRETS_KEY: 'y'.repeat(32),
        DEMO: '0',
      });
      try {
        expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
        expect(server.output()).not.toContain('sign-in');
        expect((await fetch(`${server.baseUrl}/api/v1/reviews`)).status).toBe(401);
      } finally {
        expect(await server.stop()).toBe(0);
        await schema.drop();
      }
    });
});
