/**
 * The lab's JSON answer (`runLab`), built from a Replay: per scenario the chip status timelines,
 * the decisions (by licence status), the compute reaching each country and tier per year; per
 * scenario other than the base, the diff naming what changed and the measures and scenario changes
 * responsible. Also the per-shipment decisions CSV (`--decisions FILE`).
 */
import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { H100_EQUIVALENT_TPP } from '../rules/definitions.ts';
import type { ISODate } from '../rules/types.ts';
import { InputError } from '../engine/errors.ts';
import { classifySpec } from '../engine/classify.ts';
import type { ChangeSummary } from './scenario.ts';
import type { Scenario } from './schema.ts';
import type { ShipmentRow } from './shipments.ts';
import { BUCKETS, H100E_CITATION, TIER_CITATION, replay, type Bucket, type ChipStatus, type LabOptions, type Replay, type Signature, type Tier } from './replay.ts';
import type { ShipmentSet } from './shipments.ts';

const H100 = H100_EQUIVALENT_TPP.value;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export interface Amount {
  shipments: number;
  quantity: number;
  tpp: number;
  h100e: number;
}

export interface ComputeRow extends Amount {
  year: number;
  tier?: Tier;
  destination?: string;
  /** H100-equivalents by licence status. */
  byStatus: Record<Bucket, number>;
  reachesLowH100e: number;
  reachesHighH100e: number;
}

export type ChangeKind =
  | 'licence-now-required'
  | 'licence-no-longer-required'
  | 'exception-availability'
  | 'exceptions'
  | 'review-policy'
  | 'conditions'
  | 'classification'
  | 'legal-basis';
export const MATERIAL: readonly ChangeKind[] = ['licence-now-required', 'licence-no-longer-required', 'exception-availability', 'exceptions', 'review-policy', 'conditions'];

export interface Responsible {
  scenario: string;
  index: number;
  type: ChangeSummary['type'] | 'view';
  target: string;
  rationale: string;
  source: string | null;
}

export interface DecisionSummary {
  outcome: Signature['outcome'];
  reviewPolicy: Signature['reviewPolicy'];
  exceptions: string[];
  eccn: string | null;
  conditions: string[];
  requirements: string[];
  measures: string[];
}

export interface ChangedGroup extends Amount {
  product: string;
  name: string;
  destination: string;
  endUserHeadquarters: string | null;
  endUserParentHeadquarters: string | null;
  firstDate: ISODate;
  lastDate: ISODate;
  kinds: ChangeKind[];
  material: boolean;
  base: DecisionSummary;
  scenario: DecisionSummary;
  measures: { added: string[]; removed: string[] };
  changes: Responsible[];
  examples: string[];
}

export interface ScenarioReport {
  id: string;
  title: string;
  description: string;
  hypothetical: boolean;
  view: string;
  from: ISODate;
  to: ISODate;
  rulesVersion: string;
  sources: string[];
  changes: ChangeSummary[];
  conditions: { id: string; measure: string; text: string; items: string[]; appliesTo: string[]; from: ISODate; to: ISODate | null; confidence: string }[];
  notes: string[];
  engineCalls: number;
  totals: Amount & { outsideRange: number; byStatus: Record<Bucket, Amount>; reachesLowH100e: number; reachesHighH100e: number };
  compute: { byYearTier: ComputeRow[]; byYearCountry: ComputeRow[] };
  chips: { product: string; name: string; segments: (Omit<ChipStatus, 'to'> & { to: ISODate })[] }[];
}

export interface ComputeDelta {
  year: number;
  tier?: Tier;
  destination?: string;
  base: { reachesLowH100e: number; reachesHighH100e: number; byStatus: Record<Bucket, number> };
  scenario: { reachesLowH100e: number; reachesHighH100e: number; byStatus: Record<Bucket, number> };
  deltaLowH100e: number;
  deltaHighH100e: number;
}

export interface ChipChange {
  product: string;
  name: string;
  from: ISODate;
  to: ISODate;
  base: { eccn: string | null; paragraph: string | null; overlays: string[] };
  scenario: { eccn: string | null; paragraph: string | null; overlays: string[] };
  measures: { added: string[]; removed: string[] };
  changes: Responsible[];
}

