/**
 * The shape of a regulatory measure and of the provisions it makes. A measure is a Federal
 * Register rule, an is-informed letter, guidance, an announcement or a bill; each provision names
 * the CFR paragraph it implements and the day it starts to bind.
 *
 * Date semantics: a provision binds on day d when `from <= d` and (`to` absent or `d < to`) —
 * `from` is the effective date, or the compliance date where the measure sets one for that
 * provision ("compliance dates honoured"); `to` is the first day it no longer binds. A provision is
 * also lifted from the day an active provision that `supersedes` it starts.
 *
 * Views: `as-written` applies every provision of the CFR text on its dates. `enforced` applies
 * them only while the measure's `enforcement` record says BIS enforces it (e.g. the AI Diffusion
 * rule: in the CFR, announced not enforced from 2025-05-13, before its 2025-05-15 compliance date).
 */
import type { Confidence, Fact, ISODate } from './types.ts';

export type MeasureKind =
  | 'interim-final-rule'
  | 'final-rule'
  | 'is-informed-letter'
  | 'guidance'
  | 'non-enforcement-announcement'
  | 'bill-not-enacted'
  | 'proclamation'
  | 'deal'
  | 'decision'
  | 'draft-rule-withdrawn';

export interface EnforcementPeriod {
  from: ISODate;
  to?: ISODate;
  enforced: boolean;
  basis: string;
  /** How sure we are of this period (absent = the measure's grade). 'low' is reported as "unknown". */
  confidence?: Confidence;
}

/** A metric of the item compared with a limit: the atom of every ECCN test. */
export type Metric =
  'tpp' | 'performanceDensity' | 'ioBandwidthGBps' | 'memoryBandwidthDensity' | 'memoryBandwidthGBps';
export type Op = '>=' | '>' | '<' | '<=';
export interface Comparison {
  metric: Metric;
  op: Op;
  limit: number;
}

/** Which destinations a provision reaches. Country groups are resolved on the decision date. */
export interface DestinationScope {
  worldwide?: boolean;
  groups?: string[]; // e.g. ['D:1', 'D:4', 'D:5']
  countries?: string[]; // ISO 3166-1 alpha-2 (HK is folded into CN before matching)
  exceptGroups?: string[]; // e.g. ['A:5', 'A:6']
  exceptCountries?: string[];
}

interface ProvisionBase {
  /** Unique id, "<measure>/<short name>". */
  id: string;
  /** The CFR paragraph (or letter/guidance paragraph) implemented. */
  cfr: string;
  from: ISODate;
  to?: ISODate;
  /** Ids of provisions this one replaces from its `from` date. */
  supersedes?: string[];
  text: string;
  confidence: Confidence;
}

/** An ECCN paragraph: the item is caught when every comparison holds (a conjunction). */
export interface EccnTest extends ProvisionBase {
  type: 'eccn-test';
  itemKind: 'ic' | 'hbm';
  /** e.g. "3A090.a" */
  eccn: string;
  /** e.g. "3A090.a.2" */
  paragraph: string;
  all: Comparison[];
}

/** A note that takes items out of listed paragraphs (Note 2 to 3A090: non-datacenter, TPP < 4800). */
export interface EccnExclusion extends ProvisionBase {
  type: 'eccn-exclusion';
  excludes: string[];
  datacenter: boolean;
  all: Comparison[];
}

/** Computers/assemblies containing ICs of `containsEccn` are `eccn` (4A090). */
export interface EccnContainment extends ProvisionBase {
  type: 'eccn-containment';
  eccn: string;
  containsEccn: string;
}

/** Items classified elsewhere that meet 3A090/4A090 parameters (the .z paragraphs). */
export interface EccnZ extends ProvisionBase {
  type: 'eccn-z';
  baseEccns: string[];
}

/** Informational flag attached to classifications (e.g. the foundry presumption). */
export interface EccnFlag extends ProvisionBase {
  type: 'eccn-flag';
  appliesWhen: 'advanced-logic-ic';
}

export type ItemScope = string[]; // ECCN families: '3A090.a', '3A090.b', '3A090.c', '4A090.a', '4A090.b', '.z.a', '.z.b', 'any'

