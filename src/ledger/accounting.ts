/**
 * Shipments and compute accounting. A shipment is a chained ledger record (kind "shipment") whose
 * TPP comes from the decision engine (line TPP x quantity); the `shipments` table indexes it so the
 * totals by destination, tier, end user and calendar year are SQL aggregations on either backend.
 * Caps (src/rules/caps.ts, each cited) are checked before a shipment is recorded: the caller gets a
 * warning when the shipment would cross one, or when a total is within CAP_WARNING_SHARE of it.
 */
import { z } from 'zod';
import { sql } from 'kysely';
import {
  CAP_WARNING_SHARE,
  CHINA_TO_US_VOLUME_RATIO,
  DIFFUSION_COUNTRY_ALLOCATION,
  LPP_COUNTS_AGAINST_ALLOCATION,
  LPP_EXCEPTION_CODE,
  LPP_TPP_PER_CONSIGNEE_YEAR,
  UVEU_LICENSE_CODE,
  UVEU_SHARES,
} from '../rules/caps.ts';
import { H100_EQUIVALENT_TPP } from '../rules/definitions.ts';
import { formatCitation, lowestConfidence, type Confidence, type Fact } from '../rules/types.ts';
import { InputError } from '../engine/errors.ts';
import type { Store } from './db.ts';
import type { ShipmentInputs, ShipmentOutputs } from './derived.ts';
import type { Engine } from './engine.ts';
import type { Ledger, LedgerRecord } from './ledger.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(d + 'T00:00:00Z')) && new Date(d + 'T00:00:00Z').toISOString().startsWith(d),
    'not a calendar date',
  );
const iso2 = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code'));
const name = z.string().trim().min(1, 'must not be empty');

export const shipmentSchema = z.object({
  date: isoDate,
  product: name,
  quantity: z.number().int('must be a whole number').positive('must be positive'),
  destination: iso2,
  consignee: name,
  endUser: name.optional(),
  endUserCountry: iso2.optional(),
  endUserHeadquarters: iso2.optional(),
  license: name.transform((s) => s.toUpperCase()),
  /** TPP of one unit, when the catalog does not know the product. */
  tppPerUnit: z.number().positive('must be positive').optional(),
  /** AI Diffusion tier of the destination (1, 2, 3), when the engine does not give one. */
  tier: z.union([z.literal('1'), z.literal('2'), z.literal('3')]).optional(),
});
export type ShipmentRequest = z.input<typeof shipmentSchema>;

export function parseShipment(input: unknown): z.output<typeof shipmentSchema> {
  const r = shipmentSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || 'shipment';
  let value: unknown = input;
  for (const k of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey];
  throw new InputError(field, value, issue.message);
}

/** "Tier 2", "tier-2", "2" -> "2". */
export function normalizeTier(t: unknown): '1' | '2' | '3' | null {
  const m = /([123])/.exec(String(t ?? ''));
  return m ? (m[1] as '1' | '2' | '3') : null;
}

export interface PreparedShipment {
  inputs: ShipmentInputs;
  outputs: ShipmentOutputs;
  rulesVersion: string;
}

/** Validates a shipment and computes its TPP, H100-equivalents and destination tier (as written). */
export function prepareShipment(req: unknown, engine?: Engine): PreparedShipment {
  const s = parseShipment(req);
  let tppPerUnit = s.tppPerUnit;
  let tier: string | null = s.tier ?? null;
  let tppSource = tppPerUnit ? 'given' : '';
  let rulesVersion = '';
  let d: ReturnType<Engine['decide']> | undefined;
  if (engine) {
    try {
      d = engine.decide({
        date: s.date,
        destination: s.destination,
        items: [{ product: s.product, quantity: s.quantity }],
        endUser: {
          name: s.endUser ?? s.consignee,
          ...(s.endUserCountry ? { country: s.endUserCountry } : {}),
          ...(s.endUserHeadquarters ? { headquarters: s.endUserHeadquarters } : {}),
        },
        view: 'as-written',
      });
    } catch (e) {
      // A product the catalog does not know is fine when its TPP is given.
      if (!(e instanceof InputError) || tppPerUnit === undefined || !/product/.test(e.field)) throw e;
    }
  }
  if (d) {
    rulesVersion = d.rulesVersion;
    const line = d.lines[0];
    if (tppPerUnit === undefined && line?.tpp != null) {
      tppPerUnit = line.tpp;
      tppSource = 'catalog';
    }
    tier ??= normalizeTier(d.tier);
  }
  if (tppPerUnit === undefined) {
    throw new InputError(
      'tppPerUnit',
      s.product,
      'the catalog gives no TPP for this product; pass it (--tpp)',
    );
  }
  const tpp = tppPerUnit * s.quantity;
  return {
    inputs: {
      date: s.date,
      product: s.product,
      quantity: s.quantity,
      destination: s.destination,
      consignee: s.consignee,
      endUser: s.endUser ?? s.consignee,
      endUserCountry: s.endUserCountry ?? null,
      endUserHeadquarters: s.endUserHeadquarters ?? null,
      license: s.license,
    },
    outputs: { tppPerUnit, tpp, h100Equivalents: tpp / H100_EQUIVALENT_TPP.value, tier, tppSource },
    rulesVersion,
  };
}

