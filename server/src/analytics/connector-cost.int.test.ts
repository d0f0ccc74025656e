import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ConnectorHealthItem, ConnectorHealthResponse } from '@reviewtrace/contracts';
import { makeConnector, makeOrgWithUsers, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const NOW = new Date('2026-06-10T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe(`cost and tokens per connector × model (GET /api/v1/analytics/connectors) on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;
  let otherOwner: TestUser;
  let superAdmin: TestUser;

  /** A finished review with the usage totals the engine's completion stores on the row. */
  const reviewWithUsage = async (
    orgId: number,
    connectorId: number,
    usage: { tokensIn: number; tokensOut: number; costUsd: number | null } | null,
  ) => {
    const db = ctx.database.db;
    const id = await makeReview(db, orgId, { connectorId, createdAt: hoursAgo(2) });
    if (usage) {
      await sql`UPDATE reviews SET usage_tokens_in = ${usage.tokensIn}, usage_tokens_out = ${usage.tokensOut},
                  usage_tokens = ${usage.tokensIn + usage.tokensOut}, usage_cost_usd = ${usage.costUsd},
                  usage_model_calls = 1, usage_model_ms = 1000, usage_wait_ms = 0
                WHERE id = ${id}`.execute(db);
    }
  };

  beforeAll(async () => {
    ctx = await startTestApp({ now: () => NOW });
    const db = ctx.database.db;
    const cast = await makeOrgWithUsers(db, { orgName: 'Acme', strangerOrgName: 'Globex' });
    owner = cast.owner;
    otherOwner = cast.stranger;
    superAdmin = await makeUser(db, otherOwner.orgId, 'super_admin');
    const openai = await makeConnector(db, cast.orgId, { provider: 'openai', name: 'OpenAI', model: 'gpt-4o-mini' });
    const custom = await makeConnector(db, cast.orgId, { provider: 'openai', name: 'Gateway', model: 'house-model' });
    const globex = await makeConnector(db, otherOwner.orgId, {
      provider: 'openai',
      name: 'Globex AI',
      model: 'gpt-4o',
    });

    await reviewWithUsage(cast.orgId, openai, { tokensIn: 10_000, tokensOut: 1_000, costUsd: 0.0021 });
    await reviewWithUsage(cast.orgId, openai, { tokensIn: 20_000, tokensOut: 2_500, costUsd: 0.0045 });
    // An external engine that sends no totals: counted as a review, not in the usage.
    await reviewWithUsage(cast.orgId, openai, null);
    // A model with no known price: its tokens count, its cost is unknown (never $0).
    await reviewWithUsage(cast.orgId, custom, { tokensIn: 5_000, tokensOut: 400, costUsd: null });
    await reviewWithUsage(otherOwner.orgId, globex, { tokensIn: 7_000, tokensOut: 700, costUsd: 0.0245 });
  });
  afterAll(() => ctx.close());

  const itemsOf = async (query: string, user: TestUser) => {
    const response = await request(ctx.app, user.token, { method: 'GET', url: `/api/v1/analytics/connectors${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as ConnectorHealthResponse).items;
  };
  const usageOf = (item: ConnectorHealthItem) => ({
    name: item.connectorName,
    model: item.model,
    reviews: item.reviews,
    tokensIn: item.tokensIn,
    tokensOut: item.tokensOut,
    costUsd: item.costUsd,
    usageReviews: item.usageReviews,
    costUnknownReviews: item.costUnknownReviews,
  });

  it('sums each connector × model’s tokens and known cost, and counts reviews whose price is unknown', async () => {
    const items = await itemsOf('', owner);
    expect(items.map(usageOf)).toEqual([
      {
        name: 'OpenAI',
        model: 'gpt-4o-mini',
        reviews: 3,
        tokensIn: 30_000,
        tokensOut: 3_500,
        costUsd: 0.0066,
        usageReviews: 2,
        costUnknownReviews: 0,
      },
      {
        name: 'Gateway',
        model: 'house-model',
        reviews: 1,
        tokensIn: 5_000,
        tokensOut: 400,
        costUsd: null,
        usageReviews: 1,
        costUnknownReviews: 1,
      },
    ]);
    // The existing fields stay beside the new ones.
    expect(items[0]).toMatchObject({ succeeded: 3, failureRate: 0, fallbackRate: 0, series: [expect.any(Object)] });
  });

  it('keeps another org’s cost from an owner, and shows it to a super_admin', async () => {
    expect((await itemsOf('', otherOwner)).map(usageOf)).toEqual([
      expect.objectContaining({ name: 'Globex AI', tokensIn: 7_000, costUsd: 0.0245 }),
    ]);
    const refused = await request(ctx.app, owner.token, {
      method: 'GET',
      url: `/api/v1/analytics/connectors?org_id=${otherOwner.orgId}`,
    });
    expect(refused.statusCode).toBe(403);
    const all = await itemsOf('', superAdmin);
    expect(all.map((item) => [item.orgName, item.connectorName, item.costUsd])).toEqual([
      ['Acme', 'OpenAI', 0.0066],
      ['Acme', 'Gateway', null],
      ['Globex', 'Globex AI', 0.0245],
    ]);
  });
});
