import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import type { AlertList, AlertRule } from '@reviewtrace/contracts';
import { WebhookReceiver } from '../server/src/testing/webhook-receiver.ts';
import { launchChromium, screenshotsDir } from './browser.ts';
import { OWNER, startDemoServer, type DemoServer } from './support/demo-server.ts';
import { sidewaysOverflow } from './support/overflow.ts';
import { signedInContext } from './support/page-helpers.ts';

const shotsDir = process.env['SHOTS_DIR'] ?? screenshotsDir;
mkdirSync(shotsDir, { recursive: true });

/** How far the page scrolls sideways: nothing may stick out of a phone's width. */

/**
 * Alerts in the browser against `npm start`'s demo server. The embedded server's outbound policy is
 * `open`, so a receiver on loopback is allowed (as a self-hosted operator's would be). Evaluation
 * runs every second (ALERT_EVAL_MS, its minimum): the test waits for the alert to appear, never a fixed time.
 */
describe('alerts: endpoints, "Send test", and a firing alert on every page (demo server)', () => {
  let demo: DemoServer;
  let browser: Browser;
  const receiver = new WebhookReceiver();
  beforeAll(async () => {
    await receiver.start();
    demo = await startDemoServer({ ALERT_EVAL_MS: '1000' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await receiver.close();
  });
  const url = (pathname: string) => new URL(pathname, demo.baseUrl).toString();

  it('adds an endpoint (secret shown once), sends a signed test and shows it in the delivery log', async () => {
    const context = await signedInContext(browser, demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/settings#alert-endpoints'));
    const section = page.locator('#alert-endpoints');
    const form = section.getByRole('form', { name: 'Add an alert endpoint' });
    await form.getByLabel('URL').fill(receiver.url('/alerts'));
    await form.getByLabel('Description').fill('e2e receiver');
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    const notice = section.getByRole('status').filter({ hasText: 'shown once' });
    const secret = (await notice.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.screenshot({ path: path.join(shotsDir, 'alerts-endpoint-secret-light-1280.png'), fullPage: true });
    // Shown once: a fresh page load lists the endpoint with its secret masked.
    await page.reload();
    const endpoint = section.locator('li.alert-endpoint', { hasText: receiver.url('/alerts') });
    await endpoint.waitFor();
    expect(await page.content()).not.toContain(secret);

    await endpoint.getByRole('button', { name: 'Send test' }).click();
    await endpoint.getByRole('button', { name: 'Deliveries' }).click();
    const row = endpoint.locator('.delivery-log tbody tr', { hasText: 'webhook.test' });
    await expect.poll(() => row.locator('td').nth(2).textContent()).toMatch(/^delivered/);
    expect(await row.locator('td').nth(3).textContent()).toMatch(/^200 \(\d+ ms\)$/);

    // What arrived verifies with the secret the page showed, by a verifier we did not write.
    const test = receiver.received.find((hook) => hook.body.includes('webhook.test'))!;
    const payload = new Webhook(secret).verify(test.body, test.headers) as { type: string };
    expect(payload.type).toBe('webhook.test');
    await page.screenshot({ path: path.join(shotsDir, 'alerts-delivery-log-light-1280.png'), fullPage: true });
    await context.close();
  });

  it('the demo receiver shows what it got from the demo endpoint, each verified with the endpoint’s secret', async () => {
    const context = await signedInContext(browser, demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/settings#alert-endpoints'));
    const demoEndpoint = page.locator('#alert-endpoints li.alert-endpoint', { hasText: '/demo-alert-receiver/' });
    await demoEndpoint.getByRole('button', { name: 'Send test' }).click();
    await demoEndpoint.getByRole('link', { name: 'Open receiver' }).click();
    await page.waitForURL(/\/demo\/alert-receiver$/);
    // The page refreshes every 5 s; the test message arrives within the dispatcher's next round.
    const item = page.locator('.received-list li', { hasText: 'Test message' }).first();
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('.received-check').textContent()).toMatch(/^\s*Signature verified$/);
    await item.getByText('Body').click();
    expect(await item.locator('pre').textContent()).toContain('"type": "webhook.test"');
    await page.screenshot({ path: path.join(shotsDir, 'alerts-demo-receiver-light-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.screenshot({ path: path.join(shotsDir, 'alerts-demo-receiver-light-390.png'), fullPage: true });
    await context.close();
  });

  it('shows a firing alert in a banner on every page and on Health, with a working "Failing reviews" link', async () => {
    // The demo's history has failed reviews: a rule that any failure in the last week trips.
    const rule = await demo.api<AlertRule>(OWNER, '/api/v1/alert-rules', {
      method: 'POST',
      body: {
        name: 'Any failure (e2e)',
        metric: 'failure_rate',
        threshold: 0.01,
        windowMinutes: 10_080,
        minReviews: 1,
      },
    });
    await expect
      .poll(async () => (await demo.api<AlertList>(OWNER, '/api/v1/alerts?state=firing')).items.map((a) => a.ruleId), {
        timeout: 30_000,
      })
      .toContain(rule.id);
    const alert = (await demo.api<AlertList>(OWNER, '/api/v1/alerts?state=firing')).items.find(
      (a) => a.ruleId === rule.id,
    )!;
    // The receiver is told about this alert once, whatever else fires (the demo's default rules switched on with the endpoint).
    const firingOfAlert = () =>
      receiver.received.filter((hook) => {
        const body = JSON.parse(hook.body) as { type: string; data: { alertId?: number } };
        return body.type === 'alert.firing' && body.data.alertId === alert.id;
      });
    await expect.poll(() => firingOfAlert().length).toBe(1);

    const context = await signedInContext(browser, demo, OWNER);
    const page = await context.newPage();
    for (const pathname of ['/reviews', '/settings', '/health']) {
      await page.goto(url(pathname));
      await page
        .locator('.alert-banner')
        .getByText(/firing/)
        .waitFor();
    }
    const row = page.locator(`.alerts-panel li.alert-firing[data-alert="${alert.id}"]`);
    await row.waitFor();
    // The demo keeps running reviews, so the observed numbers may move between the API read and the page.
    expect(await row.textContent()).toMatch(
      /Failure rate \d+(\.\d)?% \(threshold 1\.0%\) · \d+ reviews?, \d+ failed in 7 days/,
    );
    await page.screenshot({ path: path.join(shotsDir, 'alerts-health-light-1280.png'), fullPage: true });

    await row.getByRole('link', { name: 'Failing reviews' }).click();
    await page.waitForURL(/\/reviews\?/);
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('edits a rule (errors under their field), adds one for a connector and model, rotates a secret and redelivers', async () => {
    const context = await signedInContext(browser, demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/settings#alert-rules'));
    const rules = page.locator('#alert-rules');
    await rules.getByRole('button', { name: 'Edit rule Any failure (e2e)' }).click();
    const edit = rules.getByRole('form', { name: 'Edit rule Any failure (e2e)' });
    await edit.getByLabel('Threshold').fill('2');
    await edit.getByRole('button', { name: 'Save' }).click();
    // The API's 400 lands under each field it names.
    await expect.poll(() => edit.getByLabel('Threshold').getAttribute('aria-invalid')).toBe('true');
    await edit.getByText(/failure_rate is a share/).waitFor();
    await edit.getByLabel('Threshold').fill('0.02');
    await edit.getByLabel('Window (min)').fill('60');
    await edit.getByLabel('Min reviews').fill('2');
    await edit.getByRole('button', { name: 'Save' }).click();
    await rules.getByText('Failure rate at least 2.0% over 1 h, from at least 2 reviews').waitFor();
    const edited = (await demo.api<{ items: AlertRule[] }>(OWNER, '/api/v1/alert-rules')).items.find(
      (r) => r.name === 'Any failure (e2e)',
    )!;
    expect([edited.threshold, edited.windowMinutes, edited.minReviews]).toEqual([0.02, 60, 2]);

    const add = rules.getByRole('form', { name: 'Add an alert rule' });
    await add.getByLabel('Name').fill('Corp proxy falls back');
    await add.getByLabel('Metric').selectOption('fallback_rate');
    await add.getByLabel('Connector').selectOption({ label: 'Ollama behind corp proxy (demo)' });
    await add.getByLabel('Model', { exact: true }).fill('llama3.1:8b');
    await add.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByRole('cell', { name: 'Corp proxy falls back', exact: true }).waitFor();
    const added = (await demo.api<{ items: AlertRule[] }>(OWNER, '/api/v1/alert-rules')).items.find(
      (r) => r.name === 'Corp proxy falls back',
    )!;
    expect(added.connectorId).not.toBeNull();
    expect(added.model).toBe('llama3.1:8b');

    await page.goto(url('/settings#alert-endpoints'));
    // The test's receiver (the demo's own endpoint is listed first).
    const endpoint = page.locator('#alert-endpoints li.alert-endpoint', { hasText: receiver.url('/alerts') });
    await endpoint.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.locator('#alert-endpoints').getByRole('status').filter({ hasText: 'New secret' });
    expect(await rotated.locator('code').textContent()).toMatch(/^whsec_/);

    await endpoint.getByRole('button', { name: 'Deliveries' }).click();
    const testRow = endpoint.locator('.delivery-log tbody tr', { hasText: 'webhook.test' }).last();
    const before = receiver.received.length;
    await testRow.getByRole('button', { name: /^Redeliver webhook.test/ }).click();
    await expect.poll(() => receiver.received.length).toBeGreaterThan(before);
    const again = receiver.received.at(-1)!;
    // The same webhook-id as the first send, signed with both secrets during the rotation.
    const first = receiver.received.find((hook) => hook.body.includes('webhook.test'))!;
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(again.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    await expect.poll(() => testRow.locator('td').nth(3).textContent()).toMatch(/^200 \(\d+ ms\), 200/);
    await context.close();
  });

  for (const [theme, width] of [
    ['light', 1280],
    ['dark', 1280],
    ['light', 390],
    ['dark', 390],
  ] as const) {
    it(`fits ${width} px in the ${theme} theme: banner, Health, and alert settings`, async () => {
      const context = await signedInContext(browser, demo, OWNER, { width, colorScheme: theme });
      const page = await context.newPage();
      const overflow: Record<string, string[]> = {};

      await page.goto(url('/health'));
      await page.locator('.alerts-panel li.alert-firing').first().waitFor();
      await page.locator('.alert-banner').waitFor();
      overflow['health'] = await sidewaysOverflow(page);
      await page.screenshot({ path: path.join(shotsDir, `alerts-health-${theme}-${width}.png`), fullPage: true });

      await page.goto(url('/settings#alert-endpoints'));
      const endpoint = page.locator('#alert-endpoints li.alert-endpoint').first();
      await endpoint.getByRole('button', { name: 'Deliveries' }).click();
      await endpoint.locator('.delivery-log tbody tr').first().waitFor();
      overflow['settings'] = await sidewaysOverflow(page);
      await page
        .locator('#alert-rules')
        .screenshot({ path: path.join(shotsDir, `alerts-rules-${theme}-${width}.png`) });
      await page
        .locator('#alert-endpoints')
        .screenshot({ path: path.join(shotsDir, `alerts-endpoints-${theme}-${width}.png`) });

      if (width === 390) expect(overflow).toEqual({ health: [], settings: [] });
      await context.close();
    });
  }

  it('resolves the alert once its rule is switched off: Health lists it in the history, and the receiver is told', async () => {
    const rules = await demo.api<{ items: AlertRule[] }>(OWNER, '/api/v1/alert-rules');
    const rule = rules.items.find((r) => r.name === 'Any failure (e2e)')!;
    const firing = (await demo.api<AlertList>(OWNER, '/api/v1/alerts?state=firing')).items.find(
      (a) => a.ruleId === rule.id,
    )!;
    const context = await signedInContext(browser, demo, OWNER);
    const page = await context.newPage();
    await page.goto(url('/settings#alert-rules'));
    await page.getByLabel(`Rule ${rule.name} enabled`).uncheck();
    await expect
      .poll(async () => (await demo.api<AlertList>(OWNER, '/api/v1/alerts?state=resolved')).items.map((a) => a.id), {
        timeout: 30_000,
      })
      .toContain(firing.id);

    await page.goto(url('/health'));
    await page.locator('.alerts-panel summary', { hasText: /History/ }).click();
    const row = page.locator(`.alerts-panel li.alert-resolved[data-alert="${firing.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/ · resolved \w+/);
    expect(await page.locator(`.alerts-panel li.alert-firing[data-alert="${firing.id}"]`).count()).toBe(0);
    // The banner counts only what still fires (the demo's own rules may well be firing by now).
    const stillFiring = (await demo.api<AlertList>(OWNER, '/api/v1/alerts?state=firing')).items.length;
    if (stillFiring === 0) expect(await page.locator('.alert-banner').count()).toBe(0);
    else expect(await page.locator('.alert-banner').textContent()).not.toContain(rule.name);
    await page.screenshot({ path: path.join(shotsDir, 'alerts-resolved-light-1280.png'), fullPage: true });

    const resolvedOfAlert = () =>
      receiver.received.filter((hook) => {
        const body = JSON.parse(hook.body) as { type: string; data: { alertId?: number } };
        return body.type === 'alert.resolved' && body.data.alertId === firing.id;
      });
    await expect.poll(() => resolvedOfAlert().length, { timeout: 30_000 }).toBe(1);
    await context.close();
  });
});
