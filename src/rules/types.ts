/**
 * The vocabulary of the rules data. Every number, date and country list the engine uses is a
 * `Fact`: a value with the citation it comes from, the dates it holds, and how sure we are of it.
 *
 * Date semantics (used everywhere): all dates are calendar days (YYYY-MM-DD, no time zone).
 * A fact holds on day d when `from <= d` and (`to` is absent or `d < to`): `from` is the first day
 * it applies, `to` is the first day it no longer applies (exclusive).
 */
export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCE_ORDER: readonly Confidence[] = ['low', 'medium', 'high'];

/** YYYY-MM-DD. ISO strings compare correctly with < and >. */
export type ISODate = string;

export interface Citation {
  /** Measure id in src/rules/measures (e.g. "ACS-2023-10"). */
  measure?: string;
  /** Federal Register citation, e.g. "88 FR 73458". */
  fr?: string;
  /** CFR paragraph, e.g. "15 CFR part 774 Supp. 1, ECCN 3A090.a.2". */
  cfr?: string;
  /** Other source (press release, 8-K, guidance PDF) when there is no FR text. */
  source?: string;
}

/**
 * The date semantics of every dated thing in the rules (docs/rules.md "Date semantics"): it holds
 * on day d when `from <= d` and (`to` absent or `d < to`): `from` inclusive, `to` exclusive.
 */
export function holdsOn(p: { from: ISODate; to?: ISODate }, d: ISODate): boolean {
  return p.from <= d && (p.to === undefined || d < p.to);
}

export interface Fact<T> {
  value: T;
  citation: Citation;
  confidence: Confidence;
  /** First day the value holds (inclusive). */
  from: ISODate;
  /** First day the value no longer holds (exclusive); absent = still in force. */
  to?: ISODate;
  note?: string;
}

/** An explanation line every answer carries. */
export interface Reason {
  citation: string;
  text: string;
  measure?: string;
  confidence?: Confidence;
}

export type View = 'enforced' | 'as-written';

export function lowestConfidence(...grades: (Confidence | undefined)[]): Confidence {
  let worst: Confidence = 'high';
  for (const g of grades) {
    if (g && CONFIDENCE_ORDER.indexOf(g) < CONFIDENCE_ORDER.indexOf(worst)) worst = g;
  }
  return worst;
}

export function formatCitation(c: Citation): string {
  return [c.fr, c.cfr, c.source].filter(Boolean).join('; ');
}
