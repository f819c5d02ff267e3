/**
 * Licence determination for a transaction on a date: for each line, the licence requirements that
 * apply (by item and destination, by the end user's headquarters, by declared end use, by embargo,
 * by letters naming the product), the review policy BIS would apply, and the licence exceptions
 * still available with the conditions left to meet. The transaction takes its strictest line.
 *
 * Pure: the rule set, catalog and date in, an explained decision out. Party screening (Entity
 * List, SDN, Denied Persons) is layered on by the service in src/services/decide.ts.
 */
import {
  baseRules,
  findMeasure,
  measureOf,
  newestKnownDate,
  rulesVersion,
  RESEARCH_CURRENT_TO,
  type RuleSet,
} from '../rules/index.ts';
import type {
  DestinationScope,
  LicenseExceptionProvision,
  LicenseRequirement,
  Overlay,
  Provision,
  ReviewPolicy,
  ReviewPolicyProvision,
} from '../rules/model.ts';
import { describeScope, destinationName, inScope, type CountryGroups } from '../rules/countries.ts';
import { H100_EQUIVALENT_TPP } from '../rules/definitions.ts';
import { formatCitation, holdsOn, lowestConfidence, type Confidence, type ISODate, type Reason, type View } from '../rules/types.ts';
import { activeOn, type ActiveSet } from './active.ts';
import { classifySpec, compare, type Classification } from './classify.ts';
import { catalog } from '../catalog/index.ts';
import { KNOWN_END_USES, parseTransaction, type Transaction } from './transaction.ts';
import { D5_MACAU, TIER1 } from '../rules/measures/scopes.ts';

export type Outcome = 'no-license-required' | 'license-exception-available' | 'license-required';

export interface ExceptionOffer {
  code: string;
  aes: string;
  citation: string;
  conditions: string[];
}

export interface LineDecision {
  product: string | null;
  name: string | null;
  quantity: number;
  eccn: string | null;
  paragraph: string | null;
  licenseRequired: boolean;
  outcome: Outcome;
  reviewPolicy: ReviewPolicy | null;
  exceptions: ExceptionOffer[];
  tpp: number | null;
  h100Equivalents: number | null;
  /** Line TPP × quantity. */
  totalTpp: number | null;
  requirements: { provision: string; measure: string; basis: string; citation: string }[];
  reasons: Reason[];
  confidence: Confidence;
  classification?: Classification;
}

export interface Decision {
  date: ISODate;
  view: View;
  exportFrom: string;
  destination: string;
  licenseRequired: boolean;
  outcome: Outcome;
  reviewPolicy: ReviewPolicy | null;
  exceptions: ExceptionOffer[];
  lines: LineDecision[];
  totals: { quantity: number; tpp: number; h100Equivalents: number };
  reasons: Reason[];
  notes: Reason[];
  measures: string[];
  confidence: Confidence;
  warnings: string[];
  tier: 'Tier 1' | 'Tier 2' | 'Tier 3' | null;
  rulesVersion: string;
}

export interface DecideOptions {
  rules?: RuleSet;
  /** Full explanations (default true). */
  explain?: boolean;
}

const OUTCOME_RANK: Record<Outcome, number> = {
  'no-license-required': 0,
  'license-exception-available': 1,
  'license-required': 2,
};
const POLICY_RANK: Record<ReviewPolicy, number> = {
  'presumption-of-approval': 1,
  'case-by-case': 2,
  'presumption-of-denial': 3,
};

export function strictestPolicy(a: ReviewPolicy | null, b: ReviewPolicy | null): ReviewPolicy | null {
  if (a === null) return b;
  if (b === null) return a;
  return POLICY_RANK[a] >= POLICY_RANK[b] ? a : b;
}

// A provision's measure and citation are looked up for every line that it reaches: keep them per
// (rule set, provision) instead of splitting the id, finding the measure and joining each time.
interface ProvisionInfo {
  measure: string;
  cite: string;
  letterCite: string;
}
const provisionInfo = new WeakMap<RuleSet, WeakMap<Provision, ProvisionInfo>>();
function infoOf(rules: RuleSet, p: Provision): ProvisionInfo {
  let perRules = provisionInfo.get(rules);
  if (!perRules) provisionInfo.set(rules, (perRules = new WeakMap()));
  let info = perRules.get(p);
  if (!info) {
    const m = measureOf(rules, p);
    info = {
      measure: m.id,
      cite: formatCitation({ fr: m.frCitation, cfr: p.cfr }),
      letterCite: [m.sources[0], p.cfr].join('; '),
    };
    perRules.set(p, info);
  }
  return info;
}

