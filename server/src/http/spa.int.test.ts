import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { TEST_JWT_SECRET } from '../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

describe(`the web app's files on ${testDatabaseKind}`, () => {
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'rt-web-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script src="/assets/app-1.js"></script>');
    writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    database = await openTestDatabase();
    app = await buildApp({ database, jwtSecret: TEST_JWT_SECRET, logLevel: 'silent', webDist: dist });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers every page URL with the app shell, revalidated on each visit', async () => {
    for (const url of ['/', '/reviews', '/reviews/42', '/settings?x=1']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('/assets/app-1.js');
    }
    expect((await app.inject({ method: 'GET', url: '/reviews/42' })).headers['cache-control']).toBe('no-cache');
  });

  it('serves bundles, and a missing bundle is a 404 rather than the shell', async () => {
    const bundle = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.headers['cache-control']).toContain('immutable');
    const stale = await app.inject({ method: 'GET', url: '/assets/app-0.js' });
    expect(stale.statusCode).toBe(404);
    expect(stale.headers['content-type']).not.toMatch(/html/);
  });

  it('keeps JSON 404s for unknown API routes', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
