import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { MEMBER, OWNER } from './support/demo-server.ts';
import { createExternalReview, postEvents, statusEvent } from './support/external-review.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

describe('failures and roles on the progress page', () => {
  const env = startDemoAndBrowser();

  it('a failed review shows its category, tip and action, and Retry creates and opens the new review', async () => {
    const failed = await env.demo.api<{ items: { id: number; errorCategory: string | null }[] }>(
      OWNER,
      '/api/v1/reviews?status=failed&per_page=100',
    );
    const review = failed.items.find((item) => item.errorCategory && item.errorCategory !== 'canceled')!;
    expect(review).toBeDefined();
    const detail = await env.demo.api<{ result: { tips: { title: string }[] } }>(OWNER, `/api/v1/reviews/${review.id}`);

    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(`${env.demo.baseUrl}/reviews/${review.id}`);
    const banner = page.getByRole('alert').filter({ hasText: detail.result.tips[0]!.title });
    await banner.waitFor();
    expect(await banner.locator('.tip-actions a, .tip-actions .button').count()).toBeGreaterThan(0);
    expect(await page.title()).toMatch(/^✕ #\d+/);
    await page.screenshot({ path: path.join(screenshotsDir, 'failed-review-1280.png'), fullPage: true });

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== `/reviews/${review.id}` && /^\/reviews\/\d+$/.test(url.pathname));
    const newId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(newId).toBeGreaterThan(review.id);
    await page.getByRole('link', { name: `#${review.id}` }).waitFor(); // "Retry of #id"
    const created = await env.demo.api<{ retryOf: number | null }>(OWNER, `/api/v1/reviews/${newId}`);
    expect(created.retryOf).toBe(review.id);
    await context.close();
  });

  it('hides "View full" from a member, saying why, and gives an owner a working signed link', async () => {
    const id = await createExternalReview(env.demo, 'Artifacts by role');
    await postEvents(env.demo, id, [statusEvent('running')]);
    const prompt = `SYSTEM: review this diff\n${'x'.repeat(20_000)}\nEND OF PROMPT`;
    const response = await fetch(`${env.demo.baseUrl}/api/v1/reviews/${id}/artifacts/prompt?batch_id=batch-1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${env.demo.tokenOf(OWNER)}`, 'content-type': 'text/plain' },
      body: prompt,
    });
    expect(response.status).toBe(201);

    const member = await signedInContext(env.browser, env.demo, MEMBER);
    const memberPage = await member.newPage();
    await memberPage.goto(`${env.demo.baseUrl}/reviews/${id}`);
    await memberPage.getByTestId('view-full-hidden').waitFor();
    expect(await memberPage.getByTestId('view-full-hidden').textContent()).toMatch(/only owners and super admins/);
    await memberPage.locator('.artifact-batch summary', { hasText: 'Batch 1' }).first().click();
    await memberPage.getByText(/truncated · 20 KB/).waitFor();
    expect(await memberPage.getByRole('button', { name: 'View full' }).count()).toBe(0);
    await member.close();

    const owner = await signedInContext(env.browser, env.demo, OWNER);
    const ownerPage = await owner.newPage();
    await ownerPage.goto(`${env.demo.baseUrl}/reviews/${id}`);
    await ownerPage.locator('.artifact-batch summary').first().click();
    const viewFull = ownerPage.getByRole('button', { name: 'View full' });
    await viewFull.first().waitFor();
    expect(await ownerPage.getByTestId('view-full-hidden').count()).toBe(0);
    await viewFull.first().click();
    // The viewer fetches the signed URL and shows the whole artifact, a line per row, numbered.
    const viewer = ownerPage.getByRole('dialog', { name: 'Prompt · batch-1' });
    await viewer.locator('.numbered-line').first().waitFor();
    expect(await viewer.locator('.numbered-line').allTextContents()).toEqual(prompt.split('\n').map((l) => `${l}\n`));
    const [download] = await Promise.all([
      ownerPage.waitForEvent('download'),
      viewer.getByRole('link', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('review-batch-1-prompt.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(prompt);
    await owner.close();
  });
});
