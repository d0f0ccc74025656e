import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { migrateToLatest } from './migrator.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';

describe(`migrations on ${testDatabaseKind}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase({ migrate: false });
  });
  afterAll(() => database.close());

  it('apply to an empty database, and a second run applies nothing', async () => {
    const first = await migrateToLatest(database.db);
    expect(first.results?.length).toBeGreaterThanOrEqual(7);
    expect(first.results?.every((r) => r.status === 'Success')).toBe(true);
    const second = await migrateToLatest(database.db);
    expect(second.results).toEqual([]);
  });

  it('seeds the three roles', async () => {
    const roles = await database.db.selectFrom('roles').select('name').orderBy('name').execute();
    expect(roles.map((r) => r.name)).toEqual(['member', 'owner', 'super_admin']);
  });

  it('accepts inserts that name only the contract columns', async () => {
    // Exactly the columns api.md lists: what host products and operators write by hand.
    await sql
      .raw(
        `
      INSERT INTO orgs (name) VALUES ('Contract Org');
      INSERT INTO users (email, default_org_id) VALUES ('contract@example.com', (SELECT max(id) FROM orgs));
      INSERT INTO user_roles (user_id, role_id, org_id)
        VALUES ((SELECT max(id) FROM users), (SELECT id FROM roles WHERE name = 'owner'), (SELECT max(id) FROM orgs));
      INSERT INTO ai_connectors (org_id, provider_name, connector_name, base_url, api_key, selected_model)
        VALUES ((SELECT max(id) FROM orgs), 'ollama', 'Local', 'http://127.0.0.1:11434', 'k', 'qwen2.5-coder');
      INSERT INTO integration_tokens (org_id, provider, provider_url, connection_name)
        VALUES ((SELECT max(id) FROM orgs), 'github', 'https://api.github.com', 'gh');
      INSERT INTO reviews (org_id, repository, branch, commit_hash, pr_mr_url, connector_id, status, trigger_type,
                           user_email, provider, mr_title, author_name, author_username, created_at, started_at,
                           completed_at, metadata)
        VALUES ((SELECT max(id) FROM orgs), 'o/r', 'main', 'abc123', 'https://github.com/o/r/pull/7',
                (SELECT max(id) FROM ai_connectors), 'completed', 'manual', 'dev@example.com', 'github',
                'Fix flaky login', 'Dev', 'dev', now() - interval '2 minutes', now() - interval '90 seconds', now(), '{}');
      INSERT INTO review_events (review_id, org_id, ts, event_type, level, batch_id, data)
        VALUES ((SELECT max(id) FROM reviews), (SELECT max(id) FROM orgs), now(), 'log', 'info', NULL, '{"message":"a"}'),
               ((SELECT max(id) FROM reviews), (SELECT max(id) FROM orgs), now(), 'batch', NULL, 'batch-1', '{"status":"running"}');
      INSERT INTO ai_comments (review_id, org_id, comment_type, content, file_path, line_number, created_at)
        VALUES ((SELECT max(id) FROM reviews), (SELECT max(id) FROM orgs), 'inline', '{"text":"hi"}', 'a.ts', 3, now());
    `,
      )
      .execute(database.db);

    const review = await database.db
      .selectFrom('reviews')
      .select(['id', 'ai_model', 'ai_provider', 'duration_ms', 'last_seq', 'event_counts', 'last_event_at'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // The connector snapshot and derived columns are filled for writers that do not know them.
    expect(review.ai_model).toBe('qwen2.5-coder');
    expect(review.ai_provider).toBe('ollama');
    expect(review.duration_ms).toBeGreaterThanOrEqual(89_000);
    expect(review.last_seq).toBe(2);
    expect(review.event_counts).toEqual({ log: 1, batch: 1 });
    expect(review.last_event_at).toBeInstanceOf(Date);

    const events = await database.db
      .selectFrom('review_events')
      .select(['seq', 'event_type'])
      .where('review_id', '=', review.id)
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { seq: 1, event_type: 'log' },
      { seq: 2, event_type: 'batch' },
    ]);
  });

  it('keeps per-org status counts exact through inserts, status changes and deletes', async () => {
    const org = await database.db
      .insertInto('orgs')
      .values({ name: 'Counts' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`INSERT INTO reviews (org_id, status) SELECT ${org.id}, 'created' FROM generate_series(1, 5)`.execute(
      database.db,
    );
    await sql`UPDATE reviews SET status = 'in_progress' WHERE org_id = ${org.id} AND id IN (SELECT id FROM reviews WHERE org_id = ${org.id} ORDER BY id LIMIT 2)`.execute(
      database.db,
    );
    await sql`DELETE FROM reviews WHERE org_id = ${org.id} AND status = 'created' AND id = (SELECT max(id) FROM reviews WHERE org_id = ${org.id})`.execute(
      database.db,
    );
    // Counters are spread over slots (one per writing connection); the sum per status is exact.
    const counts = await database.db
      .selectFrom('review_status_counts')
      .select(['status', sql<number>`sum(n)::int`.as('n')])
      .where('org_id', '=', org.id)
      .groupBy('status')
      .having(sql`sum(n)`, '>', 0)
      .orderBy('status')
      .execute();
    expect(counts).toEqual([
      { status: 'created', n: 2 },
      { status: 'in_progress', n: 2 },
    ]);
  });

  it('rejects a status outside the vocabulary', async () => {
    const org = await database.db
      .insertInto('orgs')
      .values({ name: 'Bad status' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      sql`INSERT INTO reviews (org_id, status) VALUES (${org.id}, 'exploded')`.execute(database.db),
    ).rejects.toThrow(/check constraint/i);
  });

  it('survives a failing query: the next one on the pool still works', async () => {
    await expect(sql`SELECT * FROM no_such_table`.execute(database.db)).rejects.toThrow();
    const row = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    expect(row.rows[0]?.one).toBe(1);
  });
});
