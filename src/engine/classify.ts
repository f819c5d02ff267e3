/**
 * Classification on a date: which advanced-computing ECCN paragraph catches an item, and why.
 * Pure: (spec, date, view, rule set) → answer. The tests are the provisions in force that day
 * (src/engine/active.ts); each comparison is recorded with its value, operator, limit and result.
 *
 *   IC   → 3A090.a / 3A090.b (2023 tests, minus Note 2 exclusions) or 3A090.a (2022 test)
 *   HBM  → 3A090.c (from 2024-12-02)
 *   computer/assembly → 4A090.a/.b when it contains an IC of 3A090.a/.b (containment provisions)
 *   baseEccn given → the ".z" paragraph of that entry when the item meets 3A090/4A090 parameters
 * Overlays (is-informed letters) are not ECCN tests: they are reported beside the answer.
 */
import {
  baseRules,
  findProvision,
  measureOf,
  newestKnownDate,
  rulesVersion,
  RESEARCH_CURRENT_TO,
  type RuleSet,
} from '../rules/index.ts';
import type { Comparison, EccnTest, Metric, Provision } from '../rules/model.ts';
import {
  formatCitation,
  lowestConfidence,
  type Confidence,
  type ISODate,
  type Reason,
  type View,
} from '../rules/types.ts';
import { activeOn, intervalIndex, timelineOf, type ActiveSet } from './active.ts';
import { computeMetrics, explainMetrics, type MetricExplanation, type Metrics } from './metrics.ts';
import type { Spec } from './spec.ts';
import type { Product } from '../catalog/index.ts';
import { catalog } from '../catalog/index.ts';

export interface ComparisonResult {
  metric: Metric;
  value: number | null;
  op: string;
  limit: number;
  /** null when the value is unknown. */
  result: boolean | null;
}

export interface TestResult {
  provision: string;
  paragraph: string;
  eccn: string;
  cfr: string;
  measure: string;
  comparisons: ComparisonResult[];
  result: boolean | null;
  excludedBy?: string;
}

export interface Classification {
  item: { name: string | null; product: string | null; kind: Spec['kind']; datacenter: boolean | null };
  date: ISODate;
  view: View;
  eccn: string | null;
  paragraph: string | null;
  metrics: Metrics;
  metricExplanations?: MetricExplanation[];
  tests: TestResult[];
  contained?: { name: string | null; quantity: number; eccn: string | null; paragraph: string | null }[];
  overlays: { measure: string; addressee: string; destinations: string; text: string; citation: string }[];
  notes: Reason[];
  measures: string[];
  reasons: Reason[];
  confidence: Confidence;
  warnings: string[];
  rulesVersion: string;
}

export interface ClassifyOptions {
  view?: View;
  rules?: RuleSet;
  /** Build metric explanations and reasons (default true). The bulk path turns it off. */
  explain?: boolean;
  /** Catalog product the spec came from (for overlays and confidence). */
  product?: Product;
}

function valueOf(m: Metrics, metric: Metric): number | null {
  switch (metric) {
    case 'tpp':
      return m.tpp;
    case 'performanceDensity':
      return m.performanceDensity;
    case 'ioBandwidthGBps':
      return m.ioBandwidthGBps;
    case 'memoryBandwidthDensity':
      return m.memoryBandwidthDensity;
    case 'memoryBandwidthGBps':
      return m.memoryBandwidthGBps;
  }
}

export function compare(v: number | null, c: Comparison): boolean | null {
  if (v === null) return null;
  switch (c.op) {
    case '>=':
      return v >= c.limit;
    case '>':
      return v > c.limit;
    case '<':
      return v < c.limit;
    case '<=':
      return v <= c.limit;
  }
}

/** Three-valued AND: false beats unknown beats true. */
function allOf(results: (boolean | null)[]): boolean | null {
  let unknown = false;
  for (const r of results) {
    if (r === false) return false;
    if (r === null) unknown = true;
  }
  return unknown ? null : true;
}

