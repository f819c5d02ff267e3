/**
 * MAC-2023-01 — Macau added to the AC-2022-10 controls (interim final rule).
 * 88 FR 2821, FR Doc 2023-00888. Published 2023-01-18, effective 2023-01-17. Confidence high.
 */
import type { Measure } from '../model.ts';

const MACAU = { countries: ['MO'] };

export const MAC_2023_01: Measure = {
  id: 'MAC-2023-01',
  title: 'Macau added to the advanced computing and supercomputer end-use controls',
  kind: 'interim-final-rule',
  frCitation: '88 FR 2821',
  frDocument: '2023-00888',
  published: '2023-01-18',
  effective: '2023-01-17',
  sources: ['88 FR 2821 (Thompson Hine; TradePractitioner summaries)'],
  confidence: 'high',
  summary:
    'Extends the 3A090/4A090 licence requirement and the §744.23 end-use controls from China to Macau.',
  provisions: [
    {
      type: 'license-requirement',
      id: 'MAC-2023-01/742.6(a)(6)',
      items: ['3A090.a', '4A090.a'],
      destinations: MACAU,
      basis: 'item',
      cfr: '15 CFR 742.6(a)(6)(i) (as amended by 88 FR 2821)',
      from: '2023-01-17',
      text: 'A licence is required for 3A090 and 4A090 items to Macau.',
      confidence: 'high',
    },
    {
      type: 'review-policy',
      id: 'MAC-2023-01/742.6(b)(10)',
      policy: 'presumption-of-denial',
      bases: ['item'],
      items: ['3A090.a', '4A090.a'],
      destinations: MACAU,
      priority: 10,
      cfr: '15 CFR 742.6(b)(10) (as amended by 88 FR 2821)',
      from: '2023-01-17',
      text: 'Applications for 3A090/4A090 items to Macau are reviewed with a presumption of denial.',
      confidence: 'medium',
    },
    {
      type: 'license-requirement',
      id: 'MAC-2023-01/744.23-supercomputer',
      items: ['any'],
      destinations: MACAU,
      endUse: 'supercomputer',
      basis: 'end-use',
      cfr: '15 CFR 744.23(a)(1) (as amended by 88 FR 2821)',
      from: '2023-01-17',
      text: 'The supercomputer end-use control extends to Macau.',
      confidence: 'high',
    },
  ],
};
