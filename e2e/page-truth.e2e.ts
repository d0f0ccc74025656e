import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotsDir } from './browser.ts';
import { demoDataDir, OWNER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { createExternalReview, postEvents, statusEvent, type IncomingEvent } from './support/external-review.ts';
import { signedInContext } from './support/page-helpers.ts';

const batchEvent = (batchId: string, status: string, extra: Record<string, unknown> = {}): IncomingEvent => ({
  type: 'batch',
  batchId,
  data: { batchId, status, ...extra },
});
const modelCallStart = (batchId: string): IncomingEvent => ({
  type: 'model_call',
  batchId,
  data: { batchId, provider: 'ollama', model: 'qwen2.5-coder:14b', streaming: true, attempt: 1, phase: 'start' },
});
const badge = (page: Page) => page.locator('[data-connection]').first();

/** Every value the badge takes from now on, recorded in the page: a flip cannot slip between two polls. */
async function recordBadge(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { badgeHistory: string[] }).badgeHistory = seen;
    const read = () => {
      const mode = document.querySelector('[data-connection]')?.getAttribute('data-connection') ?? 'none';
      if (seen.at(-1) !== mode) seen.push(mode);
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
}
const badgeHistory = (page: Page) =>
  page.evaluate(() => (window as unknown as { badgeHistory: string[] }).badgeHistory);

describe('the page tells the truth', () => {
  const dataDir = demoDataDir();
  let demo: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    demo = await startDemoServer({ DATA_DIR: dataDir });
    browser = await launchChromium();
    context = await signedInContext(browser, demo, OWNER);
  });
  afterAll(async () => {
    await browser?.close();
    // The offline test stops the server; a failure before its restart must not wait for a second exit.
    const child = demo?.server.child;
    if (child && child.exitCode === null && child.signalCode === null) await demo.stop();
  });

  it('shows a quiet stream while it waits, counts each batch outcome, and ends a cancel cleanly', async () => {
    const id = await createExternalReview(demo, 'Waits for its first chunk');
    await postEvents(demo, id, [
      statusEvent('running'),
      batchEvent('batch-1', 'running'),
      batchEvent('batch-1', 'success', { finishedAt: new Date().toISOString() }),
      batchEvent('batch-2', 'running'),
      batchEvent('batch-2', 'failed', { finishedAt: new Date().toISOString() }),
      batchEvent('batch-3', 'running'),
      batchEvent('batch-4', 'running'),
      modelCallStart('batch-3'),
    ]);
    const page = await context.newPage();
    await page.goto(`${demo.baseUrl}/reviews/${id}`);
    await page.locator('[data-connection="live"]').waitFor();

    const headline = page.getByTestId('progress-headline');
    expect(await headline.textContent()).toBe('Batches 3–4 of 4 running');
    // Two done of four, but one of them failed: the bar says so in colour and words.
    expect(
      await page.locator('.progress-summary [data-segment]').evaluateAll((s) => s.map((e) => e.dataset['segment'])),
    ).toEqual(['succeeded', 'failed']);
    expect(await page.locator('.progress-summary').textContent()).toContain('So far: 1 done, 1 failed');

    // Read from the start event the page loaded (not from a live frame), and from one that arrives live.
    const wait = page.locator('.progress-summary [data-testid="model-call-wait"]');
    await expect
      .poll(() => wait.textContent(), { timeout: 10_000 })
      .toMatch(
        /^Waiting for the first chunk from ollama\/qwen2\.5-coder:14b \(Batch 3\) — \d+ s \(falls back to non-streaming at 30 s\)$/,
      );
    expect(await page.locator('.milestone.current [data-testid="model-call-wait"]').count()).toBe(1);
    expect(await page.locator('.milestone.current').textContent()).not.toContain('Parsing');
    await page.screenshot({ path: path.join(screenshotsDir, 'truth-waiting-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(screenshotsDir, 'truth-waiting-390-dark.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });

    // The first chunk arrives: the line goes.
    await postEvents(demo, id, [
      { type: 'model_call', batchId: 'batch-3', data: { batchId: 'batch-3', phase: 'progress', chunks: 3, chars: 40 } },
    ]);
    await expect.poll(() => wait.count(), { timeout: 5_000 }).toBe(0);

    await page.getByRole('toolbar', { name: 'Review actions' }).getByRole('button', { name: 'Cancel' }).click();
    const pill = page.locator('.review-title-row [data-status]');
    await expect.poll(() => pill.getAttribute('data-status'), { timeout: 10_000 }).toBe('canceled');
    const toolbar = page.getByRole('toolbar', { name: 'Review actions' });
    expect(await toolbar.getByRole('button', { name: /Cancel/ }).count()).toBe(0);
    expect(await toolbar.textContent()).not.toContain('stops within seconds');
    expect(await toolbar.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    // The two open batches ended with the review: canceled, in their own colour, not failed or running.
    await expect.poll(() => headline.textContent(), { timeout: 5_000 }).toBe('4 batches: 1 done, 1 failed, 2 canceled');
    expect(
      await page.locator('[data-batch-status]').evaluateAll((s) => s.map((e) => e.dataset['batchStatus'])),
    ).toEqual(['success', 'failed', 'canceled', 'canceled']);
    await page.screenshot({ path: path.join(screenshotsDir, 'truth-canceled-1280.png'), fullPage: true });
    await page.close();
  });

  it('shows a 400’s field message under the field it names', async () => {
    const page = await context.newPage();
    // The server's own diff check is another change; the answer's shape is the contract's envelope.
    await page.route('**/api/v1/reviews', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'bad_request',
                message: 'The request is invalid',
                details: [
                  { field: 'body.diff', message: 'this is not a unified diff (no "diff --git" or "@@" lines)' },
                ],
              },
            }),
          })
        : route.fallback(),
    );
    await page.goto(`${demo.baseUrl}/reviews`);
    await page.getByRole('button', { name: 'New review' }).click();
    const dialog = page.getByRole('dialog', { name: 'New review' });
    await dialog.getByLabel('Pasted diff').check();
    await dialog.getByLabel('Unified diff').fill('just some text');
    await dialog.getByRole('button', { name: 'Start review' }).click();
    const message = dialog.locator('[data-field-error="diff"]');
    await message.waitFor();
    expect(await message.textContent()).toBe('this is not a unified diff (no "diff --git" or "@@" lines)');
    const textarea = dialog.getByLabel('Unified diff');
    expect(await textarea.getAttribute('aria-invalid')).toBe('true');
    expect(await textarea.getAttribute('aria-describedby')).toBe('new-review-diff-error');
    await page.screenshot({ path: path.join(screenshotsDir, 'truth-diff-400-1280.png') });
    await page.close();
  });

  it('says "Offline — last update" on both pages while the server is down, stops the clocks, and comes back', async () => {
    const id = await createExternalReview(demo, 'Runs while the server goes away');
    await postEvents(demo, id, [statusEvent('running'), batchEvent('batch-1', 'running')]);
    const list = await context.newPage();
    await list.goto(`${demo.baseUrl}/reviews`);
    const review = await context.newPage();
    await review.goto(`${demo.baseUrl}/reviews/${id}`);
    for (const page of [list, review]) await page.locator('[data-connection="live"]').waitFor();

    const failedRequests = { list: 0, review: 0 };
    list.on('requestfailed', () => (failedRequests.list += 1));
    review.on('requestfailed', () => (failedRequests.review += 1));
    const port = new URL(demo.baseUrl).port;
    await demo.stop();

    for (const page of [list, review]) {
      await page.locator('[data-connection="offline"]').waitFor({ timeout: 20_000 });
      expect(await badge(page).textContent()).toMatch(/Offline — last update \d{2}:\d{2}:\d{2}$/);
      await recordBadge(page);
    }
    // Several stream retries and polls fail in the meantime; none of them may flip the badge.
    await expect
      .poll(() => Math.min(failedRequests.list, failedRequests.review), { timeout: 30_000, interval: 500 })
      .toBeGreaterThanOrEqual(6);
    for (const page of [list, review]) expect(await badgeHistory(page)).toEqual(['offline']);

    // Live figures stopped at the last update and say so.
    const lastUpdate = /last update (\d{2}:\d{2}:\d{2})/.exec((await badge(review).textContent()) ?? '')![1]!;
    expect(await review.locator('.facts [data-as-of]').textContent()).toContain(`as of ${lastUpdate}`);
    expect(await review.getByTestId('time-left').textContent()).toContain(`as of ${lastUpdate}`);
    const row = list.locator(`tbody tr[data-review-id="${id}"]`);
    expect(await row.locator('[data-as-of]').textContent()).toMatch(/as of \d{2}:\d{2}:\d{2}/);
    await review.screenshot({ path: path.join(screenshotsDir, 'truth-offline-review-1280.png'), fullPage: true });
    await list.screenshot({ path: path.join(screenshotsDir, 'truth-offline-list-1280.png') });
    await review.setViewportSize({ width: 390, height: 900 });
    await review.emulateMedia({ colorScheme: 'dark' });
    await review.screenshot({ path: path.join(screenshotsDir, 'truth-offline-review-390-dark.png') });

    demo = await startDemoServer({ DATA_DIR: dataDir, PORT: port });
    for (const page of [list, review]) {
      await page.locator('[data-connection="live"]').waitFor({ timeout: 40_000 });
      expect(await page.locator('[data-as-of]').count()).toBe(0);
    }
    await list.close();
    await review.close();
  });
});
