/**
 * API load benchmark: autocannon on loopback against `exportctl serve` (a child process, auth and
 * rate limiting on, as deployed), 50 connections: POST /v1/decide side by side with the trivial
 * GET /healthz on the same server in the same run. Targets: decide ≥ 0.5× the trivial route's
 * throughput, p99 ≤ 10 ms. Prints a table and one `BENCH {...}` line.
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

async function load(path: string, opts: { method?: 'GET' | 'POST'; body?: string; seconds: number }): Promise<Run> {
  const cpu0 = serverCpuUs();
  const r = await autocannon({
    url: url + path,
    connections,
    duration: opts.seconds,
    method: opts.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: opts.body,
  });
  const cpu1 = serverCpuUs();
  const cpuUsPerReq = cpu0 === null || cpu1 === null || !r.requests.total ? null : Math.round((cpu1 - cpu0) / r.requests.total);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, cpuUsPerReq };
}

const body = JSON.stringify(TX);
const bodyParty = JSON.stringify(TX_PARTY);
// Same answer as the CLI: check once before measuring.
const check = await fetch(url + '/v1/decide', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
const decision = (await check.json()) as { outcome: string };
if (check.status !== 200 || decision.outcome !== 'license-required') throw new Error(`unexpected decide answer ${check.status}`);
const responseBytes = JSON.stringify(decision).length;

// Warm-up (JIT, caches), then both routes measured in the same run, alternating.
await load('/healthz', { seconds: 2 });
await load('/v1/decide', { method: 'POST', body, seconds: 2 });
await load('/v1/decide', { method: 'POST', body: bodyParty, seconds: 2 });
const trivial = await load('/healthz', { seconds: duration });
const decide = await load('/v1/decide', { method: 'POST', body, seconds: duration });
const decideParty = await load('/v1/decide', { method: 'POST', body: bodyParty, seconds: duration });
// The floor of any authenticated JSON POST on this server: the same route with a body that fails
// validation (400, small answer) pays the body read, auth, rate limit and schema, but no decision.
const postFloor = await load('/v1/decide', { method: 'POST', body: '{}', seconds: duration });
const serverRss = serverPeakRssMb();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(home, { recursive: true, force: true });

const ratio = decide.rps / trivial.rps;
const row = (name: string, r: Run) =>
  `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.errors + r.non2xx).padStart(7)} ${String(r.cpuUsPerReq ?? '?').padStart(12)}`;
const cpuRatio = decide.cpuUsPerReq && trivial.cpuUsPerReq ? trivial.cpuUsPerReq / decide.cpuUsPerReq : null;
process.stdout.write(
  [
    `autocannon, ${connections} connections, ${duration} s per route, loopback, server = exportctl serve (auth + rate limit on)`,
    `${'route'.padEnd(22)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)} ${'server CPU µs/req'.padStart(12)}`,
    row('GET /healthz (trivial)', trivial),
    row('POST /v1/decide', decide),
    row('  + end user screened', decideParty),
    row('POST floor (400, {})', postFloor),
    `decide/trivial throughput ratio: ${ratio.toFixed(2)} (target ≥ 0.5)   decide p99: ${decide.p99} ms (target ≤ 10)`,
    `server CPU per request: decide ${decide.cpuUsPerReq ?? '?'} µs vs trivial ${trivial.cpuUsPerReq ?? '?'} µs (CPU-bound ratio ${cpuRatio === null ? '?' : cpuRatio.toFixed(2)})`,
    `with the end user screened: ratio ${(decideParty.rps / trivial.rps).toFixed(2)}, p99 ${decideParty.p99} ms`,
    `POST floor/trivial: ${(postFloor.rps / trivial.rps).toFixed(2)} — the most any POST route reaches here; decide/POST floor ${(decide.rps / postFloor.rps).toFixed(2)}`,
    `decide response: ${responseBytes} bytes; server peak RSS ${serverRss ?? '?'} MB; bench process peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  ].join('\n') + '\n',
);
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
      ratio: Math.round(ratio * 1000) / 1000,
      decidePartyRps: Math.round(decideParty.rps),
      decidePartyP99Ms: decideParty.p99,
      partyRatio: Math.round((decideParty.rps / trivial.rps) * 1000) / 1000,
      trivialCpuUsPerReq: trivial.cpuUsPerReq,
      decideCpuUsPerReq: decide.cpuUsPerReq,
      decidePartyCpuUsPerReq: decideParty.cpuUsPerReq,
      postFloorRps: Math.round(postFloor.rps),
      postFloorP99Ms: postFloor.p99,
      postFloorCpuUsPerReq: postFloor.cpuUsPerReq,
      postFloorRatio: Math.round((postFloor.rps / trivial.rps) * 1000) / 1000,
      cpuRatio: cpuRatio === null ? null : Math.round(cpuRatio * 1000) / 1000,
      targets: { ratio: 0.5, p99Ms: 10 },
      meetsRatio: ratio >= 0.5,
      meetsP99: decide.p99 <= 10,
      // postFloor answers 400 by design: only its transport errors count.
      errors: trivial.errors + decide.errors + decideParty.errors + postFloor.errors + trivial.non2xx + decide.non2xx + decideParty.non2xx,
      decideResponseBytes: responseBytes,
      serverPeakRssMb: serverRss,
      benchPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) +
    '\n',
);
