/**
 * One entity model for every list source (watchman's shape): a reader per source maps its rows
 * into `ListEntity`, and everything downstream (index, scoring, effects, diffs) sees only this.
 */
import type { ISODate } from '../rules/types.ts';

/** Short codes for the lists we read (trade.gov CSL codes where they exist). */
export type ListCode =
  | 'SDN' // OFAC Specially Designated Nationals
  | 'NONSDN' // OFAC consolidated non-SDN lists (SSI, FSE, NS-MBS, CMIC, PLC…)
  | 'EL' // BIS Entity List
  | 'DPL' // BIS Denied Persons List
  | 'UVL' // BIS Unverified List
  | 'MEU' // BIS Military End User List
  | 'ISN' // State nonproliferation sanctions
  | 'DTC' // State ITAR debarred
  | 'SSI'
  | 'FSE'
  | 'PLC'
  | 'CAP'
  | 'CMIC'
  | 'MBS'
  | 'OTHER';

export type EntityType = 'person' | 'entity' | 'vessel' | 'aircraft' | 'unknown';
export const ENTITY_TYPES: readonly EntityType[] = ['person', 'entity', 'vessel', 'aircraft'];

export interface Address {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  /** ISO 3166-1 alpha-2 when the country could be recognised. */
  countryCode?: string;
  text?: string;
}

export interface Identifier {
  type: string;
  value: string;
  country?: string;
}

export interface ListEntity {
  /** Stable identity: `${list}:${sourceId}` when the source has ids, else list + name hash. */
  id: string;
  list: ListCode;
  /** The list's own label, e.g. "Entity List (EL) - Bureau of Industry and Security". */
  sourceLabel: string;
  /** The id inside the source (OFAC ent_num, CSL entity_number or _id). */
  sourceId?: string;
  name: string;
  aliases: string[];
  /** Aliases OFAC marks as weak (a.k.a. in remarks, "weak aka"): screened but flagged. */
  weakAliases: string[];
  type: EntityType;
  addresses: Address[];
  /** ISO-2 codes from addresses, nationalities, citizenships, vessel flag. */
  countries: string[];
  identifiers: Identifier[];
  programs: string[];
  title?: string;
  remarks?: string;
  /** Federal Register notice(s) that listed or last changed the entry. */
  frNotice?: string;
  licenseRequirement?: string;
  licensePolicy?: string;
  /** First day the listing applies (inclusive), if the source gives it. */
  startDate?: ISODate;
  /** First day the listing no longer applies (DPL expiry), if given. */
  endDate?: ISODate;
  sourceListUrl?: string;
  /** 1-based line in the source file where the entity's row starts. */
  line?: number;
}

/** A malformed row: reported, never silently dropped. */
export interface RowProblem {
  file: string;
  line: number;
  message: string;
}

export type ListFormat =
  | 'csl-csv' // trade.gov CSL CSV (current schema with _id, or the older one)
  | 'csl-json' // trade.gov CSL JSON ({results:[…]} or an array)
  | 'ofac-sdn' // OFAC legacy sdn.csv (+ add.csv, alt.csv, sdn_comments.csv beside it)
  | 'ofac-cons' // OFAC non-SDN consolidated cons_prim.csv (+ cons_add/alt/comments)
  | 'bis-dpl'; // BIS Denied Persons List (CSV or tab-separated)

export const LIST_FORMATS: readonly ListFormat[] = [
  'csl-csv',
  'csl-json',
  'ofac-sdn',
  'ofac-cons',
  'bis-dpl',
];

export interface ParsedList {
  format: ListFormat;
  entities: ListEntity[];
  problems: RowProblem[];
  /** Files read (main file first, then companions such as add.csv/alt.csv). */
  files: string[];
}

/** A loaded list file: its content hash, as-of date and the lists it covers. */
export interface SnapshotInfo {
  /** sha256 of the file bytes (companions included, in order), hex. */
  hash: string;
  format: ListFormat;
  /** Date the snapshot describes (the list as published that day). */
  asOf: ISODate;
  /** Lists covered by the snapshot, e.g. ["SDN"] or ["EL","DPL","SDN",…] for the CSL. */
  lists: ListCode[];
  entityCount: number;
  problemCount: number;
  source: string;
  loadedAt: string;
  /** True for the bundled sample lists in data/lists (used when nothing was loaded). */
  bundled?: boolean;
}
