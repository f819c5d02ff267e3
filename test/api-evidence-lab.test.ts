/** Evidence and policy-lab routes: CLI parity, SVG variants, roles, bounded work, bad input → 400 naming the field. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bearer, testServer, type TestServer } from './api-helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'exportctl');
function cli(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: process.env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s?.cleanup();
});

const get = (url: string, key = s.viewer) => s.app.inject({ method: 'GET', url, headers: bearer(key) });
const run = (body: unknown, key = s.analyst) => s.app.inject({ method: 'POST', url: '/v1/lab/run', payload: body as object, headers: bearer(key) });

describe('evidence routes', () => {
  it('GET /v1/evidence/model?name=DeepSeek-V3 = exportctl evidence lag --model DeepSeek-V3 --json', async () => {
    const r = await get('/v1/evidence/model?name=DeepSeek-V3');
    expect(r.statusCode).toBe(200);
    const c = cli(['evidence', 'lag', '--model', 'DeepSeek-V3', '--json']);
    expect(c.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(c.out));
    const gpqa = r.json().rows.find((x: { benchmark: string }) => x.benchmark === 'GPQA Diamond');
    expect(gpqa.lagMonths).toBeCloseTo(6.2, 1);
    expect(gpqa.followerSource.document).toBeTruthy();
    expect(r.json().attribution).toMatch(/Epoch AI.*CC BY 4\.0/);
  }, 30_000);

  it('GET /v1/evidence/lag?benchmark=GPQA Diamond&tolerance=1 = the CLI, and trend = the CLI', async () => {
    const r = await get('/v1/evidence/lag?benchmark=GPQA%20Diamond&tolerance=1&asOf=2025-06-01');
    expect(r.statusCode).toBe(200);
    const c = cli(['evidence', 'lag', '--benchmark', 'GPQA Diamond', '--tolerance', '1', '--as-of', '2025-06-01', '--json']);
    expect(c.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(c.out));
    const t = await get('/v1/evidence/trend?metric=cost');
    expect(t.statusCode).toBe(200);
    expect(t.json()).toEqual(JSON.parse(cli(['evidence', 'trend', '--metric', 'cost', '--json']).out));
    expect(t.json().fit).toBeTruthy();
  }, 30_000);

  it('all benchmarks: results with a lag each and the measures overlay', async () => {
    const r = await get('/v1/evidence/lag?leader=US&follower=China');
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.results.length).toBeGreaterThan(3);
    expect(j.results[0].series).toBeUndefined();
    expect(j.controls.events.length).toBeGreaterThan(0);
    const withSeries = await get('/v1/evidence/lag?benchmark=ECI&series=true');
    expect(withSeries.json().series.length).toBeGreaterThan(10);
  });

  it('format=svg answers the chart as image/svg+xml with the attribution', async () => {
    for (const url of ['/v1/evidence/model?name=DeepSeek-V3&format=svg', '/v1/evidence/lag?benchmark=GPQA%20Diamond&format=svg', '/v1/evidence/lag?format=svg', '/v1/evidence/trend?metric=compute&format=svg']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(r.body.startsWith('<svg')).toBe(true);
      expect(r.body).toMatch(/CC BY 4\.0/);
    }
  });

  it('bad input → 400 naming the query parameter', async () => {
    const cases: [string, string][] = [
      ['/v1/evidence/model', 'name'],
      ['/v1/evidence/model?name=NoSuchModel-9', 'name'],
      ['/v1/evidence/model?name=DeepSeek-V3&tolerance=-1', 'tolerance'],
      ['/v1/evidence/model?name=DeepSeek-V3&bootstrap=100000', 'bootstrap'],
      ['/v1/evidence/lag?benchmark=NoSuchBench', 'benchmark'],
      ['/v1/evidence/lag?asOf=2025-02-30', 'asOf'],
      ['/v1/evidence/lag?asOf=yesterday', 'asOf'],
      ['/v1/evidence/lag?tolerance=lots', 'tolerance'],
      ['/v1/evidence/lag?leader=Atlantis%20%26%20Co', 'leader'],
      ['/v1/evidence/lag?step=0', 'step'],
      ['/v1/evidence/lag?milestone=GPT-4o', 'milestone'],
      ['/v1/evidence/lag?format=png', 'format'],
      ['/v1/evidence/lag?unknown=1', 'unknown'],
      ['/v1/evidence/trend', 'metric'],
      ['/v1/evidence/trend?metric=flops', 'metric'],
      ['/v1/evidence/trend?metric=compute&from=2020-13-01', 'from'],
    ];
    for (const [url, field] of cases) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().field, url).toBe(field);
      expect(r.json().error, url).toContain(field);
    }
  });

  it('needs a key (viewer is enough)', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/v1/evidence/trend?metric=compute' });
    expect(r.statusCode).toBe(401);
  });
});

describe('policy-lab routes', () => {
  it('GET /v1/lab/scenarios = exportctl lab scenarios --json', async () => {
    const r = await get('/v1/lab/scenarios');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual(JSON.parse(cli(['lab', 'scenarios', '--json']).out));
    expect(r.json().map((x: { id: string }) => x.id)).toContain('h20-2024-01');
  });

  it('POST /v1/lab/run = exportctl lab run … --synthetic N --seed S --json, plus charts', async () => {
    const r = await run({ scenarios: ['as-enforced', 'h20-2024-01'], synthetic: { n: 1500, seed: 7 } });
    expect(r.statusCode).toBe(200);
    const c = cli(['lab', 'run', 'as-enforced', 'h20-2024-01', '--synthetic', '1500', '--seed', '7', '--json']);
    expect(c.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(c.out));
    const j = r.json();
    expect(j.synthetic).toBe(true);
    const d = j.diffs.find((x: { scenario: string }) => x.scenario === 'h20-2024-01');
    expect(d.summary.material.shipments).toBeGreaterThan(0);
    expect(d.shipments.some((g: { product: string; changes: { target: string }[] }) => /h20/i.test(g.product) && g.changes.some((x) => x.target === 'LAB-H20-2024-01'))).toBe(true);
    expect(d.chips.length).toBeGreaterThan(0);
    const withCharts = await run({ scenarios: ['h20-2024-01', 'no-oct-2023'], synthetic: { n: 300, seed: 1 }, charts: ['Tier 3', 'CN'] });
    expect(withCharts.statusCode).toBe(200);
    const ch = withCharts.json().charts;
    expect(ch.map((x: { target: string }) => x.target)).toEqual(['Tier 3', 'CN']);
    expect(ch[0].svg.startsWith('<svg')).toBe(true);
    expect(withCharts.json().scenarios.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['as-enforced', 'h20-2024-01', 'no-oct-2023']));
  }, 60_000);

  it('shipments given in the body are replayed; bad rows are rejected, not fatal', async () => {
    const r = await run({
      scenarios: ['h20-2024-01'],
      shipments: [
        { id: 'a', date: '2024-06-01', destination: 'CN', product: 'NVIDIA H20', quantity: 100 },
        { id: 'b', date: '2024-06-01', destination: 'CN', product: 'No Such Chip', quantity: 1 },
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().shipments.count).toBe(1);
    expect(r.json().shipments.rejectedCount).toBe(1);
    expect(r.json().diffs[0].summary.material.shipments).toBe(1);
  });

  it('analyst role; bounded input; bad input → 400 naming the field; never a file path', async () => {
    expect((await run({ scenarios: ['h20-2024-01'] }, s.viewer)).statusCode).toBe(403);
    const cases: [unknown, string][] = [
      [{}, 'scenarios'],
      [{ scenarios: [] }, 'scenarios'],
      [{ scenarios: ['nope'] }, 'scenarios[0]'],
      [{ scenarios: ['as-enforced', '../../etc/passwd'] }, 'scenarios[1]'],
      [{ scenarios: ['data/scenarios/h20-2024-01.yaml'] }, 'scenarios[0]'],
      [{ scenarios: Array(9).fill('as-enforced') }, 'scenarios'],
      [{ scenarios: ['h20-2024-01'], synthetic: { n: 200_001 } }, 'synthetic.n'],
      [{ scenarios: ['h20-2024-01'], synthetic: { n: '10' } }, 'synthetic.n'],
      [{ scenarios: ['h20-2024-01'], synthetic: { n: 10, seed: -1 } }, 'synthetic.seed'],
      [{ scenarios: ['h20-2024-01'], synthetic: { n: 10 }, shipments: [] }, 'shipments'],
      [{ scenarios: ['h20-2024-01'], base: 'nope' }, 'base'],
      [{ scenarios: ['h20-2024-01'], charts: ['Tier 9'] }, 'charts[0]'],
      [{ scenarios: ['h20-2024-01'], detail: 5000 }, 'detail'],
      [{ scenarios: ['h20-2024-01'], shipments: [{ date: '2024-01-01', destination: 'CN', product: 'NVIDIA H20' }] }, 'shipments[0].quantity'],
      [{ scenarios: ['h20-2024-01'], extra: 1 }, 'extra'],
      [{ scenarios: ['h20-2024-01'], products: ['No such chip'] }, 'products[0]'],
    ];
    for (const [body, field] of cases) {
      const r = await run(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().field, JSON.stringify(body)).toBe(field);
    }
  });

  it('a run goes to a worker: the server answers meanwhile; a second run meanwhile gets 429; a run over the time limit is stopped (503)', async () => {
    const big = run({ scenarios: ['as-enforced', 'h20-2024-01', 'no-oct-2023'], synthetic: { n: 100_000, seed: 2 } });
    let bigDone = false;
    void big.then(() => (bigDone = true));
    await new Promise((r) => setTimeout(r, 50));
    const h = await get('/v1/lab/scenarios');
    expect(h.statusCode).toBe(200);
    const second = await run({ scenarios: ['h20-2024-01'] });
    expect(second.statusCode).toBe(429);
    expect(second.json().error).toMatch(/in progress/);
    expect(bigDone).toBe(false);
    const r = await big;
    expect(r.statusCode).toBe(200);
    expect(r.json().shipments.count).toBe(100_000);
    process.env.EXPORTCTL_LAB_TIMEOUT_MS = '1';
    try {
      const t = await run({ scenarios: ['h20-2024-01'], synthetic: { n: 1000, seed: 1 } });
      expect(t.statusCode).toBe(503);
      expect(t.json().error).toMatch(/stopped/);
    } finally {
      delete process.env.EXPORTCTL_LAB_TIMEOUT_MS;
    }
    expect((await run({ scenarios: ['h20-2024-01'] })).statusCode).toBe(200);
  }, 60_000);

  it('the OpenAPI document lists the new routes', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/openapi.json' });
    const paths = Object.keys(r.json().paths);
    for (const p of ['/v1/evidence/lag', '/v1/evidence/model', '/v1/evidence/trend', '/v1/lab/scenarios', '/v1/lab/run']) expect(paths).toContain(p);
  });
});

describe('lab rate limit', () => {
  it('POST /v1/lab/run has its own small per-key limit when rate limiting is on', async () => {
    const t = await testServer({ rateLimit: 1000 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/v1/lab/run', payload: { scenarios: ['nope'] }, headers: bearer(t.analyst) });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
      expect(codes[10]).toBe(429);
      // Other routes still answer.
      expect((await t.app.inject({ method: 'GET', url: '/v1/lab/scenarios', headers: bearer(t.analyst) })).statusCode).toBe(200);
    } finally {
      await t.cleanup();
    }
  });
});