function citeOf(rules: RuleSet, p: Provision): string {
  return infoOf(rules, p).cite;
}

// The classification reasons a line repeats (all but the day-specific ones): filtered once per
// classification answer, which the classify memo shares between decisions.
const lineReasonsMemo = new WeakMap<Classification, Reason[]>();
function classificationReasons(c: Classification): Reason[] {
  let r = lineReasonsMemo.get(c);
  if (!r) {
    r = c.reasons.filter((x) => !x.text.startsWith('On that day') && !x.text.startsWith('From '));
    lineReasonsMemo.set(c, r);
  }
  return r;
}

/** Item keys a provision's `items` list is matched against. */
const itemKeysMemo = new Map<string | null, string[]>();
function itemKeys(eccn: string | null): string[] {
  let k = itemKeysMemo.get(eccn);
  if (!k) itemKeysMemo.set(eccn, (k = itemKeysUncached(eccn))); // a handful of ECCN paragraphs
  return k;
}

function itemKeysUncached(eccn: string | null): string[] {
  if (!eccn) return ['any'];
  const z = /\.z\.(a|b)$/.exec(eccn);
  if (z) return ['any', `.z.${z[1]}`];
  return ['any', eccn];
}

function matchesItems(items: string[], keys: string[]): boolean {
  for (const k of keys) if (items.includes(k)) return true;
  return false;
}

interface Ctx {
  rules: RuleSet;
  groups: CountryGroups;
  active: ActiveSet;
  tx: Transaction;
  hqs: string[];
  /** Scope answers of this active set by code, and those for the destination (see `has`). */
  scopes: Map<string, Map<DestinationScope, boolean>>;
  destScopes: Map<DestinationScope, boolean>;
}

// Whether a scope reaches a code depends on the day only through Country Group membership, and
// every membership change is a boundary of the timeline (boundaryDays): within one active set the
// answer is fixed. Decisions ask the same few (scope, code) pairs again and again, so answers are
// kept per active set and code; most questions are about the destination, whose answers are
// fetched once per transaction, so a hit is one map look-up instead of list scans.
const scopeAnswers = new WeakMap<ActiveSet, Map<string, Map<DestinationScope, boolean>>>();
function scopesOf(active: ActiveSet): Map<string, Map<DestinationScope, boolean>> {
  let m = scopeAnswers.get(active);
  if (!m) scopeAnswers.set(active, (m = new Map()));
  return m;
}
function answersFor(scopes: Map<string, Map<DestinationScope, boolean>>, code: string) {
  let m = scopes.get(code);
  if (!m) scopes.set(code, (m = new Map())); // codes are validated ISO codes: bounded
  return m;
}

function has(ctx: Ctx, scope: DestinationScope, code: string): boolean {
  const m = code === ctx.tx.destination ? ctx.destScopes : answersFor(ctx.scopes, code);
  let v = m.get(scope);
  if (v === undefined) {
    v = inScope(scope, code, ctx.tx.date, ctx.groups);
    m.set(scope, v);
  }
  return v;
}

function hqIn(ctx: Ctx, scope: DestinationScope | undefined): string | null {
  if (!scope) return null;
  for (const h of ctx.hqs) if (has(ctx, scope, h)) return h;
  return null;
}

const notAnExport = (tx: Transaction) => tx.exportFrom === 'US' && tx.destination === 'US';