export interface DiffReport {
  scenario: string;
  base: string;
  summary: Amount & { material: Amount; byKind: Partial<Record<ChangeKind, Amount>>; compared: number };
  shipments: ChangedGroup[];
  groupsTotal: number;
  groupsListed: number;
  compute: { byYearTier: ComputeDelta[]; byYearCountry: ComputeDelta[] };
  chips: ChipChange[];
  changes: Responsible[];
}

export interface LabResult {
  kind: 'exportctl-lab';
  base: string;
  synthetic: boolean;
  shipments: null | {
    label: string;
    source: string;
    path: string | null;
    synthetic: boolean;
    generator: unknown;
    count: number;
    rejectedCount: number;
    rejected: { line: number; reason: string }[];
    warnings: string[];
  };
  notes: { tiers: string; h100e: string; bounds: string };
  scenarios: ScenarioReport[];
  diffs: DiffReport[];
  detail: { id: string; date: ISODate; destination: string; product: string; quantity: number; endUserHeadquarters: string | null; decisions: Record<string, DecisionSummary | null> }[];
  detailTruncated: boolean;
}

const BOUNDS_NOTE =
  'reachesLow = no licence needed + licence exception + licence under presumption of approval; reachesHigh = everything except licences under presumption of denial. Case-by-case and unstated-policy licences lie between. Modelling bounds, not predictions.';

const emptyAmount = (): Amount => ({ shipments: 0, quantity: 0, tpp: 0, h100e: 0 });
const emptyBuckets = (): Record<Bucket, number> => ({ free: 0, exception: 0, approval: 0, caseByCase: 0, unstated: 0, denial: 0 });
const low = (b: Record<Bucket, number>) => b.free + b.exception + b.approval;
const high = (b: Record<Bucket, number>) => b.free + b.exception + b.approval + b.caseByCase + b.unstated;

function add(a: Amount, shipments: number, quantity: number, tpp: number): void {
  a.shipments += shipments;
  a.quantity += quantity;
  a.tpp += tpp;
  a.h100e += tpp / H100;
}

function roundAmount<T extends Amount>(a: T): T {
  return { ...a, tpp: round(a.tpp, 1), h100e: round(a.h100e, 2) };
}

function summaryOf(s: Signature): DecisionSummary {
  return { outcome: s.outcome, reviewPolicy: s.reviewPolicy, exceptions: s.exceptions, eccn: s.eccn, conditions: s.conditions, requirements: s.requirements, measures: s.measures };
}

function kindsOf(a: Signature, b: Signature): ChangeKind[] {
  const k: ChangeKind[] = [];
  if (!a.licenseRequired && b.licenseRequired) k.push('licence-now-required');
  else if (a.licenseRequired && !b.licenseRequired) k.push('licence-no-longer-required');
  else if (a.outcome !== b.outcome) k.push('exception-availability');
  if (a.licenseRequired && b.licenseRequired && a.outcome === b.outcome && a.exceptions.join() !== b.exceptions.join()) k.push('exceptions');
  if (a.licenseRequired && b.licenseRequired && a.reviewPolicy !== b.reviewPolicy) k.push('review-policy');
  if (a.conditions.join() !== b.conditions.join()) k.push('conditions');
  if (a.eccn !== b.eccn) k.push('classification');
  if (!k.length && a.requirements.join() !== b.requirements.join()) k.push('legal-basis');
  return k;
}

/** The scenario changes (of the scenario and, if it has any, of the base) behind a set of measures. */
function responsibleChanges(r: Replay, runIdx: number, measures: string[], countries: string[]): Responsible[] {
  const out: Responsible[] = [];
  const seen = new Set<string>();
  for (const run of [r.runs[runIdx]!, r.base]) {
    const a = run.applied;
    const push = (i: number) => {
      const id = `${a.scenario.id}#${i}`;
      if (seen.has(id)) return;
      seen.add(id);
      const c = a.changes[i]!;
      out.push({ scenario: a.scenario.id, index: i, type: c.type, target: c.target, rationale: c.rationale, source: c.source });
    };
    for (const m of measures) for (const i of a.touched.get(m) ?? []) push(i);
    for (const c of countries) for (const i of a.membershipTouched.get(c) ?? []) push(i);
  }
  const v = r.runs[runIdx]!.applied.view;
  if (v !== r.base.applied.view) {
    out.push({
      scenario: r.runs[runIdx]!.applied.scenario.id,
      index: -1,
      type: 'view',
      target: `base.view: ${v} (base scenario: ${r.base.applied.view})`,
      rationale: v === 'as-written' ? 'every provision applies on its CFR dates; enforcement records (e.g. the 2025-05-13 non-enforcement of the AI Diffusion rule) are ignored' : 'provisions apply only while BIS enforces their measure',
      source: null,
    });
  }
  return out;
}

