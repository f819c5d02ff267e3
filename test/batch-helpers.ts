/** Test helpers for the batch tests: run bin/exportctl as a real child process, make inputs. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const BIN = join(ROOT, 'bin', 'exportctl');
export const FAKE = join(ROOT, 'test', 'fixtures', 'ledger-fake-decide.ts');

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, EXPORTCTL_DECIDE_MODULE: FAKE, EXPORTCTL_USER: 'ci', ...extra };
}

export function cli(
  args: string[],
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: cliEnv(env), encoding: 'utf8', cwd: ROOT });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliChild(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(env),
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exited(c: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    if (c.exitCode !== null || c.signalCode !== null) res({ code: c.exitCode, signal: c.signalCode });
    else c.once('exit', (code, signal) => res({ code, signal }));
  });
}

/**
 * An order book with repeats (cached decisions), bad rows of every kind, and — when `slowEvery`
 * is set — rows for the SLOW product with distinct quantities, which busy-wait in the fake engine
 * so a run lasts long enough to be killed mid-way.
 */
export function writeOrderBook(
  path: string,
  rows: number,
  opts: { slowEvery?: number } = {},
): { good: number; bad: number } {
  const lines = [
    'id,date,destination,product,quantity,end_user_name,end_user_country,end_user_headquarters,end_user_parent_headquarters,view',
  ];
  const dests = ['DE', 'IN', 'CN', 'US', 'AE', 'SG'];
  let bad = 0;
  for (let i = 1; i <= rows; i++) {
    const d = dests[i % dests.length];
    if (i % 97 === 0) {
      lines.push(`${i},2025-02-30,${d},GPU-A,8,,,,,`); // impossible date
      bad++;
    } else if (i % 89 === 0) {
      lines.push(`${i},2025-03-01,${d},NOPE,8,,,,,`); // unknown product (engine InputError)
      bad++;
    } else if (i % 83 === 0) {
      lines.push(`${i},2025-03-01,${d},GPU-A`); // too few fields
      bad++;
    } else if (i % 79 === 0) {
      lines.push(`${i},2025-03-01,${d},GPU-B,-3,,,,,`); // bad quantity
      bad++;
    } else if (opts.slowEvery && i % opts.slowEvery === 0) {
      lines.push(`${i},2025-03-01,${d},SLOW,${i},"Slow, Inc.",${d},,,`);
    } else {
      const view = i % 7 === 0 ? 'as-written' : '';
      lines.push(
        `${i},2025-0${1 + (i % 9)}-1${i % 10},${d},${i % 3 ? 'GPU-A' : 'GPU-B'},${1 + (i % 16)},ACME ${i % 11},${d},${i % 13 === 0 ? 'CN' : ''},,${view}`,
      );
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return { good: rows - bad, bad };
}
