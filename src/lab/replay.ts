/**
 * Replay: the catalog and a shipment set under several scenarios, and the diff of each scenario
 * against a base scenario.
 *
 * What is shared between scenarios (computed once):
 *  - the shipment pass: every shipment is put in a *class* — (elementary date interval, destination,
 *    product, end-user headquarters, parent headquarters). The elementary intervals cut the calendar
 *    at every boundary day of every scenario's rule set (provision dates, enforcement changes,
 *    country-group changes), at scenario ranges and condition dates and at each 1 January. Within
 *    one class every scenario gives the same decision, so each scenario decides each class once,
 *    never each shipment;
 *  - chip status timelines: a scenario whose classification-relevant provisions (ECCN tests,
 *    exclusions, containment, .z, flags and letters naming products, with their enforcement) are
 *    identical to an earlier one reuses its timelines.
 * Per scenario: one `decideTransaction(…, {explain: false})` per distinct (scenario rule interval,
 * destination, product, headquarters) — the engine itself caches classification per product and
 * rule interval.
 *
 * Compute reaching a destination is reported by licence status, with two bounds:
 *   reachesLow  = no licence needed + licence exception + licence under presumption of approval
 *   reachesHigh = everything except licences under presumption of denial
 * (case-by-case and "no review policy stated" licences are the uncertain middle). These are
 * modelling bounds, not predictions of licensing decisions.
 */
import { decideTransaction, type Decision } from '../engine/decide.ts';
import type { Transaction } from '../engine/transaction.ts';
import { boundaryDays, intervalIndex, timelineOf, type Timeline } from '../engine/active.ts';
import { classifySpec } from '../engine/classify.ts';
import { catalog, type Product } from '../catalog/index.ts';
import { inScope } from '../rules/countries.ts';
import { TIER1, D5_MACAU } from '../rules/measures/scopes.ts';
import type { RuleSet } from '../rules/index.ts';
import type { ISODate, View } from '../rules/types.ts';
import { InputError } from '../engine/errors.ts';
import { applyScenario, loadScenario, type AppliedScenario } from './scenario.ts';
import type { Scenario } from './schema.ts';
import { shipmentsFromRows, ShipmentSet, type ShipmentRow } from './shipments.ts';

export type Bucket = 'free' | 'exception' | 'approval' | 'caseByCase' | 'unstated' | 'denial';
export const BUCKETS: readonly Bucket[] = ['free', 'exception', 'approval', 'caseByCase', 'unstated', 'denial'];
export type Tier = 'Tier 1' | 'Tier 2' | 'Tier 3';

export const TIER_CITATION =
  'Reporting tiers of the AI Diffusion rule (90 FR 4544; 15 CFR 740 Supp. No. 5): Tier 1 = US + 18, Tier 3 = D:5 + Macau, Tier 2 = the rest (groups read on the shipment date). Used for reporting only; they bind only in the as-written view.';
export const H100E_CITATION = 'one H100-equivalent = 15,832 TPP (shared/reference/rules.md §5; src/rules/definitions.ts)';

/** The decision of one scenario for one class, reduced to what the lab compares. */
export interface Signature {
  outcome: Decision['outcome'];
  licenseRequired: boolean;
  reviewPolicy: Decision['reviewPolicy'];
  exceptions: string[];
  eccn: string | null;
  /** Requirement provisions that applied. */
  requirements: string[];
  /** Measures behind the answer: requirements, notes and lab conditions. */
  measures: string[];
  /** Lab conditions attached (e.g. location-verification). */
  conditions: string[];
  bucket: Bucket;
  tier: Tier;
  /** TPP of one unit (null when the catalog gives none). */
  tpp: number | null;
  /** Canonical text of the material fields, for comparing scenarios. */
  key: string;
}

export interface LabOptions {
  /** Base scenario for the diffs (default "as-enforced"); added to the run when missing. */
  base?: string;
  /** Per-shipment decisions included in the JSON (default 50). */
  detail?: number;
  /** Changed-shipment groups listed per diff (default 100; totals always cover all). */
  groups?: number;
  /** Example shipment ids per changed group (default 5). */
  examples?: number;
  /** Restrict chip timelines to these catalog products (names or ids). Default: the whole catalog. */
  products?: string[];
  /** Called after each phase with its wall time, for the benchmark. */
  onPhase?: (phase: string, ms: number) => void;
}

