import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { mulberry32, type Random } from '../demo/random.ts';
import { makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

/**
 * A bounded, seeded fuzz of every JSON endpoint the OpenAPI document lists, as an attacker with an
 * owner account would try it: bodies built from each route's schema and then broken (wrong types,
 * missing and extra fields, deep nesting, NUL, huge strings, prototype keys), random query strings,
 * foreign and absurd ids, other orgs in X-Org-Context. Every answer must be below 500, and an
 * answer that refuses (4xx) must leave every table and the artifact folder as they were.
 * Streams and the connector test (which would send requests out) are left out.
 */
const SEED = 20261205;
const REQUESTS = 2_000;

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
};
interface Operation {
  method: string;
  path: string;
  query: string[];
  pathParams: string[];
  body?: Schema;
}

const nasty: unknown[] = [
  null,
  '',
  'x'.repeat(20_000),
  'a\u0000b',
  '\uD800',
  '😀'.repeat(50),
  'javascript:alert(1)',
  '../../etc/passwd',
  "'; DROP TABLE reviews; --",
  -1,
  0,
  2 ** 53,
  1e308,
  -0.5,
  true,
  [],
  {},
  { __proto__: { admin: true } },
  { constructor: { prototype: { polluted: true } } },
];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/**
 * A nasty value, objects fresh each time: a body mutates what it picked, and a shared `{}` that got
 * itself as a property would make the next body that picks it circular.
 */
function nastyValue(random: Random): unknown {
  const value = pick(random, nasty);
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** A value that fits the schema most of the time, so requests get past the first check. */
function valueFor(schema: Schema | undefined, random: Random, depth = 0): unknown {
  if (!schema || depth > 6) return nastyValue(random);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return pick(random, schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return valueFor(pick(random, variants), random, depth + 1);
  if (schema.allOf?.[0]) return valueFor(schema.allOf[0], random, depth + 1);
  const type = Array.isArray(schema.type) ? pick(random, schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random() < 0.6) out[key] = valueFor(child, random, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.floor(random() * 3) }, () => valueFor(schema.items, random, depth + 1));
    case 'integer':
    case 'number':
      return pick(random, [1, 2, 3, 42, 100, schema.minimum ?? 0, schema.maximum ?? 10]);
    case 'boolean':
      return random() < 0.5;
    case 'string':
      return pick(random, ['x', 'https://github.com/acme/app/pull/1', 'diff --git a/a b/a\n', 'info', '2026-12-01']);
    case 'null':
      return null;
    default:
      return nastyValue(random);
  }
}

/** The schema's value, then broken in one of the ways a fuzzer breaks things. */
function bodyFor(schema: Schema | undefined, random: Random): unknown {
  const base = valueFor(schema, random);
  const roll = random();
  if (roll < 0.3 || typeof base !== 'object' || base === null || Array.isArray(base)) return base;
  const record = base as Record<string, unknown>;
  const keys = Object.keys(record);
  if (roll < 0.55 && keys.length > 0) record[pick(random, keys)] = nastyValue(random);
  else if (roll < 0.65 && keys.length > 0) delete record[pick(random, keys)];
  else if (roll < 0.75) record[pick(random, ['extra', '__proto__', 'orgId', 'org_id', 'status'])] = nastyValue(random);
  else if (roll < 0.85 && keys.length > 0) record[pick(random, keys)] = deepNest(pick(random, [40, 500, 4_000]));
  else return nastyValue(random);
  return record;
}

