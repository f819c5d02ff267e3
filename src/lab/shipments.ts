/**
 * Shipment sets for the policy lab, held column-wise so a million rows stay small:
 *  - user estimates in the batch CSV format (issue 5: `id,date,destination,product,quantity`
 *    required; `end_user_name,end_user_country,end_user_headquarters,end_user_parent_headquarters,view`
 *    optional), streamed with csv-parse; bad rows are rejected with line and field, never fatal;
 *  - the ledger's shipments table (SQLite or PostgreSQL, src/ledger);
 *  - a seeded synthetic generator (see synthetic.ts), labelled synthetic wherever it is shown.
 * Destinations are normalised as the engine does (HK is decided as CN); products are resolved to
 * catalog ids. The `view` column is ignored: each scenario's base view decides.
 */
import { parse } from 'csv-parse';
import { createReadStream, existsSync } from 'node:fs';
import { isIsoDate } from '../engine/dates.ts';
import { InputError } from '../engine/errors.ts';
import { catalog } from '../catalog/index.ts';
import { isValidDestination, normalizeDestination } from '../rules/countries.ts';
import type { ISODate } from '../rules/types.ts';
import { headerProblem } from '../ledger/batch-chunk.ts';
import type { SyntheticParams } from './synthetic.ts';

export interface ShipmentRow {
  id: string;
  date: ISODate;
  destination: string;
  /** Catalog product name, alias or id. */
  product: string;
  quantity: number;
  endUserHeadquarters?: string;
  endUserParentHeadquarters?: string;
}

export interface ShipmentSource {
  kind: 'file' | 'synthetic' | 'ledger' | 'rows';
  path?: string;
  synthetic: boolean;
  generator?: SyntheticParams & { prng: string };
  label: string;
}

export interface Rejected {
  line: number;
  reason: string;
}

const MAX_REJECTS_KEPT = 100;

/** Interning string table: index 0 is reserved for "none" when `withNone`. */
class Table {
  readonly values: string[] = [];
  private index = new Map<string, number>();
  constructor(withNone = false) {
    if (withNone) this.id('');
  }
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** A column-wise set of validated shipments. */
export class ShipmentSet {
  n = 0;
  private cap: number;
  ids: string[] | null = [];
  idPrefix = '';
  date: Int32Array;
  dest: Int32Array;
  product: Int32Array;
  hq: Int32Array;
  parent: Int32Array;
  quantity: Float64Array;
  readonly dates = new Table();
  readonly dests = new Table();
  readonly products = new Table();
  readonly countries = new Table(true);
  rejected: Rejected[] = [];
  rejectedCount = 0;
  warnings: string[] = [];

  constructor(
    public source: ShipmentSource,
    capacity = 1024,
  ) {
    this.cap = capacity;
    this.date = new Int32Array(capacity);
    this.dest = new Int32Array(capacity);
    this.product = new Int32Array(capacity);
    this.hq = new Int32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.quantity = new Float64Array(capacity);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.date = g(this.date);
    this.dest = g(this.dest);
    this.product = g(this.product);
    this.hq = g(this.hq);
    this.parent = g(this.parent);
    this.quantity = g(this.quantity);
    this.cap = cap;
  }

  /** Appends an already validated shipment (destination normalised, product a catalog id). */
  push(id: string | null, date: ISODate, destination: string, productId: string, quantity: number, hq = '', parent = ''): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    if (this.ids) this.ids.push(id ?? `${this.idPrefix}${i + 1}`);
    this.date[i] = this.dates.id(date);
    this.dest[i] = this.dests.id(destination);
    this.product[i] = this.products.id(productId);
    this.hq[i] = this.countries.id(hq);
    this.parent[i] = this.countries.id(parent);
    this.quantity[i] = quantity;
  }

  idAt(i: number): string {
    return this.ids ? this.ids[i]! : `${this.idPrefix}${i + 1}`;
  }

  reject(line: number, reason: string): void {
    this.rejectedCount++;
    if (this.rejected.length < MAX_REJECTS_KEPT) this.rejected.push({ line, reason });
  }

  row(i: number): ShipmentRow {
    const hq = this.countries.values[this.hq[i]!]!;
    const parent = this.countries.values[this.parent[i]!]!;
    return {
      id: this.idAt(i),
      date: this.dates.values[this.date[i]!]!,
      destination: this.dests.values[this.dest[i]!]!,
      product: this.products.values[this.product[i]!]!,
      quantity: this.quantity[i]!,
      ...(hq ? { endUserHeadquarters: hq } : {}),
      ...(parent ? { endUserParentHeadquarters: parent } : {}),
    };
  }
}

class RowError extends Error {}

/** Validates one shipment's fields; memoises product and date look-ups. */
export class RowValidator {
  private productIds = new Map<string, string | Error>();
  private dateOk = new Map<string, boolean>();

  date(v: string): ISODate {
    let ok = this.dateOk.get(v);
    if (ok === undefined) {
      ok = isIsoDate(v);
      if (this.dateOk.size < 100_000) this.dateOk.set(v, ok);
    }
    if (!ok) throw new RowError(`date: must be a calendar date YYYY-MM-DD (got ${JSON.stringify(v)})`);
    return v;
  }

  country(v: string, col: string, required: boolean): string {
    if (!v) {
      if (required) throw new RowError(`${col}: must not be empty`);
      return '';
    }
    if (!isValidDestination(v)) throw new RowError(`${col}: must be an ISO 3166-1 alpha-2 code (got ${JSON.stringify(v)})`);
    return normalizeDestination(v);
  }

