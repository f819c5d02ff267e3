/**
 * One chunk of a batch: validate rows, decide (with a cache, since order books repeat), and
 * render the output and rejects CSV text. Pure apart from the engine call, so the same code runs
 * in the main thread, in worker threads (--workers) and in pg-boss workers (scale-out).
 */
import { stringify } from 'csv-stringify/sync';
import { InputError } from '../engine/errors.ts';
import { canonicalJson, type NewRecord } from './ledger.ts';
import type { Decision, Engine, Transaction } from './engine.ts';

export const REQUIRED_COLUMNS = ['id', 'date', 'destination', 'product', 'quantity'] as const;
export const OPTIONAL_COLUMNS = [
  'end_user_name',
  'end_user_country',
  'end_user_headquarters',
  'end_user_parent_headquarters',
  'view',
] as const;
export const RESULT_COLUMNS = [
  'license_required',
  'outcome',
  'review_policy',
  'exceptions',
  'eccn',
  'confidence',
] as const;
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
  for (const c of REQUIRED_COLUMNS)
    if (!header.includes(c))
      return `input: missing required column "${c}" (header is ${JSON.stringify(header.join(','))})`;
  for (const c of RESULT_COLUMNS)
    if (header.includes(c)) return `input: column "${c}" is an output column; rename it`;
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

/** The verdict for one distinct (date, destination, product, quantity, end user, view) key. */
interface Cached {
  /** Why the row is rejected (validation or engine InputError), or undefined. */
  error?: string;
  cols: string[];
  /** `cols` as CSV text (no record delimiter), rendered once per key. */
  colsCsv?: string;
  tx?: Transaction;
  /** canonicalJson of the ledger inputs with an id placeholder, and of the outputs (built once). */
  inputsJson?: [string, string];
  outputsJson?: string;
  rulesVersion: string;
}

const ID_MARK = '\u0000id\u0000';

/** Result columns as CSV text without the record delimiter. */
export function renderCols(cols: string[]): string {
  return stringify([cols], { record_delimiter: '' });
}

/**
 * OUT rows are the input fields followed by the result columns. The result columns repeat (one
 * rendering per decision key), so csv-stringify renders only the input fields, in one call for
 * the chunk, and each line gets its key's pre-rendered columns appended. The bytes are those of
 * stringify(rows with the result columns appended): csv-stringify quotes each field on its own
 * content. A field holding a line break makes more lines than rows: the count tells, and such a
 * chunk is rendered whole.
 */
