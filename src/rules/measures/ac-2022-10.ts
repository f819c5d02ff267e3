/**
 * AC-2022-10 — Implementation of Additional Export Controls: Certain Advanced Computing and
 * Semiconductor Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List
 * Modification (interim final rule).
 * 87 FR 62186, FR Doc 2022-21658, RIN 0694-AI94. Released 2022-10-07, published 2022-10-13.
 * Effective 2022-10-07 for the 3A090/4A090 licence requirements and §744.23 (other parts staged to
 * 2022-10-12 and 2022-10-21). Confidence high (FR text quoted word for word in the research set).
 */
import type { Measure } from '../model.ts';
import { CHINA } from './scopes.ts';

const FR = '87 FR 62186';

export const AC_2022_10: Measure = {
  id: 'AC-2022-10',
  title:
    'Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor Manufacturing Items; Supercomputer and Semiconductor End Use',
  kind: 'interim-final-rule',
  frCitation: FR,
  frDocument: '2022-21658',
  rin: '0694-AI94',
  released: '2022-10-07',
  published: '2022-10-13',
  effective: '2022-10-07',
  compliance: [
    { date: '2022-10-07', scope: '3A090/4A090 licence requirements, §744.23' },
    { date: '2022-10-12', scope: '§744.6 US-person activities' },
    { date: '2022-10-21', scope: '§734.9 FDP rules, Entity List footnote 4' },
  ],
  sources: [
    'https://www.govinfo.gov/content/pkg/FR-2022-10-13/html/2022-21658.htm',
    'BIS press release 2022-10-07',
  ],
  confidence: 'high',
  summary:
    'Creates ECCN 3A090 (ICs with aggregate bidirectional I/O ≥ 600 GB/s AND bit length × TOPS ≥ 4800) and 4A090 (computers containing them), a licence requirement for China, and supercomputer / advanced-node IC end-use controls.',
  provisions: [
    {
      type: 'eccn-test',
      id: 'AC-2022-10/3A090.a',
      itemKind: 'ic',
      eccn: '3A090.a',
      paragraph: '3A090.a.1',
      cfr: '15 CFR part 774 Supp. 1, ECCN 3A090.a (2022 text)',
      from: '2022-10-07',
      all: [
        { metric: 'ioBandwidthGBps', op: '>=', limit: 600 },
        { metric: 'tpp', op: '>=', limit: 4800 },
      ],
      text: 'ICs with an aggregate bidirectional transfer rate ≥ 600 GB/s to or from ICs other than volatile memory AND digital processing units whose bit length × TOPS, aggregated, is ≥ 4800.',
      confidence: 'high',
    },
    {
      type: 'eccn-containment',
      id: 'AC-2022-10/4A090',
      eccn: '4A090.a',
      containsEccn: '3A090.a',
      cfr: '15 CFR part 774 Supp. 1, ECCN 4A090 (2022 text)',
      from: '2022-10-07',
      text: 'Computers, "electronic assemblies" and "components" containing ICs that meet 3A090.a.',
      confidence: 'medium',
    },
    {
      type: 'license-requirement',
      id: 'AC-2022-10/742.6(a)(6)',
      items: ['3A090.a', '4A090.a'],
      destinations: CHINA,
      basis: 'item',
      cfr: '15 CFR 742.6(a)(6)(i) (2022 text); RS licence requirement in ECCN 3A090/4A090',
      from: '2022-10-07',
      text: 'A licence is required for 3A090 and 4A090 items to China (including Hong Kong).',
      confidence: 'high',
    },
    {
      type: 'review-policy',
      id: 'AC-2022-10/742.6(b)(10)',
      policy: 'presumption-of-denial',
      bases: ['item'],
      items: ['3A090.a', '4A090.a'],
      destinations: CHINA,
      priority: 10,
      cfr: '15 CFR 742.6(b)(10) (2022 text)',
      from: '2022-10-07',
      text: 'Applications for 3A090/4A090 items to China are reviewed with a presumption of denial.',
      confidence: 'medium',
    },
    {
      type: 'license-requirement',
      id: 'AC-2022-10/744.23-supercomputer',
      items: ['any'],
      destinations: CHINA,
      endUse: 'supercomputer',
      basis: 'end-use',
      cfr: '15 CFR 744.23(a)(1) (2022 text)',
      from: '2022-10-07',
      text: 'A licence is required, with knowledge, for items destined for a "supercomputer" in China or for its development or production.',
      confidence: 'high',
    },
    {
      type: 'license-requirement',
      id: 'AC-2022-10/744.23-advanced-node',
      items: ['any'],
      destinations: CHINA,
      endUse: 'advanced-node-ic-production',
      basis: 'end-use',
      cfr: '15 CFR 744.23(a)(2) (2022 text)',
      from: '2022-10-07',
      text: 'A licence is required, with knowledge, for items for the development or production of "advanced-node ICs" at a facility in China.',
      confidence: 'high',
    },
    {
      type: 'review-policy',
      id: 'AC-2022-10/744.23(d)',
      policy: 'presumption-of-denial',
      bases: ['end-use'],
      items: ['any'],
      priority: 10,
      cfr: '15 CFR 744.23(d)',
      from: '2022-10-07',
      text: 'End-use licence applications under §744.23 are reviewed with a presumption of denial.',
      confidence: 'medium',
    },
  ],
};
