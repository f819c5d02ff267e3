/**
 * The rule set: the measures (src/rules/measures) and the country groups, with a version hash.
 * A scenario of the policy lab is a patch of this object (add/remove/modify measures, provisions,
 * thresholds or memberships), never a change to the engine.
 */
import { createHash } from 'node:crypto';
import { MEASURES } from './measures/index.ts';
import { countryGroups, type CountryGroups } from './countries.ts';
import type { Measure, Provision } from './model.ts';
import type { ISODate } from './types.ts';

export interface RuleSet {
  id: string;
  measures: readonly Measure[];
  groups: CountryGroups;
}

let base: RuleSet | null = null;
export function baseRules(): RuleSet {
  if (!base) base = { id: 'base', measures: MEASURES, groups: countryGroups() };
  return base;
}

const versions = new WeakMap<RuleSet, string>();
/** A short content hash of the measure set and country groups: recorded with every ledger entry. */
export function rulesVersion(rules: RuleSet = baseRules()): string {
  let v = versions.get(rules);
  if (!v) {
    const h = createHash('sha256');
    h.update(JSON.stringify(rules.measures));
    h.update(JSON.stringify(rules.groups.memberships));
    v = h.digest('hex').slice(0, 16);
    versions.set(rules, v);
  }
  return v;
}

export function findMeasure(rules: RuleSet, id: string): Measure | undefined {
  return rules.measures.find((m) => m.id === id);
}

export function measureOf(rules: RuleSet, p: Provision): Measure {
  const id = p.id.slice(0, p.id.indexOf('/'));
  const m = findMeasure(rules, id);
  if (!m) throw new Error(`provision ${p.id} names no measure`);
  return m;
}

/** The newest date any known measure, provision or enforcement change takes effect. */
export function newestKnownDate(rules: RuleSet = baseRules()): ISODate {
  let max = '0000-01-01';
  const see = (d?: ISODate) => {
    if (d && d > max) max = d;
  };
  for (const m of rules.measures) {
    if (m.kind === 'bill-not-enacted' || m.kind === 'draft-rule-withdrawn') continue;
    see(m.effective);
    see(m.released);
    see(m.published);
    for (const e of m.enforcement ?? []) {
      see(e.from);
      see(e.to);
    }
    for (const p of m.provisions) {
      see(p.from);
      see(p.to);
    }
  }
  return max;
}

/** The research set these measures were compiled from is current to this day. */
export const RESEARCH_CURRENT_TO: ISODate = '2026-11-30';

export { MEASURES };
export type { Measure, Provision };
