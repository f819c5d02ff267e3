/**
 * Synthetic shipment sets: SYNTHETIC, seeded, reproducible. They are not estimates of real trade;
 * they exist to exercise the replay (tests, benchmarks, demos). Every row says so: ids start with
 * "SYNTHETIC-" and `end_user_name` reads "SYNTHETIC end user (seed S)".
 *
 * PRNG: mulberry32 (32-bit state, period 2^32), seeded with the integer `seed`; the same seed and
 * parameters give the same rows on every platform. Draw order per row: date, destination, product,
 * quantity, headquarters.
 *
 * Parameters (all optional):
 *  - n: rows (default 10,000);          seed: integer (default 1)
 *  - from, to: date range [from, to) (default 2022-08-01 .. 2026-12-01), uniform by day
 *  - destinations: weights by ISO code (default DEFAULT_DESTINATIONS: an illustrative mix, not data)
 *  - products: weights by catalog name/id (default: every catalog product with a release year,
 *    weight 1); a product is never shipped before 1 January of its release year (the date is
 *    redrawn up to 20 times, then the product is redrawn)
 *  - quantityMin, quantityMax: quantity is log-uniform on [min, max] (default 8 .. 20,000)
 *  - foreignHqShare: share of rows to destinations outside D:5/Macau whose end user is
 *    headquartered in China (default 0.05) — exercises the headquarters rule (15 CFR 744.23(a)(3))
 */
import { addDays, isIsoDate } from '../engine/dates.ts';
import { InputError } from '../engine/errors.ts';
import { catalog } from '../catalog/index.ts';
import { isValidDestination, normalizeDestination } from '../rules/countries.ts';
import type { ISODate } from '../rules/types.ts';
import { ShipmentSet } from './shipments.ts';

export interface SyntheticParams {
  n: number;
  seed: number;
  from: ISODate;
  to: ISODate;
  destinations: Record<string, number>;
  products: Record<string, number> | 'catalog';
  quantityMin: number;
  quantityMax: number;
  foreignHqShare: number;
}

/** Illustrative destination weights (a made-up mix for exercising the rules, not trade data). */
export const DEFAULT_DESTINATIONS: Record<string, number> = {
  US: 30, CN: 10, HK: 2, MO: 0.5, TW: 4, JP: 4, KR: 4, GB: 4, DE: 4, FR: 3, NL: 2, CA: 3, AU: 2,
  IN: 4, SG: 4, MY: 4, AE: 4, SA: 3, IL: 2, VN: 2, TH: 1, ID: 1, MX: 2, BR: 2, TR: 1, PL: 1,
  CH: 1, KZ: 0.5, RU: 0.5, IR: 0.1,
};

export const SYNTHETIC_DEFAULTS: SyntheticParams = {
  n: 10_000,
  seed: 1,
  from: '2022-08-01',
  to: '2026-12-01',
  destinations: DEFAULT_DESTINATIONS,
  products: 'catalog',
  quantityMin: 8,
  quantityMax: 20_000,
  foreignHqShare: 0.05,
};

export const PRNG_NAME = 'mulberry32';

/** mulberry32: a 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker(weights: number[]): (u: number) => number {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  return (u) => {
    const x = u * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

function dayNumber(d: ISODate): number {
  return Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
}

/** Validates and completes generator parameters; errors name the parameter. */
export function syntheticParams(p: Partial<SyntheticParams> = {}): SyntheticParams {
  const q: SyntheticParams = { ...SYNTHETIC_DEFAULTS, ...Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) };
  if (!Number.isSafeInteger(q.n) || q.n < 1 || q.n > 50_000_000) throw new InputError('n', q.n, 'expected a whole number of rows, 1 to 50,000,000');
  if (!Number.isSafeInteger(q.seed)) throw new InputError('seed', q.seed, 'expected an integer');
  if (!isIsoDate(q.from)) throw new InputError('from', q.from, 'expected a calendar date YYYY-MM-DD');
  if (!isIsoDate(q.to)) throw new InputError('to', q.to, 'expected a calendar date YYYY-MM-DD');
  if (q.to <= q.from) throw new InputError('to', q.to, `must be after from (${q.from})`);
  if (!(q.quantityMin >= 1) || !Number.isSafeInteger(q.quantityMin)) throw new InputError('quantityMin', q.quantityMin, 'expected a whole number >= 1');
  if (!(q.quantityMax >= q.quantityMin) || !Number.isSafeInteger(q.quantityMax)) throw new InputError('quantityMax', q.quantityMax, 'expected a whole number >= quantityMin');
  if (!(q.foreignHqShare >= 0 && q.foreignHqShare <= 1)) throw new InputError('foreignHqShare', q.foreignHqShare, 'expected a share between 0 and 1');
  for (const [c, w] of Object.entries(q.destinations)) {
    if (!isValidDestination(c)) throw new InputError(`destinations.${c}`, c, 'expected an ISO 3166-1 alpha-2 code');
    if (!(w >= 0) || !Number.isFinite(w)) throw new InputError(`destinations.${c}`, w, 'expected a non-negative weight');
  }
  if (!Object.values(q.destinations).some((w) => w > 0)) throw new InputError('destinations', q.destinations, 'at least one positive weight');
  if (q.products !== 'catalog') {
    for (const [name, w] of Object.entries(q.products)) {
      catalog().resolve(name, `products.${name}`);
      if (!(w >= 0) || !Number.isFinite(w)) throw new InputError(`products.${name}`, w, 'expected a non-negative weight');
    }
    if (!Object.values(q.products).some((w) => w > 0)) throw new InputError('products', q.products, 'at least one positive weight');
  }
  return q;
}

