import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { bearer, testServer, type TestServer } from './api-helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'exportctl');
function cli(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const TX = {
  date: '2025-06-01',
  destination: 'CN',
  items: [
    { product: 'NVIDIA H100 SXM', quantity: 10 },
    { product: 'NVIDIA H20', quantity: 4 },
  ],
  endUser: { name: 'Example Cloud Ltd', country: 'CN' },
};
const SPEC = {
  name: 'X',
  kind: 'ic',
  datacenter: true,
  throughput: [{ format: 'fp8', tops: 700 }],
  dieAreaMm2: 800,
};

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(async () => {
  await s?.cleanup();
});

const post = (url: string, body: unknown, key?: string) =>
  s.app.inject({ method: 'POST', url, payload: body as object, headers: key ? bearer(key) : {} });
const get = (url: string, key?: string) =>
  s.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });
const postCsv = (url: string, payload: string, key: string) =>
  s.app.inject({ method: 'POST', url, payload, headers: { ...bearer(key), 'content-type': 'text/csv' } });

describe('same answers as the CLI --json', () => {
  it('POST /v1/classify with a product = exportctl classify --json', async () => {
    const r = await post('/v1/classify', { date: '2024-01-15', product: 'NVIDIA L4' }, s.viewer);
    expect(r.statusCode).toBe(200);
    const c = cli(['classify', '--json', '--date', '2024-01-15', 'NVIDIA L4']);
    expect(c.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(c.out));
    expect(r.json().paragraph).toBe('3A090.a.2');
  });

  it('POST /v1/classify with a spec and a view = exportctl classify --spec - --view as-written --json', async () => {
    const r = await post('/v1/classify', { date: '2025-06-01', view: 'as-written', spec: SPEC }, s.viewer);
    expect(r.statusCode).toBe(200);
    const c = cli(
      ['classify', '--json', '--date', '2025-06-01', '--view', 'as-written', '--spec', '-'],
      JSON.stringify(SPEC),
    );
    expect(r.json()).toEqual(JSON.parse(c.out));
  });

  it('POST /v1/decide = exportctl decide --json', async () => {
    const r = await post('/v1/decide', TX, s.viewer);
    expect(r.statusCode).toBe(200);
    // Same screening store as the server (parties named in the transaction are screened).
    const c = cli(['decide', '--json', '--file', '-'], JSON.stringify(TX), { EXPORTCTL_HOME: s.home });
    expect(c.code).toBe(0);
    expect(r.json()).toEqual(JSON.parse(c.out));
    expect(r.json().licenseRequired).toBe(true);
    expect(r.json().reasons.length).toBeGreaterThan(0);
  });

  it('GET /v1/catalog and /v1/timeline = exportctl catalog/timeline --json', async () => {
    const r = await get('/v1/catalog?date=2024-01-15', s.viewer);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual(JSON.parse(cli(['catalog', '--json', '--date', '2024-01-15']).out));
    const t = await get('/v1/timeline?product=NVIDIA%20A800', s.viewer);
    expect(t.json()).toEqual(JSON.parse(cli(['timeline', '--json', 'NVIDIA A800']).out));
    const m = await get('/v1/timeline', s.viewer);
    expect(m.json()).toEqual(JSON.parse(cli(['timeline', '--json']).out));
  });

  it('bad input names the field like the CLI does (400 vs exit 2)', async () => {
    const bad = { ...TX, items: [{ product: 'NVIDIA H100 SXM', quantity: 0 }] };
    const r = await post('/v1/decide', bad, s.viewer);
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe('items[0].quantity');
    const c = cli(['decide', '--json', '--file', '-'], JSON.stringify(bad));
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/items\[0\]\.quantity/);
  });
});

