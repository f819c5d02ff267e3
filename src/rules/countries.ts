/**
 * Destinations and EAR Country Groups (15 CFR part 740 Supp. No. 1) with dated membership.
 * Data: data/rules/country_groups.csv (one row per membership period, `from <= d < to`; an empty
 * `from` means in force before the window opens; every row names its source).
 *
 * Hong Kong: not a separate EAR destination since 2020-12-23 (85 FR 83765): "HK" is folded into
 * "CN" before any look-up (the CSV's HK alias rows are skipped). Macau ("MO") is its own destination.
 * Occupied regions of Ukraine are addressed by ISO 3166-2 codes (UA-43 Crimea, UA-40 Sevastopol,
 * UA-14 Donetsk, UA-09 Luhansk).
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DestinationScope } from './model.ts';
import { holdsOn, type Citation, type ISODate } from './types.ts';

const require = createRequire(import.meta.url);
const isoCountries = require('i18n-iso-countries') as {
  isValid(code: string): boolean;
  getName(code: string, lang: string): string | undefined;
  registerLocale(l: unknown): void;
};
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));

const FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'rules', 'country_groups.csv');

export const HK_FOLDED_INTO_CN: Citation = {
  fr: '85 FR 83765',
  cfr: '15 CFR 740 Supp. 1 (Hong Kong removed as a separate destination, 2020-12-23)',
};

export const SUBDIVISIONS: Record<string, string> = {
  'UA-43': 'Crimea (Ukraine)',
  'UA-40': 'Sevastopol (Ukraine)',
  'UA-14': 'Donetsk region (Ukraine)',
  'UA-09': 'Luhansk region (Ukraine)',
};

export interface Membership {
  iso2: string;
  group: string; // 'A:5' …
  from: ISODate; // '0000-01-01' when in force before the window
  to?: ISODate;
  source: string;
}

/** Membership periods keyed by country. Mutable only through `withPatches` (the policy lab). */
export class CountryGroups {
  private byCountry = new Map<string, Membership[]>();
  constructor(readonly memberships: readonly Membership[]) {
    for (const m of memberships) {
      const list = this.byCountry.get(m.iso2) ?? [];
      list.push(m);
      this.byCountry.set(m.iso2, list);
    }
  }

  /** Groups of a destination on day d (HK folded into CN). */
  groupsOn(iso2: string, d: ISODate): Membership[] {
    const code = normalizeDestination(iso2);
    return (this.byCountry.get(code) ?? []).filter((m) => holdsOn(m, d));
  }

  /** Hot path: `iso2` must already be normalized (upper case, HK folded into CN). */
  isMember(iso2: string, group: string, d: ISODate): boolean {
    const list = this.byCountry.get(iso2);
    if (!list) return false;
    for (const m of list)
      if (m.group === group && holdsOn(m, d)) return true;
    return false;
  }

  /** Every day on which some membership starts or ends (for boundary tests and the timeline). */
  boundaries(): ISODate[] {
    const s = new Set<ISODate>();
    for (const m of this.memberships) {
      if (m.from !== '0000-01-01') s.add(m.from);
      if (m.to) s.add(m.to);
    }
    return [...s].sort();
  }

  withPatches(add: Membership[], removeWhere: (m: Membership) => boolean): CountryGroups {
    return new CountryGroups([...this.memberships.filter((m) => !removeWhere(m)), ...add]);
  }
}

let cached: CountryGroups | null = null;
export function countryGroups(): CountryGroups {
  if (!cached) {
    const rows = parse(readFileSync(FILE), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    const ms: Membership[] = rows
      .filter((r) => r.iso2 !== 'HK') // alias rows: HK is folded into CN in code
      .map((r) => ({
        iso2: r.iso2!,
        group: r.group!.replace(/^([AD])(\d)$/, '$1:$2'),
        from: r.from_date || '0000-01-01',
        to: r.to_date || undefined,
        source: r.source!,
      }));
    cached = new CountryGroups(ms);
  }
  return cached;
}

const isUpper = (ch: number) => ch >= 65 && ch <= 90;
export function normalizeDestination(code: string): string {
  // Hot path (every decision): a code already in upper case needs no new string.
  if (code.length === 2 && isUpper(code.charCodeAt(0)) && isUpper(code.charCodeAt(1)))
    return code === 'HK' ? 'CN' : code;
  const c = code.trim().toUpperCase();
  return c === 'HK' ? 'CN' : c;
}

const validCodes = new Map<string, boolean>();
export function isValidDestination(code: unknown): code is string {
  if (typeof code !== 'string') return false;
  let ok = validCodes.get(code);
  if (ok === undefined) {
    const c = code.trim().toUpperCase();
    ok = !!SUBDIVISIONS[c] || (/^[A-Z]{2}$/.test(c) && isoCountries.isValid(c));
    if (validCodes.size < 10_000) validCodes.set(code, ok);
  }
  return ok;
}

const names = new Map<string, string>();
export function destinationName(code: string): string {
  let n = names.get(code);
  if (n === undefined) {
    const c = code.toUpperCase();
    n = SUBDIVISIONS[c] ?? isoCountries.getName(c, 'en') ?? c;
    names.set(code, n);
  }
  return n;
}

/** Does a scope reach this destination on day d? Group membership is read on that day. */
export function inScope(scope: DestinationScope, iso2: string, d: ISODate, groups: CountryGroups): boolean {
  // Codes arrive normalized from parseTransaction; fold HK here too for direct callers.
  const code = iso2 === 'HK' ? 'CN' : iso2;
  const parent = code.length > 2 && code.startsWith('UA-') ? 'UA' : code;
  let hit = !!scope.worldwide;
  if (!hit && scope.countries?.includes(code)) hit = true;
  if (!hit && scope.groups) {
    for (const g of scope.groups) {
      if (groups.isMember(parent, g, d)) {
        hit = true;
        break;
      }
    }
  }
  if (!hit) return false;
  if (scope.exceptCountries?.includes(code)) return false;
  if (scope.exceptGroups) for (const g of scope.exceptGroups) if (groups.isMember(parent, g, d)) return false;
  return true;
}

/** Human description of a scope, for explanations. */
// Scopes are rule data, built once: describe each once (explanations ask for it on every line).
const scopeText = new WeakMap<DestinationScope, string>();
export function describeScope(scope: DestinationScope): string {
  let s = scopeText.get(scope);
  if (s === undefined) scopeText.set(scope, (s = describeScopeUncached(scope)));
  return s;
}

function describeScopeUncached(scope: DestinationScope): string {
  const parts: string[] = [];
  if (scope.worldwide) parts.push('any destination');
  if (scope.groups?.length) parts.push(`Country Group ${scope.groups.join('/')}`);
  if (scope.countries?.length) parts.push(scope.countries.join(', '));
  let s = parts.join(' or ');
  const ex = [
    ...(scope.exceptGroups ?? []).map((g) => `Country Group ${g}`),
    ...(scope.exceptCountries ?? []),
  ];
  if (ex.length) s += ` (except ${ex.join(', ')})`;
  return s;
}
