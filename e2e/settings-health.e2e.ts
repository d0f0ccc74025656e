import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotsDir } from './browser.ts';
import { MEMBER, OWNER } from './support/demo-server.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

const PLAIN_KEY = 'sk-e2e-plain-secret-4321';

describe('settings and connector health (demo server)', () => {
  const env = startDemoAndBrowser();
  const url = (pathname: string) => new URL(pathname, env.demo.baseUrl).toString();

  it('lets an owner add a connector whose key is then only shown masked', async () => {
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/settings'));
    const connectors = page.locator('#connectors');
    await connectors.locator('tbody tr').first().waitFor();

    await page.getByRole('button', { name: 'Add connector' }).click();
    const form = page.getByRole('form', { name: 'Add a connector' });
    await form.getByLabel('Provider').selectOption('openai');
    await form.getByLabel('Name').fill('E2E proxy');
    await form.getByLabel('Base URL').fill('not a url');
    await form.getByLabel('Model').fill('gpt-e2e');
    const key = form.getByLabel('API key');
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill(PLAIN_KEY);
    await form.getByRole('button', { name: 'Add connector' }).click();

    // The server's 400 lands next to the field it names.
    await expect.poll(() => form.getByLabel('Base URL').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Base URL').fill('http://127.0.0.1:9/v1');
    await form.getByRole('button', { name: 'Add connector' }).click();

    const row = connectors.locator('tbody tr', { hasText: 'E2E proxy' });
    await row.waitFor();
    await form.waitFor({ state: 'detached' });
    expect(await row.textContent()).toContain('••••4321');
    expect(await page.content()).not.toContain(PLAIN_KEY);

    // Nothing listens on port 9: the test reports a failure inline, with the reason.
    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => connectors.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/Test failed/);
    await page.screenshot({ path: path.join(screenshotsDir, 'settings-1280.png'), fullPage: true });

    // A failure tip's link lands on the named section, heading focused: opened afresh, and as a
    // hash change on the page already open.
    const fromTip = await context.newPage();
    await fromTip.goto(url('/settings#tokens'));
    await expect.poll(() => fromTip.locator('#tokens-title:focus').count()).toBe(1);
    await page.goto(url('/settings#connectors'));
    await expect.poll(() => page.locator('#connectors-title:focus').count()).toBe(1);
    await context.close();
  });

  it('shows a member the connectors read-only, with the reason', async () => {
    const context = await signedInContext(env.browser, env.demo, MEMBER);
    const page = await context.newPage();
    await page.goto(url('/settings'));
    await page.getByText(/Only owners of .+ can change connectors, git tokens and git webhooks/).waitFor();
    await page.locator('#connectors tbody tr').first().waitFor();
    expect(await page.getByRole('button', { name: /Add connector|Add git token|Edit|Delete/ }).count()).toBe(0);

    await page.goto(url('/health'));
    await page.getByText(/Connector health is for owners and super admins/).waitFor();
    await context.close();
  });

  it('shows the owner the health of each connector with its review count', async () => {
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/health'));
    const card = page.locator('.health-card').first();
    await card.waitFor();
    const reviews = Number((await card.locator('.health-reviews').textContent())?.replace(/\D/g, ''));
    expect(reviews).toBeGreaterThan(0);
    expect(await card.getByRole('img').getAttribute('aria-label')).toMatch(/Reviews per (hour|day)/);
    await page.screenshot({ path: path.join(screenshotsDir, 'health-1280.png'), fullPage: true });
    await context.close();
  });
});