function allChangesOf(r: Replay, runIdx: number): Responsible[] {
  const a = r.runs[runIdx]!.applied;
  return a.changes.map((c) => ({ scenario: a.scenario.id, index: c.index, type: c.type, target: c.target, rationale: c.rationale, source: c.source }));
}

function computeRows(r: Replay, runIdx: number, by: 'tier' | 'destination'): ComputeRow[] {
  const run = r.runs[runIdx]!;
  const set = r.shipments;
  if (!set) return [];
  const rows = new Map<string, ComputeRow>();
  const c = r.classes;
  for (let k = 0; k < c.count; k++) {
    const si = run.classSig[k]!;
    if (si < 0) continue;
    const s = run.sigs[si]!;
    const dim = by === 'tier' ? s.tier : set.dests.values[c.dest[k]!]!;
    const key = `${c.year[k]}|${dim}`;
    let row = rows.get(key);
    if (!row) {
      row = { year: c.year[k]!, ...(by === 'tier' ? { tier: s.tier } : { destination: dim }), ...emptyAmount(), byStatus: emptyBuckets(), reachesLowH100e: 0, reachesHighH100e: 0 };
      rows.set(key, row);
    }
    const tpp = (s.tpp ?? 0) * c.quantity[k]!;
    add(row, c.shipments[k]!, c.quantity[k]!, tpp);
    row.byStatus[s.bucket] += tpp / H100;
  }
  return [...rows.values()]
    .map((row) => {
      const byStatus = Object.fromEntries(BUCKETS.map((b) => [b, round(row.byStatus[b], 2)])) as Record<Bucket, number>;
      return { ...roundAmount(row), byStatus, reachesLowH100e: round(low(row.byStatus), 2), reachesHighH100e: round(high(row.byStatus), 2) };
    })
    .sort((a, b) => a.year - b.year || String(a.tier ?? a.destination).localeCompare(String(b.tier ?? b.destination)));
}

function scenarioReport(r: Replay, runIdx: number): ScenarioReport {
  const run = r.runs[runIdx]!;
  const a = run.applied;
  const c = r.classes;
  const totals = { ...emptyAmount(), outsideRange: 0, byStatus: Object.fromEntries(BUCKETS.map((b) => [b, emptyAmount()])) as Record<Bucket, Amount>, reachesLowH100e: 0, reachesHighH100e: 0 };
  for (let k = 0; k < c.count; k++) {
    const si = run.classSig[k]!;
    if (si < 0) {
      totals.outsideRange += c.shipments[k]!;
      continue;
    }
    const s = run.sigs[si]!;
    const tpp = (s.tpp ?? 0) * c.quantity[k]!;
    add(totals, c.shipments[k]!, c.quantity[k]!, tpp);
    add(totals.byStatus[s.bucket], c.shipments[k]!, c.quantity[k]!, tpp);
  }
  const hb = Object.fromEntries(BUCKETS.map((b) => [b, totals.byStatus[b].h100e])) as Record<Bucket, number>;
  totals.reachesLowH100e = round(low(hb), 2);
  totals.reachesHighH100e = round(high(hb), 2);
  for (const b of BUCKETS) totals.byStatus[b] = roundAmount(totals.byStatus[b]);
  return {
    id: a.scenario.id,
    title: a.scenario.title,
    description: a.scenario.description,
    hypothetical: a.scenario.hypothetical,
    view: a.view,
    from: a.from,
    to: a.to,
    rulesVersion: a.rulesVersion,
    sources: a.scenario.sources ?? [],
    changes: a.changes,
    conditions: a.conditions.map((x) => ({ id: x.id, measure: x.measure, text: x.text, items: x.items, appliesTo: x.appliesTo, from: x.from, to: x.to ?? null, confidence: x.confidence })),
    notes: a.notes,
    engineCalls: run.decisions,
    totals: { ...roundAmount(totals), outsideRange: totals.outsideRange, byStatus: totals.byStatus, reachesLowH100e: totals.reachesLowH100e, reachesHighH100e: totals.reachesHighH100e },
    compute: { byYearTier: computeRows(r, runIdx, 'tier'), byYearCountry: computeRows(r, runIdx, 'destination') },
    chips: r.products.map((p) => ({ product: p.id, name: p.fullName, segments: (r.chips.get(`${a.scenario.id}\u0000${p.id}`) ?? []).map((s) => ({ ...s })) })),
  };
}