export type CapStatus = 'ok' | 'near' | 'crosses' | 'exceeded';

export interface CapFinding {
  cap: string;
  title: string;
  view: 'enforced' | 'as-written';
  /** What the total is of, e.g. "consignee ACME, 2025". */
  scope: string;
  /** The measured quantity: TPP, a share (0..1) or product units. */
  unit: 'tpp' | 'share' | 'units';
  current: number;
  /** After the proposed shipment (checks only). */
  projected?: number;
  limit: number;
  /** "max" when the value must stay at or under the limit, "min" when at or over. */
  bound: 'max' | 'min';
  status: CapStatus;
  citation: string;
  confidence: Confidence;
  message: string;
}

function status(bound: 'max' | 'min', limit: number, current: number, projected?: number): CapStatus {
  const over = (v: number) => (bound === 'max' ? v > limit : v < limit);
  if (projected !== undefined && !over(current) && over(projected)) return 'crosses';
  const v = projected ?? current;
  if (over(v)) return 'exceeded';
  if (bound === 'max' && v >= limit * CAP_WARNING_SHARE) return 'near';
  return 'ok';
}

function finding(
  fact: Fact<unknown> & { id: string; title: string; view: 'enforced' | 'as-written' },
  f: Omit<CapFinding, 'cap' | 'title' | 'view' | 'status' | 'citation' | 'confidence' | 'message'>,
  extraConfidence?: Confidence,
): CapFinding {
  const st = status(f.bound, f.limit, f.current, f.projected);
  const show = (v: number) =>
    f.unit === 'tpp'
      ? `${Math.round(v).toLocaleString('en-US')} TPP`
      : f.unit === 'units'
        ? `${v} units`
        : `${(v * 100).toFixed(1)}%`;
  const lim = show(f.limit);
  const v = f.projected ?? f.current;
  const bound = f.bound === 'max' ? 'cap' : 'floor';
  const verb =
    st === 'crosses'
      ? `would cross the ${bound} of`
      : st === 'exceeded'
        ? `is beyond the ${bound} of`
        : st === 'near'
          ? `is within ${Math.round((1 - CAP_WARNING_SHARE) * 100)}% of the ${bound} of`
          : `is within the ${bound} of`;
  return {
    cap: fact.id,
    title: fact.title,
    view: fact.view,
    ...f,
    status: st,
    citation: formatCitation(fact.citation),
    confidence: lowestConfidence(fact.confidence, extraConfidence),
    message: `${f.scope}: ${show(v)}${f.projected !== undefined ? ' after this shipment' : ''} ${verb} ${lim} (${fact.title}; ${formatCitation(fact.citation)})`,
  };
}

const sumTpp = sql<number>`coalesce(sum(tpp), 0)`;
const sumQty = sql<number>`coalesce(sum(quantity), 0)`;