/** Parses "CN=10,US=30" weight lists (CLI). */
export function parseWeights(s: string, field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(.+?)=([0-9.]+)$/.exec(part);
    if (!m) throw new InputError(field, part, 'expected NAME=WEIGHT, comma-separated');
    out[m[1]!.trim()] = Number(m[2]);
  }
  if (!Object.keys(out).length) throw new InputError(field, s, 'expected NAME=WEIGHT, comma-separated');
  return out;
}

const D5_CHINA = new Set(['CN', 'MO']);

/** Generates a SYNTHETIC shipment set (see the module comment for the parameters and the PRNG). */
export function generateShipments(params: Partial<SyntheticParams> = {}): ShipmentSet {
  const p = syntheticParams(params);
  const rand = mulberry32(p.seed);
  const set = new ShipmentSet(
    {
      kind: 'synthetic',
      synthetic: true,
      generator: { ...p, prng: PRNG_NAME },
      label: `SYNTHETIC shipments (seed ${p.seed}, ${p.n} rows, ${p.from}..${p.to}): not trade data`,
    },
    p.n,
  );
  set.ids = null;
  set.idPrefix = `SYNTHETIC-${p.seed}-`;
  const destCodes = Object.keys(p.destinations).map(normalizeDestination);
  const pickDest = picker(Object.values(p.destinations));
  const products =
    p.products === 'catalog'
      ? catalog().products.filter((x) => x.releaseYear !== null).map((x) => ({ id: x.id, w: 1, release: `${x.releaseYear}-01-01` }))
      : Object.entries(p.products).map(([name, w]) => {
          const x = catalog().resolve(name);
          return { id: x.id, w, release: x.releaseYear === null ? '0000-01-01' : `${x.releaseYear}-01-01` };
        });
  const shippable = products.filter((x) => x.release < p.to && x.w > 0);
  if (!shippable.length) throw new InputError('products', p.products, `no product with a positive weight was released before ${p.to}`);
  products.splice(0, products.length, ...shippable);
  const pickProduct = picker(products.map((x) => x.w));
  const d0 = dayNumber(p.from);
  const span = dayNumber(p.to) - d0;
  const dayCache = new Map<number, ISODate>();
  const dayOf = (k: number) => {
    let d = dayCache.get(k);
    if (!d) dayCache.set(k, (d = addDays(p.from, k)));
    return d;
  };
  const lnMin = Math.log(p.quantityMin);
  const lnSpan = Math.log(p.quantityMax + 1) - lnMin;
  for (let i = 0; i < p.n; i++) {
    let date = dayOf(Math.floor(rand() * span));
    const dest = destCodes[pickDest(rand())]!;
    let prod = products[pickProduct(rand())]!;
    for (let tries = 0; date < prod.release; tries++) {
      if (tries >= 20) {
        prod = products[pickProduct(rand())]!;
        tries = 0;
      }
      date = dayOf(Math.floor(rand() * span));
    }
    const qty = Math.min(p.quantityMax, Math.floor(Math.exp(lnMin + rand() * lnSpan)));
    const hq = !D5_CHINA.has(dest) && rand() < p.foreignHqShare ? 'CN' : '';
    set.push(null, date, dest, prod.id, qty, hq, '');
  }
  return set;
}

/** Batch-format CSV of a synthetic set (header + rows), each row labelled SYNTHETIC. */
export function* syntheticCsvLines(set: ShipmentSet): Generator<string> {
  const seed = set.source.generator?.seed ?? '?';
  yield 'id,date,destination,product,quantity,end_user_name,end_user_headquarters';
  const name = `SYNTHETIC end user (seed ${seed})`;
  for (let i = 0; i < set.n; i++) {
    const r = set.row(i);
    yield `${r.id},${r.date},${r.destination},${r.product},${r.quantity},${name},${r.endUserHeadquarters ?? ''}`;
  }
}
