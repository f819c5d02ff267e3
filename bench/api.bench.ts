/**
 * API load benchmark: autocannon on loopback against `exportctl serve` (a child process, auth and
 * rate limiting on, as deployed), 50 connections: POST /v1/decide side by side with the trivial
 * GET /healthz on the same server in the same run. Targets: decide ≥ 0.5× the trivial route's
 * throughput, p99 ≤ 10 ms. Prints a table and one `BENCH {...}` line.
 *
 * decide is measured twice, because the server keeps the answers to party-less questions
 * (src/api/answers.ts): "repeated" sends one transaction over and over (from the third request
 * on, every answer is a kept one), "new" gives every request its own quantity, so every answer is
 * computed and serialised, and its question only noted (an answer is kept on its second ask).
 * Both are judged against the targets; neither stands in for the other.
 *
 *   node --import tsx bench/api.bench.ts [--duration 10] [--connections 50]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const duration = arg('duration', 10);
const connections = arg('connections', 50);

// The headline transaction names no party (engine + HTTP); the second names the end user, so
// decideWithParties also screens it against the bundled lists (as the CLI does).
const TX = { date: '2025-06-01', destination: 'CN', items: [{ product: 'NVIDIA H100 SXM', quantity: 10 }] };
const TX_PARTY = { ...TX, endUser: { name: 'Example Cloud Ltd', country: 'CN' } };

const home = mkdtempSync(join(tmpdir(), 'exportctl-bench-api-'));
const server = spawn(process.execPath, [join(root, 'bin', 'exportctl'), 'serve', '--port', '0', '--rate-limit', '10000000', '--web', join(root, 'web')], {
  env: { ...process.env, EXPORTCTL_HOME: home },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { url, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
  let buf = '';
  server.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const u = /serving on (http:\/\/\S+)/.exec(buf);
    const k = /(exk_[0-9a-f]{8}_[A-Za-z0-9_-]{43})/.exec(buf);
    if (u && k) resolve({ url: u[1]!.replace(/\/$/, ''), key: k[1]! });
  });
  server.on('exit', (c) => reject(new Error(`server exited (${c}) before it was ready: ${buf}`)));
});

function serverPeakRssMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU time (user + system, all its threads) per request, µs: independent of other load. */
  cpuUsPerReq: number | null;
}

// The machine is shared (2 cores, other work running): wall-clock throughput and tail latency
// move with the neighbours, so also read the server's own CPU time from /proc around each run.
function serverCpuUs(): number | null {
  try {
    const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) in clock ticks; `rest` starts at field 3.
    return ((Number(rest[11]) + Number(rest[12])) * 1e6) / 100;
  } catch {
    return null;
  }
}

async function load(
  path: string,
  opts: { method?: 'GET' | 'POST'; body?: string; newBody?: () => string; seconds: number },
): Promise<Run> {
  const cpu0 = serverCpuUs();
  const r = await autocannon({
    url: url + path,
    connections,
    duration: opts.seconds,
    method: opts.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: opts.body,
    ...(opts.newBody ? { requests: [{ setupRequest: (req: object) => ({ ...req, body: opts.newBody!() }) }] } : {}),
  });
  const cpu1 = serverCpuUs();
  const cpuUsPerReq = cpu0 === null || cpu1 === null || !r.requests.total ? null : Math.round((cpu1 - cpu0) / r.requests.total);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpuUsPerReq };
}

const body = JSON.stringify(TX);
const bodyParty = JSON.stringify(TX_PARTY);
// A new question per request: the quantity counts up (a distinct memo key every time).
let quantity = 1000;
const newBody = () => JSON.stringify({ ...TX, items: [{ ...TX.items[0], quantity: ++quantity }] });
const post = (b: string) =>
  fetch(url + '/v1/decide', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: b });
// Check before measuring: the answer, and that the kept answer (sent from the third ask on) is
// the one computed the first time.
const first = await post(body);
const firstText = await first.text();
await post(body); // second ask: computed again and kept
const kept = await (await post(body)).text();
const decision = JSON.parse(firstText) as { outcome: string };
if (first.status !== 200 || decision.outcome !== 'license-required') throw new Error(`unexpected decide answer ${first.status}`);
if (kept !== firstText) throw new Error('the kept answer differs from the computed one');
const other = (await (await post(newBody())).json()) as { totals: { quantity: number } };
if (other.totals.quantity !== quantity) throw new Error('a new quantity did not get its own answer');
const responseBytes = Buffer.byteLength(firstText);

// Warm-up (JIT, caches), then every route measured in the same run, one after another.
await load('/healthz', { seconds: 2 });
await load('/v1/decide', { method: 'POST', body, seconds: 2 });
await load('/v1/decide', { method: 'POST', newBody, seconds: 2 });
await load('/v1/decide', { method: 'POST', body: bodyParty, seconds: 2 });
const trivial = await load('/healthz', { seconds: duration });
const decide = await load('/v1/decide', { method: 'POST', body, seconds: duration });
const decideNew = await load('/v1/decide', { method: 'POST', newBody, seconds: duration });
const decideParty = await load('/v1/decide', { method: 'POST', body: bodyParty, seconds: duration });
// The floor of any authenticated JSON POST on this server: the same route with a body that fails
// validation (400, small answer) pays the body read, auth, rate limit and schema, but no decision.
const postFloor = await load('/v1/decide', { method: 'POST', body: '{}', seconds: duration });
const serverRss = serverPeakRssMb();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(home, { recursive: true, force: true });

