/**
 * One chunk of a batch: validate rows, decide (with a cache, since order books repeat), and
 * render the output and rejects CSV text. Pure apart from the engine call, so the same code runs
 * in the main thread, in worker threads (--workers) and in pg-boss workers (scale-out).
 */
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../engine/errors.ts';
import type { NewRecord } from './ledger.ts';
import type { Decision, Engine, Transaction } from './engine.ts';

export const REQUIRED_COLUMNS = ['id', 'date', 'destination', 'product', 'quantity'] as const;
export const OPTIONAL_COLUMNS = [
  'end_user_name',
  'end_user_country',
  'end_user_headquarters',
  'end_user_parent_headquarters',
  'view',
] as const;
export const RESULT_COLUMNS = ['license_required', 'outcome', 'review_policy', 'exceptions', 'eccn', 'confidence'] as const;
export const REJECT_COLUMNS = ['line', 'reason', 'raw'] as const;

/** A parsed input row (fields) or a row the CSV parser could not read (error + raw text). */
export interface RawRow {
  line: number;
  fields?: string[];
  error?: string;
  raw?: string;
}

export interface ChunkResult {
  outText: string;
  rejectsText: string;
  outRows: number;
  rejectRows: number;
  records: NewRecord[];
}

export interface ChunkOptions {
  header: string[];
  /** Record each accepted row's decision in the ledger (records are returned, not written). */
  record: boolean;
  runId: string;
  user?: string;
  /** Max distinct decisions kept in the cache (cleared when full, so memory stays bounded). */
  cacheSize?: number;
}

