import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { OWNER } from './support/demo-server.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

interface Detail {
  id: number;
  status: string;
  outcome?: string | null;
  failedBatches?: string[];
}

/** A new file of `lines` added lines with words in them (the simulator comments on such lines). */
const addedFile = (file: string, lines: number) =>
  `diff --git a/${file} b/${file}\nnew file mode 100644\n--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,${lines} @@\n${Array.from(
    { length: lines },
    (_, i) => `+export const value${i} = compute(${i});`,
  ).join('\n')}\n`;

const lockFileOnly = `diff --git a/package-lock.json b/package-lock.json
--- a/package-lock.json
+++ b/package-lock.json
@@ -1,3 +1,4 @@
 {
   "name": "shop",
+  "version": "1.0.1",
   "lockfileVersion": 3
`;

describe('honest outcomes and a retry of failed batches', () => {
  const env = startDemoAndBrowser();

  const connectors = () =>
    env.demo.api<{ items: { id: number; name: string; baseUrl: string }[] }>(OWNER, '/api/v1/connectors');
  const finished = async (id: number) => {
    await expect
      .poll(async () => (await env.demo.api<Detail>(OWNER, `/api/v1/reviews/${id}`)).status, { timeout: 90_000 })
      .toMatch(/success|failed/);
    return env.demo.api<Detail>(OWNER, `/api/v1/reviews/${id}`);
  };
  const review = async (connectorId: number, title: string, diff: string) => {
    const { id } = await env.demo.api<{ id: number }>(OWNER, '/api/v1/reviews', {
      method: 'POST',
      body: { diff, connectorId, title },
    });
    return finished(id);
  };

  it('shows a review that read nothing with a warning pill and its tip, in the list and on the page', async () => {
    const openai = (await connectors()).items.find((c) => c.name === 'OpenAI (demo)')!;
    const detail = await review(openai.id, 'Bump the lock file (e2e)', lockFileOnly);
    expect(detail.outcome).toBe('nothing_reviewed');

    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await signedInContext(env.browser, env.demo, OWNER, { width, colorScheme });
        const page = await context.newPage();
        await page.goto(`${env.demo.baseUrl}/reviews?q=%23${detail.id}`);
        const row = page.locator('.outcome[data-outcome="nothing_reviewed"]').first();
        await row.waitFor();
        expect(await row.locator('.pill').textContent()).toBe('Nothing reviewed');
        expect(await row.locator('.outcome-reason').textContent()).toBe('every changed file was skipped');
        expect(await sidewaysOverflow(page)).toEqual([]);
        await page.screenshot({ path: path.join(screenshotsDir, `outcome-list-${width}-${colorScheme}.png`) });

        await page.goto(`${env.demo.baseUrl}/reviews/${detail.id}`);
        const notice = page.locator('.outcome-notice');
        await notice.waitFor();
        expect(await notice.locator('h2').textContent()).toContain('Nothing reviewed: every changed file was skipped');
        expect(await notice.textContent()).toContain('does not mean the change is fine');
        expect(await page.locator('.review-title-row .pill.status-warning').textContent()).toBe('Nothing reviewed');
        expect(await sidewaysOverflow(page)).toEqual([]);
        await page.screenshot({ path: path.join(screenshotsDir, `outcome-page-${width}-${colorScheme}.png`) });
        await context.close();
      }
    }
  });

  it('retries only the failed batch from the page and shows what changed against the original', async () => {
    const healthy = (await connectors()).items.find((c) => c.name === 'OpenAI (demo)')!;
    const simulator = new URL(healthy.baseUrl).origin;
    const { id: flakyId } = await env.demo.api<{ id: number }>(OWNER, '/api/v1/connectors', {
      method: 'POST',
      body: {
        providerType: 'openai',
        name: 'Flaky on bravo (e2e)',
        baseUrl: `${simulator}/scenario/healthy;garbage-for=bravo/v1`,
        apiKey: 'sk-demo-e2e-0001',
        model: 'gpt-4o-mini',
        streaming: false,
      },
    });
    // Over 3,000 tokens each: under the default 6,000-token budget every file is a batch of its own.
    const diff = ['src/alpha.ts', 'src/bravo.ts', 'src/charlie.ts'].map((file) => addedFile(file, 320)).join('');
    const original = await review(flakyId, 'Three modules (e2e)', diff);
    expect(original).toMatchObject({ outcome: 'partial', failedBatches: [expect.any(String)] });
    // The model behaves now: only bravo's batch needs another go.
    await env.demo.api(OWNER, `/api/v1/connectors/${flakyId}`, {
      method: 'PATCH',
      body: { baseUrl: `${simulator}/scenario/healthy/v1` },
    });

    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(`${env.demo.baseUrl}/reviews/${original.id}`);
    await page.locator('.outcome-notice').getByRole('button', { name: 'Retry failed batches' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(`/reviews/${original.id}`));
    const retryId = Number(new URL(page.url()).pathname.split('/').at(-1));
    expect((await finished(retryId)).outcome).toBe('findings');
    await context.close();

    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const view = await signedInContext(env.browser, env.demo, OWNER, { width, colorScheme });
        const retryPage = await view.newPage();
        await retryPage.goto(`${env.demo.baseUrl}/reviews/${retryId}`);
        const compare = retryPage.locator('.retry-compare');
        await compare.waitFor();
        const cells = async (label: string) =>
          (
            await compare
              .locator('tr', { has: retryPage.locator(`th:text-is("${label}")`) })
              .locator('td')
              .allTextContents()
          ).map((text) => text.replace(' (changed)', ''));
        expect(await cells('Batches')).toEqual(['3 · 1 failed', '3 · 2 carried over']);
        expect(await cells('Outcome')).toEqual([expect.stringMatching(/^Partial: Batch \d failed/), 'Findings']);
        expect(await compare.locator('.compare-comments-summary').textContent()).toMatch(
          /\d+ added, 0 removed, \d+ the same/,
        );
        expect(await sidewaysOverflow(retryPage)).toEqual([]);
        await compare.screenshot({ path: path.join(screenshotsDir, `retry-compare-${width}-${colorScheme}.png`) });
        await view.close();
      }
    }
  });
});
