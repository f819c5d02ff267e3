/** Small CLI helpers: read a JSON document from a file or stdin ("-"), print JSON. */
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';

export function readJsonArg(path: string, flag: string): unknown {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `${flag}: cannot read ${JSON.stringify(path)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag}: ${JSON.stringify(path)} is not valid JSON (${(e as Error).message})`);
  }
}

export function printJson(v: unknown): void {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n');
}

export function fmtNum(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined) return 'unknown';
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: digits });
}