interface ScenarioRun {
  applied: AppliedScenario;
  timeline: Timeline;
  /** class → signature index (-1 = outside the scenario's date range). */
  classSig: Int32Array;
  sigs: Signature[];
  decisions: number;
}

export interface Replay {
  runs: ScenarioRun[];
  base: ScenarioRun;
  shipments: ShipmentSet | null;
  classes: Classes;
  chips: Map<string, ChipStatus[]>;
  products: Product[];
  opts: Required<Omit<LabOptions, 'onPhase' | 'products' | 'base'>>;
  /** Engine calls made, and class decisions answered from another scenario's (or this one's) calls. */
  engine: { calls: number; shared: number };
}

export interface ChipStatus {
  from: ISODate;
  to: ISODate;
  eccn: string | null;
  paragraph: string | null;
  overlays: string[];
  measures: string[];
}

// ----------------------------------------------------------------------------------------------
// Classes (shared shipment pass)

export interface Classes {
  count: number;
  /** Per shipment: its class. */
  ofShipment: Int32Array;
  date: ISODate[];
  year: number[];
  dest: number[];
  product: number[];
  hq: number[];
  parent: number[];
  shipments: number[];
  quantity: number[];
  firstDate: ISODate[];
  lastDate: ISODate[];
  examples: number[][];
}

