/** Destination scopes the measures share, named as the regulation names them. */
import type { DestinationScope } from '../model.ts';

/** China (Hong Kong is China for EAR purposes since 85 FR 83765, 2020-12-23). */
export const CHINA: DestinationScope = { countries: ['CN'] };
/** China and Macau (88 FR 2821 added Macau from 2023-01-17). */
export const CHINA_MACAU: DestinationScope = { countries: ['CN', 'MO'] };
/** "Macau or a destination specified in Country Group D:5" — the strict tier of the 2023+ rules. */
export const D5_MACAU: DestinationScope = { groups: ['D:5'], countries: ['MO'] };
/** "D:1, D:4 or D:5 … not also in A:5 or A:6", plus Macau (88 FR 73458). */
export const D145_NOT_A56: DestinationScope = {
  groups: ['D:1', 'D:4', 'D:5'],
  countries: ['MO'],
  exceptGroups: ['A:5', 'A:6'],
};
/** D:1 or D:4 but not D:5 and not Macau (the ACA route). */
export const D14_NOT_D5_MACAU: DestinationScope = {
  groups: ['D:1', 'D:4'],
  exceptGroups: ['A:5', 'A:6', 'D:5'],
  exceptCountries: ['MO'],
};
export const WORLDWIDE: DestinationScope = { worldwide: true };
/** Comprehensively embargoed or sanctioned destinations (15 CFR part 746). */
export const EMBARGOED: DestinationScope = {
  countries: ['CU', 'IR', 'KP', 'SY', 'RU', 'BY', 'UA-43', 'UA-40', 'UA-14', 'UA-09'],
};
/** AI Diffusion Tier 1 (Supp. No. 5 to part 740, para (a)): the United States plus 18. */
export const TIER1: DestinationScope = {
  countries: [
    'US',
    'AU',
    'BE',
    'CA',
    'DK',
    'FI',
    'FR',
    'DE',
    'IE',
    'IT',
    'JP',
    'NL',
    'NZ',
    'NO',
    'KR',
    'ES',
    'SE',
    'TW',
    'GB',
  ],
};
