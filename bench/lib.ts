/** Shared bench helpers: a seeded PRNG (mulberry32), timing, peak RSS, table printing. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Wall time and CPU time (user + system, all threads of this process). On a shared 2-core machine
 * the wall time swings with whatever else runs; CPU time is the steadier basis for ratios.
 */
export function time<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000, value };
}

export async function timeAsync<T>(f: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000, value };
}

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export function table(rows: (string | number)[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (typeof c === 'number' ? String(c).padStart(w[i]!) : String(c).padEnd(w[i]!)))
        .join('  '),
    )
    .join('\n');
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
