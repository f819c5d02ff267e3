/**
 * Which provisions bind on a day, in a view. The answer only changes on boundary days (a
 * provision's from/to, a measure's enforcement change), so the timeline is cut into intervals once
 * per rule set and view, and a date is located by binary search.
 *
 * A provision binds on d when: from <= d < to; its measure is enforced on d (view `enforced` only;
 * `as-written` ignores enforcement records); and no binding provision that supersedes it has
 * started on or before d.
 */
import type {
  EccnContainment,
  EccnExclusion,
  EccnFlag,
  EccnTest,
  EccnZ,
  LicenseExceptionProvision,
  LicenseRequirement,
  Measure,
  NoteProvision,
  Overlay,
  Provision,
  ReviewPolicyProvision,
} from '../rules/model.ts';
import type { RuleSet } from '../rules/index.ts';
import { holdsOn, type ISODate, type View } from '../rules/types.ts';

export interface ActiveSet {
  from: ISODate;
  to?: ISODate;
  all: Provision[];
  tests: EccnTest[];
  exclusions: EccnExclusion[];
  containments: EccnContainment[];
  zs: EccnZ[];
  flags: EccnFlag[];
  requirements: LicenseRequirement[];
  overlays: Overlay[];
  policies: ReviewPolicyProvision[];
  exceptions: LicenseExceptionProvision[];
  notes: NoteProvision[];
  measureById: Map<string, Measure>;
}

function enforcedOn(m: Measure, d: ISODate): boolean {
  if (!m.enforcement || m.enforcement.length === 0) return true;
  for (const e of m.enforcement) if (holdsOn(e, d)) return e.enforced;
  // Before the first record: enforced as from its effective date.
  return true;
}

function build(rules: RuleSet, view: View, d: ISODate, from: ISODate, to: ISODate | undefined): ActiveSet {
  const live: Provision[] = [];
  const measureById = new Map<string, Measure>();
  for (const m of rules.measures) {
    measureById.set(m.id, m);
    if (view === 'enforced' && !enforcedOn(m, d)) continue;
    for (const p of m.provisions) if (holdsOn(p, d)) live.push(p);
  }
  const superseded = new Set<string>();
  for (const p of live) for (const s of p.supersedes ?? []) superseded.add(s);
  const all = live.filter((p) => !superseded.has(p.id));
  const set: ActiveSet = {
    from,
    to,
    all,
    tests: [],
    exclusions: [],
    containments: [],
    zs: [],
    flags: [],
    requirements: [],
    overlays: [],
    policies: [],
    exceptions: [],
    notes: [],
    measureById,
  };
  for (const p of all) {
    switch (p.type) {
      case 'eccn-test':
        set.tests.push(p);
        break;
      case 'eccn-exclusion':
        set.exclusions.push(p);
        break;
      case 'eccn-containment':
        set.containments.push(p);
        break;
      case 'eccn-z':
        set.zs.push(p);
        break;
      case 'eccn-flag':
        set.flags.push(p);
        break;
      case 'license-requirement':
        set.requirements.push(p);
        break;
      case 'overlay':
        set.overlays.push(p);
        break;
      case 'review-policy':
        set.policies.push(p);
        break;
      case 'license-exception':
        set.exceptions.push(p);
        break;
      case 'note':
        set.notes.push(p);
        break;
    }
  }
  return set;
}

export interface Timeline {
  boundaries: ISODate[];
  sets: ActiveSet[]; // sets[i] covers [boundaries[i-1], boundaries[i]) with sets[0] before boundaries[0]
}

const cache = new WeakMap<RuleSet, Map<View, Timeline>>();

export function boundaryDays(rules: RuleSet, view: View): ISODate[] {
  const s = new Set<ISODate>();
  for (const m of rules.measures) {
    if (view === 'enforced')
      for (const e of m.enforcement ?? []) {
        s.add(e.from);
        if (e.to) s.add(e.to);
      }
    for (const p of m.provisions) {
      s.add(p.from);
      if (p.to) s.add(p.to);
    }
  }
  for (const b of rules.groups.boundaries()) s.add(b);
  return [...s].sort();
}

export function timelineOf(rules: RuleSet, view: View): Timeline {
  let byView = cache.get(rules);
  if (!byView) cache.set(rules, (byView = new Map()));
  let t = byView.get(view);
  if (!t) {
    const boundaries = boundaryDays(rules, view);
    const sets: ActiveSet[] = [build(rules, view, '0000-01-01', '0000-01-01', boundaries[0])];
    for (let i = 0; i < boundaries.length; i++) {
      sets.push(build(rules, view, boundaries[i]!, boundaries[i]!, boundaries[i + 1]));
    }
    t = { boundaries, sets };
    byView.set(view, t);
  }
  return t;
}

/** Index of the interval containing d: the number of boundaries <= d. */
export function intervalIndex(t: Timeline, d: ISODate): number {
  let lo = 0;
  let hi = t.boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.boundaries[mid]! <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function activeOn(rules: RuleSet, d: ISODate, view: View): ActiveSet {
  const t = timelineOf(rules, view);
  return t.sets[intervalIndex(t, d)]!;
}
