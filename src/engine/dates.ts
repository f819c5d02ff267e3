/** Calendar-day parsing. Dates are YYYY-MM-DD strings; a malformed or impossible day is an InputError. */
import { InputError } from './errors.ts';
import type { ISODate } from '../rules/types.ts';

const RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Order books repeat a few hundred dates: remember the ones already checked.
const valid = new Set<string>();

export function isIsoDate(v: unknown): v is ISODate {
  if (typeof v !== 'string') return false;
  if (valid.has(v)) return true;
  const m = RE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  const ok = d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
  if (ok && valid.size < 100_000) valid.add(v);
  return ok;
}

export function parseDate(value: unknown, field = 'date'): ISODate {
  if (!isIsoDate(value)) throw new InputError(field, value, 'expected a calendar date YYYY-MM-DD');
  return value;
}

/** Today in UTC. */
export function today(): ISODate {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(d: ISODate, n: number): ISODate {
  const t = new Date(d + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

export function parseView(value: unknown, field = 'view'): 'enforced' | 'as-written' {
  if (value === undefined) return 'enforced';
  if (value === 'enforced' || value === 'as-written') return value;
  throw new InputError(field, value, 'expected "enforced" or "as-written"');
}