/** Checks the header; returns the problem (naming the column) or undefined. */
export function headerProblem(header: string[]): string | undefined {
  for (const c of REQUIRED_COLUMNS) if (!header.includes(c)) return `input: missing required column "${c}" (header is ${JSON.stringify(header.join(','))})`;
  for (const c of RESULT_COLUMNS) if (header.includes(c)) return `input: column "${c}" is an output column; rename it`;
  const seen = new Set<string>();
  for (const c of header) {
    if (seen.has(c)) return `input: duplicate column "${c}"`;
    seen.add(c);
  }
  return undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO2 = /^[A-Za-z]{2}$/;
const QTY = /^[0-9]+$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

class RowError extends Error {}

interface Cached {
  cols: string[];
  outputs: Record<string, unknown>;
  rulesVersion: string;
  error?: string;
}

export function makeChunkProcessor(engine: Engine, opts: ChunkOptions): (rows: RawRow[]) => ChunkResult {
  const h = opts.header;
  const at = (c: string) => h.indexOf(c);
  const ix = {
    id: at('id'),
    date: at('date'),
    destination: at('destination'),
    product: at('product'),
    quantity: at('quantity'),
    euName: at('end_user_name'),
    euCountry: at('end_user_country'),
    euHq: at('end_user_headquarters'),
    euParent: at('end_user_parent_headquarters'),
    view: at('view'),
  };
  const cacheSize = opts.cacheSize ?? 100_000;
  const cache = new Map<string, Cached>();
  const dates = new Map<string, boolean>();

  const opt = (f: string[], i: number) => (i >= 0 ? f[i]!.trim() : '');
  const iso = (f: string[], i: number, col: string) => {
    const v = opt(f, i);
    if (v && !ISO2.test(v)) throw new RowError(`${col}: must be an ISO 3166 alpha-2 code (got ${JSON.stringify(v)})`);
    return v.toUpperCase();
  };

  function toTx(f: string[]): { tx: Transaction; key: string } {
    const id = f[ix.id]!.trim();
    if (!id) throw new RowError('id: must not be empty');
    const date = f[ix.date]!.trim();
    let ok = dates.get(date);
    if (ok === undefined) {
      ok = validDate(date);
      if (dates.size < 10_000) dates.set(date, ok);
    }
    if (!ok) throw new RowError(`date: must be a calendar date YYYY-MM-DD (got ${JSON.stringify(date)})`);
    const destination = f[ix.destination]!.trim();
    if (!ISO2.test(destination)) throw new RowError(`destination: must be an ISO 3166 alpha-2 code (got ${JSON.stringify(destination)})`);
    const product = f[ix.product]!.trim();
    if (!product) throw new RowError('product: must not be empty');
    const q = f[ix.quantity]!.trim();
    const quantity = QTY.test(q) ? Number(q) : NaN;
    if (!(quantity > 0) || !Number.isSafeInteger(quantity)) {
      throw new RowError(`quantity: must be a positive whole number (got ${JSON.stringify(q)})`);
    }
    const name = opt(f, ix.euName);
    const country = iso(f, ix.euCountry, 'end_user_country');
    const hq = iso(f, ix.euHq, 'end_user_headquarters');
    const parent = iso(f, ix.euParent, 'end_user_parent_headquarters');
    const view = opt(f, ix.view);
    if (view && view !== 'enforced' && view !== 'as-written') {
      throw new RowError(`view: must be "enforced" or "as-written" (got ${JSON.stringify(view)})`);
    }
    const tx: Transaction = { date, destination: destination.toUpperCase(), items: [{ product, quantity }] };
    if (name || country || hq || parent) {
      tx.endUser = {
        ...(name ? { name } : {}),
        ...(country ? { country } : {}),
        ...(hq ? { headquarters: hq } : {}),
        ...(parent ? { ultimateParentHeadquarters: parent } : {}),
      };
    }
    if (view) tx.view = view as 'enforced' | 'as-written';
    const key = [date, tx.destination, product, quantity, name, country, hq, parent, view].join('\u0001');
    return { tx, key };
  }

  function decideCached(tx: Transaction, key: string): Cached {
    let c = cache.get(key);
    if (c) return c;
    try {
      const d: Decision = engine.decide(tx, { explain: false });
      const eccns = [...new Set(d.lines.map((l) => l.eccn).filter((e): e is string => !!e))];
      const exceptions = d.exceptions.map((e) => e.code);
      c = {
        cols: [
          String(d.licenseRequired),
          d.outcome,
          d.reviewPolicy ?? '',
          exceptions.join(';'),
          eccns.join(';'),
          d.confidence,
        ],
        outputs: {
          licenseRequired: d.licenseRequired,
          outcome: d.outcome,
          reviewPolicy: d.reviewPolicy,
          exceptions,
          eccn: eccns,
          confidence: d.confidence,
          measures: d.measures,
          tpp: d.totals?.tpp ?? null,
          ...(d.tier ? { tier: d.tier } : {}),
        },
        rulesVersion: d.rulesVersion,
      };
    } catch (e) {
      if (!(e instanceof InputError) && !(e instanceof RowError)) throw e;
      c = { cols: [], outputs: {}, rulesVersion: '', error: e.message };
    }
    if (cache.size >= cacheSize) cache.clear();
    cache.set(key, c);
    return c;
  }

  return (rows: RawRow[]): ChunkResult => {
    const out: string[][] = [];
    const rejects: string[][] = [];
    const records: NewRecord[] = [];
    for (const r of rows) {
      if (!r.fields) {
        rejects.push([String(r.line), r.error ?? 'unreadable CSV record', r.raw ?? '']);
        continue;
      }
      const f = r.fields;
      if (f.length !== h.length) {
        rejects.push([String(r.line), `expected ${h.length} fields, got ${f.length}`, stringify([f]).trimEnd()]);
        continue;
      }
      let reason: string | undefined;
      try {
        const { tx, key } = toTx(f);
        const c = decideCached(tx, key);
        if (c.error) reason = c.error;
        else {
          out.push([...f, ...c.cols]);
          if (opts.record) {
            records.push({
              kind: 'decision',
              ref: `batch:${opts.runId}:${r.line}`,
              user: opts.user,
              rulesVersion: c.rulesVersion,
              inputs: { id: f[ix.id]!.trim(), ...tx },
              outputs: c.outputs,
              retainFrom: tx.date,
            });
          }
        }
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        reason = e.message;
      }
      if (reason !== undefined) rejects.push([String(r.line), reason, stringify([f]).trimEnd()]);
    }
    return {
      outText: out.length ? stringify(out) : '',
      rejectsText: rejects.length ? stringify(rejects) : '',
      outRows: out.length,
      rejectRows: rejects.length,
      records,
    };
  };
}