/** Cap checks for one proposed shipment against what the ledger already holds. */
export async function checkShipment(store: Store, p: PreparedShipment): Promise<CapFinding[]> {
  const s = p.inputs;
  const o = p.outputs;
  const year = Number(s.date.slice(0, 4));
  const out: CapFinding[] = [];
  const db = store.db;

  const lpp = LPP_TPP_PER_CONSIGNEE_YEAR;
  if (s.license === LPP_EXCEPTION_CODE.value && s.date >= lpp.from) {
    const r = await db
      .selectFrom('shipments')
      .select(sumTpp.as('t'))
      .where('license', '=', LPP_EXCEPTION_CODE.value)
      .where('consignee', '=', s.consignee)
      .where('year', '=', year)
      .executeTakeFirstOrThrow();
    const cur = Number(r.t);
    out.push(
      finding(lpp, {
        scope: `consignee ${s.consignee}, ${year}`,
        unit: 'tpp',
        current: cur,
        projected: cur + o.tpp,
        limit: lpp.value,
        bound: 'max',
      }),
    );
  }

  const alloc = DIFFUSION_COUNTRY_ALLOCATION;
  const countsLpp = LPP_COUNTS_AGAINST_ALLOCATION.value;
  if (
    o.tier === '2' &&
    s.date >= alloc.from &&
    year >= alloc.value.firstYear &&
    year <= alloc.value.lastYear &&
    (countsLpp || s.license !== LPP_EXCEPTION_CODE.value)
  ) {
    let q = db
      .selectFrom('shipments')
      .select(sumTpp.as('t'))
      .where('destination', '=', s.destination)
      .where('year', '>=', alloc.value.firstYear)
      .where('year', '<=', alloc.value.lastYear)
      .where('ship_date', '>=', alloc.from);
    if (!countsLpp) q = q.where('license', '<>', LPP_EXCEPTION_CODE.value);
    const cur = Number((await q.executeTakeFirstOrThrow()).t);
    out.push(
      finding(
        alloc,
        {
          scope: `${s.destination}, ${alloc.value.firstYear}-${alloc.value.lastYear}`,
          unit: 'tpp',
          current: cur,
          projected: cur + o.tpp,
          limit: alloc.value.tpp,
          bound: 'max',
        },
        countsLpp ? undefined : LPP_COUNTS_AGAINST_ALLOCATION.confidence,
      ),
    );
  }

  if (s.license === UVEU_LICENSE_CODE.value && s.date >= UVEU_SHARES.from) {
    const rows = await uveuPlacement(store, s.endUser);
    const add = { destination: s.destination, tier: o.tier, tpp: o.tpp };
    out.push(...uveuFindings(s.endUser, s.endUserHeadquarters ?? rows.hq, rows.rows, add));
  }

  const cn = CHINA_TO_US_VOLUME_RATIO;
  const watched = [...cn.value.destinations, cn.value.usDestination];
  if (s.date >= cn.from && watched.includes(s.destination)) {
    const vols = await chinaUsVolumes(store, s.product);
    const v = vols.get(s.product) ?? { china: 0, us: 0 };
    const isChina = cn.value.destinations.includes(s.destination);
    const next = { china: v.china + (isChina ? s.quantity : 0), us: v.us + (isChina ? 0 : s.quantity) };
    out.push(chinaFinding(s.product, v, next));
  }
  return out;
}

async function uveuPlacement(store: Store, endUser?: string) {
  let q = store.db
    .selectFrom('shipments')
    .select([
      'end_user',
      'destination',
      'tier',
      sumTpp.as('t'),
      sql<string | null>`max(end_user_hq)`.as('hq'),
    ])
    .where('license', '=', UVEU_LICENSE_CODE.value)
    .where('ship_date', '>=', UVEU_SHARES.from)
    .groupBy(['end_user', 'destination', 'tier'])
    .orderBy('end_user')
    .orderBy('destination');
  if (endUser) q = q.where('end_user', '=', endUser);
  const rows = (await q.execute()).map((r) => ({
    endUser: r.end_user,
    destination: r.destination,
    tier: r.tier,
    tpp: Number(r.t),
    hq: r.hq,
  }));
  return { rows, hq: rows.find((r) => r.hq)?.hq ?? null };
}