export function renderOut(fields: string[][], cols: Pick<Cached, 'cols' | 'colsCsv'>[]): string {
  const lines = stringify(fields).split('\n');
  if (lines.length !== fields.length + 1) return stringify(fields.map((f, i) => f.concat(cols[i]!.cols)));
  let text = '';
  for (let i = 0; i < fields.length; i++) text += lines[i] + ',' + cols[i]!.colsCsv + '\n';
  return text;
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
  const cacheSize = opts.cacheSize ?? 50_000;
  // Order books repeat: the verdict depends only on these fields, so it is computed once per
  // distinct key (validation included) and reused. The engine is pure, so this is safe.
  const cache = new Map<string, Cached>();
  const opt = (f: string[], i: number) => (i >= 0 ? f[i]!.trim() : '');
  const bad = (msg: string): Cached => ({ error: msg, cols: [], rulesVersion: '' });

  function evaluate(f: string[]): Cached {
    const date = f[ix.date]!.trim();
    if (!validDate(date))
      return bad(`date: must be a calendar date YYYY-MM-DD (got ${JSON.stringify(date)})`);
    const destination = f[ix.destination]!.trim();
    if (!ISO2.test(destination))
      return bad(`destination: must be an ISO 3166 alpha-2 code (got ${JSON.stringify(destination)})`);
    const product = f[ix.product]!.trim();
    if (!product) return bad('product: must not be empty');
    const q = f[ix.quantity]!.trim();
    const quantity = QTY.test(q) ? Number(q) : NaN;
    if (!(quantity > 0) || !Number.isSafeInteger(quantity))
      return bad(`quantity: must be a positive whole number (got ${JSON.stringify(q)})`);
    const name = opt(f, ix.euName);
    const iso: Record<string, string> = {};
    for (const [k, i, col] of [
      ['country', ix.euCountry, 'end_user_country'],
      ['headquarters', ix.euHq, 'end_user_headquarters'],
      ['ultimateParentHeadquarters', ix.euParent, 'end_user_parent_headquarters'],
    ] as const) {
      const v = opt(f, i);
      if (v && !ISO2.test(v))
        return bad(`${col}: must be an ISO 3166 alpha-2 code (got ${JSON.stringify(v)})`);
      if (v) iso[k] = v.toUpperCase();
    }
    const view = opt(f, ix.view);
    if (view && view !== 'enforced' && view !== 'as-written')
      return bad(`view: must be "enforced" or "as-written" (got ${JSON.stringify(view)})`);
    const tx: Transaction = { date, destination: destination.toUpperCase(), items: [{ product, quantity }] };
    if (name || Object.keys(iso).length) tx.endUser = { ...(name ? { name } : {}), ...iso };
    if (view) tx.view = view as 'enforced' | 'as-written';
    try {
      const d: Decision = engine.decide(tx, { explain: false });
      const eccns = [...new Set(d.lines.map((l) => l.eccn).filter((e): e is string => !!e))];
      const exceptions = d.exceptions.map((e) => e.code);
      const cols = [
        String(d.licenseRequired),
        d.outcome,
        d.reviewPolicy ?? '',
        exceptions.join(';'),
        eccns.join(';'),
        d.confidence,
      ];
      if (!opts.record) return { cols, rulesVersion: d.rulesVersion };
      // What the ledger stores for rows with this key, serialised once: the inputs around an id
      // placeholder (canonical key order puts "id" where it belongs), and the compact outputs.
      const withMark = canonicalJson({ id: ID_MARK, ...tx });
      const cut = withMark.indexOf(JSON.stringify(ID_MARK));
      return {
        cols,
        tx,
        inputsJson: [withMark.slice(0, cut), withMark.slice(cut + JSON.stringify(ID_MARK).length)],
        outputsJson: canonicalJson({
          licenseRequired: d.licenseRequired,
          outcome: d.outcome,
          reviewPolicy: d.reviewPolicy,
          exceptions,
          eccn: eccns,
          confidence: d.confidence,
          measures: d.measures,
          tpp: d.totals?.tpp ?? null,
          ...(d.tier ? { tier: d.tier } : {}),
        }),
        rulesVersion: d.rulesVersion,
      };
    } catch (e) {
      if (e instanceof InputError) return bad(e.message);
      throw e;
    }
  }

  const keyOf = (f: string[]) =>
    f[ix.date] +
    '\u0001' +
    f[ix.destination] +
    '\u0001' +
    f[ix.product] +
    '\u0001' +
    f[ix.quantity] +
    '\u0001' +
    (ix.euName >= 0 ? f[ix.euName] : '') +
    '\u0001' +
    (ix.euCountry >= 0 ? f[ix.euCountry] : '') +
    '\u0001' +
    (ix.euHq >= 0 ? f[ix.euHq] : '') +
    '\u0001' +
    (ix.euParent >= 0 ? f[ix.euParent] : '') +
    '\u0001' +
    (ix.view >= 0 ? f[ix.view] : '');

  return (rows: RawRow[]): ChunkResult => {
    const out: string[][] = [];
    const outCols: Cached[] = [];
    const rejects: string[][] = [];
    const records: NewRecord[] = [];
    for (const r of rows) {
      if (!r.fields) {
        rejects.push([String(r.line), r.error ?? 'unreadable CSV record', r.raw ?? '']);
        continue;
      }
      const f = r.fields;
      if (f.length !== h.length) {
        rejects.push([
          String(r.line),
          `expected ${h.length} fields, got ${f.length}`,
          stringify([f]).trimEnd(),
        ]);
        continue;
      }
      const id = f[ix.id]!.trim();
      let reason: string | undefined;
      if (!id) reason = 'id: must not be empty';
      else {
        const key = keyOf(f);
        let c = cache.get(key);
        if (!c) {
          c = evaluate(f);
          if (c.error === undefined) c.colsCsv = renderCols(c.cols);
          if (cache.size >= cacheSize) cache.clear();
          cache.set(key, c);
        }
        if (c.error !== undefined) reason = c.error;
        else {
          out.push(f);
          outCols.push(c);
          if (opts.record) {
            records.push({
              kind: 'decision',
              ref: `batch:${opts.runId}:${r.line}`,
              user: opts.user,
              rulesVersion: c.rulesVersion,
              inputs: null,
              outputs: null,
              inputsJson: c.inputsJson![0] + JSON.stringify(id) + c.inputsJson![1],
              outputsJson: c.outputsJson,
              retainFrom: c.tx!.date,
            });
          }
        }
      }
      if (reason !== undefined) rejects.push([String(r.line), reason, stringify([f]).trimEnd()]);
    }
    return {
      outText: out.length ? renderOut(out, outCols) : '',
      rejectsText: rejects.length ? stringify(rejects) : '',
      outRows: out.length,
      rejectRows: rejects.length,
      records,
    };
  };
}
