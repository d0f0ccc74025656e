import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { OWNER, SUPER_ADMIN } from './support/demo-server.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

describe('the reviews list served by npm start (demo)', () => {
  const env = startDemoAndBrowser();

  it('signs in through a printed demo link and shows the org’s reviews', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(env.demo.signInLink(SUPER_ADMIN));
    expect(new URL(page.url()).pathname).toBe('/reviews');
    await page.getByRole('table').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(25);
    await expect.poll(() => page.getByText('super-admin@acme.demo').count()).toBe(1);
    await page.close();
  });

  it('filters by status and search, keeps filters in the URL, and restores them on back', async () => {
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(`${env.demo.baseUrl}/reviews`);
    await page.getByRole('table').waitFor();

    await page.getByRole('checkbox', { name: 'Failed' }).check();
    await page.waitForURL(/status=failed/);
    await expect
      .poll(async () => [
        ...new Set(
          await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))),
        ),
      ])
      .toEqual(['failed']);

    await page.getByRole('searchbox', { name: 'Search' }).fill('storefront');
    await page.waitForURL(/q=storefront/);
    await expect
      .poll(async () =>
        (await page.locator('tbody td.title-cell').allTextContents()).every((t) => /storefront/i.test(t)),
      )
      .toBe(true);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);

    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('q='));
    expect(await page.getByRole('checkbox', { name: 'Failed' }).isChecked()).toBe(true);
    // A deep link opens with the same filters.
    const second = await context.newPage();
    await second.goto(`${env.demo.baseUrl}/reviews?status=success&per_page=10`);
    await expect.poll(() => second.locator('tbody tr').count()).toBe(10);
    expect(await second.getByRole('checkbox', { name: 'Success' }).isChecked()).toBe(true);
    await context.close();
  });

  it('switches org from the header for a user in several orgs, and the list follows', async () => {
    const context = await signedInContext(env.browser, env.demo, SUPER_ADMIN);
    const page = await context.newPage();
    await page.goto(`${env.demo.baseUrl}/reviews`);
    await page.getByRole('table').waitFor();
    const switcher = page.getByRole('combobox', { name: 'Organization' });
    const globex = (await switcher.locator('option').allTextContents()).find((name) => /globex/i.test(name))!;
    expect(globex).toBeDefined();
    const acmeIds = await page
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review-id')));
    await switcher.selectOption({ label: globex });
    await expect
      .poll(async () => {
        const ids = await page
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-review-id')));
        return ids.length > 0 && ids.every((id) => !acmeIds.includes(id));
      })
      .toBe(true);
    // The choice is the session's: a reload and the API (cookie) both act in Globex now.
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await switcher.locator('option:checked').textContent()).toBe(globex);
    await context.close();
  });

  it('asks for a token when not signed in', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.demo.baseUrl);
    await page.getByLabel(/sign-in token/i).waitFor();
    await page.getByLabel(/sign-in token/i).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Invalid credentials/);
    await page.close();
  });

  it('sends a bad sign-in link to the sign-in page, which says why (not raw JSON)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        const page = await env.browser.newPage({ viewport: { width, height: 800 }, colorScheme });
        // A link cut short when copied from the terminal.
        const link = env.demo.signInLink(OWNER);
        await page.goto(link.slice(0, -6));
        expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/sign-in?error=invalid');
        await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^That sign-in link is not valid/);
        await page.getByLabel(/sign-in token/i).waitFor();
        await page.screenshot({ path: path.join(screenshotsDir, `sign-in-bad-link-${colorScheme}-${width}.png`) });
        await page.close();
      }
    }
  });

  it('renders both themes at 1280 px and 390 px (screenshots for review)', async () => {
    const { items } = await env.demo.api<{ items: { id: number; status: string }[] }>(
      OWNER,
      '/api/v1/reviews?status=success',
    );
    const reviewId = items[0]!.id;
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        const context = await signedInContext(env.browser, env.demo, OWNER, { width, colorScheme });
        const page = await context.newPage();
        await page.goto(`${env.demo.baseUrl}/reviews`);
        await page.getByRole('table').waitFor();
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(colorScheme === 'dark' ? 'rgb(15, 18, 22)' : 'rgb(255, 255, 255)');
        await page.screenshot({ path: path.join(screenshotsDir, `reviews-${colorScheme}-${width}.png`) });
        await page.goto(`${env.demo.baseUrl}/reviews/${reviewId}`);
        await page.locator('.log-row[data-level]').first().waitFor();
        // Nothing sticks out sideways (the tables and the log scroll inside their own boxes).
        const sticking = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter(
              (el) =>
                !el.closest('.table-scroll, .log-viewport') && el.getBoundingClientRect().right > window.innerWidth + 1,
            )
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
            .slice(0, 5),
        );
        expect(sticking).toEqual([]);
        await page.screenshot({
          path: path.join(screenshotsDir, `progress-${colorScheme}-${width}.png`),
          fullPage: true,
        });
        await context.close();
      }
    }
  });
});

describe('New review (demo)', () => {
  const env = startDemoAndBrowser();

  it('preselects the connector the org has been using and names bad fields in words', async () => {
    const { items: connectors } = await env.demo.api<{ items: { id: number; name: string }[] }>(
      OWNER,
      '/api/v1/connectors',
    );
    // A healthy demo connector that is not the first listed; 11 of the latest 20 reviews use it.
    const usual = connectors.find((c) => c.name === 'OpenAI (demo)')!;
    expect(connectors[0]!.id).not.toBe(usual.id);
    const diff = 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-old\n+new\n';
    for (let i = 0; i < 11; i++) {
      await env.demo.api(OWNER, '/api/v1/reviews', { method: 'POST', body: { diff, connectorId: usual.id } });
    }

    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(`${env.demo.baseUrl}/reviews`);
    await page.getByRole('button', { name: 'New review' }).click();
    const dialog = page.getByRole('dialog', { name: 'New review' });
    const connector = dialog.getByLabel('Connector');
    await expect.poll(() => connector.inputValue()).toBe(String(usual.id));

    await dialog.getByLabel('PR/MR URL').fill('https://example.com/not/a/pull/request');
    await dialog.getByRole('button', { name: 'Start review' }).click();
    // The message sits under the URL field it is about; nothing on screen names the API's field paths.
    await dialog.locator('[data-field-error="prMrUrl"]').waitFor();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.innerText()).not.toMatch(/prMrUrl|body\./);
    await context.close();
  });
});
