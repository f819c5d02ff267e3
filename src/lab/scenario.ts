/**
 * Applying a scenario: a validated Scenario is turned into a patched copy of the RuleSet (measures
 * and country groups) plus the lab-level conditions it attaches to licences and exceptions. The
 * engine is never changed: every scenario is data the engine already understands.
 *
 * Each change is applied in order; a change that names something that does not exist (a measure,
 * a provision, a comparison, a membership) is rejected with the field named
 * (`changes[3].threshold.metric`). After all changes, `supersedes` references to provisions the
 * scenario removed are dropped and reported in `notes` (e.g. COR-2024-04's ACA supersedes an
 * ACS-2023-10 provision: removing ACS-2023-10 leaves ACA with nothing to supersede).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../engine/errors.ts';
import { baseRules, rulesVersion, type RuleSet } from '../rules/index.ts';
import type { Membership } from '../rules/countries.ts';
import type { Comparison, LicenseExceptionProvision, Measure, Provision } from '../rules/model.ts';
import type { ISODate, View } from '../rules/types.ts';
import { catalog } from '../catalog/index.ts';
import { parseScenario, type Change, type LabCondition, type Scenario } from './schema.ts';

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'scenarios');

export interface AppliedCondition extends LabCondition {
  /** The measure the condition belongs to (the one reported as responsible). */
  measure: string;
  change: number;
}

export interface ChangeSummary {
  index: number;
  type: Change['type'];
  target: string;
  rationale: string;
  source: string | null;
}

export interface AppliedScenario {
  scenario: Scenario;
  rules: RuleSet;
  view: View;
  from: ISODate;
  to: ISODate;
  conditions: AppliedCondition[];
  /** Measure id → indexes of the changes that touched it. */
  touched: Map<string, number[]>;
  /** Country codes whose group membership a change edits → change indexes. */
  membershipTouched: Map<string, number[]>;
  changes: ChangeSummary[];
  /** What the application did beyond the literal changes (dropped references, copies made). */
  notes: string[];
  rulesVersion: string;
}

const ALLOWED_SET: Record<string, Provision['type'][] | 'all'> = {
  from: 'all',
  to: 'all',
  text: 'all',
  confidence: 'all',
  supersedes: 'all',
  items: ['license-requirement', 'review-policy', 'license-exception'],
  products: ['overlay', 'note'],
  destinations: ['license-requirement', 'overlay', 'review-policy', 'license-exception', 'note'],
  endUserHeadquarters: ['license-requirement', 'overlay', 'review-policy', 'license-exception'],
  policy: ['review-policy'],
  priority: ['review-policy'],
  all: ['eccn-test', 'eccn-exclusion', 'license-exception'],
};

function targetOf(c: Change): string {
  switch (c.type) {
    case 'add-measure':
      return c.measure.id;
    case 'remove-measure':
    case 'modify-measure':
      return c.measure;
    case 'add-provision':
      return c.provision.id;
    case 'remove-provision':
    case 'modify-provision':
    case 'threshold':
      return c.provision;
    case 'membership':
      return `${c.membership.iso2} ${c.membership.action === 'add' ? 'in' : 'out of'} ${c.membership.group}`;
    case 'overlay':
      return `${c.measure}/${c.overlay.name}`;
    case 'condition':
      return `${c.measure}: ${c.condition.id}`;
  }
}

function measureIdOf(provisionId: string): string {
  return provisionId.slice(0, provisionId.indexOf('/'));
}

/** Catalog ids for product names (names, aliases or ids); unknown names are errors naming the field. */
function resolveProducts(list: string[], field: string): string[] {
  return list.map((p, k) => catalog().resolve(p, `${field}[${k}]`).id);
}

function fixProducts(p: Provision, field: string): Provision {
  if ((p.type === 'overlay' || p.type === 'note') && p.products) return { ...p, products: resolveProducts(p.products, `${field}.products`) };
  return p;
}

function comparisonsOf(p: Provision): Comparison[] | undefined {
  if (p.type === 'eccn-test' || p.type === 'eccn-exclusion') return p.all;
  if (p.type === 'license-exception') return p.all;
  if (p.type === 'review-policy') return p.conditions?.all;
  return undefined;
}

