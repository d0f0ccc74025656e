import { describe, expect, it } from 'vitest';
import type { ReviewListResponse } from '@reviewtrace/contracts';
import { OWNER } from './support/demo-server.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

describe('a superseded webhook review in the list and on its page (demo server)', () => {
  const env = startDemoAndBrowser();
  const url = (pathname: string) => new URL(pathname, env.demo.baseUrl).toString();

  it('links the list row to the review that superseded it, and the page to the delivery that started it', async () => {
    const list = await env.demo.api<ReviewListResponse>(OWNER, '/api/v1/reviews?per_page=100');
    const superseded = list.items.find((review) => review.supersededBy)!;
    expect(superseded).toBeDefined();
    const newer = superseded.supersededBy!;

    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url(`/reviews?q=%23${superseded.id}`));
    const row = page.locator(`tr[data-review-id="${superseded.id}"]`);
    await row.waitFor();
    if (superseded.headSha) await row.getByText(superseded.headSha.slice(0, 7)).waitFor();
    await row.getByRole('link', { name: `#${newer}`, exact: true }).click();
    await page.waitForURL(new RegExp(`/reviews/${newer}$`));

    await page.goto(url(`/reviews/${superseded.id}`));
    const facts = page.getByRole('list', { name: 'Pull request' });
    await facts.getByText(`Superseded by #${newer}`).waitFor();
    const startedBy = facts.getByRole('link', { name: /^Started (by|when) / });
    expect(await startedBy.getAttribute('href')).toMatch(/^\/settings\/webhooks\/\d+\/deliveries\?delivery=\d+$/);
    await startedBy.click();
    await page.waitForURL(/\/settings\/webhooks\/\d+\/deliveries\?delivery=\d+$/);
    await context.close();
  });
});