describe('chips, rules, health', () => {
  it('chip timeline: one row per catalog chip, statuses from the engine, measures as markers', async () => {
    const r = await get('/v1/chips/timeline', s.viewer);
    expect(r.statusCode).toBe(200);
    const j = r.json();
    const cat = (await get('/v1/catalog?date=2025-01-01', s.viewer)).json();
    expect(j.chips.length).toBe(cat.products.length);
    expect(j.destination).toBe('CN');
    const h100 = j.chips.find((c: { name: string }) => c.name === 'NVIDIA H100 SXM5 80GB');
    expect(h100.segments[0].status).toBe('not-required');
    const onDay = (d: string) =>
      h100.segments.find(
        (x: { from: string; to: string | null }) => x.from <= d && (x.to === null || d < x.to),
      );
    expect(onDay('2022-09-01').status).toBe('letter');
    expect(onDay('2024-01-15').status).toBe('required');
    // The chart agrees with the decision desk on any day.
    const d = (
      await post(
        '/v1/decide',
        { date: '2024-01-15', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM5 80GB', quantity: 1 }] },
        s.viewer,
      )
    ).json();
    expect(d.outcome).toBe('license-required');
    expect(j.measures.length).toBeGreaterThan(5);
    expect(j.measures[0]).toHaveProperty('effective');
    const bad = await get('/v1/chips/timeline?destination=XX1', s.viewer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('destination');
  });

  it('rules: measures with dates, citations, confidence; q filters', async () => {
    const all = (await get('/v1/rules', s.viewer)).json();
    expect(all.measures.length).toBeGreaterThan(5);
    for (const m of all.measures) {
      expect(m.effective).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['high', 'medium', 'low']).toContain(m.confidence);
    }
    const q = (await get('/v1/rules?q=88%20FR%2073458', s.viewer)).json();
    expect(q.measures.length).toBeGreaterThan(0);
    expect(q.measures.length).toBeLessThan(all.measures.length);
    expect(q.measures.some((m: { frCitation: string }) => m.frCitation === '88 FR 73458')).toBe(true);
  });

  it('/healthz and /readyz answer without a key', async () => {
    expect((await get('/healthz')).json()).toEqual({ ok: true });
    const r = await get('/readyz');
    expect(r.statusCode).toBe(200);
    expect(r.json().ready).toBe(true);
  });

  it('/openapi.json documents every /v1 route with a schema; /docs is served', async () => {
    const doc = (await get('/openapi.json')).json();
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/v1/classify',
      '/v1/decide',
      '/v1/catalog',
      '/v1/timeline',
      '/v1/chips/timeline',
      '/v1/rules',
      '/v1/screen',
      '/v1/match',
      '/v1/lists',
      '/v1/hits/review',
      '/v1/ledger/decisions',
      '/v1/ledger/shipments',
      '/v1/ledger/report',
      '/v1/ledger/verify',
      '/v1/batch',
      '/v1/batch/{id}',
      '/v1/batch/{id}/out.csv',
      '/healthz',
      '/readyz',
    ])
      expect(paths).toContain(p);
    expect(doc.paths['/v1/decide'].post.requestBody.content['application/json'].schema.required).toEqual([
      'date',
      'destination',
      'items',
    ]);
    for (const [p, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: object; summary: string }>>,
    )) {
      for (const op of Object.values(ops)) {
        expect(op.summary, p).toBeTruthy();
        expect(Object.keys(op.responses).length, p).toBeGreaterThan(0);
      }
    }
    const ui = await get('/docs/');
    expect(ui.statusCode).toBe(200);
  });
});

