import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import type { AiSimulator } from './ai-simulator/ai-simulator.ts';
import { replayDemoHistory } from './demo-history.ts';
import { openDemoFixture } from '../testing/demo-fixture.ts';

interface CallEnd {
  connector: string;
  data: Record<string, unknown>;
}

/**
 * What a newcomer sees on first start: the demo's reviews carry provider-reported usage, a priced
 * connector's cost, and Ollama's load and prompt-eval times, so every usage number has a value.
 */
describe(`demo usage on ${testDatabaseKind}`, { timeout: 120_000 }, () => {
  let database: Database;
  let simulator: AiSimulator;
  let answers: CallEnd[];
  let reviews: { connector: string; status: string; cost: number | null; tokens: number | null }[];

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    // The demo's own cold load (demo-runner.ts); unpaced here, so it is reported, not waited for.
    const demo = await openDemoFixture(db, 'demo-usage', { chunkDelayMs: 0, modelLoadMs: 1_500 });
    simulator = demo.simulator;
    await replayDemoHistory({ ...demo.deps, seed: 11 }, { share: 0.1, parallel: 4 }).done;

    const ends = await db
      .selectFrom('review_events as e')
      .innerJoin('reviews as r', 'r.id', 'e.review_id')
      .innerJoin('ai_connectors as c', 'c.id', 'r.connector_id')
      .select(['c.connector_name', 'e.data'])
      .where('e.event_type', '=', 'model_call')
      .execute();
    answers = ends
      .map((row) => ({
        connector: row.connector_name,
        data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>,
      }))
      .filter((call) => call.data['phase'] === 'end' && call.data['error'] === undefined);
    const rows = await db
      .selectFrom('reviews as r')
      .innerJoin('ai_connectors as c', 'c.id', 'r.connector_id')
      .select(['c.connector_name', 'r.status', 'r.usage_cost_usd', 'r.usage_tokens'])
      .execute();
    reviews = rows.map((row) => ({
      connector: row.connector_name,
      status: row.status,
      cost: row.usage_cost_usd === null ? null : Number(row.usage_cost_usd),
      tokens: row.usage_tokens === null ? null : Number(row.usage_tokens),
    }));
  });
  afterAll(async () => {
    await simulator?.close();
    await database?.close();
  });

  const answersOf = (connector: string) => answers.filter((call) => call.connector === connector);

  it('prices the OpenAI connector’s answers from the price table, with provider-reported tokens', () => {
    const openai = answersOf('OpenAI (demo)');
    expect(openai.length).toBeGreaterThan(0);
    for (const { data } of openai) {
      expect(data).toMatchObject({ tokensSource: 'provider', priceSource: 'genai-prices' });
      expect(data['tokensIn']).toBeGreaterThan(100);
      expect(data['tokensOut']).toBeGreaterThan(10);
      expect(data['costUsd']).toBeGreaterThan(0);
      // A stream times its first token and its rate; a plain answer (after a fallback) has neither.
      if (data['streaming'] === true) {
        expect(data['ttftMs']).toEqual(expect.any(Number));
        expect(data['tokensPerSecond']).toBeGreaterThan(0);
      }
    }
    const finished = reviews.filter((r) => r.connector === 'OpenAI (demo)' && r.status === 'completed');
    expect(finished.length).toBeGreaterThan(0);
    for (const review of finished) expect(review.cost).toBeGreaterThan(0);
  });

  it('gives the local Ollama answers a load, a prompt eval and a rate, free as self-hosted', () => {
    const ollama = answersOf('Local Ollama (demo)');
    expect(ollama.length).toBeGreaterThan(0);
    for (const { data } of ollama) {
      expect(data).toMatchObject({ tokensSource: 'provider', priceSource: 'self-hosted', costUsd: 0 });
      expect(data['loadMs']).toEqual(expect.any(Number));
      expect(data['promptEvalMs']).toBeGreaterThan(0);
      expect(data['tokensPerSecond']).toBeGreaterThan(0);
    }
    // Cold (1.5 s, the connector's first request) or warm (a few ms), as a workstation's Ollama is.
    // Which answer gets the cold load varies: a first attempt cut short by a slow machine takes it.
    for (const { data } of ollama) expect([4, 1_500]).toContain(data['loadMs']);
  });

  it('stores usage totals on every finished review that got an answer', () => {
    const answered = reviews.filter((r) => r.status === 'completed');
    expect(answered.length).toBeGreaterThan(5);
    for (const review of answered) expect(review.tokens).toBeGreaterThan(0);
  });
});
