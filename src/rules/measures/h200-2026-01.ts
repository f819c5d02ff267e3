/**
 * H200-2026-01 — Revision to License Review Policy for Advanced Computing Commodities (final rule).
 * 91 FR 1684 (pp. 1684–1689), FR Doc 2026-00789, RIN 0694-AK43, Docket 260112-0028; amends
 * 15 CFR parts 742, 744 and 748. Published and effective 2026-01-15. Confidence high.
 * Thresholds (TPP < 21,000; total DRAM bandwidth < 6,500 GB/s) from the rule text as quoted in the
 * research set; cited as §742.6(b)(10)(iii)(A)(1) by a secondary source.
 */
import type { Measure } from '../model.ts';
import { CHINA_MACAU } from './scopes.ts';

export const H200_2026_01: Measure = {
  id: 'H200-2026-01',
  title: 'Revision to License Review Policy for Advanced Computing Commodities',
  kind: 'final-rule',
  frCitation: '91 FR 1684',
  frDocument: '2026-00789',
  rin: '0694-AK43',
  published: '2026-01-15',
  effective: '2026-01-15',
  sources: [
    'https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm',
    'Morgan Lewis 2026-01-16; Fenwick; Baker McKenzie',
  ],
  confidence: 'high',
  summary:
    'Exports from the United States to end users in China or Macau of advanced computing commodities with TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s (e.g. NVIDIA H200, AMD MI325X) are reviewed case by case, subject to certifications; everything else stays presumption of denial. A licence is still required.',
  provisions: [
    {
      type: 'review-policy',
      id: 'H200-2026-01/742.6(b)(10)(iii)(A)(1)',
      policy: 'case-by-case',
      bases: ['item', 'end-user', 'letter'],
      items: ['3A090.a', '3A090.b', '4A090.a', '4A090.b', '.z.a', '.z.b', 'letter'],
      destinations: CHINA_MACAU,
      conditions: {
        exportFrom: ['US'],
        all: [
          { metric: 'tpp', op: '<', limit: 21000 },
          { metric: 'memoryBandwidthGBps', op: '<', limit: 6500 },
        ],
      },
      priority: 30,
      cfr: '15 CFR 742.6(b)(10)(iii)(A)(1) (as amended by 91 FR 1684)',
      from: '2026-01-15',
      text: "Case-by-case review for exports from the United States to end users in China or Macau when TPP < 21,000 and 'total DRAM bandwidth' < 6,500 GB/s, the product was commercially available in the US on 2026-01-15, and the exporter makes the required certifications.",
      confidence: 'high',
    },
    {
      type: 'note',
      id: 'H200-2026-01/certifications',
      destinations: CHINA_MACAU,
      whenReviewPolicy: 'case-by-case',
      cfr: '15 CFR 742.6(b)(10)(iii) and Supp. No. 2 to part 748, para (dd) (as amended by 91 FR 1684)',
      from: '2026-01-15',
      text: "Case-by-case review requires the exporter to certify: the product was commercially available in the US on 2026-01-15; US supply is sufficient; production for China will not divert foundry capacity from US customers; the recipient has adequate security and KYC procedures; the item passed independent third-party testing in the US (TPP, memory, interconnect); aggregate shipments to China stay at or below 50% of the product's shipments to US end users; remote-access screening covers parties in or controlled from Belarus, China, Cuba, Iran, Macau, North Korea, Russia and Venezuela.",
      confidence: 'medium',
    },
  ],
};

/** S232-2026-01 — Section 232 proclamation: 25% tariff on a narrow class of advanced chips. */
export const S232_2026_01: Measure = {
  id: 'S232-2026-01',
  title: 'Section 232 proclamation: 25% tariff on certain advanced computing chips (H200, MI325X …)',
  kind: 'proclamation',
  released: '2026-01-14',
  effective: '2026-01-15',
  sources: ['Presidential Proclamation of 2026-01-14 (White & Case; Husch Blackwell; Mondaq)'],
  confidence: 'high',
  summary:
    '25% tariff from 12:01 a.m. EST 2026-01-15 on the import leg of a narrow class of advanced chips; a trade measure, not an export control.',
  provisions: [
    {
      type: 'note',
      id: 'S232-2026-01/tariff',
      products: ['nvidia-h200-sxm-141gb', 'amd-instinct-mi325x'],
      cfr: 'Presidential Proclamation of 2026-01-14 under Section 232 (19 U.S.C. 1862)',
      from: '2026-01-15',
      text: 'A 25% Section 232 tariff applies to the US import leg of this product from 2026-01-15 (informational; not an export licence matter).',
      confidence: 'high',
    },
  ],
};