function decideLine(
  ctx: Ctx,
  item: Transaction['items'][number],
  index: number,
  explain: boolean,
): LineDecision {
  const { rules, active, tx } = ctx;
  const product =
    item.product !== undefined ? catalog().resolve(item.product, `items[${index}].product`) : undefined;
  const c = product
    ? classifySpec(product.spec, tx.date, { view: tx.view, rules, product, explain })
    : classifySpec(item.spec!, tx.date, { view: tx.view, rules, explain });
  const keys = itemKeys(c.eccn);
  const reasons: Reason[] = [];
  const applied: { p: LicenseRequirement | Overlay; basis: string; why: string }[] = [];
  const confidences: (Confidence | undefined)[] = [c.confidence];

  if (!notAnExport(tx)) {
    for (const r of active.requirements) {
      if (!matchesItems(r.items, keys)) continue;
      if (r.endUse !== undefined && r.endUse !== tx.endUse) continue;
      const destHit = r.destinations ? has(ctx, r.destinations, tx.destination) : false;
      const hq = hqIn(ctx, r.endUserHeadquarters);
      if (!destHit && !hq) continue;
      const why = !explain
        ? ''
        : destHit
          ? `${destinationName(tx.destination)} is within ${describeScope(r.destinations!)} on ${tx.date}`
          : `the end user (or its ultimate parent) is headquartered in ${destinationName(hq!)}, within ${describeScope(r.endUserHeadquarters!)}, wherever located`;
      applied.push({ p: r, basis: r.basis, why });
    }
    if (product) {
      for (const o of active.overlays) {
        if (!o.products.includes(product.id)) continue;
        const destHit = has(ctx, o.destinations, tx.destination);
        const hq = hqIn(ctx, o.endUserHeadquarters);
        if (!destHit && !hq) continue;
        const why = !explain
          ? ''
          : destHit
            ? `${destinationName(tx.destination)} is a destination named in the letter`
            : `the end user is headquartered in ${destinationName(hq!)}, named in the letter`;
        applied.push({ p: o, basis: 'letter', why });
      }
    }
  }

  // Review policy: per requirement, the highest-priority policy that matches it; then the strictest.
  let policy: ReviewPolicy | null = null;
  const policyReasons: Reason[] = [];
  let sawNull = false;
  for (const a of applied) {
    const chosen = pickPolicy(ctx, a.basis, a.basis === 'letter' ? ['letter', ...keys] : keys, c);
    if (chosen) {
      policy = strictestPolicy(policy, chosen.policy);
      confidences.push(chosen.confidence);
      const info = infoOf(rules, chosen);
      if (!policyReasons.some((r) => r.measure === info.measure && r.text.endsWith(chosen.text)))
        policyReasons.push({
          citation: info.cite,
          text: `Review policy ${chosen.policy}: ${chosen.text}`,
          measure: info.measure,
          confidence: chosen.confidence,
        });
    } else sawNull = true;
  }
  if (applied.length && policy === null && sawNull) {
    policyReasons.push({
      citation: 'no review policy provision',
      text: 'The rules state no review policy for this requirement (e.g. an is-informed letter): reviewPolicy is null.',
    });
  }

  const tpp = c.metrics.tpp;
  const totalTpp = tpp === null ? null : tpp * item.quantity;

  // Exceptions: available when every applied requirement allows them.
  const offers: ExceptionOffer[] = [];
  const exceptionReasons: Reason[] = [];
  if (applied.length) {
    const datacenterA =
      (c.eccn === '3A090.a' || c.eccn === '4A090.a' || /\.z\.a$/.test(c.eccn ?? '')) &&
      c.item.datacenter !== false;
    for (const e of active.exceptions) {
      if (!exceptionAvailable(ctx, e, keys, datacenterA, applied, c)) continue;
      if (offers.some((o) => o.code === e.code)) continue;
      const over = overQuota(e, totalTpp, tx.date);
      if (over) {
        if (explain) exceptionReasons.push(over);
        continue;
      }
      offers.push({ code: e.code, aes: e.aes, citation: citeOf(rules, e), conditions: e.conditions });
      confidences.push(e.confidence);
    }
  }

  for (const a of applied) {
    confidences.push(a.p.confidence);
    if (!explain) continue;
    const info = infoOf(rules, a.p);
    reasons.push({
      citation: a.basis === 'letter' ? info.letterCite : info.cite,
      measure: info.measure,
      confidence: a.p.confidence,
      text: `Licence required (${a.basis}): ${a.p.text} Here: ${a.why}.`,
    });
  }
  if (!applied.length && explain) {
    reasons.push({
      citation: noRequirementCitation(tx),
      text: notAnExport(tx)
        ? 'Shipment within the United States: not an export, no export licence requirement applies.'
        : c.eccn
          ? `${c.eccn} needs no licence to ${destinationName(tx.destination)} on ${tx.date}: no requirement in force reaches this destination or end user.`
          : `The item is not caught by the advanced-computing entries on ${tx.date}, and no letter, end-use control or embargo reaches this transaction.`,
    });
  }
  reasons.push(...policyReasons, ...exceptionReasons);

  const licenseRequired = applied.length > 0;
  const outcome: Outcome = !licenseRequired
    ? 'no-license-required'
    : offers.length
      ? 'license-exception-available'
      : 'license-required';
  return {
    product: product?.id ?? null,
    name: product?.fullName ?? item.spec?.name ?? null,
    quantity: item.quantity,
    eccn: c.eccn,
    paragraph: c.paragraph,
    licenseRequired,
    outcome,
    reviewPolicy: licenseRequired ? policy : null,
    exceptions: offers,
    tpp,
    h100Equivalents: c.metrics.h100Equivalents,
    totalTpp,
    requirements: applied.map((a) => {
      const info = infoOf(rules, a.p);
      return { provision: a.p.id, measure: info.measure, basis: a.basis, citation: info.cite };
    }),
    reasons: explain ? [...classificationReasons(c), ...reasons] : reasons,
    confidence: lowestConfidence(...confidences),
    ...(explain ? { classification: c } : {}),
  };
}