function runTest(t: EccnTest, m: Metrics): TestResult {
  const comparisons = t.all.map((c) => {
    const value = valueOf(m, c.metric);
    return { metric: c.metric, value, op: c.op, limit: c.limit, result: compare(value, c) };
  });
  return {
    provision: t.id,
    paragraph: t.paragraph,
    eccn: t.eccn,
    cfr: t.cfr,
    measure: t.id.split('/')[0]!,
    comparisons,
    result: allOf(comparisons.map((c) => c.result)),
  };
}

const RANK: Record<string, number> = { '3A090.a': 3, '4A090.a': 3, '3A090.b': 2, '4A090.b': 2, '3A090.c': 1 };

function describeComparison(c: ComparisonResult): string {
  const v = c.value === null ? 'unknown' : String(c.value);
  return `${c.metric} ${v} ${c.op} ${c.limit}: ${c.result === null ? 'unknown' : c.result ? 'yes' : 'no'}`;
}

function classifyIc(spec: Spec, m: Metrics, active: ActiveSet, kind: 'ic' | 'hbm') {
  const tests = active.tests.filter((t) => t.itemKind === kind).map((t) => runTest(t, m));
  const datacenter = spec.datacenter ?? true;
  for (const ex of active.exclusions) {
    if (datacenter !== ex.datacenter) continue;
    const r = allOf(ex.all.map((c) => compare(valueOf(m, c.metric), c)));
    if (r !== true) continue;
    for (const t of tests) if (ex.excludes.includes(t.eccn) && t.result !== false) t.excludedBy = ex.id;
  }
  let best: TestResult | null = null;
  let uncertain: TestResult | null = null;
  for (const t of tests) {
    if (t.excludedBy) continue;
    if (t.result === true && (!best || (RANK[t.eccn] ?? 0) > (RANK[best.eccn] ?? 0))) best = t;
    if (t.result === null && !uncertain) uncertain = t;
  }
  return { tests, best, uncertain };
}

// An explained answer for a catalog product depends on the date only through the interval of
// provisions in force (and whether it is past the newest known measure): memoize it per interval.
// In front of that, answers are kept per (product, view, explain, date): the decide path asks for
// the same few days again and again, and a hit then costs two map look-ups instead of building a
// key string and copying the answer for the day (copies were a quarter of a decision's time).
const memo = new WeakMap<RuleSet, Map<string, Classification>>();
const byDay = new WeakMap<RuleSet, WeakMap<Product, Map<string, Classification>[]>>();
const BY_DAY_MAX = 2_000; // days kept per product and (view, explain) slot

export function classifySpec(spec: Spec, date: ISODate, opts: ClassifyOptions = {}): Classification {
  const rules = opts.rules ?? baseRules();
  const product = opts.product;
  if (product && product.spec === spec) {
    const view = opts.view ?? 'enforced';
    const slot = (view === 'enforced' ? 0 : 2) + (opts.explain === false ? 0 : 1);
    let perRules = byDay.get(rules);
    if (!perRules) byDay.set(rules, (perRules = new WeakMap()));
    let slots = perRules.get(product);
    if (!slots) perRules.set(product, (slots = [new Map(), new Map(), new Map(), new Map()]));
    const days = slots[slot]!;
    let c = days.get(date);
    if (!c) {
      c = classifyInterval(spec, date, view, rules, product, opts);
      if (days.size >= BY_DAY_MAX) days.clear();
      days.set(date, c);
    }
    return c;
  }
  return classifyUncached(spec, date, opts);
}

function classifyInterval(
  spec: Spec,
  date: ISODate,
  view: View,
  rules: RuleSet,
  product: Product,
  opts: ClassifyOptions,
): Classification {
  let m = memo.get(rules);
  if (!m) memo.set(rules, (m = new Map()));
  const key = `${view}|${intervalIndex(timelineOf(rules, view), date)}|${date > newestKnownDate(rules) ? 1 : 0}|${opts.explain === false ? 0 : 1}|${product.id}`;
  let c = m.get(key);
  if (!c) {
    c = classifyUncached(spec, date, opts);
    if (m.size > 100_000) m.clear();
    m.set(key, c);
  }
  return c.date === date ? c : { ...c, date };
}

