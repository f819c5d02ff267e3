/**
 * The measure set, in date order. One module per measure (Catala style): each file is headed by
 * its citation and dates, and each provision sits next to the paragraph it implements.
 */
import type { Measure } from '../model.ts';
import { IIL_2022_08 } from './iil-2022-08.ts';
import { AC_2022_10 } from './ac-2022-10.ts';
import { MAC_2023_01 } from './mac-2023-01.ts';
import { ACS_2023_10, ACS_2023_10_EARLY } from './acs-2023-10.ts';
import { COR_2024_04 } from './cor-2024-04.ts';
import { FDP_2024_12 } from './fdp-2024-12.ts';
import { FDD_2025_01 } from './fdd-2025-01.ts';
import { AID_2025_01, RESC_2025_05 } from './aid-2025-01.ts';
import { H20_2025_04, DEAL_2025_08 } from './h20-2025-04.ts';
import { H200_2026_01, S232_2026_01 } from './h200-2026-01.ts';
import {
  AFF_2025_09,
  BILLS,
  DRAFT_2026_02,
  EL_2024_12,
  GAO_2026_05,
  GUID_2026_05,
  PART_746,
  SME_2023_10,
} from './other.ts';

export const MEASURES: readonly Measure[] = [
  PART_746,
  IIL_2022_08,
  AC_2022_10,
  MAC_2023_01,
  ACS_2023_10_EARLY,
  ACS_2023_10,
  SME_2023_10,
  COR_2024_04,
  FDP_2024_12,
  EL_2024_12,
  AID_2025_01,
  FDD_2025_01,
  H20_2025_04,
  RESC_2025_05,
  DEAL_2025_08,
  AFF_2025_09,
  H200_2026_01,
  S232_2026_01,
  GAO_2026_05,
  DRAFT_2026_02,
  GUID_2026_05,
  ...BILLS,
]
  .slice()
  .sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0));