function computeDeltas(baseRows: ComputeRow[], rows: ComputeRow[], by: 'tier' | 'destination'): ComputeDelta[] {
  const keyOf = (x: ComputeRow) => `${x.year}|${by === 'tier' ? x.tier : x.destination}`;
  const bm = new Map(baseRows.map((x) => [keyOf(x), x]));
  const sm = new Map(rows.map((x) => [keyOf(x), x]));
  const out: ComputeDelta[] = [];
  for (const key of new Set([...bm.keys(), ...sm.keys()])) {
    const b = bm.get(key);
    const s = sm.get(key);
    const any = (b ?? s)!;
    const side = (x?: ComputeRow) => ({ reachesLowH100e: x?.reachesLowH100e ?? 0, reachesHighH100e: x?.reachesHighH100e ?? 0, byStatus: x?.byStatus ?? emptyBuckets() });
    const bs = side(b);
    const ss = side(s);
    if (BUCKETS.every((k) => bs.byStatus[k] === ss.byStatus[k])) continue;
    out.push({
      year: any.year,
      ...(by === 'tier' ? { tier: any.tier } : { destination: any.destination }),
      base: bs,
      scenario: ss,
      deltaLowH100e: round(ss.reachesLowH100e - bs.reachesLowH100e, 2),
      deltaHighH100e: round(ss.reachesHighH100e - bs.reachesHighH100e, 2),
    });
  }
  return out.sort((a, b) => a.year - b.year || String(a.tier ?? a.destination).localeCompare(String(b.tier ?? b.destination)));
}

function chipChanges(r: Replay, runIdx: number): ChipChange[] {
  const out: ChipChange[] = [];
  const sid = r.runs[runIdx]!.applied.scenario.id;
  const bid = r.base.applied.scenario.id;
  for (const p of r.products) {
    const a = r.chips.get(`${bid}\u0000${p.id}`) ?? [];
    const b = r.chips.get(`${sid}\u0000${p.id}`) ?? [];
    const cuts = [...new Set([...a, ...b].flatMap((s) => [s.from, s.to]))].sort();
    const at = (list: ChipStatus[], d: ISODate) => list.find((s) => s.from <= d && d < s.to);
    let open: ChipChange | null = null;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const d = cuts[i]!;
      const x = at(a, d);
      const y = at(b, d);
      if (!x || !y) {
        open = null;
        continue;
      }
      const same = x.eccn === y.eccn && x.paragraph === y.paragraph && x.overlays.join() === y.overlays.join();
      if (same) {
        open = null;
        continue;
      }
      const bs = { eccn: x.eccn, paragraph: x.paragraph, overlays: x.overlays };
      const ss = { eccn: y.eccn, paragraph: y.paragraph, overlays: y.overlays };
      if (open && JSON.stringify(open.base) === JSON.stringify(bs) && JSON.stringify(open.scenario) === JSON.stringify(ss)) {
        open.to = cuts[i + 1]!;
        continue;
      }
      // Measures behind each side's status on this day (segments merged over time keep older ones).
      const ra = r.base.applied;
      const rb = r.runs[runIdx]!.applied;
      const mx = classifySpec(p.spec, d, { view: ra.view, rules: ra.rules, product: p, explain: false }).measures;
      const my = classifySpec(p.spec, d, { view: rb.view, rules: rb.rules, product: p, explain: false }).measures;
      const added = my.filter((m) => !mx.includes(m));
      const removed = mx.filter((m) => !my.includes(m));
      const resp = added.length || removed.length ? [...added, ...removed] : [...new Set([...mx, ...my])];
      open = { product: p.id, name: p.fullName, from: d, to: cuts[i + 1]!, base: bs, scenario: ss, measures: { added, removed }, changes: responsibleChanges(r, runIdx, resp, []) };
      out.push(open);
    }
  }
  return out;
}

