import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { OWNER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { createExternalReview, logLine, postEvents, statusEvent } from './support/external-review.ts';
import { signedInContext } from './support/page-helpers.ts';

const SAMPLE_DIFF = `diff --git a/src/greet.ts b/src/greet.ts
--- a/src/greet.ts
+++ b/src/greet.ts
@@ -1,3 +1,5 @@
-export function greet() {
-  return 'hello';
+export function greet(name: string) {
+  if (!name) throw new Error('name is required');
+  return \`hello, \${name}\`;
 }
`;

describe('live updates without reloading', () => {
  let demo: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    demo = await startDemoServer();
    browser = await launchChromium();
    context = await signedInContext(browser, demo, OWNER);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('a review started with "New review" runs live on its page and on the list', async () => {
    const list = await context.newPage();
    await list.goto(`${demo.baseUrl}/reviews`);
    await list.locator('[data-connection="live"]').waitFor();

    // Started the way a user does, on a demo connector (the built-in engine and the AI simulator).
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews`);
    await page.getByRole('button', { name: 'New review' }).click();
    const dialog = page.getByRole('dialog', { name: 'New review' });
    await dialog.getByLabel('Pasted diff').check();
    await dialog.getByLabel('Title (optional)').fill('Live e2e: greet by name');
    await dialog.getByLabel('Unified diff').fill(SAMPLE_DIFF);
    await dialog.getByLabel('Connector').selectOption({ label: 'Local Ollama (demo) — ollama/qwen2.5-coder:14b' });
    await dialog.getByRole('button', { name: 'Start review' }).click();
    await page.waitForURL(/\/reviews\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());

    await page.locator('[data-connection="live"]').waitFor();
    const lineCount = async () =>
      Number(
        /([\d,]+) lines/
          .exec((await page.getByTestId('log-viewport').getAttribute('aria-label')) ?? '')?.[1]
          ?.replace(/,/g, ''),
      );
    const before = await lineCount();
    await expect.poll(lineCount, { timeout: 30_000 }).toBeGreaterThan(before);

    const row = list.locator(`tbody tr[data-review-id="${id}"]`);
    await row.waitFor({ timeout: 5_000 });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 90_000 }).toBe('success');
    const pill = page.locator('.review-title-row [data-status]');
    await expect.poll(() => pill.getAttribute('data-status'), { timeout: 10_000 }).toBe('success');
    await expect.poll(() => page.locator('[data-connection]').first().getAttribute('data-connection')).toBe('ended');
    expect(await page.title()).toMatch(/^✓ #\d+ Live e2e: greet by name/);
    await list.close();
    await page.close();
  });

  it('a new review appears on top of the list, highlighted, and follows its status', async () => {
    const list = await context.newPage();
    await list.goto(`${demo.baseUrl}/reviews`);
    await list.locator('[data-connection="live"]').waitFor();
    const id = await createExternalReview(demo, 'Arrives live on the list');
    const row = list.locator(`tbody tr[data-review-id="${id}"]`);
    await row.waitFor({ timeout: 5_000 });
    // On top of what was there: only reviews created after it (the demo keeps starting some) sit above.
    const ids = (
      await list.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review-id')))
    ).map(Number);
    expect(ids.slice(0, ids.indexOf(id)).every((above) => above > id)).toBe(true);
    expect(ids.indexOf(id)).toBeLessThan(3);
    expect(await row.getAttribute('class')).toContain('row-fresh');
    expect(await row.getAttribute('data-status')).toBe('queued');

    await postEvents(demo, id, [statusEvent('running'), logLine('working')]);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5_000 }).toBe('running');
    await postEvents(demo, id, [
      { type: 'completion', data: { resultSummary: 'done', commentCount: 0 } },
      statusEvent('success'),
    ]);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5_000 }).toBe('success');
    expect(await list.title()).toContain('Reviews');
    await list.close();
  });

  it('a filtered list ("running") still shows when its rows finish', async () => {
    const id = await createExternalReview(demo, 'Finishes under a filter');
    await postEvents(demo, id, [statusEvent('running')]);
    const list = await context.newPage();
    await list.goto(`${demo.baseUrl}/reviews?status=running`);
    const row = list.locator(`tbody tr[data-review-id="${id}"]`);
    await row.waitFor();
    await list.locator('[data-connection="live"]').waitFor();
    await postEvents(demo, id, [
      { type: 'completion', data: { resultSummary: 'done', commentCount: 0 } },
      statusEvent('success'),
    ]);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5_000 }).toBe('success');
    await list.close();
  });
});
