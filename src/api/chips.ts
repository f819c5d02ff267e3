/**
 * The chip timeline the web app draws: for every catalog product, its licence status for one
 * destination (China by default) over time, cut at every day the rules change. The status on
 * each day comes from the decision engine itself (`decide` for one unit), so the chart and the
 * decision desk can never disagree:
 *   required      a licence is required by the rules (item/destination, end use, embargo)
 *   letter        required only because an is-informed letter names the product
 *   exception     a licence exception is available
 *   not-required  no licence required (NLR)
 */
import { boundaryDays } from '../engine/active.ts';
import { decide } from '../engine/decide.ts';
import { classifySpec } from '../engine/classify.ts';
import { measureTimeline } from '../engine/timeline.ts';
import { catalog } from '../catalog/index.ts';
import { baseRules } from '../rules/index.ts';
import type { ISODate, View } from '../rules/types.ts';

export type ChipStatus = 'required' | 'letter' | 'exception' | 'not-required';

export interface ChipSegment {
  from: ISODate;
  /** Exclusive; null = open-ended. */
  to: ISODate | null;
  status: ChipStatus;
  paragraph: string | null;
  reviewPolicy: string | null;
  measures: string[];
}

export interface ChipRow {
  id: string;
  name: string;
  vendor: string;
  releaseYear: number | null;
  datacenter: boolean | null;
  tpp: number | null;
  performanceDensity: number | null;
  segments: ChipSegment[];
}

export interface ChipTimeline {
  destination: string;
  view: View;
  start: ISODate;
  end: ISODate;
  measures: { id: string; title: string; effective: ISODate; frCitation: string | null; kind: string }[];
  chips: ChipRow[];
  legend: Record<ChipStatus, string>;
}

export const STATUS_LEGEND: Record<ChipStatus, string> = {
  required: 'licence required by the rules',
  letter: 'licence required by an is-informed letter only',
  exception: 'licence exception available',
  'not-required': 'no licence required',
};

/** The first day the chart shows (the first is-informed letters, August 2022). */
const START: ISODate = '2022-08-01';

function statusOn(product: string, date: ISODate, destination: string, view: View): Omit<ChipSegment, 'from' | 'to'> {
  const d = decide({ date, destination, items: [{ product, quantity: 1 }], view }, { explain: false });
  const line = d.lines[0]!;
  let status: ChipStatus;
  if (d.outcome === 'license-required') {
    status = line.requirements.length > 0 && line.requirements.every((r) => r.basis === 'letter') ? 'letter' : 'required';
  } else if (d.outcome === 'license-exception-available') status = 'exception';
  else status = 'not-required';
  return { status, paragraph: line.paragraph, reviewPolicy: d.reviewPolicy, measures: [...new Set(line.requirements.map((r) => r.measure))] };
}

const cache = new Map<string, ChipTimeline>();

export function chipTimeline(destination = 'CN', view: View = 'enforced', end?: ISODate): ChipTimeline {
  const key = `${destination}|${view}|${end ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rules = baseRules();
  const days = [START, ...boundaryDays(rules, view).filter((d) => d > START)];
  const last = end ?? days[days.length - 1]!;
  const chips: ChipRow[] = [];
  for (const p of catalog().products) {
    const segments: ChipSegment[] = [];
    let metrics: { tpp: number | null; pd: number | null } = { tpp: null, pd: null };
    for (const day of days) {
      const s = statusOn(p.fullName, day, destination, view);
      const prev = segments[segments.length - 1];
      if (prev && prev.status === s.status && prev.paragraph === s.paragraph && prev.reviewPolicy === s.reviewPolicy && prev.measures.join() === s.measures.join()) continue;
      if (prev) prev.to = day;
      segments.push({ from: day, to: null, ...s });
    }
    const m = classifySpec(p.spec, last, { view, product: p, explain: false }).metrics;
    metrics = { tpp: m.tpp, pd: m.performanceDensity };
    chips.push({
      id: p.id,
      name: p.fullName,
      vendor: p.vendor,
      releaseYear: p.releaseYear,
      datacenter: p.spec.datacenter ?? null,
      tpp: metrics.tpp,
      performanceDensity: metrics.pd,
      segments,
    });
  }
  const measures = measureTimeline(rules).map((m) => ({ id: m.id, title: m.title, effective: m.effective, frCitation: m.frCitation, kind: m.kind }));
  const out: ChipTimeline = { destination, view, start: START, end: last, measures, chips, legend: STATUS_LEGEND };
  cache.set(key, out);
  return out;
}
