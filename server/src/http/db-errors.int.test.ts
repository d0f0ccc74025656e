import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { makeOrg } from '../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { registerErrorHandling } from './error-handler.ts';
import { mapIntegrityViolation } from './db-errors.ts';

/**
 * Real constraint violations from the database driver in use (pg or PGlite), answered by the real
 * error handler: no endpoint can reach one today, so each route below writes what a missing check
 * or a race between two requests would.
 */
describe(`integrity constraint violations on ${testDatabaseKind}`, () => {
  let database: Database;
  let app: FastifyInstance;
  let orgId: number;
  const violations: Record<string, () => Promise<unknown>> = {
    unique: () => sql`INSERT INTO roles (name) VALUES ('owner')`.execute(database.db),
    'foreign-key': () =>
      sql`INSERT INTO reviews (org_id, status, trigger_type) VALUES (2000000000, 'created', 'manual')`.execute(
        database.db,
      ),
    'not-null': () => sql`INSERT INTO orgs (name) VALUES (NULL)`.execute(database.db),
    check: () =>
      sql`INSERT INTO reviews (org_id, status, trigger_type) VALUES (${orgId}, 'bogus', 'manual')`.execute(database.db),
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    orgId = await makeOrg(database.db);
    app = Fastify({ logger: false });
    registerErrorHandling(app);
    for (const [name, write] of Object.entries(violations)) app.post(`/${name}`, async () => write());
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it.each([
    ['unique', '23505', 409, 'conflict', 'This conflicts with an existing record'],
    [
      'foreign-key',
      '23503',
      409,
      'conflict',
      'This refers to a record that does not exist, or removes one that is still in use',
    ],
    ['not-null', '23502', 400, 'bad_request', 'A required value is missing'],
    ['check', '23514', 400, 'bad_request', 'A value is not allowed here'],
  ])(
    'answers a %s violation (%s) with %i %s, naming no table, column or SQL',
    async (name, sqlState, status, code, message) => {
      const error = await violations[name]!().then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect((error as { code?: string }).code).toBe(sqlState);
      expect(mapIntegrityViolation(error)).toEqual({ status, code, message });

      const response = await app.inject({ method: 'POST', url: `/${name}` });
      expect(response.statusCode).toBe(status);
      const body = response.json();
      expect(body.error).toMatchObject({ code, message });
      expect(response.body).not.toMatch(/roles|reviews|orgs|insert|constraint|violat|null value|_key|_fkey|_check/i);
    },
  );

  it('leaves other errors alone', () => {
    expect(mapIntegrityViolation(Object.assign(new Error('x'), { code: '22P02' }))).toBeUndefined();
    expect(mapIntegrityViolation(new Error('no code'))).toBeUndefined();
    expect(mapIntegrityViolation(undefined)).toBeUndefined();
  });
});
