/**
 * H20-2025-04 — Is-informed licence requirement for NVIDIA H20 (and AMD MI308).
 * No FR text: NVIDIA Form 8-K of 2025-04-15 (letter of 2025-04-09, "indefinite" from 2025-04-14).
 * Confidence high for NVIDIA (SEC filing); medium for AMD MI308 (Reuters).
 * The letter's memory/interconnect thresholds were never published: modelled as a named-product,
 * company-specific requirement, not an ECCN test.
 */
import type { Measure } from '../model.ts';

const STRICT = { groups: ['D:5'], countries: ['CN', 'MO'] };

export const H20_2025_04: Measure = {
  id: 'H20-2025-04',
  title: 'Is-informed letter: licence required for NVIDIA H20 and AMD MI308 to China, Macau and D:5',
  kind: 'is-informed-letter',
  released: '2025-04-09',
  effective: '2025-04-09',
  sources: [
    'NVIDIA Form 8-K 2025-04-15 (https://www.sec.gov/Archives/edgar/data/1045810/000104581025000082/nvda-20250409.htm)',
    'Reuters (AMD MI308)',
  ],
  confidence: 'high',
  summary:
    'USG told NVIDIA on 2025-04-09 that H20 (and any IC matching its memory bandwidth, interconnect bandwidth or both) needs a licence to China (incl. Hong Kong and Macau) and D:5 and to entities headquartered there; made indefinite on 2025-04-14. AMD MI308 treated the same.',
  provisions: [
    {
      type: 'overlay',
      id: 'H20-2025-04/letter',
      cfr: 'is-informed letter (no CFR paragraph)',
      from: '2025-04-09',
      products: ['nvidia-h20-hgx', 'amd-instinct-mi308x'],
      addressee: 'NVIDIA Corporation (H20); AMD (MI308)',
      destinations: STRICT,
      endUserHeadquarters: STRICT,
      text: 'Licence required for H20/MI308 and equivalents to China (incl. Hong Kong), Macau and D:5, and to entities headquartered there, from the USG letter of 2025-04-09.',
      confidence: 'high',
    },
  ],
};

/** DEAL-2025-08 — licensed H20/MI308 sales with a 15% revenue share to the USG (no legal instrument). */
export const DEAL_2025_08: Measure = {
  id: 'DEAL-2025-08',
  title: 'Licensed H20/MI308 sales to China with a 15% revenue share to the US Government',
  kind: 'deal',
  released: '2025-08-11',
  effective: '2025-08-11',
  sources: ['FT and Reuters 2025-08-11 (confirmed by a US official)', 'NVIDIA statement 2025-07-15'],
  confidence: 'medium',
  summary:
    'Licences for H20 and MI308 to China issued from early August 2025 in exchange for 15% of China revenue; no published legal instrument. NVIDIA reported no H20 China sales in Q2 FY26.',
  provisions: [
    {
      type: 'note',
      id: 'DEAL-2025-08/revenue-share',
      products: ['nvidia-h20-hgx', 'amd-instinct-mi308x'],
      destinations: { countries: ['CN'] },
      cfr: 'no CFR paragraph (political arrangement)',
      from: '2025-08-11',
      text: 'Licences for this product to China have been issued since August 2025 with a reported 15% revenue share to the US Government (no published legal instrument).',
      confidence: 'medium',
    },
  ],
};
