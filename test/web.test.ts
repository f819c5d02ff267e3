/**
 * Real browser tests: playwright-core drives Debian's Chromium (/usr/bin/chromium, installed by
 * .ci/run) against the server on an ephemeral loopback port. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from './api-helpers.ts';
import { haveChromium as have, loginAt, shot, startWeb, stopWeb, type WebEnv } from './web-helpers.ts';

let env: WebEnv | undefined;
let s: TestServer;
let browser: Browser;
let base: string;
const login = (page: Page, key: string, url = base) => loginAt(page, key, url);

describe.skipIf(!have)('web app in Chromium', () => {
  beforeAll(async () => {
    env = await startWeb();
    ({ s, browser, base } = env);
  });
  afterAll(async () => {
    await stopWeb(env);
  });

  it('login with a key: a wrong key is refused with a message, the right one opens the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await page.goto(base);
    // isVisible() does not wait: wait for the login form to render, then check it.
    await page.getByLabel('API key').waitFor({ state: 'visible' });
    await expect(page.getByLabel('API key').isVisible()).resolves.toBe(true);
    await page.getByLabel('API key').fill('exk_00000000_' + 'x'.repeat(43));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/unknown API key/);
    await shot(page, 'login-refused');
    await page.getByLabel('API key').fill(s.analyst);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    expect(await page.locator('header').textContent()).toMatch(/test analyst.*analyst/);
    await page.close();
  });

  it('decision desk: transaction → decision with reasons and citations; the URL reproduces it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.viewer);
    await page.getByLabel('Date').fill('2025-06-01');
    await page.getByLabel('Destination (ISO-2)').fill('CN');
    await page.getByLabel('Product', { exact: true }).fill('NVIDIA H100 SXM');
    await page.getByLabel('Quantity').fill('10');
    await page.getByLabel('Name').fill('Example Cloud Ltd');
    await page.getByRole('button', { name: 'Decide' }).click();
    const decision = page.getByTestId('decision');
    await decision.waitFor();
    const heading = await page.locator('#decision-h').textContent();
    expect(heading).toMatch(/Licence required/);
    expect(heading).toMatch(/presumption-of-denial/);
    const text = (await decision.textContent()) ?? '';
    expect(text).toMatch(/3A090\.a\.1/);
    expect(text).toMatch(/88 FR 73458/);
    expect(text).toMatch(/confidence/);
    await shot(page, 'decision');
    const shared = page.url();
    expect(shared).toMatch(/#\/decide\?tx=/);
    // The same answer as the API.
    const api = await s.app.inject({
      method: 'POST',
      url: '/v1/decide',
      headers: { authorization: `Bearer ${s.viewer}` },
      payload: {
        date: '2025-06-01',
        destination: 'CN',
        items: [{ product: 'NVIDIA H100 SXM', quantity: 10 }],
        endUser: { name: 'Example Cloud Ltd' },
      },
    });
    expect(text).toContain(api.json().rulesVersion);
    // A new tab with the shared link (after logging in) shows the same decision.
    const other = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(other, s.viewer, shared);
    await other.getByTestId('decision').waitFor();
    expect(await other.locator('#decision-h').textContent()).toBe(heading);
    expect(await other.getByLabel('Quantity').inputValue()).toBe('10');
    await other.close();
    await page.close();
  });

  it('bad input: the error names the field and nothing crashes', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await login(page, s.viewer);
    await page.getByLabel('Destination (ISO-2)').fill('ZZ');
    await page.getByLabel('Product', { exact: true }).fill('NVIDIA H100 SXM');
    await page.getByRole('button', { name: 'Decide' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Bad input in destination/);
    await shot(page, 'decision-error');
    await page.getByLabel('Destination (ISO-2)').fill('CN');
    await page.getByLabel('Quantity').fill('0');
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[role=alert]')?.textContent?.includes('items[0].quantity'),
    );
    await page.getByLabel('Product', { exact: true }).fill('Nonexistent GPU 9000');
    await page.getByLabel('Quantity').fill('1');
    await page.getByRole('button', { name: 'Decide' }).click();
    await page.waitForFunction(() =>
      document.querySelector('[role=alert]')?.textContent?.includes('items[0].product'),
    );
    expect(await page.getByRole('alert').textContent()).toMatch(/closest catalog names/);
    await page.close();
  });

  it('chips: the timeline has one row per chip and the date slider reclassifies the table', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.viewer, base + '#/chips?date=2025-06-01');
    await page.getByTestId('timeline').waitFor();
    await page.getByTestId('chip-table').waitFor();
    const cat = (
      await s.app.inject({
        method: 'GET',
        url: '/v1/catalog',
        headers: { authorization: `Bearer ${s.viewer}` },
      })
    ).json();
    expect(await page.locator('[data-testid=timeline] g.chip-row').count()).toBe(cat.products.length);
    expect(await page.locator('[data-testid=timeline] g.measure-marker').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid=chip-table] tbody tr').count()).toBe(cat.products.length);
    const h100 = page.locator('[data-testid=chip-table] tbody tr', { hasText: 'NVIDIA H100 SXM5 80GB' });
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid=chip-table] tbody tr')).some(
        (r) => r.textContent?.includes('H100 SXM5') && r.textContent?.includes('required by the rules'),
      ),
    );
    expect(await h100.textContent()).toMatch(/3A090\.a\.1/);
    await shot(page, 'chips-2025');
    // Slide back to before the October 2022 rule: H100 was caught only by the is-informed letter.
    await page.getByLabel('Day').fill('2022-09-01');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[data-testid=chip-table] tbody tr')).some(
        (r) => r.textContent?.includes('H100 SXM5') && r.textContent?.includes('is-informed letter only'),
      ),
    );
    await page.locator('[data-testid=chip-table][data-date="2022-09-01"]').waitFor();
    expect(await h100.textContent()).not.toMatch(/3A090\.a\.1/);
    // Keyboard on the slider moves the day.
    const slider = page.getByLabel('Date slider');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByLabel('Day').inputValue()).toBe('2022-09-02');
    await shot(page, 'chips-2022');
    await page.close();
  });

  it('screening: search a name, see hits with reasons, mark a hit reviewed', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.analyst, base + '#/screening');
    await page.getByLabel('Party name').fill('Banco Nacional de Cuba');
    await page.getByRole('button', { name: 'Screen' }).click();
    await page.getByTestId('screen-result').waitFor();
    expect(await page.getByTestId('screen-result').locator('h2').textContent()).toMatch(/^HIT/);
    const hit = page.getByTestId('hit').first();
    expect(await hit.textContent()).toMatch(/SDN/);
    expect(await hit.textContent()).toMatch(/Jaro-Winkler/);
    await shot(page, 'screening');
    await hit.getByRole('button', { name: 'Review this hit' }).click();
    await hit.getByLabel('Decision').selectOption('false-positive');
    await hit.getByLabel('Reason').fill('browser test: a different bank');
    await hit.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByTestId('suppressed').waitFor();
    expect(await page.getByTestId('suppressed').textContent()).toMatch(/browser test: a different bank/);
    await shot(page, 'screening-reviewed');
    const reviews = (
      await s.app.inject({ method: 'GET', url: '/v1/hits', headers: { authorization: `Bearer ${s.viewer}` } })
    ).json();
    expect(
      reviews.reviews.some((r: { reason: string }) => r.reason === 'browser test: a different bank'),
    ).toBe(true);
    await page.close();
  });

  it('ledger and rules pages: record, chart, verify; search the measures', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.analyst, base + '#/ledger');
    await page
      .getByRole('form', { name: 'Record a shipment' })
      .getByLabel('consignee')
      .fill('Example DC LLC');
    await page.getByRole('button', { name: 'Record shipment' }).click();
    await page.getByTestId('ledger-chart').waitFor();
    await page.getByRole('button', { name: 'Verify the hash chain' }).click();
    await page.getByTestId('verify').waitFor();
    expect(await page.getByTestId('verify').textContent()).toMatch(/^Intact/);
    await shot(page, 'ledger');
    await page.goto(base + '#/rules');
    await page.getByTestId('measures').locator('li').first().waitFor();
    const all = await page.getByTestId('measures').locator(':scope > li').count();
    await page.getByLabel('Search measures').fill('88 FR 73458');
    const some = await page.getByTestId('measures').locator(':scope > li').count();
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
    await shot(page, 'rules');
    await page.close();
  });

  it('the API docs page (/docs) renders the OpenAPI operations', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(base + 'docs/');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
    expect(await page.textContent('body')).toContain('/v1/decide');
    await shot(page, 'api-docs');
    await page.close();
  });
});
