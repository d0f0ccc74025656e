import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { OWNER } from './support/demo-server.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

const sampleDiff = (name: string) =>
  readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), `../server/src/demo/sample-diffs/${name}`),
    'utf8',
  );

interface Detail {
  status: string;
  errorCategory: string | null;
  batches: unknown[];
  commentCount: number;
}

describe('the result of a finished review', () => {
  const env = startDemoAndBrowser();

  async function reviewWith(connectorName: string, title: string, diff: string): Promise<number> {
    const connectors = await env.demo.api<{ items: { id: number; name: string }[] }>(OWNER, '/api/v1/connectors');
    const connector = connectors.items.find((c) => c.name === connectorName)!;
    const { id } = await env.demo.api<{ id: number }>(OWNER, '/api/v1/reviews', {
      method: 'POST',
      body: { diff: sampleDiff(diff), connectorId: connector.id, title },
    });
    await expect
      .poll(async () => (await env.demo.api<Detail>(OWNER, `/api/v1/reviews/${id}`)).status, { timeout: 90_000 })
      .toMatch(/success|failed/);
    return id;
  }

  it('explains invalid JSON once: one "Why" with its raw excerpt, no repeated summary', async () => {
    const id = await reviewWith('Verbose model (demo)', 'Invalid JSON e2e', 'engine-contracts.diff');
    const detail = await env.demo.api<Detail>(OWNER, `/api/v1/reviews/${id}`);
    expect(detail.errorCategory).toBe('invalid_json');

    for (const width of [1280, 390]) {
      const context = await signedInContext(env.browser, env.demo, OWNER, { width });
      const page = await context.newPage();
      await page.goto(`${env.demo.baseUrl}/reviews/${id}`);
      const result = page.locator('.result');
      await result.locator('.parse-trouble').first().waitFor();
      expect(await result.locator('.parse-trouble').count()).toBe(1);
      expect(await result.getByText('Why', { exact: true }).count()).toBe(1);
      expect(await result.locator('.raw-excerpt').count()).toBe(1);
      expect(await result.locator('.markdown').count()).toBe(0);
      // Nothing in the result is wider than the page.
      expect(await sidewaysOverflow(page)).toEqual([]);
      await result.screenshot({ path: path.join(screenshotsDir, `result-invalid-json-${width}.png`) });
      await context.close();
    }
  });

  it('merges a multi-batch summary into one, renders comment markdown, and views an artifact in full', async () => {
    // The demo's history was reviewed by the real pipeline: take a successful multi-batch review with comments.
    const done = await env.demo.api<{ items: { id: number }[] }>(OWNER, '/api/v1/reviews?status=success&per_page=100');
    let id = 0;
    let detail: Detail | undefined;
    for (const item of done.items) {
      detail = await env.demo.api<Detail>(OWNER, `/api/v1/reviews/${item.id}`);
      id = item.id;
      if (detail.batches.length > 1 && detail.commentCount > 0) break;
    }
    expect(detail!.batches.length).toBeGreaterThan(1);

    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(`${env.demo.baseUrl}/reviews/${id}`);
    const summary = page.locator('.result .markdown');
    await summary.locator('h2').first().waitFor();
    expect(await summary.locator('h2').allTextContents()).toEqual(['Summary']);
    const breakdown = await summary.locator('h3').allTextContents();
    expect(breakdown.length).toBeGreaterThan(1);
    for (const heading of breakdown) expect(heading).toMatch(/^Batch \S+ · \d+ comments?$/);

    const body = page.locator('.comment-body').first();
    await body.locator('code').first().waitFor({ state: 'attached' });
    expect(await body.textContent()).not.toContain('`');

    await page.locator('.artifact-batch summary').first().click();
    await page.getByRole('button', { name: 'View full' }).first().click();
    const viewer = page.getByRole('dialog');
    await viewer.locator('.numbered-line').first().waitFor();
    expect(await viewer.locator('.numbered-line').count()).toBeGreaterThan(10);
    expect(await viewer.getByRole('link', { name: 'Download' }).getAttribute('download')).toMatch(/prompt|response/);
    await page.screenshot({ path: path.join(screenshotsDir, 'artifact-viewer-1280.png') });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: path.join(screenshotsDir, 'artifact-viewer-390.png') });
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    await context.close();
  });
});