function pickPolicy(
  ctx: Ctx,
  basis: string,
  keys: string[],
  c: Classification,
): ReviewPolicyProvision | null {
  let best: ReviewPolicyProvision | null = null;
  for (const p of ctx.active.policies) {
    if (!p.bases.includes(basis)) continue;
    if (!matchesItems(p.items, keys)) continue;
    if (p.destinations || p.endUserHeadquarters) {
      const d = p.destinations ? has(ctx, p.destinations, ctx.tx.destination) : false;
      const h = hqIn(ctx, p.endUserHeadquarters) !== null;
      if (!d && !h) continue;
    }
    if (p.conditions?.exportFrom && !p.conditions.exportFrom.includes(ctx.tx.exportFrom)) continue;
    if (p.conditions?.all && !p.conditions.all.every((cmp) => compare(metricOf(c, cmp.metric), cmp) === true))
      continue;
    if (
      !best ||
      p.priority > best.priority ||
      (p.priority === best.priority && POLICY_RANK[p.policy] > POLICY_RANK[best.policy])
    )
      best = p;
  }
  return best;
}

function metricOf(c: Classification, metric: string): number | null {
  const m = c.metrics as unknown as Record<string, number | null>;
  return m[metric] ?? null;
}

/**
 * An exception with a TPP quota per consignee (LPP) cannot authorise a shipment whose own TPP is
 * above the quota: the reason why, or null when the quota does not rule it out (not in force on
 * the date, TPP unknown, or within the quota; the running total for the consignee stays a
 * condition to check).
 */
function overQuota(e: LicenseExceptionProvision, tpp: number | null, date: ISODate): Reason | null {
  const q = e.tppQuota;
  if (!q || !holdsOn(q, date)) return null;
  if (tpp === null || tpp <= q.value) return null;
  return {
    citation: formatCitation(q.citation),
    measure: q.citation.measure,
    confidence: q.confidence,
    text: `License Exception ${e.code} is not available: this shipment alone is ${tpp.toLocaleString('en-US')} TPP, above the ${q.value.toLocaleString('en-US')} TPP the exception allows per ultimate consignee per year.`,
  };
}

function exceptionAvailable(
  ctx: Ctx,
  e: LicenseExceptionProvision,
  keys: string[],
  datacenterA: boolean,
  applied: { basis: string }[],
  c: Classification,
): boolean {
  if (!matchesItems(e.items, keys)) return false;
  if (e.excludeDatacenterA && datacenterA) return false;
  if (e.unavailableWithBases && applied.some((a) => e.unavailableWithBases!.includes(a.basis))) return false;
  if (e.destinations || e.endUserHeadquarters) {
    const d = e.destinations ? has(ctx, e.destinations, ctx.tx.destination) : false;
    const h = hqIn(ctx, e.endUserHeadquarters) !== null;
    if (!d && !h) return false;
  }
  if (e.all && !e.all.every((cmp) => compare(metricOf(c, cmp.metric), cmp) === true)) return false;
  if (
    e.requiresEndUserHeadquartersIn &&
    ctx.hqs.length &&
    ctx.hqs.some((h) => !has(ctx, e.requiresEndUserHeadquartersIn!, h))
  )
    return false;
  return true;
}

/**
 * What a "no licence" verdict rests on: the definition of an export for a shipment that stays in
 * the United States; otherwise the places a requirement could come from (the CCL entry, the
 * 742.6 licence requirement, the part 744 end-user and end-use controls), none of which reached it.
 */
function noRequirementCitation(tx: Transaction): string {
  return notAnExport(tx)
    ? '15 CFR 734.13 (export defined)'
    : '15 CFR part 774 Supp. 1; 15 CFR 742.6; 15 CFR part 744';
}

