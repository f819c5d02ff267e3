/**
 * Evaluation sets shared by `npm run eval:screening` and bench/screening.bench.ts.
 * - yente: 683 treated UN names (query) against a list of their untreated names (index);
 * - our treatments of SDN 2024-05-03 primary names (typo, reorder, transliteration to Cyrillic,
 *   abbreviation/legal form, merged/split tokens), each query's answer is its source entity;
 * - negatives: 2,000 yente synthetic persons that should match nothing on the SDN list.
 * Deterministic (seeded PRNG).
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_LISTS_DIR } from './lists.ts';
import type { ListEntity } from './model.ts';
import { readListFile } from './readers.ts';

export type Category =
  'yente-treated' | 'exact' | 'typo' | 'reorder' | 'transliteration' | 'abbreviation' | 'merge-split';
export const CATEGORIES: readonly Category[] = [
  'exact',
  'yente-treated',
  'typo',
  'reorder',
  'transliteration',
  'abbreviation',
  'merge-split',
];

export interface Probe {
  category: Category;
  query: string;
  /** The entity id the query should find. */
  expect: string;
  original: string;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function csvNames(file: string): string[] {
  const rows = parse(readFileSync(join(DATA_LISTS_DIR, 'eval', file)), {
    columns: true,
    skip_empty_lines: true,
  }) as { full_name: string }[];
  return rows.map((r) => r.full_name);
}

export function sdn2024(): ListEntity[] {
  return readListFile(join(DATA_LISTS_DIR, 'sdn_2024-05-03.csv'), 'ofac-sdn').entities;
}

/** yente: index entities built from the untreated names; probes are the treated names. */
export function yenteSet(): { entities: ListEntity[]; probes: Probe[] } {
  const un = csvNames('yente_positives_un_untreated.csv');
  const tr = csvNames('yente_positives_un_treated.csv');
  const entities: ListEntity[] = un.map((name, i) => ({
    id: `UN:${i}`,
    list: 'OTHER',
    sourceLabel: 'yente UN untreated',
    name,
    aliases: [],
    weakAliases: [],
    type: 'person',
    addresses: [],
    countries: [],
    identifiers: [],
    programs: [],
  }));
  const probes: Probe[] = tr.map((q, i) => ({
    category: 'yente-treated',
    query: q,
    expect: `UN:${i}`,
    original: un[i],
  }));
  return { entities, probes };
}

export function negatives(): string[] {
  return [...csvNames('yente_negatives_global.csv'), ...csvNames('yente_negatives_us.csv')];
}

const ABBR: [RegExp, string][] = [
  [/\bCOMPANY\b/g, 'CO'],
  [/\bLIMITED\b/g, 'LTD'],
  [/\bCORPORATION\b/g, 'CORP'],
  [/\bINCORPORATED\b/g, 'INC'],
  [/\bGROUP\b/g, 'GRP'],
  [/\bTECHNOLOGY\b/g, 'TECH'],
  [/\bTECHNOLOGIES\b/g, 'TECH'],
  [/\bINTERNATIONAL\b/g, 'INTL'],
  [/\bCOMMUNICATIONS?\b/g, 'COMM'],
  [/\bINDUSTRIES\b/g, 'IND'],
  [/\bINDUSTRIAL\b/g, 'INDL'],
  [/\bSERVICES\b/g, 'SRVCS'],
  [/\bMANUFACTURING\b/g, 'MFG'],
  [/\bTRADING\b/g, 'TRDG'],
  [/\bENGINEERING\b/g, 'ENG'],
  [/\bELECTRONICS?\b/g, 'ELEC'],
  [/\bDEVELOPMENT\b/g, 'DEV'],
  [/\bNATIONAL\b/g, 'NATL'],
  [/\bHOLDINGS?\b/g, 'HLDGS'],
  [/\bJOINT STOCK COMPANY\b/g, 'JSC'],
  [/\bLIMITED LIABILITY COMPANY\b/g, 'LLC'],
];

