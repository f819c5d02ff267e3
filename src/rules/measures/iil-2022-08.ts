/**
 * IIL-2022-08 — "Is-informed" letters to NVIDIA (A100, H100, DGX) and AMD (MI250).
 * No FR text: NVIDIA Form 8-K filed 2022-08-31 (USG notice of 2022-08-26); AMD statement 2022-08-31.
 * Effective immediately (2022-08-26). Confidence: high (SEC filing quoted word for word).
 * Not an ECCN test: a product-specific licence requirement naming its addressee.
 */
import type { Measure } from '../model.ts';

export const IIL_2022_08: Measure = {
  id: 'IIL-2022-08',
  title:
    'Is-informed letters to NVIDIA (A100/H100/DGX) and AMD (MI250): licence required for China and Russia',
  kind: 'is-informed-letter',
  released: '2022-08-26',
  effective: '2022-08-26',
  sources: [
    'NVIDIA Form 8-K filed 2022-08-31 (USG notice of 2022-08-26)',
    'The Register 2022-09-01; Silicon Republic (AMD MI250)',
  ],
  confidence: 'high',
  summary:
    'USG informed NVIDIA that exports of A100, H100 (and DGX systems containing them) and AMD of MI250 to China (including Hong Kong) and Russia need a licence, effective immediately.',
  provisions: [
    {
      type: 'overlay',
      id: 'IIL-2022-08/letter',
      cfr: 'is-informed letter under 15 CFR 744.21/744.6 authority (no CFR paragraph)',
      from: '2022-08-26',
      products: [
        'nvidia-a100-sxm4-40-80gb',
        'nvidia-a100-pcie-40-80gb',
        'nvidia-h100-sxm5-80gb',
        'nvidia-h100-pcie-80gb',
        'amd-instinct-mi250',
        'amd-instinct-mi250x',
      ],
      addressee: 'NVIDIA Corporation (A100, H100, DGX) and AMD (MI250 and equivalents)',
      destinations: { countries: ['CN', 'RU'] },
      text: 'Product-specific licence requirement for China (incl. Hong Kong) and Russia, from the USG letters of 2022-08-26.',
      confidence: 'high',
    },
  ],
};
