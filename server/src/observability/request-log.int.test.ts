import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { TEST_JWT_SECRET } from '../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
}

/** The app's log lines, as the terminal would get them, read back from a stream. */
async function appLoggingAt(level: string) {
  const lines: LogLine[] = [];
  const database = await openTestDatabase();
  const app = await buildApp({
    database,
    jwtSecret: TEST_JWT_SECRET,
    logLevel: level,
    // pino writes one JSON line per call.
    logStream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
    webDist: '/nonexistent',
  });
  // A route that fails the way a bug would.
  app.get('/test/boom', () => {
    throw new Error('kaboom: a bug');
  });
  await app.ready();
  return { app, database, lines };
}

describe(`request logging on ${testDatabaseKind}`, () => {
  let opened: { app: FastifyInstance; database: Database } | undefined;
  afterEach(async () => {
    await opened?.app.close();
    await opened?.database.close();
  });

  it('keeps requests out of the default (info) log, but still logs an unhandled error', async () => {
    const { app, database, lines } = await appLoggingAt('info');
    opened = { app, database };
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/test/boom' })).statusCode).toBe(500);
    expect(lines.map((line) => line.msg)).toEqual(['unhandled error']);
    expect(lines[0]).toMatchObject({ level: 50, err: { message: 'kaboom: a bug' } });
  });

  it('logs each request at debug', async () => {
    const { app, database, lines } = await appLoggingAt('debug');
    opened = { app, database };
    await app.inject({ method: 'GET', url: '/healthz?token=secret' });
    const requestLines = lines.filter((line) => line.level === 20 && /request/.test(line.msg));
    expect(requestLines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
