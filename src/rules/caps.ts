/**
 * Caps and record-keeping periods used by compute accounting (src/ledger). Every number here is a
 * `Fact` with its citation and confidence grade, taken from /work/shared/reference/rules.md
 * (§2.6 AI Diffusion, §2.8 the 2026-01-15 H200 rule) and 15 CFR part 762.
 *
 * The AI Diffusion caps are "as-written" law: BIS announced on 2025-05-13 it would not enforce the
 * rule (rules.md §7), so the ledger reports them under the as-written view only.
 */
import type { Fact } from './types.ts';

const AID = { measure: 'AID-2025-01', fr: '90 FR 4544' } as const;

/** A cap on a TPP total, a share of TPP, or a ratio of volumes. */
export interface CapRule {
  id: string;
  /** What the cap limits, in one sentence. */
  title: string;
  /** Which view of the rules the cap belongs to. */
  view: 'enforced' | 'as-written';
}

/** License Exception LPP: at most this much TPP per ultimate consignee per calendar year. */
export const LPP_TPP_PER_CONSIGNEE_YEAR: Fact<number> & CapRule = {
  id: 'lpp-consignee-year',
  title: 'License Exception LPP: TPP per ultimate consignee per calendar year',
  view: 'as-written',
  value: 26_900_000,
  citation: { ...AID, cfr: '15 CFR 740.29 (LPP, as written; section number graded [L] in rules.md §2.6)' },
  confidence: 'medium',
  from: '2025-01-13',
  note: 'rules.md §2.6 grades the LPP terms [M]; "26,000,000" in some briefs is wrong, the figure is 26.9 million.',
};

/** The license exception code that LPP shipments carry in the ledger (AES code C75). */
export const LPP_EXCEPTION_CODE: Fact<string> = {
  value: 'LPP',
  citation: { ...AID, cfr: '15 CFR 740.29', source: 'AES code C75 (rules.md §2.6)' },
  confidence: 'medium',
  from: '2025-01-13',
};

/** AI Diffusion country allocation for Tier 2 destinations, cumulative over the window. */
export const DIFFUSION_COUNTRY_ALLOCATION: Fact<{ tpp: number; firstYear: number; lastYear: number }> &
  CapRule = {
  id: 'diffusion-country-allocation',
  title: 'AI Diffusion Tier 2 country allocation: cumulative TPP per country, 2025-2027',
  view: 'as-written',
  value: { tpp: 790_000_000, firstYear: 2025, lastYear: 2027 },
  citation: { ...AID, cfr: '15 CFR 742.6(b)(10) license review policy, as written (rules.md §2.6)' },
  confidence: 'medium',
  from: '2025-01-13',
  note: 'About 49,900 H100-equivalents. Countries with a government-to-government arrangement may get double [M].',
};

/** Whether exports under LPP count against the country allocation. rules.md §2.6 says they do not [L]. */
export const LPP_COUNTS_AGAINST_ALLOCATION: Fact<boolean> = {
  value: false,
  citation: {
    ...AID,
    source: 'rules.md §2.6: "LPP exports do not count against the country cap below the threshold"',
  },
  confidence: 'low',
  from: '2025-01-13',
};

/** Universal VEU (Tier 1-HQ'd data-center VEU) compute placement shares, by TPP. */
export const UVEU_SHARES: Fact<{ minTier1: number; maxPerTier2Country: number; minUsForUsHq: number }> &
  CapRule = {
  id: 'uveu-shares',
  title: 'UVEU: >= 75% of TPP in Tier 1, <= 7% in any one Tier 2 country, US-HQ >= 50% in the US',
  view: 'as-written',
  value: { minTier1: 0.75, maxPerTier2Country: 0.07, minUsForUsHq: 0.5 },
  citation: {
    ...AID,
    cfr: '15 CFR 748.15 (Data Center VEU, as written)',
    source: 'Heim / RAND (rules.md §2.6, §8)',
  },
  confidence: 'medium',
  from: '2025-01-13',
};

/** The license code UVEU shipments carry in the ledger. */
export const UVEU_LICENSE_CODE: Fact<string> = {
  value: 'UVEU',
  citation: { ...AID, cfr: '15 CFR 748.15' },
  confidence: 'medium',
  from: '2025-01-13',
};

/**
 * 91 FR 1684 (2026-01-15): case-by-case review for China/Macau needs the exporter to certify that
 * aggregate shipments of the product to China are at most 50% of its shipments to US end users.
 */
export const CHINA_TO_US_VOLUME_RATIO: Fact<{
  maxRatio: number;
  destinations: string[];
  usDestination: string;
}> &
  CapRule = {
  id: 'china-us-volume-ratio',
  title: '2026 rule: aggregate shipments of a product to China/Macau <= 50% of its shipments to US end users',
  view: 'enforced',
  value: { maxRatio: 0.5, destinations: ['CN', 'MO'], usDestination: 'US' },
  citation: {
    measure: 'H200-2026-01',
    fr: '91 FR 1684',
    cfr: '15 CFR 742.6(b)(10) (exporter certification, 2026-01-15 rule)',
  },
  confidence: 'medium',
  from: '2026-01-15',
  note: 'rules.md §2.8 grades the 50% certification [M/H]; the lower grade is kept.',
};

/** 15 CFR 762.6: records are kept five years from the export (or other) date. */
export const RETENTION_YEARS: Fact<number> = {
  value: 5,
  citation: { cfr: '15 CFR 762.6(a) (period of retention: five years)' },
  confidence: 'high',
  from: '1996-03-25',
  note: 'The five-year period runs from the latest of the export, reexport, transfer or other triggering date.',
};

/** Share of a cap at which the ledger starts warning that a cap is near. */
export const CAP_WARNING_SHARE = 0.9;

export const ALL_CAPS = [
  LPP_TPP_PER_CONSIGNEE_YEAR,
  DIFFUSION_COUNTRY_ALLOCATION,
  UVEU_SHARES,
  CHINA_TO_US_VOLUME_RATIO,
] as const;
