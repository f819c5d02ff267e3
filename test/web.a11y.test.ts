/**
 * Accessibility of every page of the web app, checked by axe-core (WCAG 2 A and AA rules) in
 * Debian's Chromium: the login form, and each page once its content has loaded (a decision shown,
 * screening results, the chip timeline, charts). A violation fails the test with its rule, its
 * impact and the elements it found. Also: the decision flow done with the keyboard alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { haveChromium as have, loginAt, startWeb, stopWeb, type WebEnv } from './web-helpers.ts';

let env: WebEnv;

async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`.trim())
        .join(' | ')}`,
  );
}

const TX = JSON.stringify({ date: '2025-06-01', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity: 10 }], endUser: { name: 'Example Cloud Ltd' } });

// Each page, and how to bring it to the state checked: results on screen where a page has them
// (a decision, a screening hit, a recorded shipment with its chart and the verify result, the
// group comparison and charts, a lab run), so axe sees the tables and charts too.
const PAGES: [string, string, (p: Page) => Promise<unknown>][] = [
  ['decision desk with a decision', `#/decide?tx=${encodeURIComponent(TX)}`, (p) => p.getByTestId('decision').waitFor()],
  ['chips: timeline and table', '#/chips', (p) => p.locator('.chip-row').first().waitFor()],
  [
    'screening with a hit',
    '#/screening',
    async (p) => {
      await p.getByLabel('Party name').fill('Banco Nacional de Cuba');
      await p.getByRole('button', { name: 'Screen' }).click();
      await p.getByTestId('hit').first().waitFor();
    },
  ],
  [
    'ledger with a shipment, its chart and the verify result',
    '#/ledger',
    async (p) => {
      await p.getByRole('form', { name: 'Record a shipment' }).getByLabel('consignee').fill('Example DC LLC');
      await p.getByRole('button', { name: 'Record shipment' }).click();
      await p.getByTestId('ledger-chart').waitFor();
      await p.getByRole('button', { name: 'Verify the hash chain' }).click();
      await p.getByTestId('verify').waitFor();
    },
  ],
  ['batch', '#/batch', (p) => p.getByRole('heading', { level: 1 }).waitFor()],
  ['rules', '#/rules', (p) => p.getByTestId('measures').locator('li').first().waitFor()],
  [
    'evidence with the group comparison and charts',
    '#/evidence?gl=US&gf=China',
    async (p) => {
      await p.getByTestId('group-lag').waitFor({ timeout: 30_000 });
      await p.getByTestId('trend-chart').locator('svg').waitFor();
    },
  ],
  [
    'policy lab with a run',
    '#/lab',
    async (p) => {
      await p.getByLabel(/Synthetic shipments/).fill('500');
      await p.getByRole('button', { name: 'Run scenarios' }).click();
      await p.getByTestId('lab-result').waitFor({ timeout: 60_000 });
    },
  ],
];

describe.skipIf(!have)('accessibility: axe-core (WCAG 2.1 A/AA) on every page, and the keyboard', () => {
  beforeAll(async () => {
    env = await startWeb();
  });
  afterAll(async () => {
    await stopWeb(env);
  });

  it('the login form', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await context.newPage(); // axe needs a page of an explicit context
    await page.goto(env.base);
    await page.getByLabel('API key').waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  for (const [name, hash, loaded] of PAGES)
    it(name, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await context.newPage();
      await loginAt(page, env.s.analyst, env.base);
      await page.goto(env.base + hash);
      await loaded(page);
      await page.waitForLoadState('networkidle');
      expect(await violations(page)).toEqual([]);
      await context.close();
    }, 90_000);

  it('keyboard only: log in and get a decision, Tab to each control and Enter to submit', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.base);
    const keyField = page.getByLabel('API key');
    await keyField.waitFor();
    const keyId = await keyField.getAttribute('id');
    const activeId = () => page.evaluate(() => document.activeElement?.id ?? '');
    const activeText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    // The key field is reached by Tab from the top of the page.
    for (let i = 0; i < 20 && (await activeId()) !== keyId; i++) await page.keyboard.press('Tab');
    expect(await activeId()).toBe(keyId);
    await page.keyboard.type(env.s.viewer);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    // The desk's defaults are a complete transaction: Tab to Decide and press Enter.
    for (let i = 0; i < 80 && (await activeText()) !== 'Decide'; i++) await page.keyboard.press('Tab');
    expect(await activeText()).toBe('Decide');
    await page.keyboard.press('Enter');
    await page.getByTestId('decision').waitFor();
    expect(await page.locator('#decision-h').textContent()).toMatch(/Licence required/);
    await context.close();
  });
});