/** The requirement citations of the lines, each once, in first-seen order, joined by " | ". */
function distinctCitations(lines: LineDecision[]): string {
  const seen: string[] = [];
  for (const l of lines)
    for (const r of l.requirements) if (!seen.includes(r.citation)) seen.push(r.citation);
  return seen.join(' | ');
}

export function decide(input: unknown, opts: DecideOptions = {}): Decision {
  const tx = parseTransaction(input);
  return decideTransaction(tx, opts);
}

export function decideTransaction(tx: Transaction, opts: DecideOptions = {}): Decision {
  const rules = opts.rules ?? baseRules();
  const explain = opts.explain ?? true;
  const active = activeOn(rules, tx.date, tx.view);
  const hqs: string[] = [];
  if (tx.endUser?.headquarters) hqs.push(tx.endUser.headquarters);
  if (tx.endUser?.ultimateParentHeadquarters) hqs.push(tx.endUser.ultimateParentHeadquarters);
  const scopes = scopesOf(active);
  const ctx: Ctx = {
    rules,
    groups: rules.groups,
    active,
    tx,
    hqs,
    scopes,
    destScopes: answersFor(scopes, tx.destination),
  };
  const lines = tx.items.map((it, i) => decideLine(ctx, it, i, explain));

  let outcome: Outcome = 'no-license-required';
  let policy: ReviewPolicy | null = null;
  for (const l of lines) {
    if (OUTCOME_RANK[l.outcome] > OUTCOME_RANK[outcome]) outcome = l.outcome;
    if (l.licenseRequired) policy = strictestPolicy(policy, l.reviewPolicy);
  }
  const requiring = lines.filter((l) => l.licenseRequired);
  // A transaction-level exception must cover every line that needs a licence.
  let exceptions = requiring.length
    ? requiring[0]!.exceptions.filter((e) =>
        requiring.every((l) => l.exceptions.some((x) => x.code === e.code)),
      )
    : [];
  // A quota per consignee (LPP) holds for the whole shipment: lines each within it may together
  // exceed it.
  const quotaReasons: Reason[] = [];
  const requiringTpp = requiring.every((l) => l.totalTpp !== null)
    ? requiring.reduce((s, l) => s + l.totalTpp!, 0)
    : null;
  exceptions = exceptions.filter((o) => {
    const e = active.exceptions.find((x) => x.code === o.code);
    const over = e ? overQuota(e, requiringTpp, tx.date) : null;
    if (over) quotaReasons.push(over);
    return !over;
  });
  if (outcome === 'license-exception-available' && exceptions.length === 0) outcome = 'license-required';

  const warnings: string[] = [];
  const notes: Reason[] = [];
  const reasons: Reason[] = [];
  const measures = new Set<string>();
  for (const l of lines) {
    for (const r of l.requirements) measures.add(r.measure);
    for (const m of l.classification?.measures ?? []) measures.add(m);
  }
  if (tx.destinationGiven === 'HK') {
    reasons.push({
      citation: '85 FR 83765; 15 CFR 740 Supp. 1',
      text: 'Hong Kong is treated as China for EAR purposes (since 2020-12-23): decided as destination CN.',
    });
  }
  const q = lines.reduce((s, l) => s + l.quantity, 0);
  const tpp = lines.reduce((s, l) => s + (l.totalTpp ?? 0), 0);
  if (explain) {
    reasons.push(...quotaReasons);
    reasons.push({
      // No line needs a licence: the summary rests on what each line's verdict rests on.
      citation: requiring.length ? distinctCitations(requiring) : noRequirementCitation(tx),
      text: requiring.length
        ? `${requiring.length} of ${lines.length} line(s) need a licence to ${destinationName(tx.destination)} on ${tx.date}; ${exceptions.length ? `licence exception(s) ${exceptions.map((e) => e.code).join(', ')} may authorise the shipment if their conditions are met` : 'no licence exception covers the transaction'}${policy ? `; an application would be reviewed with ${policy}` : ''}.`
        : `No licence is required to ship these items to ${destinationName(tx.destination)} on ${tx.date} (${tx.view} view).`,
    });
  }

  // Notes in force (deals, tariffs, certifications, guidance, affiliates rule).
  const productIds = lines.map((l) => l.product);
  for (const n of active.notes) {
    if (n.products && !n.products.some((p) => productIds.includes(p))) continue;
    if (n.destinations && !has(ctx, n.destinations, tx.destination)) continue;
    if (n.notOnDecisions) continue;
    if (n.whenReviewPolicy && policy !== n.whenReviewPolicy) continue;
    if (
      n.whenRequirementBasis &&
      !requiring.some((l) => l.requirements.some((r) => r.basis === n.whenRequirementBasis))
    )
      continue;
    notes.push({ citation: n.cfr, text: n.text, measure: n.id.split('/')[0] });
    measures.add(n.id.split('/')[0]!);
  }

  // Warnings.
  const newest = newestKnownDate(rules);
  if (tx.date > newest)
    warnings.push(
      `${tx.date} is after the newest known measure (${newest}); research current to ${RESEARCH_CURRENT_TO}: the rules may have changed since`,
    );
  // The Affiliates rule's status is reported from its enforcement record; a period graded low is
  // one whose status is unknown (its suspension ended and no evidence of reimposition was found).
  const aff = findMeasure(rules, 'AFF-2025-09');
  if (aff && tx.date >= aff.effective) {
    const period = aff.enforcement?.find((e) => holdsOn(e, tx.date));
    if (period?.confidence === 'low')
      warnings.push(
        `Affiliates (50%) rule (FR Doc 2025-19001): status on ${tx.date} unknown (${period.basis}, from ${period.from}); screen owners of the end user as if it applies`,
      );
    else if (period)
      warnings.push(
        `Affiliates (50%) rule (FR Doc 2025-19001) ${period.enforced ? 'in force' : 'suspended'} on ${tx.date}: ${period.basis}`,
      );
  }
  // Headquarters matter when a headquarters-based requirement is in force for these items and no
  // destination-based one already applies.
  const hqMatters =
    hqs.length === 0 &&
    active.requirements.some(
      (r) => r.endUserHeadquarters && lines.some((l) => matchesItems(r.items, itemKeys(l.eccn))),
    ) &&
    lines.some((l) => l.eccn && l.eccn !== '3A090.c') &&
    !active.requirements.some(
      (r) =>
        r.basis === 'item' &&
        r.destinations &&
        has(ctx, r.destinations, tx.destination) &&
        lines.some((l) => matchesItems(r.items, itemKeys(l.eccn))),
    );
  if (hqMatters)
    warnings.push(
      "end user's headquarters not given: if it (or its ultimate parent) is headquartered in D:5 or Macau, a licence is required wherever it is located (15 CFR 744.23(a)(3))",
    );
  if (tx.endUse && !(KNOWN_END_USES as readonly string[]).includes(tx.endUse))
    warnings.push(
      `endUse "${tx.endUse}" is not one the rules recognise (${KNOWN_END_USES.join(', ')}); no end-use control was applied for it`,
    );
  if (tx.exportFrom !== 'US')
    warnings.push(
      `exported from ${tx.exportFrom}: assumes the items are subject to the EAR (US-origin, above de minimis, or a foreign direct product); this is a reexport`,
    );
  if (notAnExport(tx)) warnings.push('destination and origin are both the United States: not an export');
  for (const l of lines)
    for (const w of l.classification?.warnings ?? []) if (!warnings.includes(w)) warnings.push(w);
  const confidence = lowestConfidence(...lines.map((l) => l.confidence));
  if (confidence === 'low')
    warnings.push("the answer rests on at least one fact of low confidence (see each reason's confidence)");

  let tier: Decision['tier'] = null;
  const aid = findMeasure(rules, 'AID-2025-01');
  if (tx.view === 'as-written' && aid && tx.date >= aid.effective) {
    tier = inScope(D5_MACAU, tx.destination, tx.date, rules.groups)
      ? 'Tier 3'
      : inScope(TIER1, tx.destination, tx.date, rules.groups)
        ? 'Tier 1'
        : 'Tier 2';
  }

  return {
    date: tx.date,
    view: tx.view,
    exportFrom: tx.exportFrom,
    destination: tx.destination,
    licenseRequired: requiring.length > 0,
    outcome,
    reviewPolicy: requiring.length ? policy : null,
    exceptions,
    lines,
    totals: {
      quantity: q,
      tpp,
      h100Equivalents: Math.round((tpp / H100_EQUIVALENT_TPP.value) * 1000) / 1000,
    },
    reasons,
    notes,
    measures: [...measures],
    confidence,
    warnings,
    tier,
    rulesVersion: rulesVersion(rules),
  };
}

export { rulesVersion };
