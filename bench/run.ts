/**
 * `npm run bench`: runs every bench/*.bench.ts as its own process (so each reports its own peak
 * RSS), streams its table, and collects the `BENCH {...}` JSON line each prints into
 * bench/out/results.json. `npm run bench -- classify` runs only the benches whose name matches.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

const results: Record<string, unknown> = {};
for (const f of files) {
  process.stdout.write(`\n=== ${f} ===\n`);
  const out = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, f)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      process.stdout.write(d);
    });
    child.on('close', (code) => {
      if (code !== 0) process.stdout.write(`(${f} exited with ${code})\n`);
      resolve(buf);
    });
  });
  const line = out.split('\n').find((l) => l.startsWith('BENCH '));
  if (line) results[f.replace('.bench.ts', '')] = JSON.parse(line.slice(6));
}
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'results.json'), JSON.stringify(results, null, 2));
process.stdout.write(`\nresults written to bench/out/results.json\n`);
