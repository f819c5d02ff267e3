/**
 * Timelines: the measures in date order, and a product's status across them (its ECCN paragraph
 * and the letters naming it), cut at every day the rules change.
 */
import { baseRules, WINDOW_START, type RuleSet } from '../rules/index.ts';
import type { Measure } from '../rules/model.ts';
import type { ISODate, View } from '../rules/types.ts';
import { boundaryDays } from './active.ts';
import { classifySpec } from './classify.ts';
import type { Product } from '../catalog/index.ts';

export interface MeasureSummary {
  id: string;
  title: string;
  kind: Measure['kind'];
  frCitation: string | null;
  frDocument: string | null;
  released: ISODate | null;
  published: ISODate | null;
  effective: ISODate;
  compliance: { date: ISODate; scope: string }[];
  enforcement: { from: ISODate; to: ISODate | null; enforced: boolean; basis: string }[];
  confidence: Measure['confidence'];
  summary: string;
  sources: string[];
  provisions: {
    id: string;
    type: string;
    cfr: string;
    from: ISODate;
    to: ISODate | null;
    text: string;
    confidence: string;
  }[];
}

export function measureTimeline(rules: RuleSet = baseRules()): MeasureSummary[] {
  return rules.measures.map((m) => ({
    id: m.id,
    title: m.title,
    kind: m.kind,
    frCitation: m.frCitation ?? null,
    frDocument: m.frDocument ?? null,
    released: m.released ?? null,
    published: m.published ?? null,
    effective: m.effective,
    compliance: m.compliance ?? [],
    enforcement: (m.enforcement ?? []).map((e) => ({ ...e, to: e.to ?? null })),
    confidence: m.confidence,
    summary: m.summary,
    sources: m.sources,
    provisions: m.provisions.map((p) => ({
      id: p.id,
      type: p.type,
      cfr: p.cfr,
      from: p.from,
      to: p.to ?? null,
      text: p.text,
      confidence: p.confidence,
    })),
  }));
}

export interface StatusSegment {
  from: ISODate;
  /** Exclusive; null = open-ended. */
  to: ISODate | null;
  eccn: string | null;
  paragraph: string | null;
  /** Measures of the letters naming the product in this period. */
  overlays: string[];
  /** Measures whose provisions start on `from`. */
  changedBy: string[];
}

export function productTimeline(
  product: Product,
  view: View = 'enforced',
  rules: RuleSet = baseRules(),
): StatusSegment[] {
  const days = boundaryDays(rules, view).filter((d) => d >= WINDOW_START);
  const starting = new Map<ISODate, Set<string>>();
  for (const m of rules.measures) {
    for (const p of m.provisions) {
      const set = starting.get(p.from) ?? new Set();
      set.add(m.id);
      starting.set(p.from, set);
      if (p.to) {
        const s2 = starting.get(p.to) ?? new Set();
        s2.add(m.id);
        starting.set(p.to, s2);
      }
    }
    for (const e of m.enforcement ?? []) {
      const s3 = starting.get(e.from) ?? new Set();
      s3.add(m.id);
      starting.set(e.from, s3);
    }
  }
  const segments: StatusSegment[] = [];
  const points = [WINDOW_START, ...days];
  for (const d of points) {
    const c = classifySpec(product.spec, d, { view, rules, product, explain: false });
    const overlays = c.overlays.map((o) => o.measure);
    const last = segments[segments.length - 1];
    if (
      last &&
      last.eccn === c.eccn &&
      last.paragraph === c.paragraph &&
      last.overlays.join() === overlays.join()
    )
      continue;
    if (last) last.to = d;
    segments.push({
      from: d,
      to: null,
      eccn: c.eccn,
      paragraph: c.paragraph,
      overlays,
      changedBy: [...(starting.get(d) ?? [])],
    });
  }
  return segments;
}