/** A licence requirement by destination and/or by the end user's headquarters. */
export interface LicenseRequirement extends ProvisionBase {
  type: 'license-requirement';
  items: ItemScope;
  /** Destinations reached (absent = the requirement is not destination-based). */
  destinations?: DestinationScope;
  /** End users headquartered (or with an ultimate parent headquartered) here, wherever located. */
  endUserHeadquarters?: DestinationScope;
  /** Only for this declared end use (§744.23). */
  endUse?: string;
  /** Basis, for the explanation and for exception eligibility. */
  basis: 'item' | 'end-user' | 'end-use' | 'embargo';
}

/** A product-specific requirement from a letter to a company (not an ECCN test). */
export interface Overlay extends ProvisionBase {
  type: 'overlay';
  /** Catalog product ids. */
  products: string[];
  addressee: string;
  destinations: DestinationScope;
  endUserHeadquarters?: DestinationScope;
}

export type ReviewPolicy = 'presumption-of-denial' | 'case-by-case' | 'presumption-of-approval';

export interface ReviewPolicyProvision extends ProvisionBase {
  type: 'review-policy';
  policy: ReviewPolicy;
  /** Which requirement bases it governs ('item', 'end-user', 'letter', 'end-use', 'embargo'). */
  bases: string[];
  items: ItemScope;
  destinations?: DestinationScope;
  endUserHeadquarters?: DestinationScope;
  /** Extra conditions (all must hold) for this policy to apply; otherwise it does not. */
  conditions?: {
    exportFrom?: string[];
    all?: Comparison[];
  };
  /** Higher wins when several policies apply to the same requirement. */
  priority: number;
}

export interface LicenseExceptionProvision extends ProvisionBase {
  type: 'license-exception';
  code: string;
  aes: string;
  items: ItemScope;
  /** Datacenter 3A090.a items are never eligible for NAC/ACA. */
  excludeDatacenterA?: boolean;
  destinations?: DestinationScope;
  /** Also available when the only requirement is the headquarters one and the HQ is here. */
  endUserHeadquarters?: DestinationScope;
  /** Not available when a requirement of these bases applies (e.g. part 746 embargo). */
  unavailableWithBases?: string[];
  /** Only when every comparison holds (e.g. HBM density < 3.3). */
  all?: Comparison[];
  /** Not available when the end user's headquarters are known to lie outside this scope (AIA). */
  requiresEndUserHeadquartersIn?: DestinationScope;
  /**
   * A TPP quota of the exception per ultimate consignee and period (LPP: 26,900,000 per calendar
   * year). A shipment whose own TPP is above it cannot go under the exception whatever was shipped
   * before; below it, the running total is a condition for the exporter (and `ledger ship`).
   */
  tppQuota?: Fact<number>;
  conditions: string[];
}

/** Informational note attached to decisions (deals, tariffs, certifications). */
export interface NoteProvision extends ProvisionBase {
  type: 'note';
  products?: string[];
  destinations?: DestinationScope;
  /** Shown on a decision only when it applies: its review policy is this one… */
  whenReviewPolicy?: ReviewPolicy;
  /** …or a licence requirement of this basis applies (e.g. 'end-user' for the HQ guidance). */
  whenRequirementBasis?: string;
  /** Reported elsewhere (e.g. as a warning with the measure's enforcement status), not as a note. */
  notOnDecisions?: boolean;
}

export type Provision =
  | EccnTest
  | EccnExclusion
  | EccnContainment
  | EccnZ
  | EccnFlag
  | LicenseRequirement
  | Overlay
  | ReviewPolicyProvision
  | LicenseExceptionProvision
  | NoteProvision;

export interface Measure {
  id: string;
  title: string;
  kind: MeasureKind;
  frCitation?: string;
  frDocument?: string;
  rin?: string;
  released?: ISODate;
  published?: ISODate;
  effective: ISODate;
  compliance?: { date: ISODate; scope: string }[];
  /** Absent = enforced from `effective` on. */
  enforcement?: EnforcementPeriod[];
  sources: string[];
  confidence: Confidence;
  summary: string;
  provisions: Provision[];
}
