/**
 * Shared set-up of the browser tests: the web app built if needed, the server on an ephemeral
 * loopback port, Debian's Chromium (/usr/bin/chromium, installed by .ci/run; override with
 * EXPORTCTL_CHROMIUM) driven by playwright-core. Screenshots go to test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testServer, type TestServer } from './api-helpers.ts';

export const CHROMIUM = process.env.EXPORTCTL_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = join(import.meta.dirname, '..');
export const ART = join(ROOT, 'test-artifacts');
export const haveChromium = existsSync(CHROMIUM);

export interface WebEnv {
  s: TestServer;
  browser: Browser;
  base: string;
}

export async function startWeb(): Promise<WebEnv> {
  mkdirSync(ART, { recursive: true });
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'web', 'build.ts'), '--if-needed'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const s = await testServer({ webRoot: join(ROOT, 'web', 'dist') });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = s.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return { s, browser, base };
}

export async function stopWeb(env: Partial<WebEnv> | undefined): Promise<void> {
  await env?.browser?.close();
  await env?.s?.cleanup();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ART, `web-${name}.png`), fullPage: true });
}

export async function loginAt(page: Page, key: string, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
}