function uveuFindings(
  endUser: string,
  hq: string | null,
  rows: { destination: string; tier: string | null; tpp: number }[],
  add?: { destination: string; tier: string | null; tpp: number },
): CapFinding[] {
  const f = UVEU_SHARES;
  const sums = (extra?: typeof add) => {
    const byDest = new Map<string, { tier: string | null; tpp: number }>();
    for (const r of extra ? [...rows, extra] : rows) {
      const e = byDest.get(r.destination) ?? { tier: r.tier, tpp: 0 };
      e.tpp += r.tpp;
      byDest.set(r.destination, e);
    }
    let total = 0;
    let tier1 = 0;
    for (const e of byDest.values()) {
      total += e.tpp;
      if (e.tier === '1') tier1 += e.tpp;
    }
    return { byDest, total, tier1 };
  };
  const now = sums();
  const next = add ? sums(add) : undefined;
  const share = (part: number, total: number) => (total > 0 ? part / total : 0);
  const out: CapFinding[] = [];
  const scope = `UVEU ${endUser}`;
  out.push(
    finding(f, {
      scope: `${scope}: share of TPP in Tier 1`,
      unit: 'share',
      current: share(now.tier1, now.total),
      ...(next ? { projected: share(next.tier1, next.total) } : {}),
      limit: f.value.minTier1,
      bound: 'min',
    }),
  );
  const tier2 = new Set<string>();
  for (const [d, e] of (next ?? now).byDest) if (e.tier === '2') tier2.add(d);
  for (const d of [...tier2].sort()) {
    if (add && d !== add.destination) continue; // a check reports the country being shipped to
    out.push(
      finding(f, {
        scope: `${scope}: share of TPP in ${d} (Tier 2)`,
        unit: 'share',
        current: share(now.byDest.get(d)?.tpp ?? 0, now.total),
        ...(next ? { projected: share(next.byDest.get(d)?.tpp ?? 0, next.total) } : {}),
        limit: f.value.maxPerTier2Country,
        bound: 'max',
      }),
    );
  }
  if (hq === CHINA_TO_US_VOLUME_RATIO.value.usDestination) {
    const us = CHINA_TO_US_VOLUME_RATIO.value.usDestination;
    out.push(
      finding(f, {
        scope: `${scope} (US-headquartered): share of TPP in the US`,
        unit: 'share',
        current: share(now.byDest.get(us)?.tpp ?? 0, now.total),
        ...(next ? { projected: share(next.byDest.get(us)?.tpp ?? 0, next.total) } : {}),
        limit: f.value.minUsForUsHq,
        bound: 'min',
      }),
    );
  }
  return out;
}

async function chinaUsVolumes(
  store: Store,
  product?: string,
): Promise<Map<string, { china: number; us: number }>> {
  const cn = CHINA_TO_US_VOLUME_RATIO;
  let q = store.db
    .selectFrom('shipments')
    .select(['product', 'destination', sumQty.as('q')])
    .where('ship_date', '>=', cn.from)
    .where('destination', 'in', [...cn.value.destinations, cn.value.usDestination])
    .groupBy(['product', 'destination']);
  if (product) q = q.where('product', '=', product);
  const out = new Map<string, { china: number; us: number }>();
  for (const r of await q.execute()) {
    const e = out.get(r.product) ?? { china: 0, us: 0 };
    if (r.destination === cn.value.usDestination) e.us += Number(r.q);
    else e.china += Number(r.q);
    out.set(r.product, e);
  }
  return out;
}

function chinaFinding(
  product: string,
  now: { china: number; us: number },
  next?: { china: number; us: number },
): CapFinding {
  const cn = CHINA_TO_US_VOLUME_RATIO;
  // Expressed as China volume against the allowed volume (50% of US volume), in units.
  const f = finding(cn, {
    scope: `${product}: units to China/Macau vs US since ${cn.from}`,
    unit: 'units',
    current: now.china,
    ...(next ? { projected: next.china } : {}),
    limit: (next ?? now).us * cn.value.maxRatio,
    bound: 'max',
  });
  const v = next ?? now;
  f.message = `${product}: ${v.china} units to China/Macau ${next ? 'after this shipment ' : ''}against ${v.us} to the US (allowed: ${cn.value.maxRatio * 100}% of US volume = ${v.us * cn.value.maxRatio}); ${f.status === 'crosses' ? 'this shipment would cross the limit' : f.status === 'exceeded' ? 'beyond the limit' : f.status === 'near' ? 'near the limit' : 'within the limit'} (${cn.title}; ${f.citation})`;
  return f;
}

export interface RecordShipmentResult {
  record: LedgerRecord;
  findings: CapFinding[];
  warnings: CapFinding[];
}

export class CapExceededError extends Error {
  constructor(readonly findings: CapFinding[]) {
    super(findings.map((f) => f.message).join('\n'));
    this.name = 'CapExceededError';
  }
}

