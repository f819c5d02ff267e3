/**
 * FDD-2025-01 — Implementation of Additional Due Diligence Measures for Advanced Computing
 * Integrated Circuits ("foundry rule"). 90 FR 5298, FR Doc 2025-00711, RIN 0694-AJ98.
 * Published and effective 2025-01-16; compliance 2025-01-31 for the presumption (Arnold & Porter).
 * Confidence: high for the citation, medium for the dates. Note 1 to 3A090.a text checked against
 * the eCFR extract of 2026-07-23 (dates there as amended by FR Doc 2026-06851).
 */
import type { Measure } from '../model.ts';

export const FDD_2025_01: Measure = {
  id: 'FDD-2025-01',
  title: 'Implementation of Additional Due Diligence Measures for Advanced Computing Integrated Circuits',
  kind: 'interim-final-rule',
  frCitation: '90 FR 5298',
  frDocument: '2025-00711',
  rin: '0694-AJ98',
  published: '2025-01-16',
  effective: '2025-01-16',
  compliance: [{ date: '2025-01-31', scope: 'foundry/OSAT presumption (Note 1 to 3A090.a)' }],
  sources: [
    'https://www.federalregister.gov/documents/2025/01/16/2025-00711/',
    'eCFR 2026-07-23 Note 1 to 3A090.a',
  ],
  confidence: 'medium',
  summary:
    'A front-end fabricator or OSAT must presume an advanced logic IC (16/14 nm or below, or non-planar) is 3A090.a and datacenter unless an approved/authorized designer attests otherwise or the packaged transistor count is below 30 billion (35 billion without HBM in 2027, 40 billion from 2029).',
  provisions: [
    {
      type: 'eccn-flag',
      id: 'FDD-2025-01/3A090.a-note1',
      appliesWhen: 'advanced-logic-ic',
      cfr: '15 CFR part 774 Supp. 1, ECCN 3A090, Note 1 to 3A090.a',
      from: '2025-01-31',
      text: 'Foundry presumption: when a front-end fabricator or OSAT exports this advanced-logic IC, it is presumed 3A090.a and designed for datacenters unless an approved or authorized IC designer attests otherwise, or the packaged IC has fewer than 30 billion transistors (35 billion without HBM in 2027; 40 billion from 2029). Binds only the fabricator/OSAT.',
      confidence: 'medium',
    },
  ],
};
