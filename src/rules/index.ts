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

interface Indexes {
  measures: Map<string, Measure>;
  provisions: Map<string, Provision>;
}
const indexes = new WeakMap<RuleSet, Indexes>();
function indexOf(rules: RuleSet): Indexes {
  let ix = indexes.get(rules);
  if (!ix) {
    ix = { measures: new Map(), provisions: new Map() };
    for (const m of rules.measures) {
      ix.measures.set(m.id, m);
      for (const p of m.provisions) ix.provisions.set(p.id, p);
    }
    indexes.set(rules, ix);
  }
  return ix;
}

export function findMeasure(rules: RuleSet, id: string): Measure | undefined {
  return indexOf(rules).measures.get(id);
}

export function findProvision(rules: RuleSet, id: string): Provision | undefined {
  return indexOf(rules).provisions.get(id);
}

export function measureOf(rules: RuleSet, p: Provision): Measure {
  const id = p.id.slice(0, p.id.indexOf('/'));
  const m = findMeasure(rules, id);
  if (!m) throw new Error(`provision ${p.id} names no measure`);
  return m;
}

/** The newest date any known measure, provision or enforcement change takes effect. */
const newest = new WeakMap<RuleSet, ISODate>();
export function newestKnownDate(rules: RuleSet = baseRules()): ISODate {
  let v = newest.get(rules);
  if (v === undefined) newest.set(rules, (v = computeNewest(rules)));
  return v;
}

function computeNewest(rules: RuleSet): ISODate {
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

/** The first day the timelines show: the month of the first is-informed letters (2022-08-26). */
export const WINDOW_START: ISODate = '2022-08-01';

/** The research set these measures were compiled from is current to this day. */
export const RESEARCH_CURRENT_TO: ISODate = '2026-11-30';

export { MEASURES };
export type { Measure, Provision };