function deepNest(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

function operationsOf(spec: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [route, methods] of Object.entries(spec.paths)) {
    if (!route.startsWith('/api/v1') || route.endsWith('/stream') || route.endsWith('/test')) continue;
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op['parameters'] ?? []) as { in: string; name: string }[];
      const content = (op['requestBody'] as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      operations.push({
        method: method.toUpperCase(),
        path: route,
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        body: content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

describe(`fuzzing every JSON endpoint on ${testDatabaseKind}`, { timeout: 240_000 }, () => {
  let ctx: TestContext;
  let dataDir: string;
  let owner: TestUser;
  let member: TestUser;
  let otherOwner: TestUser;
  let ids: number[];
  let orgIds: number[];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rt-fuzz-'));
    ctx = await startTestApp({
      dataDir,
      rateLimits: { streams: 1e6, ingestion: 1e6, downloads: 1e6, connectorTests: 1e6, signIn: 1e6 },
    });
    const db = ctx.database.db;
    const cast = await makeOrgWithUsers(db);
    ({ owner, member, stranger: otherOwner } = cast);
    const orgA = cast.orgId;
    const orgB = otherOwner.orgId;
    const own = await makeReview(db, orgA, { status: 'in_progress' });
    const done = await makeReview(db, orgA, { status: 'failed' });
    const foreign = await makeReview(db, orgB);
    ids = [own, done, foreign];
    orgIds = [orgA, orgB];
  });
  afterAll(() => ctx.close());

  /** Row counts of every table plus the files under the data folder: what a refusal must not change. */
  let countRows: (() => Promise<unknown>) | undefined;
  async function footprint(): Promise<string> {
    if (!countRows) {
      const { rows } = await sql<{ name: string }>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
        ctx.database.db,
      );
      // One statement for all tables: the check runs after every request.
      const counts = sql.join(rows.map(({ name }) => sql`(SELECT count(*) FROM ${sql.table(name)})`));
      const query = sql`SELECT ARRAY[${counts}]::text AS counts`;
      countRows = async () => (await query.execute(ctx.database.db)).rows[0];
    }
    return JSON.stringify([await countRows(), filesUnder(dataDir)]);
  }

  it(`answers ${REQUESTS} seeded requests without a 500 or a partial write`, async () => {
    const spec = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const operations = operationsOf(spec);
    expect(operations.length).toBeGreaterThan(20);
    const random = mulberry32(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let before = await footprint();

    for (let n = 0; n < REQUESTS; n += 1) {
      const op = pick(random, operations);
      let url = op.path;
      for (const name of op.pathParams) {
        const value =
          name === 'kind' ? pick(random, ['diff', 'prompt', 'response', 'raw', '..', '%00']) : idValue(random);
        url = url.replace(`{${name}}`, encodeURIComponent(String(value)));
      }
      const query = op.query
        .filter(() => random() < 0.4)
        .map((name) => `${name}=${encodeURIComponent(String(queryValue(random)))}`)
        .join('&');
      if (query) url += `?${query}`;
      const user = pick(random, [owner, owner, owner, member, otherOwner, null]);
      const headers: Record<string, string> = {};
      if (user) headers['authorization'] = `Bearer ${user.token}`;
      if (random() < 0.2) headers['x-org-context'] = String(pick(random, [...orgIds, 999_999, -1, 'abc', '1e3']));
      let payload: string | undefined;
      if (op.body || (op.method !== 'GET' && op.method !== 'DELETE' && random() < 0.3)) {
        headers['content-type'] = 'application/json';
        payload = random() < 0.05 ? '{"a":' : JSON.stringify(bodyFor(op.body, random));
      }
      const response = await ctx.app.inject({ method: op.method as 'GET', url, headers, payload });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode >= 500) {
        failures.push(`${op.method} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
      if (response.statusCode >= 400) {
        const after = await footprint();
        if (after !== before) failures.push(`${op.method} ${url} → ${response.statusCode} changed what is stored`);
        before = after;
      } else {
        before = await footprint();
      }
      if (response.statusCode < 500 && response.statusCode >= 400) {
        expect(response.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      }
    }

    expect(failures).toEqual([]);
    // The fuzz reached past validation too: some requests succeeded, most were refused.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
  });

  function idValue(random: Random): unknown {
    return pick(random, [...ids, ...ids, 0, -1, 2 ** 31, 2 ** 53 + 1, '1e2', 'abc', '1;DROP', '%2e%2e']);
  }
  function queryValue(random: Random): unknown {
    return pick(random, [
      'x',
      '1',
      '-5',
      '0',
      '99999999999999999999',
      'running,failed',
      'created',
      'asc',
      'duration',
      '2026-12-01',
      '2026-13-45',
      '',
      '%',
      '\u0000',
      'a'.repeat(3000),
      ...ids.map(String),
    ]);
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