function classifyUncached(spec: Spec, date: ISODate, opts: ClassifyOptions): Classification {
  const rules = opts.rules ?? baseRules();
  const view = opts.view ?? 'enforced';
  const explain = opts.explain ?? true;
  const active = activeOn(rules, date, view);
  const m = computeMetrics(spec);
  const warnings: string[] = [];
  const used: Provision[] = [];
  const confidences: (Confidence | undefined)[] = [opts.product?.throughputConfidence];
  let eccn: string | null = null;
  let paragraph: string | null = null;
  let tests: TestResult[] = [];
  let contained: Classification['contained'];

  if (spec.kind === 'computer' && spec.contains?.length) {
    contained = [];
    let bestRank = 0;
    for (const [i, c] of spec.contains.entries()) {
      const product = c.product ? catalog().resolve(c.product, `spec.contains[${i}].product`) : undefined;
      const inner = classifySpec(product ? product.spec : c.spec!, date, {
        ...opts,
        product,
        explain: false,
      });
      contained.push({
        name: product?.fullName ?? c.spec?.name ?? null,
        quantity: c.quantity,
        eccn: inner.eccn,
        paragraph: inner.paragraph,
      });
      confidences.push(inner.confidence);
      warnings.push(...inner.warnings.map((w) => `contained item ${i}: ${w}`));
      for (const ct of active.containments) {
        if (inner.eccn === ct.containsEccn && (RANK[ct.eccn] ?? 0) > bestRank) {
          bestRank = RANK[ct.eccn] ?? 0;
          eccn = ct.eccn;
          paragraph = ct.eccn;
          used.push(ct);
        }
      }
    }
    if (used.length > 1) used.splice(0, used.length - 1);
  } else {
    const kind = spec.kind === 'hbm' ? 'hbm' : 'ic';
    const r = classifyIc(spec, m, active, kind);
    tests = r.tests;
    if (r.best) {
      eccn = r.best.eccn;
      paragraph = r.best.paragraph;
      if (spec.kind === 'computer') {
        // A computer given by its own throughput: it contains ICs of that class.
        const ct = active.containments.find((c) => c.containsEccn === eccn);
        if (ct) {
          used.push(ct);
          eccn = ct.eccn;
          paragraph = ct.eccn;
        }
      }
    } else if (r.uncertain) {
      warnings.push(
        `${r.uncertain.paragraph} cannot be decided: ${r.uncertain.comparisons
          .filter((c) => c.result === null)
          .map((c) => c.metric)
          .join(', ')} unknown`,
      );
    }
    if (kind === 'ic' && m.tpp === null)
      warnings.push('no throughput given: TPP unknown, the item cannot be classified');
  }

  // .z: the item is classified elsewhere but meets the 3A090/4A090 parameters.
  if (spec.baseEccn && eccn && eccn !== '3A090.c') {
    const z = active.zs.find((p) => p.baseEccns.includes(spec.baseEccn!));
    if (z) {
      used.push(z);
      const level = eccn.endsWith('.a') ? 'a' : 'b';
      paragraph = `${spec.baseEccn}.z (meets ${eccn} parameters)`;
      eccn = `${spec.baseEccn}.z.${level}`;
    } else {
      warnings.push(`baseEccn ${spec.baseEccn} has no .z paragraph on that day`);
    }
  }

  // Provisions that decided the answer: the matching test, or every test run when none matched.
  const deciding = tests.filter((t) => (eccn ? t.paragraph === paragraph || t.excludedBy : true));
  for (const t of deciding) {
    const p = findProvision(rules, t.provision);
    if (p) used.push(p);
    if (t.excludedBy) {
      const ex = findProvision(rules, t.excludedBy);
      if (ex && !used.includes(ex)) used.push(ex);
    }
  }

  const overlays: Classification['overlays'] = [];
  if (opts.product) {
    for (const o of active.overlays) {
      if (!o.products.includes(opts.product.id)) continue;
      used.push(o);
      overlays.push({
        measure: o.id.split('/')[0]!,
        addressee: o.addressee,
        destinations: describeOverlay(o),
        text: o.text,
        citation: o.cfr,
      });
    }
  }
  const notes: Reason[] = [];
  if (spec.kind !== 'hbm' && m.tpp !== null && eccn !== '3A090.a' && spec.kind === 'ic') {
    for (const f of active.flags) notes.push({ citation: f.cfr, text: f.text, measure: f.id.split('/')[0] });
  }
  if (opts.product) {
    for (const n of active.notes)
      if (n.products?.includes(opts.product.id))
        notes.push({ citation: n.cfr, text: n.text, measure: n.id.split('/')[0] });
  }

  if (spec.datacenter === undefined && spec.kind !== 'hbm') {
    warnings.push(
      '"datacenter" not given: treated as designed or marketed for datacenters (the stricter reading)',
    );
  }
  if (m.approximate)
    warnings.push('TPP computed from a sparse figure halved: an estimate (use dense datasheet values)');
  if (opts.product && opts.product.confidence === 'low') {
    warnings.push(
      `the catalog specs of ${opts.product.fullName} are of low confidence (${opts.product.dieAreaBasis || opts.product.throughputBasis})`,
    );
  }
  const newest = newestKnownDate(rules);
  if (date > newest) {
    warnings.push(
      `the date is after the newest known measure (${newest}); research current to ${RESEARCH_CURRENT_TO}: the rules may have changed since`,
    );
  }

  for (const p of used) confidences.push(p.confidence);
  // Die area is a fact used only when a deciding comparison read performance density.
  if (
    opts.product &&
    deciding.some((t) => t.comparisons.some((c) => c.metric === 'performanceDensity' && c.value !== null))
  ) {
    confidences.push(opts.product.dieAreaConfidence ?? 'low');
  }
  const measures = [...new Set(used.map((p) => p.id.split('/')[0]!))];
  const reasons: Reason[] = explain
    ? buildReasons(rules, spec, m, tests, used, eccn, paragraph, date, view, deciding)
    : [];
  const result: Classification = {
    item: {
      name: opts.product?.fullName ?? spec.name ?? null,
      product: opts.product?.id ?? null,
      kind: spec.kind,
      datacenter: spec.kind === 'hbm' ? null : (spec.datacenter ?? true),
    },
    date,
    view,
    eccn,
    paragraph,
    metrics: m,
    tests,
    overlays,
    notes,
    measures,
    reasons,
    confidence: lowestConfidence(...confidences),
    warnings,
    rulesVersion: rulesVersion(rules),
  };
  if (contained) result.contained = contained;
  if (explain) result.metricExplanations = explainMetrics(spec, m);
  return result;
}

