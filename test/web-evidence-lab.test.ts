/**
 * Browser tests of the Evidence and Policy lab pages: playwright-core drives Debian's Chromium
 * (/usr/bin/chromium; override with EXPORTCTL_CHROMIUM) against the server on an ephemeral
 * loopback port. Screenshots go to test-artifacts/web-evidence*.png and web-lab*.png.
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

describe.skipIf(!have)('Evidence and Policy lab pages in Chromium', () => {
  beforeAll(async () => {
    env = await startWeb();
    ({ s, browser, base } = env);
  }, 120_000);
  afterAll(async () => {
    await stopWeb(env);
  });

  it('Evidence: DeepSeek-V3 lag table with sources (GPQA ≈ 6.2 months), the charts and the Epoch AI attribution', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.viewer);
    await page.getByRole('link', { name: 'Evidence' }).click();
    const table = page.getByTestId('model-lag');
    await table.waitFor({ timeout: 30_000 });
    const gpqa = table.getByRole('row', { name: /GPQA Diamond/ });
    const cells = await gpqa.locator('td').allTextContents();
    expect(Number(cells[0])).toBeCloseTo(6.2, 1);
    expect(cells[2]).toMatch(/Claude 3\.5 Sonnet/);
    expect(cells[3]).toMatch(/DeepSeek-V3 tech report/);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('attribution').textContent()).toMatch(/Epoch AI.*CC BY 4\.0/);
    // The server's charts are drawn inline, with their own attribution line.
    await page.getByTestId('lag-chart').locator('svg').waitFor();
    expect(
      await page.getByTestId('lag-chart').locator('svg path, svg polyline, svg line').count(),
    ).toBeGreaterThan(5);
    await page.getByTestId('trend-chart').locator('svg').waitFor();
    expect(await page.getByTestId('trend-chart').textContent()).toMatch(/CC BY 4\.0/);
    // Lag between groups on every benchmark, with its chart.
    await page.getByRole('button', { name: 'Compare groups' }).click();
    const gl = page.getByTestId('group-lag');
    await gl.waitFor({ timeout: 30_000 });
    expect(await gl.locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await gl.getByRole('row', { name: /GPQA Diamond/ }).count()).toBe(1);
    await page.getByTestId('group-lag-chart').locator('svg').waitFor();
    expect(page.url()).toMatch(/gl=US&gf=China/);
    // The URL reproduces the group comparison in a new tab.
    const again = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await login(again, s.viewer, page.url());
    await again.getByTestId('group-lag').waitFor({ timeout: 30_000 });
    await again.close();
    await shot(page, 'evidence');
    // Another metric and a bad model name (the error names the field).
    await page.getByLabel('Metric').selectOption('cost');
    await page
      .getByTestId('trend')
      .getByText(/training compute cost/i)
      .first()
      .waitFor();
    await page.getByLabel('Model', { exact: true }).fill('No Such Model 9');
    await page.getByRole('button', { name: 'Show lag' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/name.*no model of that name/);
    expect(page.url()).toMatch(/#\/evidence\?.*model=No/);
    await page.close();
  }, 60_000);

  it('Policy lab: as-enforced vs h20-2024-01 side by side, the H20 changes and the shipments that change decision', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.analyst);
    await page.getByRole('link', { name: 'Policy lab' }).click();
    await page.getByRole('group', { name: /Scenarios to compare/ }).waitFor();
    // Defaults: as-enforced and h20-2024-01 ticked.
    expect(await page.getByRole('checkbox', { name: /h20-2024-01/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /as-enforced/ }).isChecked()).toBe(true);
    await page.getByLabel(/Synthetic shipments/).fill('3000');
    await page.getByLabel('Seed').fill('1');
    await page.getByRole('button', { name: 'Run scenarios' }).click();
    await page.getByTestId('lab-result').waitFor({ timeout: 60_000 });
    const side = page.getByTestId('lab-side');
    expect(await side.locator('section').count()).toBe(2);
    expect(await side.textContent()).toMatch(/As enforced.*H20 covered from 2024-01/s);
    const chips = page.getByTestId('chips-h20-2024-01');
    expect(await chips.textContent()).toMatch(/NVIDIA H20/);
    expect(await chips.textContent()).toMatch(/LAB-H20-2024-01/);
    const ships = page.getByTestId('shipments-h20-2024-01');
    const first = ships.locator('tbody tr').first();
    expect(await first.textContent()).toMatch(/H20/);
    expect(await first.textContent()).toMatch(/No licence required/);
    expect(await first.textContent()).toMatch(/Licence required/);
    expect(await first.textContent()).toMatch(/LAB-H20-2024-01/);
    const diffText = await page.getByTestId('diff-h20-2024-01').textContent();
    const changed = Number(
      /(\d[\d,]*) of 3,000 shipments change decision/.exec(diffText ?? '')?.[1]?.replace(/,/g, ''),
    );
    expect(changed).toBeGreaterThan(0);
    await page.getByTestId('lab-chart-Tier3').locator('svg').waitFor();
    expect(await page.getByTestId('lab-chart-CN').locator('svg rect').count()).toBeGreaterThan(4);
    expect(page.url()).toMatch(/#\/lab\?s=as-enforced%2Ch20-2024-01&n=3000&seed=1/);
    await page.getByText(/Compute by tier and year as a table/).click();
    const ct = page.getByTestId('lab-compute');
    expect(await ct.locator('thead th').count()).toBe(4);
    expect(await ct.getByRole('row', { name: /2024.*Tier 3/ }).count()).toBe(1);
    await shot(page, 'lab');
    await page.close();
  }, 90_000);

  it('Policy lab with three scenarios; a viewer can see the scenarios but not run them', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, s.analyst, base + '#/lab?s=as-enforced,h20-2024-01,no-oct-2023&n=500&seed=2');
    await page.getByRole('button', { name: 'Run scenarios' }).click();
    await page.getByTestId('lab-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('lab-side').locator('section').count()).toBe(3);
    await page.getByTestId('diff-no-oct-2023').waitFor();
    await shot(page, 'lab-three');
    await page.close();

    const v = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await login(v, s.viewer, base + '#/lab');
    await v.getByRole('group', { name: /Scenarios to compare/ }).waitFor();
    expect(await v.getByRole('button', { name: 'Run scenarios' }).isDisabled()).toBe(true);
    await v.getByText(/needs the analyst role/).waitFor({ state: 'visible' });
    expect(await v.getByText(/needs the analyst role/).isVisible()).toBe(true);
    await v.close();
  }, 90_000);
});