export function applyScenario(scenario: Scenario, base: RuleSet = baseRules()): AppliedScenario {
  const measures: Measure[] = structuredClone(base.measures as Measure[]);
  let memberships: Membership[] = [...base.groups.memberships];
  let groupsChanged = false;
  const conditions: AppliedCondition[] = [];
  const touched = new Map<string, number[]>();
  const membershipTouched = new Map<string, number[]>();
  const notes: string[] = [];
  const touch = (map: Map<string, number[]>, k: string, i: number) => {
    const l = map.get(k) ?? [];
    if (!l.includes(i)) l.push(i);
    map.set(k, l);
  };
  const known = () => measures.map((m) => m.id);
  const findMeasure = (id: string, field: string): Measure => {
    const m = measures.find((x) => x.id === id);
    if (!m) throw new InputError(field, id, `no such measure in the rule set (known: ${known().join(', ')})`);
    return m;
  };
  const findProvision = (id: string, field: string): { m: Measure; p: Provision; k: number } => {
    for (const m of measures) {
      const k = m.provisions.findIndex((p) => p.id === id);
      if (k >= 0) return { m, p: m.provisions[k]!, k };
    }
    const m = measures.find((x) => x.id === measureIdOf(id));
    const hint = m ? `; ${m.id} has: ${m.provisions.map((p) => p.id).join(', ') || 'no provisions'}` : '';
    throw new InputError(field, id, `no such provision in the rule set${hint}`);
  };
  const provisionIds = () => new Set(measures.flatMap((m) => m.provisions.map((p) => p.id)));
  const checkNewProvision = (p: Provision, measure: string, field: string) => {
    if (measureIdOf(p.id) !== measure) throw new InputError(`${field}.id`, p.id, `must start with "${measure}/" (the measure it belongs to)`);
    if (provisionIds().has(p.id)) throw new InputError(`${field}.id`, p.id, 'a provision with this id already exists');
  };

  scenario.changes.forEach((c, i) => {
    const at = `changes[${i}]`;
    switch (c.type) {
      case 'add-measure': {
        if (measures.some((m) => m.id === c.measure.id)) throw new InputError(`${at}.measure.id`, c.measure.id, 'a measure with this id already exists (use modify-measure or add-provision)');
        const seen = new Set<string>();
        const provisions = c.measure.provisions.map((p, k) => {
          const f = `${at}.measure.provisions[${k}]`;
          if (measureIdOf(p.id) !== c.measure.id) throw new InputError(`${f}.id`, p.id, `must start with "${c.measure.id}/"`);
          if (seen.has(p.id) || provisionIds().has(p.id)) throw new InputError(`${f}.id`, p.id, 'duplicate provision id');
          seen.add(p.id);
          return fixProducts(p as Provision, f);
        });
        measures.push({ ...(c.measure as Measure), provisions });
        touch(touched, c.measure.id, i);
        break;
      }
      case 'remove-measure': {
        const m = findMeasure(c.measure, `${at}.measure`);
        measures.splice(measures.indexOf(m), 1);
        touch(touched, m.id, i);
        break;
      }
      case 'modify-measure': {
        const m = findMeasure(c.measure, `${at}.measure`);
        Object.assign(m, c.set);
        touch(touched, m.id, i);
        break;
      }
      case 'add-provision': {
        const m = findMeasure(c.measure, `${at}.measure`);
        checkNewProvision(c.provision as Provision, m.id, `${at}.provision`);
        m.provisions.push(fixProducts(c.provision as Provision, `${at}.provision`));
        touch(touched, m.id, i);
        break;
      }
      case 'remove-provision': {
        const { m, k } = findProvision(c.provision, `${at}.provision`);
        m.provisions.splice(k, 1);
        touch(touched, m.id, i);
        break;
      }
      case 'modify-provision': {
        const { m, p, k } = findProvision(c.provision, `${at}.provision`);
        const next = { ...p } as Record<string, unknown>;
        for (const [key, v] of Object.entries(c.set)) {
          const allowed = ALLOWED_SET[key];
          if (allowed !== 'all' && !allowed?.includes(p.type)) {
            throw new InputError(`${at}.set.${key}`, v, `a ${p.type} provision has no "${key}"`);
          }
          if (v === null) delete next[key];
          else next[key] = key === 'products' ? resolveProducts(v as string[], `${at}.set.products`) : v;
        }
        if (next.to !== undefined && (next.to as string) <= (next.from as string)) {
          throw new InputError(`${at}.set.to`, next.to, `must be after "from" (${next.from as string})`);
        }
        m.provisions[k] = next as unknown as Provision;
        touch(touched, m.id, i);
        break;
      }
      case 'threshold': {
        const { m, p } = findProvision(c.provision, `${at}.provision`);
        const cmps = comparisonsOf(p);
        if (!cmps?.length) throw new InputError(`${at}.provision`, c.provision, `a ${p.type} provision has no thresholds to change`);
        const hits = cmps.filter((x) => x.metric === c.threshold.metric && (c.threshold.op === undefined || x.op === c.threshold.op));
        const listed = cmps.map((x) => `${x.metric} ${x.op} ${x.limit}`).join('; ');
        if (hits.length === 0) {
          const field = cmps.some((x) => x.metric === c.threshold.metric) ? `${at}.threshold.op` : `${at}.threshold.metric`;
          throw new InputError(field, field.endsWith('op') ? c.threshold.op : c.threshold.metric, `${p.id} has no such comparison (it compares: ${listed})`);
        }
        if (hits.length > 1) throw new InputError(`${at}.threshold.op`, c.threshold.op, `${p.id} compares ${c.threshold.metric} more than once (${listed}); give "op" to pick one`);
        hits[0]!.limit = c.threshold.limit;
        touch(touched, m.id, i);
        break;
      }
      case 'membership': {
        const mb = c.membership;
        const source = `policy lab scenario ${scenario.id}, changes[${i}]: ${c.rationale}`;
        if (mb.action === 'add') {
          memberships.push({ iso2: mb.iso2, group: mb.group, from: mb.from, to: mb.to, source });
        } else {
          const overlaps = (m: Membership) =>
            m.iso2 === mb.iso2 && m.group === mb.group && (m.to === undefined || m.to > mb.from) && (mb.to === undefined || m.from < mb.to);
          const hit = memberships.filter(overlaps);
          if (hit.length === 0) throw new InputError(`${at}.membership`, `${mb.iso2} ${mb.group}`, `${mb.iso2} is not in ${mb.group} on or after ${mb.from}: nothing to remove`);
          const pieces: Membership[] = [];
          for (const m of hit) {
            if (m.from < mb.from) pieces.push({ ...m, to: mb.from });
            if (mb.to !== undefined && (m.to === undefined || m.to > mb.to)) pieces.push({ ...m, from: mb.to });
          }
          memberships = [...memberships.filter((m) => !overlaps(m)), ...pieces];
        }
        groupsChanged = true;
        touch(membershipTouched, mb.iso2, i);
        break;
      }
      case 'overlay': {
        const m = findMeasure(c.measure, `${at}.measure`);
        const o = c.overlay;
        const p: Provision = {
          type: 'overlay',
          id: `${m.id}/${o.name}`,
          cfr: o.cfr ?? 'hypothetical is-informed letter (no CFR paragraph)',
          from: o.from,
          ...(o.to ? { to: o.to } : {}),
          products: resolveProducts(o.products, `${at}.overlay.products`),
          addressee: o.addressee,
          destinations: o.destinations,
          ...(o.endUserHeadquarters ? { endUserHeadquarters: o.endUserHeadquarters } : {}),
          text: o.text,
          confidence: o.confidence,
        };
        if (provisionIds().has(p.id)) throw new InputError(`${at}.overlay.name`, o.name, `provision ${p.id} already exists`);
        m.provisions.push(p);
        touch(touched, m.id, i);
        break;
      }
      case 'condition': {
        const m = findMeasure(c.measure, `${at}.measure`);
        const cond = c.condition;
        if (conditions.some((x) => x.id === cond.id)) throw new InputError(`${at}.condition.id`, cond.id, 'duplicate condition id');
        conditions.push({ ...cond, measure: m.id, change: i });
        touch(touched, m.id, i);
        if (cond.appliesTo.includes('exception') && !cond.destinations) copyExceptions(measures, cond, notes);
        break;
      }
    }
  });

  // Drop references to provisions the scenario removed.
  const baseIds = new Set(base.measures.flatMap((m) => m.provisions.map((p) => p.id)));
  const ids = provisionIds();
  for (const m of measures) {
    for (const p of m.provisions) {
      if (!p.supersedes?.length) continue;
      const gone = p.supersedes.filter((s) => !ids.has(s) && baseIds.has(s));
      if (!gone.length) continue;
      p.supersedes = p.supersedes.filter((s) => !gone.includes(s));
      if (p.supersedes.length === 0) delete p.supersedes;
      notes.push(`${p.id} superseded ${gone.join(', ')}, which this scenario removes: the reference is dropped and ${p.id} applies on its own dates`);
    }
  }
  for (const [i, c] of scenario.changes.entries()) {
    if (c.type !== 'remove-measure') continue;
    const dependents = measures.filter((m) => m.provisions.some((p) => p.cfr.includes(c.measure) || p.text.includes(c.measure)));
    for (const d of dependents) notes.push(`changes[${i}]: ${d.id} mentions ${c.measure} in its provisions' text; it is kept as written`);
  }

  const groups = groupsChanged ? base.groups.withPatches(memberships.filter((m) => !base.groups.memberships.includes(m)), (m) => !memberships.includes(m)) : base.groups;
  const rules: RuleSet = { id: `lab:${scenario.id}`, measures, groups };
  return {
    scenario,
    rules,
    view: scenario.base.view,
    from: scenario.base.from,
    to: scenario.base.to,
    conditions,
    touched,
    membershipTouched,
    changes: scenario.changes.map((c, index) => ({ index, type: c.type, target: targetOf(c), rationale: c.rationale, source: c.source ?? null })),
    notes,
    rulesVersion: rulesVersion(rules),
  };
}