  product(v: string): string {
    if (!v) throw new RowError('product: must not be empty');
    let r = this.productIds.get(v);
    if (r === undefined) {
      try {
        r = catalog().resolve(v, 'product').id;
      } catch (e) {
        r = e instanceof InputError ? new Error(e.message) : (e as Error);
      }
      this.productIds.set(v, r);
    }
    if (r instanceof Error) throw new RowError(r.message);
    return r;
  }

  quantity(v: string | number): number {
    const q = typeof v === 'number' ? v : /^[0-9]+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!(q > 0) || !Number.isSafeInteger(q)) throw new RowError(`quantity: must be a positive whole number (got ${JSON.stringify(v)})`);
    return q;
  }
}

/** Shipments given as objects (the API / runLab callers). Bad rows are rejected, numbered from 1. */
export function shipmentsFromRows(rows: readonly ShipmentRow[], label = 'shipments given in the request'): ShipmentSet {
  const set = new ShipmentSet({ kind: 'rows', synthetic: false, label }, Math.max(16, rows.length));
  const v = new RowValidator();
  rows.forEach((r, k) => {
    try {
      if (r === null || typeof r !== 'object') throw new RowError('expected an object');
      const id = typeof r.id === 'string' && r.id.trim() ? r.id.trim() : String(k + 1);
      set.push(
        id,
        v.date(String(r.date ?? '')),
        v.country(String(r.destination ?? '').trim(), 'destination', true),
        v.product(String(r.product ?? '').trim()),
        v.quantity(r.quantity as number),
        v.country(String(r.endUserHeadquarters ?? '').trim(), 'endUserHeadquarters', false),
        v.country(String(r.endUserParentHeadquarters ?? '').trim(), 'endUserParentHeadquarters', false),
      );
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      set.reject(k + 1, e.message);
    }
  });
  return set;
}

/** Streams a batch-format CSV into a ShipmentSet. Header problems are errors (exit 2); row problems are rejects. */
export async function loadShipmentsCsv(path: string, field = '--shipments'): Promise<ShipmentSet> {
  if (!existsSync(path)) throw new InputError(field, path, 'no such file');
  const set = new ShipmentSet({ kind: 'file', path, synthetic: false, label: `shipment estimates from ${path}` }, 1 << 16);
  const v = new RowValidator();
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, on_record: (r, ctx) => ({ f: r as string[], l: ctx.lines }) as never }),
  );
  let header: string[] | null = null;
  const ix: Record<string, number> = {};
  let synthetic = false;
  try {
    for await (const rec of parser as AsyncIterable<{ f: string[]; l: number }>) {
      if (!header) {
        header = rec.f.map((c) => c.trim());
        const problem = headerProblem(header);
        if (problem) throw new InputError(field, path, problem);
        for (const c of ['id', 'date', 'destination', 'product', 'quantity', 'end_user_name', 'end_user_headquarters', 'end_user_parent_headquarters', 'view'])
          ix[c] = header.indexOf(c);
        continue;
      }
      const f = rec.f;
      if (f.length !== header.length) {
        set.reject(rec.l, `expected ${header.length} fields, got ${f.length}`);
        continue;
      }
      const get = (c: string) => (ix[c]! >= 0 ? f[ix[c]!]!.trim() : '');
      try {
        const id = get('id');
        if (!id) throw new RowError('id: must not be empty');
        if (!synthetic && (id.startsWith('SYNTHETIC') || get('end_user_name').startsWith('SYNTHETIC'))) synthetic = true;
        set.push(
          id,
          v.date(get('date')),
          v.country(get('destination'), 'destination', true),
          v.product(get('product')),
          v.quantity(get('quantity')),
          v.country(get('end_user_headquarters'), 'end_user_headquarters', false),
          v.country(get('end_user_parent_headquarters'), 'end_user_parent_headquarters', false),
        );
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        set.reject(rec.l, e.message);
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    set.reject(-1, `CSV error: ${(e as Error).message}`);
  }
  if (!header) throw new InputError(field, path, 'the file is empty (a header line is required)');
  if (ix.view! >= 0) set.warnings.push('the "view" column is ignored: each scenario decides in its own base view');
  if (synthetic) {
    set.source.synthetic = true;
    set.source.label = `SYNTHETIC shipments (generated by exportctl lab generate) from ${path}`;
  }
  return set;
}

/** The ledger's shipments table (recorded with `exportctl ledger ship`). */
export async function loadShipmentsFromLedger(location: string): Promise<ShipmentSet> {
  const { openStore } = await import('../ledger/db.ts');
  const store = await openStore(location);
  const set = new ShipmentSet({ kind: 'ledger', path: store.location, synthetic: false, label: `shipments recorded in the ledger at ${store.location}` }, 1 << 12);
  const v = new RowValidator();
  try {
    const rows = await store.db.selectFrom('shipments').selectAll().orderBy('record_seq').execute();
    for (const r of rows) {
      try {
        set.push(
          `ledger:${r.record_seq}`,
          v.date(String(r.ship_date)),
          v.country(String(r.destination), 'destination', true),
          v.product(String(r.product)),
          v.quantity(Number(r.quantity)),
          v.country(r.end_user_hq ?? '', 'end_user_hq', false),
        );
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        set.reject(Number(r.record_seq), e.message);
      }
    }
  } finally {
    await store.close();
  }
  return set;
}