function diffReport(r: Replay, runIdx: number, baseReport: ScenarioReport, report: ScenarioReport): DiffReport {
  const run = r.runs[runIdx]!;
  const base = r.base;
  const c = r.classes;
  const set = r.shipments;
  const summary = { ...emptyAmount(), material: emptyAmount(), byKind: {} as Partial<Record<ChangeKind, Amount>>, compared: 0 };
  const groups = new Map<string, ChangedGroup>();
  if (set) {
    for (let k = 0; k < c.count; k++) {
      const ai = base.classSig[k]!;
      const bi = run.classSig[k]!;
      if (ai < 0 || bi < 0) continue;
      summary.compared += c.shipments[k]!;
      const sa = base.sigs[ai]!;
      const sb = run.sigs[bi]!;
      if (sa.key === sb.key && sa.requirements.join() === sb.requirements.join()) continue;
      const kinds = kindsOf(sa, sb);
      if (!kinds.length) continue;
      const tpp = (sb.tpp ?? sa.tpp ?? 0) * c.quantity[k]!;
      add(summary, c.shipments[k]!, c.quantity[k]!, tpp);
      const material = kinds.some((x) => MATERIAL.includes(x));
      if (material) add(summary.material, c.shipments[k]!, c.quantity[k]!, tpp);
      for (const kind of kinds) add((summary.byKind[kind] ??= emptyAmount()), c.shipments[k]!, c.quantity[k]!, tpp);
      const key = `${c.product[k]}|${c.dest[k]}|${c.hq[k]}|${c.parent[k]}|${ai}|${bi}`;
      let g = groups.get(key);
      if (!g) {
        const added = sb.measures.filter((m) => !sa.measures.includes(m));
        const removed = sa.measures.filter((m) => !sb.measures.includes(m));
        const resp = added.length || removed.length ? [...added, ...removed] : [...new Set([...sa.measures, ...sb.measures])];
        const dest = set.dests.values[c.dest[k]!]!;
        const hq = set.countries.values[c.hq[k]!]!;
        const parent = set.countries.values[c.parent[k]!]!;
        const productId = set.products.values[c.product[k]!]!;
        g = {
          product: productId,
          name: r.products.find((p) => p.id === productId)?.fullName ?? productId,
          destination: dest,
          endUserHeadquarters: hq || null,
          endUserParentHeadquarters: parent || null,
          firstDate: c.firstDate[k]!,
          lastDate: c.lastDate[k]!,
          kinds,
          material,
          base: summaryOf(sa),
          scenario: summaryOf(sb),
          measures: { added, removed },
          changes: responsibleChanges(r, runIdx, resp, [dest, hq, parent].filter(Boolean)),
          examples: [],
          ...emptyAmount(),
        };
        groups.set(key, g);
      }
      add(g, c.shipments[k]!, c.quantity[k]!, tpp);
      if (c.firstDate[k]! < g.firstDate) g.firstDate = c.firstDate[k]!;
      if (c.lastDate[k]! > g.lastDate) g.lastDate = c.lastDate[k]!;
      for (const i of c.examples[k]!) if (g.examples.length < r.opts.examples) g.examples.push(set.idAt(i));
    }
  }
  const sorted = [...groups.values()].sort((a, b) => Number(b.material) - Number(a.material) || b.h100e - a.h100e || b.shipments - a.shipments);
  const byKind: Partial<Record<ChangeKind, Amount>> = {};
  for (const [k, v] of Object.entries(summary.byKind)) byKind[k as ChangeKind] = roundAmount(v);
  return {
    scenario: run.applied.scenario.id,
    base: base.applied.scenario.id,
    summary: { ...roundAmount(summary), material: roundAmount(summary.material), byKind, compared: summary.compared },
    shipments: sorted.slice(0, r.opts.groups).map((g) => roundAmount(g)),
    groupsTotal: sorted.length,
    groupsListed: Math.min(sorted.length, r.opts.groups),
    compute: {
      byYearTier: computeDeltas(baseReport.compute.byYearTier, report.compute.byYearTier, 'tier'),
      byYearCountry: computeDeltas(baseReport.compute.byYearCountry, report.compute.byYearCountry, 'destination'),
    },
    chips: chipChanges(r, runIdx),
    changes: [...allChangesOf(r, runIdx), ...responsibleChanges(r, runIdx, [], []).filter((x) => x.type === 'view')],
  };
}