describe('security', () => {
  it('every /v1 route needs a key: 401 with WWW-Authenticate, unknown key 401', async () => {
    let r = await post('/v1/decide', TX);
    expect(r.statusCode).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/Bearer/);
    expect(r.json().field).toBe('authorization');
    r = await post('/v1/decide', TX, 'exk_00000000_' + 'A'.repeat(43));
    expect(r.statusCode).toBe(401);
    r = await s.app.inject({ method: 'GET', url: '/v1/rules', headers: { authorization: 'Basic abc' } });
    expect(r.statusCode).toBe(401);
    r = await get('/v1/catalog');
    expect(r.statusCode).toBe(401);
  });

  it('roles: viewer reads; writes need analyst; key management needs admin', async () => {
    const w = { transaction: TX, ref: 'order-1' };
    expect((await post('/v1/ledger/decisions', w, s.viewer)).statusCode).toBe(403);
    const ok = await post('/v1/ledger/decisions', w, s.analyst);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().record.seq).toBeGreaterThan(0);
    expect(ok.json().decision).toEqual((await post('/v1/decide', TX, s.viewer)).json());
    expect((await post('/v1/ledger/decisions', w, s.analyst)).statusCode).toBe(409);
    expect(
      (
        await post(
          '/v1/hits/review',
          { entityId: 'x', name: 'y', decision: 'confirmed', reason: 'z' },
          s.viewer,
        )
      ).statusCode,
    ).toBe(403);
    expect((await postCsv('/v1/batch', 'id\n', s.viewer)).statusCode).toBe(403);
    expect((await postCsv('/v1/lists', 'x', s.viewer)).statusCode).toBe(403);
    expect((await get('/v1/keys', s.analyst)).statusCode).toBe(403);
    const created = await post('/v1/keys', { role: 'viewer', name: 'temp' }, s.admin);
    expect(created.statusCode).toBe(201);
    const k = created.json().key as string;
    expect((await get('/v1/whoami', k)).json()).toMatchObject({ role: 'viewer', name: 'temp', auth: true });
    expect(
      (
        await s.app.inject({
          method: 'DELETE',
          url: `/v1/keys/${created.json().id}`,
          headers: bearer(s.admin),
        })
      ).statusCode,
    ).toBe(200);
    expect((await get('/v1/whoami', k)).statusCode).toBe(401);
    const listed = (await get('/v1/keys', s.admin)).json() as object[];
    expect(JSON.stringify(listed)).not.toContain(k);
  });

  it('bad input: 4xx naming the field, never a 500, never a stack', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/decide', { ...TX, date: '2025-02-30' }, 'date'],
      ['/v1/decide', { ...TX, destination: 'ZZ' }, 'destination'],
      ['/v1/decide', { ...TX, items: [] }, 'items'],
      [
        '/v1/decide',
        { ...TX, items: [{ product: 'Nonexistent GPU 9000', quantity: 1 }] },
        'items[0].product',
      ],
      ['/v1/decide', { ...TX, colour: 'red' }, 'colour'],
      ['/v1/decide', { date: '2025-01-01', items: [{ product: 'H100', quantity: 1 }] }, 'destination'],
      ['/v1/classify', { date: '2025-01-01' }, 'product'],
      ['/v1/classify', { date: '2025-01-01', product: 'H100', view: 'both' }, 'view'],
      [
        '/v1/classify',
        { date: '2025-01-01', spec: { kind: 'ic', throughput: [{ format: 'fp16', tops: 'lots' }] } },
        'spec.throughput[0].tops',
      ],
      ['/v1/screen', { name: '' }, 'name'],
      ['/v1/screen', { name: 'x', asOf: '2020-1-1' }, 'asOf'],
    ];
    for (const [url, body, field] of cases) {
      const r = await post(url, body, s.analyst);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().field, JSON.stringify(r.json())).toBe(field);
      expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    }
    const q = await get('/v1/catalog?date=tomorrow', s.viewer);
    expect(q.statusCode).toBe(400);
    expect(q.json()).toMatchObject({ field: 'date', value: 'tomorrow' });
    const extra = await get('/v1/catalog?colour=red', s.viewer);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().field).toBe('colour');
    const badJson = await s.app.inject({
      method: 'POST',
      url: '/v1/decide',
      payload: '{"date":',
      headers: { ...bearer(s.viewer), 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().field).toBe('(body)');
  });

  it('property: any JSON body to /v1/decide gets 200 or a 4xx naming a field, never 5xx', async () => {
    const item = fc.record(
      {
        product: fc.oneof(fc.constantFrom('NVIDIA H100 SXM', 'NVIDIA H20', 'NVIDIA L4', 'nope'), fc.string()),
        quantity: fc.oneof(fc.integer({ min: -3, max: 1e6 }), fc.double(), fc.string()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.record(
        {
          date: fc.oneof(
            fc.constantFrom('2022-10-07', '2023-10-17', '2025-01-15', '2026-02-30'),
            fc.string(),
          ),
          destination: fc.oneof(fc.constantFrom('CN', 'HK', 'MO', 'US', 'DE', 'AE', 'cn', 'XX'), fc.string()),
          items: fc.oneof(fc.array(item, { maxLength: 3 }), fc.anything()),
          view: fc.oneof(fc.constantFrom('enforced', 'as-written'), fc.string()),
          endUser: fc.oneof(fc.record({ headquarters: fc.constantFrom('CN', 'MO', 'US') }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const r = await s.app.inject({
          method: 'POST',
          url: '/v1/decide',
          payload: JSON.stringify(b ?? null),
          headers: { ...bearer(s.viewer), 'content-type': 'application/json' },
        });
        if (r.statusCode === 200) return true;
        expect(r.statusCode).toBe(400);
        const j = r.json();
        expect(typeof j.error).toBe('string');
        expect(typeof j.field).toBe('string');
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it('security headers on; CORS off by default', async () => {
    const r = await s.app.inject({
      method: 'GET',
      url: '/v1/rules',
      headers: { ...bearer(s.viewer), origin: 'https://evil.example' },
    });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // A JSON answer loads nothing and is never framed (OWASP REST guidance) …
    expect(r.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    // … and so do error answers (headers are set before any handler runs) …
    const unauth = await s.app.inject({ method: 'GET', url: '/v1/rules' });
    expect(unauth.statusCode).toBe(401);
    expect(unauth.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    // … while pages get the web app's policy: its own scripts and API, nothing from elsewhere.
    const page = await s.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await s.app.inject({
      method: 'OPTIONS',
      url: '/v1/decide',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security: limits and modes', () => {
  it('body-size limit: 413 naming the body', async () => {
    const t = await testServer({ bodyLimit: 2048 });
    try {
      const big = { ...TX, reference: 'x'.repeat(4000) };
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/decide',
        payload: big,
        headers: bearer(t.viewer),
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().field).toBe('(body)');
    } finally {
      await t.cleanup();
    }
  });

  it('rate limit: 429 after the allowance, per key', async () => {
    const t = await testServer({ rateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          (await t.app.inject({ method: 'GET', url: '/v1/rules', headers: bearer(t.viewer) })).statusCode,
        );
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const other = await t.app.inject({ method: 'GET', url: '/v1/rules', headers: bearer(t.analyst) });
      expect(other.statusCode).toBe(200);
      const r = await t.app.inject({ method: 'GET', url: '/v1/rules', headers: bearer(t.viewer) });
      expect(r.json().error).toMatch(/rate limit/);
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.cleanup();
    }
  });

  it('--no-auth works on loopback and is refused elsewhere', async () => {
    await expect(testServer({ auth: false, host: '0.0.0.0' })).rejects.toThrow(/not loopback/);
    const t = await testServer({ auth: false, host: '127.0.0.1' });
    try {
      const r = await t.app.inject({ method: 'GET', url: '/v1/whoami' });
      expect(r.json()).toMatchObject({ role: 'admin', auth: false });
    } finally {
      await t.cleanup();
    }
    const c = cli(['serve', '--no-auth', '--host', '0.0.0.0', '--port', '0']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/--no-auth: refused/);
  });

  it('CORS: only configured origins get the headers', async () => {
    const t = await testServer({ corsOrigins: ['https://app.example'] });
    try {
      const ok = await t.app.inject({
        method: 'OPTIONS',
        url: '/v1/decide',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe('https://app.example');
      const no = await t.app.inject({
        method: 'GET',
        url: '/v1/rules',
        headers: { ...bearer(t.viewer), origin: 'https://other.example' },
      });
      expect(no.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.cleanup();
    }
  });

  it('an internal failure is a 500 with a request id and no details', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'exportctl-blk-')), 'a-file');
    writeFileSync(blocker, '');
    const t = await testServer({ db: join(blocker, 'ledger.sqlite') });
    try {
      const r = await t.app.inject({ method: 'GET', url: '/v1/ledger/verify', headers: bearer(t.viewer) });
      expect(r.statusCode).toBe(500);
      expect(Object.keys(r.json()).sort()).toEqual(['error', 'requestId']);
      expect(r.json().error).toBe('internal error');
      expect(r.body).not.toMatch(/a-file|sqlite|EEXIST|Error:/);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await t.cleanup();
    }
  });
});

describe('screening, ledger and batch over HTTP', () => {
  it('screen a name: hits with matched names and reasons; review suppresses the hit', async () => {
    const r = await post('/v1/screen', { name: 'Banco Nacional de Cuba' }, s.viewer);
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.status).toBe('hit');
    const hit = j.matches[0];
    expect(hit.matchedName).toBeTruthy();
    expect(hit.reasons.length).toBeGreaterThan(0);
    const rv = await post(
      '/v1/hits/review',
      {
        entityId: hit.entityId,
        name: 'Banco Nacional de Cuba',
        decision: 'false-positive',
        reason: 'test: different bank',
      },
      s.analyst,
    );
    expect(rv.statusCode).toBe(200);
    expect(rv.json().review.reviewer).toBe('api:test analyst');
    expect(rv.json().ledgerRecord.seq).toBeGreaterThan(0);
    const again = (await post('/v1/screen', { name: 'Banco Nacional de Cuba' }, s.viewer)).json();
    expect(again.suppressed.map((x: { entityId: string }) => x.entityId)).toContain(hit.entityId);
    expect((await get('/v1/hits', s.viewer)).json().reviews.length).toBe(1);
    const unknown = await post(
      '/v1/hits/review',
      { entityId: 'SDN:nope', name: 'x', decision: 'confirmed', reason: 'r' },
      s.analyst,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().field).toBe('entityId');
    const m = (
      await post('/v1/match', { a: 'Banco Nacional de Cuba', b: 'BANCO NACIONAL DE CUBA' }, s.viewer)
    ).json();
    expect(m).toEqual({ score: 1, match: true });
    const lists = (await get('/v1/lists', s.viewer)).json();
    expect(lists.snapshots.length).toBeGreaterThan(0);
  });

  it('load a list file over HTTP (multipart), then screen against it', async () => {
    const csv =
      '_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids\n' +
      'x1,Entity List (EL) - Bureau of Industry and Security,,Entity,,Zephyrine Quantum Compute Works,,"1 Road, Shenzhen, CN",90 FR 1,2025-01-02,,,For all items subject to the EAR.,Presumption of denial.,,,,,,,,,ZQCW,,,,,,\n';
    const boundary = '----exportctl' + Date.now();
    const payload =
      `--${boundary}\r\nContent-Disposition: form-data; name="asOf"\r\n\r\n2026-11-01\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ncsl-csv\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="el.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await s.app.inject({
      method: 'POST',
      url: '/v1/lists',
      payload,
      headers: { ...bearer(s.analyst), 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().snapshot.entityCount).toBe(1);
    const sc = (
      await post('/v1/screen', { name: 'Zephyrine Quantum Compute Works', asOf: '2026-11-05' }, s.viewer)
    ).json();
    expect(sc.matches[0].name).toMatch(/Zephyrine/);
    const alias = (await post('/v1/screen', { name: 'ZQCW', asOf: '2026-11-05' }, s.viewer)).json();
    expect(alias.matches[0]?.matchedName).toBe('ZQCW');
  });

  it('ledger: record a shipment, report by country and year against the caps, verify', async () => {
    const sh = await post(
      '/v1/ledger/shipments',
      {
        date: '2025-03-01',
        product: 'NVIDIA H100 SXM',
        quantity: 100,
        destination: 'AE',
        consignee: 'G42',
        license: 'LPP',
      },
      s.analyst,
    );
    expect(sh.statusCode, sh.body).toBe(200);
    const rep = (await get('/v1/ledger/report', s.viewer)).json();
    expect(rep.byDestination.find((x: { key: string }) => x.key === 'AE').quantity).toBe(100);
    expect(rep.caps.length).toBeGreaterThan(0);
    expect((await get('/v1/ledger/report?year=20x5', s.viewer)).json().field).toBe('year');
    const v = (await get('/v1/ledger/verify', s.viewer)).json();
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(0);
    const recs = (await get('/v1/ledger/records?kind=shipment', s.viewer)).json();
    expect(recs.length).toBe(1);
    expect((await get(`/v1/ledger/records/${recs[0].seq}`, s.viewer)).json().kind).toBe('shipment');
    expect((await get('/v1/ledger/records/99999', s.viewer)).statusCode).toBe(404);
  });

  it('batch: upload a CSV, follow progress, download decided rows and rejects', async () => {
    const csv =
      'id,date,destination,product,quantity\n1,2025-06-01,CN,NVIDIA H100 SXM,10\n2,2025-06-01,DE,NVIDIA H100 SXM,5\n3,2025-06-01,CN,NoSuchChip,1\n';
    const up = await postCsv('/v1/batch?record=true&filename=orders.csv', csv, s.analyst);
    expect(up.statusCode, up.body).toBe(202);
    const id = up.json().id as string;
    await s.ctx.jobs.idle();
    const job = (await get(`/v1/batch/${id}`, s.viewer)).json();
    expect(job.state).toBe('done');
    expect(job.summary).toMatchObject({ inputRows: 3, outRows: 2, rejectRows: 1 });
    expect(job.progress.fraction).toBe(1);
    const out = await get(`/v1/batch/${id}/out.csv`, s.viewer);
    expect(out.headers['content-type']).toMatch(/text\/csv/);
    expect(out.body.split('\n')[0]).toMatch(/license_required,outcome/);
    expect(out.body).toMatch(/license-required/);
    const rej = await get(`/v1/batch/${id}/rejects.csv`, s.viewer);
    expect(rej.body).toMatch(/NoSuchChip/);
    expect((await get('/v1/batch', s.viewer)).json().map((j: { id: string }) => j.id)).toContain(id);
    const badHeader = await postCsv('/v1/batch', 'id,date,destination,quantity\n', s.analyst);
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json().error).toMatch(/product/);
    expect((await get('/v1/batch/00000000-0000-0000-0000-000000000000', s.viewer)).statusCode).toBe(404);
  });
});

describe('exportctl keys', () => {
  it('keys create prints a key once; only its hash is stored; the server accepts it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'exportctl-keys-'));
    const r = cli(['keys', 'create', '--role', 'analyst', '--name', 'ci', '--json'], undefined, {
      EXPORTCTL_HOME: home,
    });
    expect(r.code).toBe(0);
    const k = JSON.parse(r.out);
    expect(k.key).toMatch(/^exk_[0-9a-f]{8}_/);
    expect(readFileSync(join(home, 'api.sqlite')).includes(Buffer.from(k.key))).toBe(false);
    const list = cli(['keys', 'list'], undefined, { EXPORTCTL_HOME: home });
    expect(list.out).toMatch(/analyst/);
    expect(list.out).not.toContain(k.key);
    const bad = cli(['keys', 'create', '--role', 'root'], undefined, { EXPORTCTL_HOME: home });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--role/);
    const { KeyStore } = await import('../src/api/keys.ts');
    const ks = await KeyStore.open(join(home, 'api.sqlite'));
    expect(ks.verify(k.key)?.role).toBe('analyst');
    ks.close();
    writeFileSync(join(home, 'x'), '');
  });
});