function describeOverlay(o: {
  destinations: import('../rules/model.ts').DestinationScope;
  endUserHeadquarters?: import('../rules/model.ts').DestinationScope;
}): string {
  const d = [
    o.destinations.groups?.map((g) => `Country Group ${g}`).join(', '),
    o.destinations.countries?.join(', '),
  ]
    .filter(Boolean)
    .join('; ');
  return o.endUserHeadquarters ? `${d}; and entities headquartered there` : d;
}

/**
 * The parts of the reasons about a deciding test that depend on the rule set alone, not on the
 * item: the provision, its citation, and the "replaced the earlier test" reasons. Built once per
 * provision and rule set (scenarios patch rule sets into new objects, so each has its own).
 */
interface DecidingText {
  provision: Provision | undefined;
  citation: string;
  superseded: { citation: string; measure: string; text: string }[];
}
const decidingTexts = new WeakMap<RuleSet, Map<string, DecidingText>>();

function decidingText(rules: RuleSet, t: TestResult): DecidingText {
  let byId = decidingTexts.get(rules);
  if (!byId) decidingTexts.set(rules, (byId = new Map()));
  let d = byId.get(t.provision);
  if (d) return d;
  // A TestResult's cfr and measure are copied from its provision (runTest), and provision ids are
  // unique in a rule set (the lab refuses duplicates): the id alone determines all of this.
  const p = findProvision(rules, t.provision);
  const meas = p ? measureOf(rules, p) : undefined;
  const citation = formatCitation({ fr: meas?.frCitation, cfr: t.cfr });
  const superseded: DecidingText['superseded'] = [];
  for (const s of p?.supersedes ?? []) {
    const old = findProvision(rules, s);
    if (old?.type === 'eccn-test') {
      superseded.push({
        citation,
        measure: t.measure,
        text: `From ${p!.from}, ${t.measure} replaced the earlier test ${old.paragraph} of ${s.split('/')[0]} (${old.all.map((c) => `${c.metric} ${c.op} ${c.limit}`).join(' AND ')}).`,
      });
    }
  }
  byId.set(t.provision, (d = { provision: p, citation, superseded }));
  return d;
}

