import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GitWebhookList, GitWebhookSecret, WebhookDeliveryPage } from '@reviewtrace/contracts';
import { screenshotsDir } from './browser.ts';
import { OWNER } from './support/demo-server.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext, startDemoAndBrowser } from './support/page-helpers.ts';

/** Where this test's screenshots go, to be looked at (light and dark, 1280 and 390 px). */
const shotsDir = process.env['SHOTS_DIR'] ?? screenshotsDir;
mkdirSync(shotsDir, { recursive: true });

/** How far the page scrolls sideways: nothing may stick out of a phone's width. */

describe('git webhooks in settings and their delivery log (demo server)', () => {
  const env = startDemoAndBrowser();
  const url = (pathname: string) => new URL(pathname, env.demo.baseUrl).toString();
  const demoWebhook = async () => (await env.demo.api<GitWebhookList>(OWNER, '/api/v1/git-webhooks')).items[0]!;

  it('adds a webhook (URL and secret shown once), reads the demo deliveries, filters them, and follows a superseded one', async () => {
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/settings#webhooks'));
    const section = page.locator('#webhooks');
    await section.locator('tbody tr').first().waitFor();

    await section.getByRole('button', { name: 'Add webhook' }).click();
    const form = page.getByRole('form', { name: 'Add a git webhook' });
    await form.getByLabel('Provider').selectOption('github');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await form.locator('.error-text', { hasText: 'choose a GitHub token' }).waitFor();
    expect(await form.getByLabel('Git token').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Git token').selectOption({ label: 'GitHub bot (demo)' });
    await form.getByLabel('Connector').selectOption({ index: 1 });
    await form.getByLabel('Repositories').fill('acme/app\nnot a repository');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    // The API's 400 lands under the field, naming the line.
    await expect.poll(() => form.getByLabel('Repositories').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Repositories').fill('acme/app');
    await form.getByRole('button', { name: 'Add webhook' }).click();

    const panel = page.getByRole('region', { name: /Webhook \d+ added/ });
    await panel.waitFor();
    const hookUrl = await panel.getByRole('textbox', { name: 'Payload URL' }).inputValue();
    const secret = await panel.getByRole('textbox', { name: 'Secret', exact: true }).inputValue();
    expect(hookUrl).toMatch(new RegExp(`^${env.demo.baseUrl}/api/v1/hooks/github/\\d+$`));
    expect(secret).toMatch(/^rtwh_[\w-]{40,}$/);
    await panel.getByText('The secret is shown only this once.').waitFor();
    await panel.getByText(/tick Pull requests only/).waitFor();
    expect(await panel.getByRole('button', { name: /Copy/ }).count()).toBe(2);
    await page.screenshot({ path: path.join(shotsDir, 'settings-webhook-created-light-1280.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Done, I have copied it' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await section.locator('tbody tr', { hasText: 'acme/app' }).waitFor();

    // The demo's webhook and its log, as the receiver decided it.
    const hook = await demoWebhook();
    await section.getByRole('link', { name: `Deliveries of webhook ${hook.id}` }).click();
    await page.waitForURL(`**/settings/webhooks/${hook.id}/deliveries`);
    const rows = page.locator('.deliveries-table tbody tr');
    await expect.poll(() => rows.count()).toBe(9);
    for (const reason of [
      'skipped: draft',
      'skipped: repository not in filter',
      'ignored: event issues',
      'rejected: bad signature',
      'ignored: redelivery, already handled',
    ]) {
      await page.getByText(reason).first().waitFor();
    }
    await page.screenshot({ path: path.join(shotsDir, 'deliveries-light-1280.png'), fullPage: true });

    await page.getByRole('checkbox', { name: 'Superseded' }).check();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Rejected' }).check();
    await expect.poll(() => rows.count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('decision')).toBe('superseded,rejected');
    await page.getByRole('checkbox', { name: 'Rejected' }).uncheck();
    await expect.poll(() => rows.count()).toBe(1);

    const superseded = rows.first();
    const reason = (await superseded.locator('.decision-reason').textContent()) ?? '';
    expect(reason).toMatch(/^superseded by #\d+$/);
    const newer = reason.replace('superseded by ', '');
    await superseded.getByRole('link', { name: /^Review #\d+$/ }).click();
    await page.waitForURL(/\/reviews\/\d+$/);
    await page.getByText(`Superseded by ${newer} (new commits)`).first().waitFor();
    await context.close();
  });

  it('opens the log at one delivery, highlighted, from ?delivery=', async () => {
    const hook = await demoWebhook();
    const log = await env.demo.api<WebhookDeliveryPage>(OWNER, `/api/v1/git-webhooks/${hook.id}/deliveries`);
    const target = log.items.find((d) => d.reason === 'skipped: draft')!;
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url(`/settings/webhooks/${hook.id}/deliveries?delivery=${target.id}`));
    const highlighted = page.locator('.deliveries-table tbody tr[aria-current="true"]');
    await highlighted.waitFor();
    expect(await highlighted.getAttribute('data-delivery')).toBe(String(target.id));
    // Newer ones are left out until asked for.
    const shown = await page.locator('.deliveries-table tbody tr').count();
    expect(shown).toBe(log.items.filter((d) => d.id <= target.id).length);
    await page.getByRole('button', { name: 'Show the newest' }).click();
    await expect.poll(() => page.locator('.deliveries-table tbody tr').count()).toBe(log.items.length);
    await context.close();
  });

  it('pages the log with "Load more", and shows an empty log with what to tick at the provider', async () => {
    const [token] = (await env.demo.api<{ items: { id: number }[] }>(OWNER, '/api/v1/integration-tokens')).items;
    const [connector] = (await env.demo.api<{ items: { id: number }[] }>(OWNER, '/api/v1/connectors')).items;
    const created = await env.demo.api<GitWebhookSecret>(OWNER, '/api/v1/git-webhooks', {
      method: 'POST',
      body: { provider: 'github', integrationTokenId: token!.id, connectorId: connector!.id },
    });
    const context = await signedInContext(env.browser, env.demo, OWNER);
    const page = await context.newPage();
    await page.goto(url(`/settings/webhooks/${created.id}/deliveries`));
    await page.getByText('No deliveries yet.').waitFor();
    await page.getByText(/tick Pull requests/).waitFor();

    // 55 pings, signed with the secret as GitHub signs them.
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: created.id });
    const signature = `sha256=${createHmac('sha256', created.secret).update(body).digest('hex')}`;
    for (let i = 0; i < 55; i++) {
      const answer = await fetch(url(created.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'ping',
          'x-github-delivery': `e2e-ping-${i}`,
          'x-hub-signature-256': signature,
        },
        body,
      });
      expect(answer.status).toBe(202);
    }
    await page.reload();
    const rows = page.locator('.deliveries-table tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(55);
    await page.getByText('55 deliveries; kept 30 days.').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await context.close();
  });

  for (const [theme, width] of [
    ['light', 1280],
    ['dark', 1280],
    ['light', 390],
    ['dark', 390],
  ] as const) {
    it(`fits ${width} px in the ${theme} theme: settings with a new secret, the log, a superseded review`, async () => {
      const hook = await demoWebhook();
      const log = await env.demo.api<WebhookDeliveryPage>(OWNER, `/api/v1/git-webhooks/${hook.id}/deliveries`);
      const supersededReview = log.items.find((d) => d.decision === 'superseded')!.reviewId!;
      const context = await signedInContext(env.browser, env.demo, OWNER, { width, colorScheme: theme });
      const page = await context.newPage();
      const overflow: Record<string, string[]> = {};

      await page.goto(url('/settings#webhooks'));
      const row = page.locator('#webhooks tbody tr').first();
      await row.waitFor();
      await row.getByRole('button', { name: /Rotate secret of/ }).click();
      await page.getByRole('region', { name: /New secret for webhook/ }).waitFor();
      overflow['settings'] = await sidewaysOverflow(page);
      await page.getByRole('region', { name: /New secret for webhook/ }).screenshot({
        path: path.join(shotsDir, `settings-secret-${theme}-${width}.png`),
      });
      await page.screenshot({ path: path.join(shotsDir, `settings-${theme}-${width}.png`), fullPage: true });

      await page.goto(url(`/settings/webhooks/${hook.id}/deliveries`));
      await expect.poll(() => page.locator('.deliveries-table tbody tr').count()).toBe(9);
      overflow['deliveries'] = await sidewaysOverflow(page);
      await page.screenshot({ path: path.join(shotsDir, `deliveries-${theme}-${width}.png`), fullPage: true });

      await page.goto(url(`/reviews/${supersededReview}`));
      await page
        .getByText(/Superseded by #\d+ \(new commits\)/)
        .first()
        .waitFor();
      overflow['review'] = await sidewaysOverflow(page);
      await page.screenshot({ path: path.join(shotsDir, `superseded-review-${theme}-${width}.png`), fullPage: true });

      expect(overflow).toEqual({ settings: [], deliveries: [], review: [] });
      await context.close();
    });
  }
});
