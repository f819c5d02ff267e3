/**
 * AID-2025-01 — Framework for Artificial Intelligence Diffusion (interim final rule).
 * 90 FR 4544, FR Doc 2025-00636, RIN 0694-AJ90. Released 2025-01-13, published 2025-01-15,
 * effective 2025-01-13; compliance 2025-05-15 (120 days from publication); VEU security
 * paragraphs 2026-01-15. Confidence high (cite, dates); medium for caps and exception details.
 *
 * Enforcement: BIS announced on 2025-05-13 (RESC-2025-05) that it would rescind the rule and not
 * enforce it — before the compliance date. The text stayed in the CFR (eCFR 2026-07-23 still
 * carries the worldwide row for .a items and License Exceptions AIA, ACM and LPP). So its
 * provisions apply in the `as-written` view only. The headquarters requirement it moved into
 * §742.6(a)(6)(iii)(A) stays enforced through ACS-2023-10/744.23(a)(3) (GUID-2026-05).
 */
import type { Measure } from '../model.ts';
import { D5_MACAU, TIER1, WORLDWIDE } from './scopes.ts';
import { LPP_TPP_PER_CONSIGNEE_YEAR } from '../caps.ts';

const ITEMS_A = ['3A090.a', '4A090.a', '.z.a'];
/** The LPP quota as the prose states it: the figure is the caps.ts fact's (one number, one citation). */
const LPP_QUOTA = LPP_TPP_PER_CONSIGNEE_YEAR.value.toLocaleString('en-US');
const NOT_D5_MACAU = { worldwide: true, exceptGroups: ['D:5'], exceptCountries: ['MO'] };
const TIER2 = { worldwide: true, exceptGroups: ['D:5'], exceptCountries: ['MO', ...TIER1.countries!] };

