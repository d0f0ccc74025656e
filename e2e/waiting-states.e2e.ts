import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { MEMBER } from './support/demo-server.ts';
import { createExternalReview, postEvents, statusEvent, type IncomingEvent } from './support/external-review.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

const batch = (batchId: string, data: Record<string, unknown>): IncomingEvent => ({
  type: 'batch',
  batchId,
  data: { batchId, ...data },
});

/**
 * Waiting is a state on screen (issue 15 §4): a batch waiting for a connector slot and one backing
 * off a rate limit, reported through ingestion exactly as the built-in engine reports them; the
 * page counts the rate limit down live and the list row says "waiting".
 */
describe('waiting for a slot and for a rate limit, at 390 px and 1280 px', () => {
  const started = startDemoAndBrowser();

  it.each([1280, 390])('shows both waits and counts the retry down at %i px', async (width) => {
    const { demo, browser } = started;
    const reviewId = await createExternalReview(demo, `Waiting states ${width}`);
    const retryAt = new Date(Date.now() + 45_000).toISOString();
    await postEvents(demo, reviewId, [
      statusEvent('running'),
      batch('batch-1', { status: 'queued', fileCount: 3, tokenEstimate: 5210 }),
      batch('batch-2', { status: 'queued', fileCount: 2, tokenEstimate: 3100 }),
      batch('batch-1', {
        status: 'waiting',
        wait: { reason: 'slot', connectorName: 'Local Ollama', inUse: 2, limit: 2 },
      }),
      batch('batch-2', { status: 'running', attempt: 1 }),
      batch('batch-2', {
        status: 'waiting',
        wait: { reason: 'rate_limit', provider: 'openai', retryAt, attempt: 2, maxAttempts: 5, retryAfterMs: 60_000 },
      }),
    ]);
    const context = await signedInContext(browser, demo, MEMBER, { width });
    const page = await context.newPage();

    await page.goto(`${demo.baseUrl}/reviews`);
    const row = page.locator('tr', { has: page.getByText(`Waiting states ${width}`) });
    await row.getByTestId('waiting-badge').waitFor();
    expect(await row.getByTestId('waiting-badge').textContent()).toContain('waiting · rate limited');
    await page.screenshot({ path: path.join(screenshotsDir, `waiting-list-${width}.png`) });

    await page.goto(`${demo.baseUrl}/reviews/${reviewId}`);
    const slot = page.locator('[data-testid="batch-wait"][data-wait="slot"]');
    const rateLimit = page.locator('[data-testid="batch-wait"][data-wait="rate_limit"]');
    await slot.waitFor();
    expect(await slot.textContent()).toContain('Waiting for a free slot on Local Ollama (2 in use)');
    const first = (await rateLimit.textContent()) ?? '';
    expect(first).toMatch(
      /Rate limited by OpenAI — retrying in 0:[34]\d \(attempt 2 of 5; provider said Retry-After 60 s\)/,
    );
    // The countdown ticks on the page's clock, with no new event.
    await page.waitForFunction(
      (before) => document.querySelector('[data-wait="rate_limit"]')?.textContent !== before,
      first,
      { timeout: 5_000 },
    );
    await page.screenshot({ path: path.join(screenshotsDir, `waiting-review-${width}.png`), fullPage: true });
    expect(await sidewaysOverflow(page)).toEqual([]);

    // The slot frees: that batch's wait is gone at once, live.
    await postEvents(demo, reviewId, [batch('batch-1', { status: 'running', attempt: 1 })]);
    await slot.waitFor({ state: 'detached' });
    expect(await rateLimit.count()).toBe(1);
    await context.close();
  });
});
