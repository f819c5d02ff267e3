/**
 * COR-2024-04 — Corrections and clarifications to ACS-2023-10 and SME-2023-10.
 * 89 FR 23876 (pp. 23876–23905), FR Doc 2024-07004, Docket 240321-0084. Published and effective
 * 2024-04-04. Confidence high (cite), medium (content: secondary summaries, CBP CSMS #61882672).
 */
import type { Measure } from '../model.ts';
import { D14_NOT_D5_MACAU } from './scopes.ts';

export const COR_2024_04: Measure = {
  id: 'COR-2024-04',
  title: 'Export Controls on Semiconductor Manufacturing Items; Corrections and Clarifications',
  kind: 'interim-final-rule',
  frCitation: '89 FR 23876',
  frDocument: '2024-07004',
  published: '2024-04-04',
  effective: '2024-04-04',
  sources: ['https://www.federalregister.gov/documents/2024/04/04/2024-07004/', 'CBP CSMS #61882672'],
  confidence: 'high',
  summary:
    'Splits License Exception NAC into NAC (notified: Macau, D:5, headquartered there) and ACA (no notification: other D:1/D:4, AES C68); computers incorporating NAC-notifiable ICs also need notification.',
  provisions: [
    {
      type: 'license-exception',
      id: 'COR-2024-04/740.8-ACA',
      code: 'ACA',
      aes: 'C68',
      items: ['3A090.a', '3A090.b', '4A090.a', '4A090.b', '.z.a', '.z.b'],
      excludeDatacenterA: true,
      destinations: D14_NOT_D5_MACAU,
      unavailableWithBases: ['embargo', 'end-use', 'letter', 'listed-party', 'end-user'],
      cfr: '15 CFR 740.8 (Advanced Computing Authorized, as amended by 89 FR 23876)',
      from: '2024-04-04',
      supersedes: ['ACS-2023-10/740.8-NAC-no-notice'],
      text: 'Advanced Computing Authorized: exports, reexports and in-country transfers to D:1 or D:4 destinations other than Macau and D:5, without notification.',
      conditions: [
        'Not for items designed or marketed for use in datacenters that meet 3A090.a',
        'Not for 3A090.c (HBM)',
        'Report licence code C68 in AES',
        'Written purchase order required (§740.8(a)(1))',
      ],
      confidence: 'medium',
    },
  ],
};
