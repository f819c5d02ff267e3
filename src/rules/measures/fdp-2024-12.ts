/**
 * FDP-2024-12 — Foreign-Produced Direct Product Rule Additions, and Refinements to Controls for
 * Advanced Computing and Semiconductor Manufacturing Items (interim final rule).
 * 89 FR 96790 (pp. 96790–96830), FR Doc 2024-28270, RIN 0694-AJ74, Docket 241126-0302.
 * Released 2024-12-02, published 2024-12-05, effective 2024-12-02; compliance 2024-12-31 for most
 * provisions including HBM (3A090.c); licence exceptions effective 2024-12-02. Confidence high.
 * 3A090.c threshold (> 2 GB/s/mm²) checked against the eCFR extract of 2026-07-23.
 */
import type { Measure } from '../model.ts';
import { D5_MACAU } from './scopes.ts';

export const FDP_2024_12: Measure = {
  id: 'FDP-2024-12',
  title:
    'Foreign-Produced Direct Product Rule Additions, and Refinements to Controls for Advanced Computing and Semiconductor Manufacturing Items',
  kind: 'interim-final-rule',
  frCitation: '89 FR 96790',
  frDocument: '2024-28270',
  rin: '0694-AJ74',
  released: '2024-12-02',
  published: '2024-12-05',
  effective: '2024-12-02',
  compliance: [
    { date: '2024-12-31', scope: 'most provisions, including the 3A090.c (HBM) licence requirement' },
    { date: '2024-12-02', scope: 'red flags, licence exceptions, TGLs' },
  ],
  sources: [
    'https://www.federalregister.gov/documents/2024/12/05/2024-28270/',
    'eCFR 2026-07-23 ECCN 3A090.c',
  ],
  confidence: 'high',
  summary:
    'Adds 3A090.c (high-bandwidth memory with memory bandwidth density > 2 GB/s/mm²), its licence requirement for Macau/D:5 and entities headquartered there, License Exception HBM (< 3.3 GB/s/mm²), and the Footnote 5 FDP rule.',
  provisions: [
    {
      type: 'eccn-test',
      id: 'FDP-2024-12/3A090.c',
      itemKind: 'hbm',
      eccn: '3A090.c',
      paragraph: '3A090.c',
      cfr: '15 CFR part 774 Supp. 1, ECCN 3A090.c',
      from: '2024-12-02',
      all: [{ metric: 'memoryBandwidthDensity', op: '>', limit: 2 }],
      text: "High bandwidth memory (HBM) with a 'memory bandwidth density' greater than 2 GB/s per mm².",
      confidence: 'high',
    },
    {
      type: 'license-requirement',
      id: 'FDP-2024-12/742.6(a)(6)(i)(B)',
      items: ['3A090.c'],
      destinations: D5_MACAU,
      endUserHeadquarters: D5_MACAU,
      basis: 'item',
      cfr: '15 CFR 742.6(a)(6)(i)(B)',
      from: '2024-12-31',
      text: 'A licence is required for 3A090.c to or within Macau or D:5, and to entities headquartered there (compliance date 2024-12-31).',
      confidence: 'high',
    },
    {
      type: 'review-policy',
      id: 'FDP-2024-12/742.6(b)(10)-hbm',
      policy: 'presumption-of-denial',
      bases: ['item'],
      items: ['3A090.c'],
      destinations: D5_MACAU,
      endUserHeadquarters: D5_MACAU,
      priority: 10,
      cfr: '15 CFR 742.6(b)(10) (as amended by 89 FR 96790)',
      from: '2024-12-31',
      text: 'HBM to Macau/D:5 or entities headquartered there: presumption of denial (wording not reached; graded low).',
      confidence: 'low',
    },
    {
      type: 'license-exception',
      id: 'FDP-2024-12/740.25-HBM',
      code: 'HBM',
      aes: 'C71',
      items: ['3A090.c'],
      all: [{ metric: 'memoryBandwidthDensity', op: '<', limit: 3.3 }],
      unavailableWithBases: ['embargo', 'end-use', 'listed-party'],
      cfr: '15 CFR 740.25 (License Exception HBM)',
      from: '2024-12-02',
      text: 'License Exception HBM: limited to 3A090.c items with memory bandwidth density below 3.3 GB/s/mm².',
      conditions: [
        'Memory bandwidth density < 3.3 GB/s/mm²',
        'Other §740.25 conditions (end users, reporting) were not reached in primary text: check §740.25 before use',
        'AES code C71 is from secondary sources (graded low)',
      ],
      confidence: 'medium',
    },
  ],
};
