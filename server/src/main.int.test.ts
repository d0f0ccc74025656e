import { describe, expect, it } from 'vitest';
import { runScript, startServer, tempDataDir } from './testing/processes.ts';
import { createTestSchema, testDatabaseKind, testDatabaseUrl } from './testing/test-database.ts';

describe(`starting the server on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  it('refuses a bad setting with one line naming it', async () => {
    const result = await runScript('src/main.ts', [], { PORT: 'eighty', DATA_DIR: tempDataDir() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid environment variable PORT: [^\n]+$/);
  });

  // A process of its own, embedded and without the demo: it starts fastest.
  if (!testDatabaseUrl)
    it('logs every request at LOG_LEVEL=debug', async () => {
      const server = await startServer({ DATA_DIR: tempDataDir(), DEMO: '0', LOG_LEVEL: 'debug' });
      expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
      expect(await server.stop()).toBe(0);
      const requestLines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('/healthz'));
      expect(requestLines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['incoming request']);
      expect(server.output()).toMatch(/"msg":"request completed"/);
      expect(server.output()).toContain('Logging every request (LOG_LEVEL=debug)');
      // Commit statuses would carry no link to the review (issue 14): said once, at start.
      expect(server.output().match(/PUBLIC_URL is not set: commit statuses/g)).toHaveLength(1);
    });

  // Embedded mode is the newcomer's path (demo on); PostgreSQL is the operator's (DEMO=0).
  if (!testDatabaseUrl)
    it('serves the demo in embedded mode with working sign-in links, printing a banner and no request logs', async () => {
      const dataDir = tempDataDir();
      // LOG_LEVEL unset: what `npm start` does.
      const server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: undefined });
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
      const output = server.output();
      expect(output).toContain(`Data (embedded database, keys, artifacts): ${dataDir}`);
      expect(output).toMatch(/^ {2}owner {7}owner@acme\.demo {10}http:\/\/\S+\/auth\/sign-in\?token=\S+$/m);
      expect(output).toContain('LOG_LEVEL=debug logs every request');
      // The requests above left no trace in the terminal, nor did Fastify's own "listening" line.
      expect(output).not.toMatch(/incoming request|request completed|Server listening/);
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