export const AID_2025_01: Measure = {
  id: 'AID-2025-01',
  title: 'Framework for Artificial Intelligence Diffusion',
  kind: 'interim-final-rule',
  frCitation: '90 FR 4544',
  frDocument: '2025-00636',
  rin: '0694-AJ90',
  released: '2025-01-13',
  published: '2025-01-15',
  effective: '2025-01-13',
  compliance: [
    { date: '2025-05-15', scope: 'worldwide licence requirement, tiers, License Exceptions AIA/ACM/LPP' },
    { date: '2026-01-15', scope: 'paragraphs 14, 15 and 18 of Supp. 10 to part 748 (VEU security)' },
  ],
  enforcement: [
    {
      from: '2025-01-13',
      to: '2025-05-13',
      enforced: true,
      basis: 'in force; compliance date 2025-05-15 not yet reached',
    },
    {
      from: '2025-05-13',
      enforced: false,
      basis:
        'BIS announcement of 2025-05-13 (RESC-2025-05): rule to be rescinded and not enforced; no FR rescission found',
    },
  ],
  sources: [
    'https://www.federalregister.gov/documents/2025/01/15/2025-00636/framework-for-artificial-intelligence-diffusion',
    'https://bis.gov/advanced-compute-resources',
    'eCFR 2026-07-23 ECCN 3A090 (worldwide row; AIA, ACM, LPP lines)',
  ],
  confidence: 'high',
  summary:
    'Worldwide licence requirement for 3A090.a/4A090.a/.z items with country tiers (Tier 1: US + 18; Tier 3: D:5 + Macau; Tier 2: the rest), License Exceptions LPP (26.9M TPP per consignee per year), AIA and ACM, country allocations (790M TPP for 2025–2027), UVEU/NVEU, and 4E091 model weights.',
  provisions: [
    {
      type: 'license-requirement',
      id: 'AID-2025-01/742.6(a)(6)(iii)(A)',
      items: ITEMS_A,
      destinations: WORLDWIDE,
      basis: 'item',
      cfr: '15 CFR 742.6(a)(6)(iii)(A)',
      from: '2025-05-15',
      text: 'A licence is required for 3A090.a, 4A090.a and the corresponding .z items to or within any destination worldwide.',
      confidence: 'high',
    },
    {
      type: 'review-policy',
      id: 'AID-2025-01/742.6(b)(10)-tier3',
      policy: 'presumption-of-denial',
      bases: ['item', 'end-user'],
      items: ITEMS_A,
      destinations: D5_MACAU,
      priority: 20,
      cfr: '15 CFR 742.6(b)(10) (as amended by 90 FR 4544)',
      from: '2025-05-15',
      text: 'Tier 3 (D:5 and Macau): presumption of denial, regardless of quantity.',
      confidence: 'medium',
    },
    {
      type: 'review-policy',
      id: 'AID-2025-01/742.6(b)(10)-tier2',
      policy: 'presumption-of-approval',
      bases: ['item'],
      items: ITEMS_A,
      destinations: TIER2,
      priority: 20,
      cfr: '15 CFR 742.6(b)(10) (as amended by 90 FR 4544); Supp. No. 5 to part 740',
      from: '2025-05-15',
      text: 'Tier 2: presumption of approval until the country allocation (790,000,000 TPP for 2025–2027) is reached, presumption of denial after.',
      confidence: 'medium',
    },
    {
      type: 'review-policy',
      id: 'AID-2025-01/742.6(b)(10)-tier1',
      policy: 'presumption-of-approval',
      bases: ['item'],
      items: ITEMS_A,
      destinations: TIER1,
      priority: 20,
      cfr: '15 CFR 742.6(b)(10) (as amended by 90 FR 4544)',
      from: '2025-05-15',
      text: 'Tier 1 destinations: presumption of approval (most exports go under License Exception AIA instead).',
      confidence: 'low',
    },
    {
      type: 'license-exception',
      id: 'AID-2025-01/740.29-LPP',
      code: 'LPP',
      aes: 'C75',
      items: ITEMS_A,
      destinations: NOT_D5_MACAU,
      unavailableWithBases: ['embargo', 'end-use', 'end-user', 'letter', 'listed-party'],
      cfr: '15 CFR 740.29 (License Exception LPP)',
      from: '2025-05-15',
      text: `Low Processing Performance: up to ${LPP_QUOTA} cumulative TPP per ultimate consignee per calendar year, not to D:5 or Macau.`,
      tppQuota: LPP_TPP_PER_CONSIGNEE_YEAR,
      conditions: [
        `Cumulative TPP exported to this ultimate consignee in the calendar year stays at or below ${LPP_QUOTA} (see \`ledger report\` for the running total)`,
        'Not to Macau or D:5, nor to entities headquartered there',
        'No distributors or in-country transfers',
        'Certification from the consignee; notification to BIS when the limit is reached',
      ],
      confidence: 'medium',
    },
    {
      type: 'license-exception',
      id: 'AID-2025-01/740.27-AIA',
      code: 'AIA',
      aes: 'C76',
      items: ITEMS_A,
      destinations: TIER1,
      requiresEndUserHeadquartersIn: TIER1,
      unavailableWithBases: ['embargo', 'end-use', 'end-user', 'letter', 'listed-party'],
      cfr: '15 CFR 740.27 (License Exception AIA)',
      from: '2025-05-15',
      text: 'Artificial Intelligence Authorization: exports to entities headquartered in, and not owned from outside, Tier 1 destinations.',
      conditions: [
        'End user headquartered in a Tier 1 destination and not majority-owned from outside Tier 1',
        'Security requirements of Supp. No. 10 to part 748 (paragraphs 14, 15, 18 from 2026-01-15)',
        'AES code C76 is from secondary sources (graded low)',
      ],
      confidence: 'medium',
    },
    {
      type: 'license-exception',
      id: 'AID-2025-01/740.28-ACM',
      code: 'ACM',
      aes: 'C77',
      items: ITEMS_A,
      destinations: NOT_D5_MACAU,
      unavailableWithBases: ['embargo', 'end-use', 'end-user', 'letter', 'listed-party'],
      cfr: '15 CFR 740.28 (License Exception ACM)',
      from: '2025-05-15',
      text: 'Advanced Compute Manufacturing: supply-chain flows for development and production, not to D:5 or Macau.',
      conditions: [
        'Only for the development, production or storage of items (not for end use in a datacenter)',
        'Not to Macau or D:5, nor to entities headquartered there',
        'AES code C77 is from secondary sources (graded low)',
      ],
      confidence: 'medium',
    },
  ],
};

/**
 * RESC-2025-05 — BIS announcement that the AI Diffusion rule will be rescinded and not enforced,
 * with three guidance documents (GP10 / Huawei Ascend, diversion red flags, AI-training policy).
 * Press release 2025-05-13; not an FR rule (GAO B-337935 later held it is a "rule" under the CRA).
 */
export const RESC_2025_05: Measure = {
  id: 'RESC-2025-05',
  title:
    'BIS announces rescission and non-enforcement of the AI Diffusion rule; GP10 guidance on Huawei Ascend',
  kind: 'non-enforcement-announcement',
  released: '2025-05-13',
  effective: '2025-05-13',
  sources: [
    'https://www.bis.gov/press-release/department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule-strengthens',
  ],
  confidence: 'high',
  summary:
    'AI Diffusion rule (90 FR 4544) not enforced from 2025-05-13; a replacement rule promised. Guidance: using PRC-made 3A090 ICs such as Huawei Ascend 910B/910C/910D likely violates General Prohibition 10.',
  provisions: [
    {
      type: 'note',
      id: 'RESC-2025-05/GP10',
      products: ['huawei-ascend-910b', 'huawei-ascend-910c'],
      cfr: '15 CFR 736.2(b)(10) (General Prohibition 10); BIS guidance of 2025-05-13',
      from: '2025-05-13',
      text: 'BIS guidance: using, selling, transferring, financing or servicing Huawei Ascend 910B/910C/910D anywhere likely breaches General Prohibition 10, since producing them probably needed licences never obtained.',
      confidence: 'medium',
    },
  ],
};