/** The JSON answer for a replay. */
export function summarize(r: Replay): LabResult {
  const reports = r.runs.map((_, i) => scenarioReport(r, i));
  const baseIdx = r.runs.indexOf(r.base);
  const diffs = r.runs.map((_, i) => i).filter((i) => i !== baseIdx).map((i) => diffReport(r, i, reports[baseIdx]!, reports[i]!));
  const set = r.shipments;
  const detail: LabResult['detail'] = [];
  if (set) {
    for (let i = 0; i < set.n && detail.length < r.opts.detail; i++) {
      const row = set.row(i);
      const k = r.classes.ofShipment[i]!;
      const decisions: Record<string, DecisionSummary | null> = {};
      for (const run of r.runs) {
        const si = run.classSig[k]!;
        decisions[run.applied.scenario.id] = si < 0 ? null : summaryOf(run.sigs[si]!);
      }
      detail.push({ id: row.id, date: row.date, destination: row.destination, product: row.product, quantity: row.quantity, endUserHeadquarters: row.endUserHeadquarters ?? null, decisions });
    }
  }
  return {
    kind: 'exportctl-lab',
    base: r.base.applied.scenario.id,
    synthetic: !!set?.source.synthetic,
    shipments: set
      ? {
          label: set.source.label,
          source: set.source.kind,
          path: set.source.path ?? null,
          synthetic: set.source.synthetic,
          generator: set.source.generator ?? null,
          count: set.n,
          rejectedCount: set.rejectedCount,
          rejected: set.rejected.slice(0, 20),
          warnings: set.warnings,
        }
      : null,
    notes: { tiers: TIER_CITATION, h100e: H100E_CITATION, bounds: BOUNDS_NOTE },
    scenarios: reports,
    diffs,
    detail,
    detailTruncated: !!set && set.n > detail.length,
  };
}

/**
 * Pure entry point for the CLI, the API and the web page: scenarios (built-in ids or Scenario
 * objects) and optional shipments (a ShipmentSet or plain rows) in, JSON out.
 */
export function runLab(scenarios: readonly (string | Scenario)[], shipments?: ShipmentSet | readonly ShipmentRow[] | null, opts: LabOptions = {}): LabResult {
  return summarize(replay(scenarios, shipments, opts));
}

/** Writes one row per shipment with each scenario's decision (and whether it differs from the base). */
export async function writeDecisionsCsv(r: Replay, path: string, field = '--decisions'): Promise<number> {
  const set = r.shipments;
  if (!set) throw new InputError(field, path, 'no shipments to write (give --shipments, --ledger or --synthetic)');
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.on('error', (e) => reject(new InputError(field, path, `cannot write file (${(e as NodeJS.ErrnoException).code ?? e.message})`))));
  const write = (s: string) => (out.write(s) ? Promise.resolve() : Promise.race([new Promise<void>((res) => out.once('drain', () => res())), failed]));
  const header = ['id', 'synthetic', 'date', 'destination', 'product', 'quantity', 'end_user_headquarters', 'end_user_parent_headquarters'];
  for (const run of r.runs) {
    const id = run.applied.scenario.id;
    header.push(`${id}:outcome`, `${id}:review_policy`, `${id}:exceptions`, `${id}:conditions`);
    if (run !== r.base) header.push(`${id}:changed`);
  }
  await write(stringify([header]));
  const syn = set.source.synthetic ? 'SYNTHETIC' : '';
  let rows: string[][] = [];
  for (let i = 0; i < set.n; i++) {
    const row = set.row(i);
    const k = r.classes.ofShipment[i]!;
    const cells = [row.id, syn, row.date, row.destination, row.product, String(row.quantity), row.endUserHeadquarters ?? '', row.endUserParentHeadquarters ?? ''];
    const bs = r.base.classSig[k]! >= 0 ? r.base.sigs[r.base.classSig[k]!]! : null;
    for (const run of r.runs) {
      const si = run.classSig[k]!;
      const s = si >= 0 ? run.sigs[si]! : null;
      cells.push(s ? s.outcome : 'outside-range', s?.reviewPolicy ?? '', s?.exceptions.join(';') ?? '', s?.conditions.join(';') ?? '');
      if (run !== r.base) cells.push(s && bs ? String(s.key !== bs.key) : '');
    }
    rows.push(cells);
    if (rows.length === 5000) {
      await write(stringify(rows));
      rows = [];
    }
  }
  if (rows.length) await write(stringify(rows));
  await Promise.race([new Promise<void>((res) => out.end(() => res())), failed]);
  return set.n;
}

export { replay };