const ECCN_3A090_CITATION = formatCitation({ cfr: '15 CFR part 774 Supp. 1, ECCN 3A090' });

function buildReasons(
  rules: RuleSet,
  spec: Spec,
  m: Metrics,
  tests: TestResult[],
  used: Provision[],
  eccn: string | null,
  paragraph: string | null,
  date: ISODate,
  view: View,
  deciding: TestResult[],
): Reason[] {
  const reasons: Reason[] = [];
  if (tests.length === 0 && spec.kind !== 'computer') {
    reasons.push({
      citation: '15 CFR part 774 Supp. 1',
      text:
        spec.kind === 'hbm'
          ? `No 3A090.c (HBM) paragraph was in force on that day (added by 89 FR 96790, effective 2024-12-02).`
          : `No advanced-computing ECCN (3A090) was in force on that day (created by 87 FR 62186, effective 2022-10-07).`,
    });
  }
  for (const t of deciding) {
    const { provision: p, citation, superseded } = decidingText(rules, t);
    const outcome = t.excludedBy
      ? 'met, but excluded'
      : t.result === true
        ? 'met'
        : t.result === null
          ? 'undecided'
          : 'not met';
    reasons.push({
      citation,
      measure: t.measure,
      confidence: p?.confidence,
      text: `${t.paragraph} ${outcome}: ${t.comparisons.map(describeComparison).join('; ')}.`,
    });
    for (const r of superseded) reasons.push({ citation: r.citation, measure: r.measure, text: r.text });
  }
  for (const p of used) {
    if (p.type === 'eccn-exclusion') {
      const meas = measureOf(rules, p);
      reasons.push({
        citation: formatCitation({ fr: meas.frCitation, cfr: p.cfr }),
        measure: meas.id,
        confidence: p.confidence,
        text: `${p.text} The item is ${spec.datacenter === false ? 'not ' : ''}designed or marketed for datacenters and its TPP is ${m.tpp}.`,
      });
    } else if (p.type === 'eccn-containment' || p.type === 'eccn-z') {
      const meas = measureOf(rules, p);
      reasons.push({
        citation: formatCitation({ fr: meas.frCitation, cfr: p.cfr }),
        measure: meas.id,
        confidence: p.confidence,
        text: p.text,
      });
    } else if (p.type === 'overlay') {
      const meas = measureOf(rules, p);
      reasons.push({
        citation: [meas.sources[0], p.cfr].filter(Boolean).join('; '),
        measure: meas.id,
        confidence: p.confidence,
        text: `Not an ECCN test: ${p.text} (addressee: ${p.addressee}).`,
      });
    }
  }
  reasons.push({
    citation: ECCN_3A090_CITATION,
    text: eccn
      ? `On that day (${view} view) the item is ${eccn} under ${paragraph}.`
      : `On that day (${view} view) no advanced-computing ECCN paragraph catches the item.`,
  });
  return reasons;
}

export function classifyProduct(name: string, date: ISODate, opts: ClassifyOptions = {}): Classification {
  const product = catalog().resolve(name);
  return classifySpec(product.spec, date, { ...opts, product });
}
