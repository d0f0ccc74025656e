import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../e2e/browser.ts';
import { installProbe, keepNamesShim } from './browser-probe.ts';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

export interface WebBuild {
  dir: string;
  seconds: number;
  /** Why web/dist is measured instead of a fresh build, when the build failed. */
  fallback?: string;
}

/**
 * `vite build` of the working tree into a temporary directory: web/dist is what other servers on
 * this machine serve, so the bench never rewrites it. If the build fails (web/src mid-edit), the
 * last web/dist is measured instead and the tables say so.
 */
export async function buildWebApp(): Promise<WebBuild> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reviewtrace-bench-web-'));
  // web's own vite, resolved from web/ as `npm run build --workspace web` would.
  const vite = path.dirname(createRequire(path.join(webDir, 'package.json')).resolve('vite/package.json'));
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(vite, 'bin/vite.js'), 'build', '--outDir', dir, '--emptyOutDir'], {
    cwd: webDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code === 0) return { dir, seconds };
  await rm(dir, { recursive: true, force: true });
  const dist = path.join(webDir, 'dist');
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`vite build failed:\n${output}`);
  return { dir: dist, seconds, fallback: `vite build failed (${output.trim().split('\n').pop()}); measured web/dist` };
}

/** Debian's Chromium with the flags this machine needs, exactly as the browser tests launch it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}

/**
 * A fresh context (empty cache, like a first visit) signed in with the session cookie, and a page
 * whose probe is installed before the app's scripts run.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  token: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'rt_session', value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  await context.addInitScript({ content: keepNamesShim });
  await context.addInitScript(installProbe);
  return { context, page: await context.newPage() };
}