/**
 * A condition on licence exceptions becomes, for each exception covering the condition's items, a
 * copy of that exception (same measure, so the same enforcement record) carrying the extra
 * condition, live from the condition's start and superseding the original while it is live.
 */
function copyExceptions(measures: Measure[], cond: LabCondition, notes: string[]): void {
  const made: [string, string][] = [];
  for (const m of measures) {
    const originals = m.provisions.filter((p): p is LicenseExceptionProvision => p.type === 'license-exception');
    for (const p of originals) {
      if (!p.items.some((k) => (cond.items as string[]).includes(k))) continue;
      const from = p.from > cond.from ? p.from : cond.from;
      const to = p.to === undefined ? cond.to : cond.to === undefined ? p.to : p.to < cond.to ? p.to : cond.to;
      if (to !== undefined && to <= from) continue;
      const copy: LicenseExceptionProvision = {
        ...p,
        id: `${p.id}+${cond.id}`,
        from,
        ...(to !== undefined ? { to } : {}),
        supersedes: [p.id, ...(p.supersedes ?? [])],
        conditions: [...p.conditions, cond.text],
      };
      if (to === undefined) delete copy.to;
      m.provisions.push(copy);
      made.push([p.id, copy.id]);
    }
  }
  // Whatever superseded an original also supersedes its copy.
  for (const m of measures)
    for (const p of m.provisions)
      for (const [orig, copy] of made) if (p.supersedes?.includes(orig) && p.id !== copy && !p.supersedes.includes(copy)) p.supersedes.push(copy);
  if (made.length) notes.push(`condition ${cond.id}: licence exceptions ${made.map(([o]) => o).join(', ')} carry the extra condition from ${cond.from} (copies ${made.map(([, c]) => c).join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
// Loading scenarios: built-ins from data/scenarios, or a user's YAML/JSON file.

let builtinCache: Scenario[] | null = null;

function readDoc(path: string, field: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(field, path, `cannot read scenario file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const ext = extname(path).toLowerCase();
  try {
    return ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InputError(field, path, `not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The built-in scenarios (data/scenarios/*.yaml), validated, in file-name order. */
export function builtinScenarios(): Scenario[] {
  if (!builtinCache) {
    const files = readdirSync(SCENARIO_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
    builtinCache = files.map((f) => parseScenario(readDoc(join(SCENARIO_DIR, f), f), `data/scenarios/${f}`));
  }
  return builtinCache;
}

/** A built-in id, or a path to a YAML/JSON scenario file. */
export function loadScenario(ref: string, field = 'scenario'): Scenario {
  const b = builtinScenarios().find((s) => s.id === ref);
  if (b) return b;
  if (/\.(ya?ml|json)$/i.test(ref) || existsSync(ref)) {
    if (!existsSync(ref)) throw new InputError(field, ref, 'no such scenario file');
    return parseScenario(readDoc(ref, field), ref);
  }
  throw new InputError(field, ref, `unknown scenario; built-ins: ${builtinScenarios().map((s) => s.id).join(', ')} (or give a .yaml/.json file)`);
}

export { parseScenario };