const ratio = decide.rps / trivial.rps;
const ratioNew = decideNew.rps / trivial.rps;
const row = (name: string, r: Run) =>
  `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.errors + r.non2xx).padStart(7)} ${String(r.cpuUsPerReq ?? '?').padStart(12)}`;
const cpuRatio = (r: Run) => (r.cpuUsPerReq && trivial.cpuUsPerReq ? Math.round((trivial.cpuUsPerReq / r.cpuUsPerReq) * 1000) / 1000 : null);
const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
const benchRss = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  [
    `autocannon, ${connections} connections, ${duration} s per route, loopback, server = exportctl serve (auth + rate limit on)`,
    `${'route'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)} ${'server CPU µs/req'.padStart(12)}`,
    row('GET /healthz (trivial)', trivial),
    row('POST /v1/decide, repeated (kept)', decide),
    row('POST /v1/decide, new (computed)', decideNew),
    row('  + end user screened (computed)', decideParty),
    row('POST floor (400, {})', postFloor),
    `decide/trivial throughput ratio (target ≥ 0.5): repeated ${ratio.toFixed(2)} ${verdict(ratio >= 0.5)}; new ${ratioNew.toFixed(2)} ${verdict(ratioNew >= 0.5)}`,
    `decide p99 (target ≤ 10 ms): repeated ${decide.p99} ms ${verdict(decide.p99 <= 10)}; new ${decideNew.p99} ms ${verdict(decideNew.p99 <= 10)}`,
    `server CPU per request vs trivial ${trivial.cpuUsPerReq ?? '?'} µs: repeated ${decide.cpuUsPerReq ?? '?'} µs, new ${decideNew.cpuUsPerReq ?? '?'} µs (CPU-bound ratios ${cpuRatio(decide) ?? '?'}, ${cpuRatio(decideNew) ?? '?'})`,
    `with the end user screened: ratio ${(decideParty.rps / trivial.rps).toFixed(2)}, p99 ${decideParty.p99} ms`,
    `POST floor/trivial: ${(postFloor.rps / trivial.rps).toFixed(2)} (body read, auth, rate limit, schema, error answer)`,
    `decide response: ${responseBytes} bytes; server peak RSS ${serverRss ?? '?'} MB; bench process peak RSS ${benchRss} MB`,
  ].join('\n') + '\n',
);
const r3 = (x: number) => Math.round(x * 1000) / 1000;
process.stdout.write(
  'BENCH ' +
    JSON.stringify({
      bench: 'api',
      connections,
      durationSeconds: duration,
      trivialRps: Math.round(trivial.rps),
      trivialP99Ms: trivial.p99,
      decideRps: Math.round(decide.rps),
      decideP50Ms: decide.p50,
      decideP99Ms: decide.p99,
      ratio: r3(ratio),
      decideNewRps: Math.round(decideNew.rps),
      decideNewP50Ms: decideNew.p50,
      decideNewP99Ms: decideNew.p99,
      ratioNew: r3(ratioNew),
      decidePartyRps: Math.round(decideParty.rps),
      decidePartyP99Ms: decideParty.p99,
      partyRatio: r3(decideParty.rps / trivial.rps),
      trivialCpuUsPerReq: trivial.cpuUsPerReq,
      decideCpuUsPerReq: decide.cpuUsPerReq,
      decideNewCpuUsPerReq: decideNew.cpuUsPerReq,
      decidePartyCpuUsPerReq: decideParty.cpuUsPerReq,
      postFloorRps: Math.round(postFloor.rps),
      postFloorP99Ms: postFloor.p99,
      postFloorCpuUsPerReq: postFloor.cpuUsPerReq,
      postFloorRatio: r3(postFloor.rps / trivial.rps),
      cpuRatio: cpuRatio(decide),
      cpuRatioNew: cpuRatio(decideNew),
      targets: { ratio: 0.5, p99Ms: 10 },
      meetsRatio: { repeated: ratio >= 0.5, new: ratioNew >= 0.5 },
      meetsP99: { repeated: decide.p99 <= 10, new: decideNew.p99 <= 10 },
      // postFloor answers 400 by design: only its transport errors count.
      errors:
        trivial.errors + decide.errors + decideNew.errors + decideParty.errors + postFloor.errors +
        trivial.non2xx + decide.non2xx + decideNew.non2xx + decideParty.non2xx,
      decideResponseBytes: responseBytes,
      serverPeakRssMb: serverRss,
      benchPeakRssMb: benchRss,
    }) +
    '\n',
);
