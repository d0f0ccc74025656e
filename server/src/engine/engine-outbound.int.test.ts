import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage, ReviewSummary } from '@reviewtrace/contracts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-git/fake-http-server.ts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const DIFF = `diff --git a/a.ts b/a.ts
--- a/a.ts
+++ b/a.ts
@@ -1 +1 @@
-export const a = 1;
+export const a = 2;
`;
const INTERNAL_WORDS = 'redis-internal:6379 NOAUTH secret banner';

describe(`the engine's requests go through the outbound policy on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngineHarness();
    // A shared server's policy: nothing on this machine, the simulator included, may be reached.
    h.startEngine({}, new OutboundPolicy('restricted'));
  });
  afterAll(() => h.close());

  const review = async (connectorId: number) => {
    const response = await h.api('POST', '/reviews', { diff: DIFF, title: 'x', connectorId });
    expect(response.status).toBe(201);
    return (response.json as ReviewSummary).id;
  };
  const logText = async (id: number) =>
    JSON.stringify(((await h.api('GET', `/reviews/${id}/events?limit=1000`)).json as EventsPage).events);

  it.each(['ollama', 'openai', 'gemini'] as const)(
    'a %s connector on loopback fails the review with the policy’s reason, in the log',
    async (provider) => {
      const id = await review(await h.connector(provider));
      const detail = await h.finished(id);
      expect(detail.status).toBe('failed');
      expect(detail.result).toMatchObject({ errorCategory: 'network' });
      expect(await logText(id)).toContain(
        'blocked by the outbound policy: 127.0.0.1 is a loopback address (set OUTBOUND_ALLOW to permit it)',
      );
    },
  );
});

describe(`provider error bodies stay out of review logs on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  let internal: FakeHttpServer;
  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine();
    // Something that is not an AI provider, answering errors with words of its own.
    internal = await startFakeHttpServer(() => ({ status: 502, body: { error: { message: INTERNAL_WORDS } } }));
  });
  afterAll(async () => {
    await h.close();
    await internal.close();
  });

  it.each([
    ['openai', '/v1'],
    ['ollama', ''],
  ] as const)('a %s host’s error answer shows its status only', async (provider, path) => {
    const created = await h.api('POST', '/connectors', {
      providerType: provider,
      name: `internal ${provider}`,
      baseUrl: `${internal.origin}${path}`,
      model: 'm',
      streaming: false,
    });
    expect(created.status).toBe(201);
    const response = await h.api('POST', '/reviews', {
      diff: DIFF,
      title: 'x',
      connectorId: (created.json as { id: number }).id,
    });
    const id = (response.json as ReviewSummary).id;
    const detail = await h.finished(id);
    expect(detail.status).toBe('failed');
    const log = JSON.stringify(((await h.api('GET', `/reviews/${id}/events?limit=1000`)).json as EventsPage).events);
    expect(log).toContain('HTTP 502');
    expect(log).not.toContain('redis-internal');
    expect(JSON.stringify(detail)).not.toContain('redis-internal');
  });
});