const CYR: Record<string, string> = {
  a: 'а',
  b: 'б',
  v: 'в',
  g: 'г',
  d: 'д',
  e: 'е',
  z: 'з',
  i: 'и',
  y: 'й',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  f: 'ф',
  h: 'х',
  c: 'ц',
  w: 'в',
  x: 'кс',
  j: 'дж',
  q: 'к',
};
const CYR_DI: [string, string][] = [
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['kh', 'х'],
  ['zh', 'ж'],
  ['ts', 'ц'],
  ['ya', 'я'],
  ['yu', 'ю'],
];

function toCyrillic(s: string): string {
  let t = s.toLowerCase();
  for (const [a, b] of CYR_DI) t = t.split(a).join(b);
  return [...t].map((c) => CYR[c] ?? c).join('');
}

/** Our treatments of SDN primary names. */
export function sdnProbes(entities: ListEntity[], perCategory = 300, seed = 42): Probe[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const out: Probe[] = [];
  const words = (s: string) => s.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  const persons = entities.filter((e) => e.type === 'person' && words(e.name).length >= 2);
  const orgs = entities.filter((e) => e.type === 'entity' && words(e.name).length >= 2);
  const add = (category: Category, e: ListEntity, query: string) => {
    if (query && query !== e.name) out.push({ category, query, expect: e.id, original: e.name });
  };
  for (let i = 0; i < perCategory; i++) {
    const e = pick(entities);
    out.push({ category: 'exact', query: e.name, expect: e.id, original: e.name });
  }
  for (let i = 0; i < perCategory; i++) {
    const e = pick([...persons, ...orgs]);
    const w = words(e.name);
    const k = w.map((x, j) => [x, j] as const).filter(([x]) => x.length >= 5);
    if (k.length === 0) continue;
    const [tok, j] = pick(k);
    const p = 1 + Math.floor(r() * (tok.length - 2));
    const op = Math.floor(r() * 3);
    const letter = String.fromCharCode(65 + Math.floor(r() * 26));
    const t2 =
      op === 0
        ? tok.slice(0, p) + tok.slice(p + 1)
        : op === 1
          ? tok.slice(0, p) + letter + tok.slice(p + 1)
          : tok.slice(0, p) + tok[p + 1] + tok[p] + tok.slice(p + 2);
    w[j] = t2;
    add('typo', e, w.join(' '));
  }
  for (let i = 0; i < perCategory; i++) {
    const e = pick(persons);
    const parts = e.name.split(',');
    const q =
      parts.length === 2 ? `${parts[1].trim()} ${parts[0].trim()}` : words(e.name).reverse().join(' ');
    add('reorder', e, q);
  }
  for (let i = 0; i < perCategory; i++) {
    const e = pick(persons);
    add('transliteration', e, toCyrillic(e.name.replace(/,/g, '')));
  }
  const abbreviable = orgs.filter((e) => ABBR.some(([re]) => new RegExp(re.source).test(e.name)));
  for (let i = 0; i < perCategory && abbreviable.length > 0; i++) {
    const e = pick(abbreviable);
    let q = e.name;
    for (const [re, a] of ABBR) q = q.replace(re, a);
    add('abbreviation', e, q.replace(/[.,]/g, ''));
  }
  for (let i = 0; i < perCategory; i++) {
    const e = pick(orgs);
    const w = words(e.name.replace(/[.,]/g, ''));
    if (r() < 0.5 && w.length >= 2) {
      const j = Math.floor(r() * (w.length - 1));
      w.splice(j, 2, w[j] + w[j + 1]);
    } else {
      const k = w.map((x, j) => [x, j] as const).filter(([x]) => x.length >= 8);
      if (k.length === 0) continue;
      const [tok, j] = pick(k);
      const p = 3 + Math.floor(r() * (tok.length - 6));
      w.splice(j, 1, tok.slice(0, p), tok.slice(p));
    }
    add('merge-split', e, w.join(' '));
  }
  return out;
}