/**
 * Checks caps and records the shipment. With `strict`, a shipment that would cross (or add to an
 * exceeded) cap is refused with CapExceededError; otherwise it is recorded with the warnings.
 */
export async function recordShipment(
  ledger: Ledger,
  req: unknown,
  opts: { engine?: Engine; strict?: boolean; user?: string; ref?: string } = {},
): Promise<RecordShipmentResult> {
  const p = prepareShipment(req, opts.engine);
  const findings = await checkShipment(ledger.store, p);
  const warnings = findings.filter((f) => f.status !== 'ok');
  if (opts.strict) {
    const blocking = warnings.filter((f) => f.status === 'crosses' || f.status === 'exceeded');
    if (blocking.length) throw new CapExceededError(blocking);
  }
  const record = await ledger.append({
    kind: 'shipment',
    ref: opts.ref ?? null,
    user: opts.user,
    rulesVersion: p.rulesVersion,
    inputs: p.inputs,
    outputs: {
      ...p.outputs,
      warnings: warnings.map((w) => ({ cap: w.cap, status: w.status, scope: w.scope })),
    },
    retainFrom: p.inputs.date,
  });
  return { record, findings, warnings };
}

export interface AggregateRow {
  year: number;
  key: string;
  quantity: number;
  tpp: number;
  h100Equivalents: number;
  shipments: number;
}

export interface Report {
  filters: { year?: number; view?: 'enforced' | 'as-written' };
  totals: { quantity: number; tpp: number; h100Equivalents: number; shipments: number };
  byDestination: AggregateRow[];
  byTier: AggregateRow[];
  byEndUser: AggregateRow[];
  byYear: AggregateRow[];
  caps: CapFinding[];
  notes: string[];
}

/** Totals by destination, tier, end user and calendar year, and the state of every cap. */
export async function computeReport(
  store: Store,
  opts: { year?: number; view?: 'enforced' | 'as-written' } = {},
): Promise<Report> {
  const db = store.db;
  const agg = async (col: 'destination' | 'tier' | 'end_user' | null): Promise<AggregateRow[]> => {
    const keyExpr = col ? sql<string | null>`${sql.ref(col)}` : sql<string>`'all'`;
    let q = db
      .selectFrom('shipments')
      .select([
        'year',
        keyExpr.as('k'),
        sumQty.as('q'),
        sumTpp.as('t'),
        sql<number>`coalesce(sum(h100e), 0)`.as('h'),
        sql<number>`count(*)`.as('n'),
      ])
      .groupBy(col ? ['year', col] : ['year'])
      .orderBy('year')
      .orderBy(sql`2`);
    if (opts.year) q = q.where('year', '=', opts.year);
    return (await q.execute()).map((r) => ({
      year: Number(r.year),
      key: r.k == null ? 'unknown' : String(r.k),
      quantity: Number(r.q),
      tpp: Number(r.t),
      h100Equivalents: Number(r.h),
      shipments: Number(r.n),
    }));
  };
  const byYear = await agg(null);
  const totals = byYear.reduce(
    (a, r) => ({
      quantity: a.quantity + r.quantity,
      tpp: a.tpp + r.tpp,
      h100Equivalents: a.h100Equivalents + r.h100Equivalents,
      shipments: a.shipments + r.shipments,
    }),
    { quantity: 0, tpp: 0, h100Equivalents: 0, shipments: 0 },
  );
  const caps: CapFinding[] = [];

  const lpp = LPP_TPP_PER_CONSIGNEE_YEAR;
  let lq = db
    .selectFrom('shipments')
    .select(['consignee', 'year', sumTpp.as('t')])
    .where('license', '=', LPP_EXCEPTION_CODE.value)
    .where('ship_date', '>=', lpp.from)
    .groupBy(['consignee', 'year'])
    .orderBy('year')
    .orderBy('consignee');
  if (opts.year) lq = lq.where('year', '=', opts.year);
  for (const r of await lq.execute()) {
    caps.push(
      finding(lpp, {
        scope: `consignee ${r.consignee}, ${r.year}`,
        unit: 'tpp',
        current: Number(r.t),
        limit: lpp.value,
        bound: 'max',
      }),
    );
  }

  const alloc = DIFFUSION_COUNTRY_ALLOCATION;
  let aq = db
    .selectFrom('shipments')
    .select(['destination', sumTpp.as('t')])
    .where('tier', '=', '2')
    .where('year', '>=', alloc.value.firstYear)
    .where('year', '<=', alloc.value.lastYear)
    .where('ship_date', '>=', alloc.from)
    .groupBy('destination')
    .orderBy('destination');
  if (!LPP_COUNTS_AGAINST_ALLOCATION.value) aq = aq.where('license', '<>', LPP_EXCEPTION_CODE.value);
  for (const r of await aq.execute()) {
    caps.push(
      finding(
        alloc,
        {
          scope: `${r.destination}, ${alloc.value.firstYear}-${alloc.value.lastYear}`,
          unit: 'tpp',
          current: Number(r.t),
          limit: alloc.value.tpp,
          bound: 'max',
        },
        LPP_COUNTS_AGAINST_ALLOCATION.confidence,
      ),
    );
  }

  const uv = await uveuPlacement(store);
  const users = [...new Set(uv.rows.map((r) => r.endUser))];
  for (const u of users) {
    const rows = uv.rows.filter((r) => r.endUser === u);
    caps.push(...uveuFindings(u, rows.find((r) => r.hq)?.hq ?? null, rows));
  }

  for (const [product, v] of [...(await chinaUsVolumes(store)).entries()].sort()) {
    caps.push(chinaFinding(product, v));
  }

  const notes: string[] = [];
  const unknownTier = byYear.length ? (await agg('tier')).filter((r) => r.key === 'unknown') : [];
  if (unknownTier.length)
    notes.push('Some shipments have no destination tier: they are left out of the country-allocation check.');
  notes.push(
    'AI Diffusion caps (LPP, country allocation, UVEU shares) are the as-written view: BIS does not enforce that rule (announced 2025-05-13).',
  );
  const filtered = opts.view ? caps.filter((c) => c.view === opts.view) : caps;
  return {
    filters: { ...(opts.year ? { year: opts.year } : {}), ...(opts.view ? { view: opts.view } : {}) },
    totals,
    byDestination: await agg('destination'),
    byTier: await agg('tier'),
    byEndUser: await agg('end_user'),
    byYear,
    caps: filtered,
    notes,
  };
}