function buildClasses(set: ShipmentSet | null, cuts: ISODate[], examples: number): Classes {
  const c: Classes = { count: 0, ofShipment: new Int32Array(set?.n ?? 0), date: [], year: [], dest: [], product: [], hq: [], parent: [], shipments: [], quantity: [], firstDate: [], lastDate: [], examples: [] };
  if (!set) return c;
  const dateE = set.dates.values.map((d) => {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cuts[mid]! <= d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
  const D = set.dests.values.length + 1;
  const P = set.products.values.length + 1;
  const H = set.countries.values.length + 1;
  const numeric = (cuts.length + 1) * D * P * H * H < Number.MAX_SAFE_INTEGER;
  const index = new Map<number | string, number>();
  for (let i = 0; i < set.n; i++) {
    const di = set.date[i]!;
    const e = dateE[di]!;
    const d = set.dest[i]!;
    const p = set.product[i]!;
    const h = set.hq[i]!;
    const ph = set.parent[i]!;
    const key = numeric ? (((e * D + d) * P + p) * H + h) * H + ph : `${e}|${d}|${p}|${h}|${ph}`;
    let k = index.get(key);
    const date = set.dates.values[di]!;
    if (k === undefined) {
      k = c.count++;
      index.set(key, k);
      c.date.push(date);
      c.year.push(Number(date.slice(0, 4)));
      c.dest.push(d);
      c.product.push(p);
      c.hq.push(h);
      c.parent.push(ph);
      c.shipments.push(0);
      c.quantity.push(0);
      c.firstDate.push(date);
      c.lastDate.push(date);
      c.examples.push([]);
    }
    c.ofShipment[i] = k;
    c.shipments[k]!++;
    c.quantity[k]! += set.quantity[i]!;
    if (date < c.firstDate[k]!) c.firstDate[k] = date;
    if (date > c.lastDate[k]!) c.lastDate[k] = date;
    const ex = c.examples[k]!;
    if (ex.length < examples) ex.push(i);
  }
  return c;
}

// ----------------------------------------------------------------------------------------------
// Per-scenario decisions

function itemKeys(eccn: string | null): string[] {
  if (!eccn) return ['any'];
  const z = /\.z\.(a|b)$/.exec(eccn);
  if (z) return ['any', `.z.${z[1]}`];
  return ['any', eccn];
}

function bucketOf(d: { outcome: Decision['outcome']; reviewPolicy: Decision['reviewPolicy'] }): Bucket {
  if (d.outcome === 'no-license-required') return 'free';
  if (d.outcome === 'license-exception-available') return 'exception';
  switch (d.reviewPolicy) {
    case 'presumption-of-approval':
      return 'approval';
    case 'case-by-case':
      return 'caseByCase';
    case 'presumption-of-denial':
      return 'denial';
    default:
      return 'unstated';
  }
}

function tierOf(rules: RuleSet, dest: string, date: ISODate): Tier {
  if (inScope(D5_MACAU, dest, date, rules.groups)) return 'Tier 3';
  if (inScope(TIER1, dest, date, rules.groups)) return 'Tier 1';
  return 'Tier 2';
}

/** A decision reduced to what the lab compares; shared between scenarios (see DecisionCache). */
interface LiteDecision {
  id: number;
  outcome: Decision['outcome'];
  licenseRequired: boolean;
  reviewPolicy: Decision['reviewPolicy'];
  exceptions: string[];
  eccn: string | null;
  requirements: string[];
  measures: string[];
  tpp: number | null;
}

/**
 * Decisions shared between scenarios. A decision depends on the provisions in force (the content
 * of the engine's ActiveSet for the date's rule interval), on the country groups on that date, and
 * on destination, product and headquarters. Two scenarios whose active provisions are identical on
 * an interval (e.g. a scenario that only adds a condition, or any scenario before its first change)
 * reuse each other's decisions: the engine is called once per distinct key over all scenarios.
 */
export class DecisionCache {
  private activeIds = new Map<string, number>();
  private groupIds = new Map<string, number>();
  readonly decisions = new Map<number | string, LiteDecision>();
  calls = 0;
  hits = 0;

  activeId(json: string): number {
    let id = this.activeIds.get(json);
    if (id === undefined) this.activeIds.set(json, (id = this.activeIds.size));
    return id;
  }

  groupsId(rules: RuleSet): number {
    const json = JSON.stringify(rules.groups.memberships);
    let id = this.groupIds.get(json);
    if (id === undefined) this.groupIds.set(json, (id = this.groupIds.size));
    return id;
  }
}

function lite(d: Decision, id: number): LiteDecision {
  const line = d.lines[0]!;
  return {
    id,
    outcome: d.outcome,
    licenseRequired: d.licenseRequired,
    reviewPolicy: d.reviewPolicy,
    exceptions: d.exceptions.map((e) => e.code).sort(),
    eccn: line.eccn,
    requirements: line.requirements.map((r) => r.provision).sort(),
    measures: [...d.measures].sort(),
    tpp: line.tpp,
  };
}

const GROUP_PERIODS = 4096;
const noSupersedes = (k: string, v: unknown) => (k === 'supersedes' ? undefined : v);

function runScenario(applied: AppliedScenario, set: ShipmentSet | null, classes: Classes, cache: DecisionCache): ScenarioRun {
  const { rules, view } = applied;
  const timeline = timelineOf(rules, view);
  const classSig = new Int32Array(classes.count).fill(-1);
  const sigs: Signature[] = [];
  const sigIndex = new Map<number, number>();
  const byContent = new Map<string, number>();
  let decisions = 0;
  if (!set) return { applied, timeline, classSig, sigs, decisions };
  const countries = set.countries.values;
  // Provisions naming products (letters, product notes) only matter for those products.
  const activeOf = timeline.sets.map((a) => {
    const named = a.all.filter((p) => (p.type === 'overlay' || p.type === 'note') && p.products?.length);
    // `supersedes` is already resolved in `all` (the live provisions): leave it out of the key.
    const core = cache.activeId(JSON.stringify(a.all.filter((p) => !named.includes(p)), noSupersedes));
    const byProduct = new Map<string, number>();
    for (const p of named)
      for (const id of (p as { products: string[] }).products) byProduct.set(id, -1);
    for (const id of byProduct.keys()) byProduct.set(id, cache.activeId(JSON.stringify(named.filter((p) => (p as { products: string[] }).products.includes(id)), noSupersedes)));
    return { core, byProduct };
  });
  const productIds = set.products.values;
  const groupsId = cache.groupsId(rules);
  const groupCuts = rules.groups.boundaries();
  if (groupCuts.length >= GROUP_PERIODS) throw new Error(`too many country-group changes (${groupCuts.length})`);
  // Numeric keys (no string building per class): context = (active provisions for the product, groups, view).
  const ctxOf = activeOf.map(() => new Int32Array(productIds.length).fill(-1));
  const D = set.dests.values.length;
  const H = countries.length;
  const P = productIds.length;
  // Numeric keys while they stay exact (up to 65,536 contexts); string keys beyond.
  const numeric = 65_536 * GROUP_PERIODS * D * P * H * H < Number.MAX_SAFE_INTEGER;
  const dateInfo = new Map<ISODate, { interval: number; groupPeriod: number; condMask: number }>();
  const tiers = new Map<number, Tier>();
  for (let k = 0; k < classes.count; k++) {
    const date = classes.date[k]!;
    if (date < applied.from || date >= applied.to) continue;
    let info = dateInfo.get(date);
    if (!info) {
      let condMask = 0;
      applied.conditions.forEach((c, j) => {
        if (c.from <= date && (c.to === undefined || date < c.to)) condMask |= 1 << j;
      });
      let g = 0;
      while (g < groupCuts.length && groupCuts[g]! <= date) g++;
      info = { interval: intervalIndex(timeline, date), groupPeriod: g, condMask };
      dateInfo.set(date, info);
    }
    const di = classes.dest[k]!;
    const pi = classes.product[k]!;
    const row = ctxOf[info.interval]!;
    let ctx = row[pi]!;
    if (ctx < 0) {
      const act = activeOf[info.interval]!;
      row[pi] = ctx = cache.activeId(`${act.core}:${act.byProduct.get(productIds[pi]!) ?? ''}|${groupsId}|${view}`);
    }
    const key =
      numeric && ctx < 65_536
        ? ((((ctx * GROUP_PERIODS + info.groupPeriod) * D + di) * P + pi) * H + classes.hq[k]!) * H + classes.parent[k]!
        : `${ctx}|${info.groupPeriod}|${di}|${pi}|${classes.hq[k]}|${classes.parent[k]}`;
    let d = cache.decisions.get(key);
    const dest = set.dests.values[di]!;
    if (!d) {
      const hq = countries[classes.hq[k]!]!;
      const parent = countries[classes.parent[k]!]!;
      const tx: Transaction = {
        date,
        exportFrom: 'US',
        destination: dest,
        destinationGiven: dest,
        items: [{ product: productIds[pi]!, quantity: 1 }],
        view,
        ...(hq || parent ? { endUser: { ...(hq ? { headquarters: hq } : {}), ...(parent ? { ultimateParentHeadquarters: parent } : {}) } } : {}),
      };
      d = lite(decideTransaction(tx, { rules, explain: false }), cache.decisions.size);
      cache.decisions.set(key, d);
      cache.calls++;
      decisions++;
    } else cache.hits++;
    const tkey = di * GROUP_PERIODS + info.groupPeriod;
    let tier = tiers.get(tkey);
    if (!tier) tiers.set(tkey, (tier = tierOf(rules, dest, date)));
    const skey = (d.id * 2 ** applied.conditions.length + info.condMask) * 3 + (tier === 'Tier 1' ? 0 : tier === 'Tier 2' ? 1 : 2);
    let s = sigIndex.get(skey);
    if (s === undefined) {
      // Equal content, one signature (decisions of different rule intervals often agree).
      const sig = signatureOf(applied, d, date, dest, tier);
      const full = `${sig.key}#${sig.requirements.join(',')}#${sig.measures.join(',')}#${sig.tier}#${sig.tpp}`;
      s = byContent.get(full);
      if (s === undefined) {
        s = sigs.length;
        sigs.push(sig);
        byContent.set(full, s);
      }
      sigIndex.set(skey, s);
    }
    classSig[k] = s;
  }
  return { applied, timeline, classSig, sigs, decisions };
}

function signatureOf(applied: AppliedScenario, d: LiteDecision, date: ISODate, dest: string, tier: Tier): Signature {
  const measures = new Set(d.measures);
  const conditions: string[] = [];
  const keys = itemKeys(d.eccn);
  for (const c of applied.conditions) {
    if (!(c.from <= date && (c.to === undefined || date < c.to))) continue;
    if (!c.items.some((k) => keys.includes(k))) continue;
    const applies = (d.outcome === 'license-required' && c.appliesTo.includes('license')) || (d.outcome === 'license-exception-available' && c.appliesTo.includes('exception'));
    if (!applies) continue;
    if (c.destinations && !inScope(c.destinations, dest, date, applied.rules.groups)) continue;
    conditions.push(c.id);
    measures.add(c.measure);
  }
  const sig: Signature = {
    outcome: d.outcome,
    licenseRequired: d.licenseRequired,
    reviewPolicy: d.reviewPolicy,
    exceptions: d.exceptions,
    eccn: d.eccn,
    requirements: d.requirements,
    measures: [...measures].sort(),
    conditions,
    bucket: bucketOf(d),
    tier,
    tpp: d.tpp,
    key: '',
  };
  sig.key = [sig.outcome, sig.reviewPolicy ?? '-', sig.exceptions.join('+'), sig.eccn ?? '-', conditions.join('+')].join('|');
  return sig;
}

// ----------------------------------------------------------------------------------------------
// Chip status timelines

const CLASSIFYING = new Set(['eccn-test', 'eccn-exclusion', 'eccn-containment', 'eccn-z', 'eccn-flag', 'overlay']);

function classificationFingerprint(rules: RuleSet, view: View): { key: string; days: ISODate[] } {
  const days = new Set<ISODate>();
  const parts = [];
  for (const m of rules.measures) {
    const ps = m.provisions.filter((p) => CLASSIFYING.has(p.type));
    if (!ps.length) continue;
    const enf = view === 'enforced' ? (m.enforcement ?? []) : [];
    for (const p of ps) {
      days.add(p.from);
      if (p.to) days.add(p.to);
    }
    for (const e of enf) {
      days.add(e.from);
      if (e.to) days.add(e.to);
    }
    parts.push({ id: m.id, enf, ps });
  }
  return { key: JSON.stringify({ view, parts }), days: [...days].sort() };
}

function chipTimeline(product: Product, rules: RuleSet, view: View, days: ISODate[], from: ISODate, to: ISODate): ChipStatus[] {
  const points = [from, ...days.filter((d) => d > from && d < to)];
  const out: ChipStatus[] = [];
  for (const d of points) {
    const c = classifySpec(product.spec, d, { view, rules, product, explain: false });
    const overlays = c.overlays.map((o) => o.measure);
    const last = out[out.length - 1];
    if (last && last.eccn === c.eccn && last.paragraph === c.paragraph && last.overlays.join() === overlays.join()) continue;
    if (last) last.to = d;
    out.push({ from: d, to, eccn: c.eccn, paragraph: c.paragraph, overlays, measures: c.measures });
  }
  return out;
}

// ----------------------------------------------------------------------------------------------
// The run

export function replay(refs: readonly (string | Scenario)[], shipments?: ShipmentSet | readonly ShipmentRow[] | null, options: LabOptions = {}): Replay {
  const t0 = performance.now();
  let t = t0;
  const phase = (name: string) => {
    const now = performance.now();
    options.onPhase?.(name, now - t);
    t = now;
  };
  if (!refs.length) throw new InputError('scenarios', refs, 'give at least one scenario');
  const baseId = options.base ?? 'as-enforced';
  const scenarios: Scenario[] = [];
  for (const [i, r] of refs.entries()) {
    const s = typeof r === 'string' ? loadScenario(r, `scenarios[${i}]`) : r;
    if (!scenarios.some((x) => x.id === s.id)) scenarios.push(s);
  }
  if (!scenarios.some((s) => s.id === baseId)) scenarios.unshift(loadScenario(baseId, '--base'));
  const applied = scenarios.map((s) => applyScenario(s));
  phase('apply');

  const set = shipments ? (shipments instanceof ShipmentSet ? shipments : shipmentsFromRows(shipments)) : null;
  // Elementary intervals: every scenario's boundary days, ranges, condition dates and new years.
  const cuts = new Set<ISODate>();
  for (const a of applied) {
    for (const d of boundaryDays(a.rules, a.view)) cuts.add(d);
    cuts.add(a.from);
    cuts.add(a.to);
    for (const c of a.conditions) {
      cuts.add(c.from);
      if (c.to) cuts.add(c.to);
    }
  }
  if (set) for (const d of set.dates.values) cuts.add(`${d.slice(0, 4)}-01-01`);
  const opts = { detail: options.detail ?? 50, groups: options.groups ?? 100, examples: options.examples ?? 5 };
  const classes = buildClasses(set, [...cuts].sort(), opts.examples);
  phase('classes');

  const cache = new DecisionCache();
  const runs = applied.map((a) => {
    const run = runScenario(a, set, classes, cache);
    phase(`decide:${a.scenario.id}`);
    return run;
  });

  const products = options.products?.length ? options.products.map((p, i) => catalog().resolve(p, `products[${i}]`)) : catalog().products;
  const chips = new Map<string, ChipStatus[]>();
  const shared = new Map<string, ChipStatus[][]>();
  for (const a of applied) {
    const fp = classificationFingerprint(a.rules, a.view);
    const key = `${fp.key}|${a.from}|${a.to}`;
    let lines = shared.get(key);
    if (!lines) {
      lines = products.map((p) => chipTimeline(p, a.rules, a.view, fp.days, a.from, a.to));
      shared.set(key, lines);
    }
    lines.forEach((l, i) => chips.set(`${a.scenario.id}\u0000${products[i]!.id}`, l));
  }
  phase('chips');

  const base = runs.find((r) => r.applied.scenario.id === baseId)!;
  return { runs, base, shipments: set, classes, chips, products, opts, engine: { calls: cache.calls, shared: cache.hits } };
}
