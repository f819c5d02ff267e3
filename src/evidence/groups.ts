/**
 * Groups of models (leader / follower): by country of the developing organisation, or by
 * accessibility (open vs closed weights). Country names are normalised so that Epoch's
 * "United States of America" and the benchmark table's "US" compare equal.
 */
import type { Score } from './types.ts';

const COUNTRY_ALIASES: Record<string, string> = {
  us: 'US',
  usa: 'US',
  'united states': 'US',
  'united states of america': 'US',
  america: 'US',
  china: 'China',
  cn: 'China',
  prc: 'China',
  "people's republic of china": 'China',
  uk: 'UK',
  'united kingdom': 'UK',
  'united kingdom of great britain and northern ireland': 'UK',
  france: 'France',
  canada: 'Canada',
  'united arab emirates': 'UAE',
  uae: 'UAE',
  'hong kong': 'Hong Kong',
  germany: 'Germany',
  'korea (republic of)': 'South Korea',
  'south korea': 'South Korea',
  israel: 'Israel',
  japan: 'Japan',
};

export function normaliseCountry(raw: string): string {
  const k = raw.trim().toLowerCase();
  return COUNTRY_ALIASES[k] ?? raw.trim();
}

/** Split Epoch's "United States of America,China" into normalised names. */
export function parseCountries(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(normaliseCountry);
}

export type GroupSpec = { kind: 'country'; country: string } | { kind: 'access'; access: 'open' | 'closed' };

export function parseGroup(raw: string): GroupSpec | undefined {
  const k = raw.trim().toLowerCase();
  if (!k) return undefined;
  if (k === 'open' || k === 'open-weights' || k === 'open weights') return { kind: 'access', access: 'open' };
  if (k === 'closed' || k === 'closed-weights' || k === 'closed weights' || k === 'api')
    return { kind: 'access', access: 'closed' };
  return { kind: 'country', country: normaliseCountry(raw) };
}

export function groupLabel(g: GroupSpec): string {
  return g.kind === 'country' ? g.country : g.access === 'open' ? 'open weights' : 'closed weights';
}

export interface GroupOptions {
  /** Count organisations listed under several countries (e.g. "US,China") in each of them. Default false. */
  multiCountry?: boolean;
}

export function inGroup(s: Score, g: GroupSpec, opts: GroupOptions = {}): boolean {
  if (g.kind === 'access') return s.accessibility === g.access;
  if (s.countries.length === 0) return false;
  if (s.countries.length > 1 && !opts.multiCountry) return false;
  return s.countries.includes(g.country);
}

/** Lower-case alphanumerics only: "DeepSeek-V3" and "deepseek v3" compare equal. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The name without a trailing parenthetical: "Claude 3.5 Sonnet (2024-06-20)" -> "Claude 3.5 Sonnet". */
export function baseName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '').trim();
}