export interface ImportResult {
  rows: number;
  recorded: number;
  alreadyRecorded: number;
  rejected: { line: number; reason: string }[];
  warnings: { line: number; cap: string; status: CapStatus; message: string }[];
}

/**
 * Records every row of a shipments CSV (columns: date, product, quantity, destination, consignee,
 * license; optional end_user, end_user_country, end_user_headquarters, tpp, tier), in file order,
 * each checked against the caps as it is added. Rows carry the ref ship:<file sha256>:<line>, so
 * importing the same file again records nothing twice.
 */
export async function importShipments(
  ledger: Ledger,
  path: string,
  opts: { engine?: Engine; strict?: boolean; user?: string } = {},
): Promise<ImportResult> {
  const { createReadStream, readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const { parse } = await import('csv-parse');
  const fileHash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
  const out: ImportResult = { rows: 0, recorded: 0, alreadyRecorded: 0, rejected: [], warnings: [] };
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    out.rows += 1;
    const line = info.lines;
    const ref = `ship:${fileHash}:${line}`;
    if (await ledger.getByRef(ref)) {
      out.alreadyRecorded += 1;
      continue;
    }
    const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
    const req = {
      date: record.date,
      product: record.product,
      quantity: num(record.quantity),
      destination: record.destination,
      consignee: record.consignee,
      license: record.license,
      ...(record.end_user ? { endUser: record.end_user } : {}),
      ...(record.end_user_country ? { endUserCountry: record.end_user_country } : {}),
      ...(record.end_user_headquarters ? { endUserHeadquarters: record.end_user_headquarters } : {}),
      ...(record.tpp ? { tppPerUnit: num(record.tpp) } : {}),
      ...(record.tier ? { tier: record.tier } : {}),
    };
    try {
      const r = await recordShipment(ledger, req, { ...opts, ref });
      out.recorded += 1;
      for (const w of r.warnings)
        out.warnings.push({ line, cap: w.cap, status: w.status, message: w.message });
    } catch (e) {
      if (e instanceof InputError || e instanceof CapExceededError)
        out.rejected.push({ line, reason: e.message });
      else throw e;
    }
  }
  return out;
}
