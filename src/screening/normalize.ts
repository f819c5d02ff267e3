/**
 * Name preparation ("prepare" in the prepare → index → score pipeline).
 *
 * raw name → strip list boilerplate ("; and any successor, sub-unit, or subsidiary thereof",
 * quoted a.k.a. markers) → transliterate to ASCII with any-ascii (Cyrillic, Greek, Arabic,
 * Hebrew, CJK…; CJK is transliterated one character at a time so syllables stay separate tokens)
 * → lower case → punctuation (apostrophes and dotted initials joined, the rest split) →
 * abbreviation canonicalisation (GRP→group, COMM→communication, TECH→technology…) → split
 * into core tokens, legal-form tokens (ltd, corp, llc, jsc…) and stopwords.
 */
import anyAscii from 'any-ascii';

export interface PreparedName {
  /** The input, untouched. */
  raw: string;
  /** Tokens that carry the name (no legal forms, no stopwords), in input order. */
  core: string[];
  /** Canonical legal-form tokens found (ltd, corp, co, llc, jsc…). */
  legal: string[];
  /** Digits-bearing tokens (vessel numbers, "11420"…). */
  numbers: string[];
  /** The name came (at least partly) from a script that usually omits vowels (Arabic, Hebrew, Thai…). */
  abjad: boolean;
  /** Core tokens reduced to consonant skeletons, only when `abjad` (else empty). */
  skeleton: string[];
  /** All core tokens joined without spaces, for merged/split token comparison. */
  joined: string;
  /** Every token (core, legal forms, stopwords) joined, for "JSCARGUMENT" vs "JSC ARGUMENT". */
  allJoined: string;
  /** Every token in order (core, legal-form spellings, stopwords), for merges across them ("MAHALLIMITED"). */
  all: string[];
  /** The name was (partly) written in a non-Latin script and transliterated. */
  translit: boolean;
  /** Cache for `phoneticTokens`. */
  phonetic?: string[];
}

/** Abbreviations and variants canonicalised to one spelling (both sides get the same treatment). */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  grp: 'group',
  gp: 'group',
  comm: 'communication',
  comms: 'communication',
  communications: 'communication',
  telecom: 'telecommunication',
  telecommunications: 'telecommunication',
  tech: 'technology',
  techn: 'technology',
  technol: 'technology',
  technologies: 'technology',
  intl: 'international',
  intern: 'international',
  internat: 'international',
  mfg: 'manufacturing',
  manuf: 'manufacturing',
  srvces: 'services',
  srvcs: 'services',
  svcs: 'services',
  svc: 'services',
  serv: 'services',
  service: 'services',
  ind: 'industry',
  inds: 'industry',
  indus: 'industry',
  industries: 'industry',
  industrial: 'industry',
  indl: 'industry',
  indust: 'industry',
  eng: 'engineering',
  engg: 'engineering',
  engr: 'engineering',
  sci: 'science',
  scientific: 'science',
  sciences: 'science',
  univ: 'university',
  inst: 'institute',
  institution: 'institute',
  assn: 'association',
  assoc: 'association',
  natl: 'national',
  nat: 'national',
  hldgs: 'holdings',
  hldg: 'holdings',
  holding: 'holdings',
  elec: 'electronics',
  electr: 'electronics',
  electronic: 'electronics',
  dev: 'development',
  devt: 'development',
  equip: 'equipment',
  trdg: 'trading',
  trad: 'trading',
  imp: 'import',
  exp: 'export',
  dept: 'department',
  mgmt: 'management',
  mgt: 'management',
  invest: 'investment',
  invt: 'investment',
  investments: 'investment',
  ent: 'enterprise',
  enterprises: 'enterprise',
  res: 'research',
  rsch: 'research',
  lab: 'laboratory',
  labs: 'laboratory',
  laboratories: 'laboratory',
  sys: 'systems',
  system: 'systems',
  petrol: 'petroleum',
  chem: 'chemical',
  chemicals: 'chemical',
  bros: 'brothers',
  st: 'saint',
  mt: 'mount',
  ctr: 'center',
  centre: 'center',
  acad: 'academy',
  aero: 'aerospace',
  mach: 'machinery',
  shpg: 'shipping',
  shipg: 'shipping',
  transp: 'transport',
  trans: 'transport',
  mohammad: 'muhammad',
  mohammed: 'muhammad',
  mohamed: 'muhammad',
  mohamad: 'muhammad',
  muhammed: 'muhammad',
  mohamud: 'muhammad',
  muhamad: 'muhammad',
  mohammet: 'muhammad',
  // common English nicknames (both sides get the same form)
  bill: 'william',
  bob: 'robert',
  jim: 'james',
  mike: 'michael',
  tom: 'thomas',
  dave: 'david',
  joe: 'joseph',
  alex: 'alexander',
  aleksandr: 'alexander',
  alexandr: 'alexander',
  sergey: 'sergei',
  dmitriy: 'dmitry',
  dmitri: 'dmitry',
  yuriy: 'yuri',
  yury: 'yuri',
};

/** Legal forms, canonicalised (value) from their spellings (key). Multi-word forms are joined first. */
export const LEGAL_FORMS: Readonly<Record<string, string>> = {
  ltd: 'ltd',
  limited: 'ltd',
  ltda: 'ltd',
  co: 'co',
  company: 'co',
  cie: 'co',
  corp: 'corp',
  corporation: 'corp',
  inc: 'inc',
  incorporated: 'inc',
  llc: 'llc',
  llp: 'llp',
  lp: 'lp',
  plc: 'plc',
  pty: 'pty',
  pte: 'pte',
  pvt: 'pvt',
  private: 'pvt',
  gmbh: 'gmbh',
  ag: 'ag',
  kg: 'kg',
  sa: 'sa',
  sas: 'sas',
  sarl: 'sarl',
  sl: 'sl',
  srl: 'srl',
  spa: 'spa',
  sro: 'sro',
  bv: 'bv',
  nv: 'nv',
  ab: 'ab',
  as: 'as',
  oy: 'oy',
  kk: 'kk',
  bhd: 'bhd',
  sdn: 'sdn',
  fze: 'fze',
  fzco: 'fzco',
  fzc: 'fzc',
  fzllc: 'llc',
  jsc: 'jsc',
  ojsc: 'jsc',
  cjsc: 'jsc',
  pjsc: 'jsc',
  ao: 'jsc',
  oao: 'jsc',
  zao: 'jsc',
  pao: 'jsc',
  pt: 'pt',
  ooo: 'llc',
  tov: 'llc',
  dooel: 'llc',
  doo: 'llc',
  ead: 'jsc',
  sae: 'sa',
  saic: 'sa',
  cv: 'cv',
};

/** Multi-token legal forms joined before lookup (spelled in prepared tokens). */
const LEGAL_PHRASES: readonly [string[], string][] = [
  [['ltd', 'liability', 'co'], 'llc'],
  [['ltd', 'liability', 'partnership'], 'llp'],
  [['joint', 'stock', 'co'], 'jsc'],
  [['open', 'joint', 'stock', 'co'], 'jsc'],
  [['closed', 'joint', 'stock', 'co'], 'jsc'],
  [['public', 'joint', 'stock', 'co'], 'jsc'],
  [['joint', 'stock', 'commercial', 'bank'], 'jsc'],
  [['public', 'ltd', 'co'], 'plc'],
  [['sociedad', 'anonima'], 'sa'],
  [['societe', 'anonyme'], 'sa'],
  [['s', 'a'], 'sa'],
  [['s', 'a', 's'], 'sas'],
  [['s', 'r', 'l'], 'srl'],
  [['s', 'de', 'r', 'l'], 'srl'],
  [['sa', 'de', 'cv'], 'sa'],
  [['s', 'a', 'de', 'c', 'v'], 'sa'],
  [['l', 'l', 'c'], 'llc'],
  [['co', 'ltd'], 'ltd'],
  [['sdn', 'bhd'], 'bhd'],
  [['pte', 'ltd'], 'ltd'],
  [['pvt', 'ltd'], 'ltd'],
  [['pty', 'ltd'], 'ltd'],
  // Russian forms as any-ascii transliterates them
  [['obshchestvo', 's', 'ogranichennoy', 'otvetstvennostyu'], 'llc'],
  [['aktsionernoe', 'obshchestvo'], 'jsc'],
  [['publichnoe', 'aktsionernoe', 'obshchestvo'], 'jsc'],
  [['otkrytoe', 'aktsionernoe', 'obshchestvo'], 'jsc'],
  [['zakrytoe', 'aktsionernoe', 'obshchestvo'], 'jsc'],
  [['nepublichnoe', 'aktsionernoe', 'obshchestvo'], 'jsc'],
];

/** Legal forms that are written before the name ("OOO ROMASHKA", "JSC ARGUMENT", "PT BANK X"). */
const PREFIX_LEGAL: ReadonlySet<string> = new Set([
  'ooo',
  'oao',
  'zao',
  'pao',
  'ao',
  'jsc',
  'ojsc',
  'cjsc',
  'pjsc',
  'llc',
  'tov',
  'pt',
  'ead',
  'doo',
  'dooel',
]);

/** Spellings folded before phrase matching, so "LIMITED LIABILITY COMPANY" = "LTD LIABILITY CO". */
const PHRASE_FOLD: Readonly<Record<string, string>> = {
  limited: 'ltd',
  company: 'co',
  corporation: 'corp',
  private: 'pvt',
};

/** True when a and b are equal or (both ≥ 5 letters) one edit apart (insert, delete, substitute, swap). */
export function nearWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i);
  const rb = b.slice(i);
  if (ra.slice(1) === rb.slice(1)) return true; // substitution
  if (ra.slice(1) === rb || ra === rb.slice(1)) return true; // deletion / insertion
  return ra.length >= 2 && ra[0] === rb[1] && ra[1] === rb[0] && ra.slice(2) === rb.slice(2); // swap
}

/** Long legal-form spellings also recognised with one typo ("LIMVTED", "CORPORATON"). */
const FUZZY_LEGAL = ['limited', 'company', 'corporation', 'incorporated', 'liability', 'joint', 'stock'];

function legalSpelling(t: string): string {
  if (LEGAL_FORMS[t] !== undefined || t.length < 5) return t;
  for (const w of FUZZY_LEGAL) if (t[0] === w[0] && nearWord(t, w)) return w;
  return t;
}

/**
 * Chinese company words, as any-ascii spells them (pinyin syllables), and their English forms:
 * applied only to names written in Chinese characters, so "华为技术有限公司" (hua wei ji shu you
 * xian gong si) compares with "Huawei Technologies Co., Ltd.".
 */
export const PINYIN_PHRASES: readonly [string[], string[]][] = [
  [
    ['gu', 'fen', 'you', 'xian', 'gong', 'si'],
    ['co', 'ltd'],
  ],
  [
    ['you', 'xian', 'ze', 'ren', 'gong', 'si'],
    ['limited', 'liability', 'company'],
  ],
  [
    ['you', 'xian', 'gong', 'si'],
    ['co', 'ltd'],
  ],
  [['gong', 'si'], ['company']],
  [['ji', 'tuan'], ['group']],
  [['ji', 'shu'], ['technology']],
  [['ke', 'ji'], ['technology']],
  [['guo', 'ji'], ['international']],
  [['mao', 'yi'], ['trading']],
  [['dian', 'zi'], ['electronics']],
  [['tong', 'xin'], ['communication']],
  [
    ['yan', 'jiu', 'suo'],
    ['research', 'institute'],
  ],
  [
    ['yan', 'jiu', 'yuan'],
    ['research', 'institute'],
  ],
  [['da', 'xue'], ['university']],
  [['zhong', 'guo'], ['china']],
  [['gong', 'ye'], ['industry']],
  [['ban', 'dao', 'ti'], ['semiconductor']],
  [['xin', 'xi'], ['information']],
  [['fa', 'zhan'], ['development']],
  [['kong', 'gu'], ['holdings']],
  [['zhi', 'zao'], ['manufacturing']],
  [
    ['jin', 'chu', 'kou'],
    ['import', 'export'],
  ],
  [['wu', 'liu'], ['logistics']],
  [['hang', 'tian'], ['aerospace']],
  [['hang', 'kong'], ['aviation']],
];

function pinyinPhrases(toks: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < toks.length;) {
    let hit: [string[], string[]] | undefined;
    for (const ph of PINYIN_PHRASES) {
      if (
        (!hit || ph[0].length > hit[0].length) &&
        i + ph[0].length <= toks.length &&
        ph[0].every((p, k) => toks[i + k] === p)
      )
        hit = ph;
    }
    if (hit) {
      out.push(...hit[1]);
      i += hit[0].length;
    } else out.push(toks[i++]);
  }
  return out;
}

/** Words ignored in core tokens (kept only if the name would be empty without them). */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'the',
  'of',
  'and',
  'for',
  'a',
  'an',
  'to',
  'in',
  'on',
  'at',
  'by',
  'la',
  'le',
  'les',
  'el',
  'los',
  'las',
  'del',
  'de',
  'du',
  'des',
  'der',
  'und',
  'y',
  'et',
  'e',
  'di',
  'da',
  'van',
  'von',
  'bin',
  'ibn',
  'bint',
  'al',
]);

/** Boilerplate that list entries append to names. */
const BOILERPLATE: readonly RegExp[] = [
  /[;,]?\s*(and|including)\s+(any\s+)?(of\s+)?(its\s+)?(successors?|sub-?units?|subsidiar(y|ies))(,?\s*(or|and)?\s*(successors?|sub-?units?|subsidiar(y|ies)))*(\s+thereof)?\.?/gi,
  /[;,]?\s*(a\.?k\.?a\.?|f\.?k\.?a\.?|n\.?k\.?a\.?)\s*:?/gi,
];

const RE_ABJAD =
  /[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\u0E00-\u0E7F]/;
const RE_CJK = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/;
const RE_NON_LATIN =
  /[\u0370-\u03FF\u0400-\u052F\u0530-\u058F\u0590-\u06FF\u0750-\u077F\u0900-\u0DFF\u0E00-\u0E7F\u10A0-\u10FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/;
const RE_NON_ASCII = /[^\x00-\x7F]/;

const CN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numerals up to 999 ("十三" → 13, "五十四" → 54, "第十三" → "13th"); undefined if not one. */
export function chineseNumber(s: string): number | undefined {
  let total = 0;
  let cur = -1;
  for (const ch of s) {
    if (ch in CN_DIGITS) cur = CN_DIGITS[ch];
    else if (ch === '十') {
      total += (cur < 0 ? 1 : cur) * 10;
      cur = -1;
    } else if (ch === '百') {
      total += (cur < 0 ? 1 : cur) * 100;
      cur = -1;
    } else return undefined;
  }
  return total + (cur < 0 ? 0 : cur);
}

function chineseNumerals(s: string): string {
  return s.replace(/(第?)([零〇一二两三四五六七八九十百]+)/g, (m, di: string, num: string) => {
    // bare digits are often names (王一 Wang Yi, 三一 Sany): only ordinals (第…) and tens/hundreds
    if (!di && !/[十百]/.test(num)) return m;
    const n = chineseNumber(num);
    if (n === undefined) return m;
    const suffix = di
      ? n % 100 >= 11 && n % 100 <= 13
        ? 'th'
        : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
      : '';
    return ` ${n}${suffix} `;
  });
}

/** Transliterate to ASCII. CJK characters become separate syllables ("李明" → "Li Ming"). */
export function toAscii(s: string): string {
  if (!RE_NON_ASCII.test(s)) return s;
  if (RE_CJK.test(s)) {
    s = chineseNumerals(s);
    let out = '';
    for (const ch of s) out += RE_CJK.test(ch) ? ' ' + anyAscii(ch) + ' ' : anyAscii(ch);
    return out;
  }
  return anyAscii(s);
}

const PHONETIC_RULES: readonly [RegExp, string][] = [
  [/dzh/g, 'j'],
  [/tsch|tch/g, 'ch'],
  [/gkh/g, 'gh'],
  [/kh/g, 'h'],
  [/ts/g, 'c'],
  [/ck/g, 'k'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/ou/g, 'u'],
  [/ee/g, 'i'],
  // Korean: Revised Romanization (any-ascii) vs McCune-Reischauer / common spellings
  [/eo/g, 'o'],
  [/eu/g, 'u'],
  [/^g(?=[aeiouy])/, 'k'],
  [/^b(?=[aeiouy])/, 'p'],
  [/(.)\1+/g, '$1'],
];

/**
 * Transliteration-insensitive form of a token, used when one of the names was transliterated
 * from another script: the usual English/Russian/German romanisation variants are folded
 * (dzh→j, kh→h, ts→c, ck→k, w→v, doubled letters…).
 */
export function phoneticForm(token: string): string {
  let t = token;
  for (const [re, to] of PHONETIC_RULES) t = t.replace(re, to);
  return t;
}

/** Phonetic forms of a name's core tokens, computed once per prepared name. */
export function phoneticTokens(p: PreparedName): string[] {
  return (p.phonetic ??= p.core.map(phoneticForm));
}

/** Consonant skeleton: vowels and w/y dropped (except leading), doubles collapsed. */
export function skeleton(token: string): string {
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if ('aeiou'.includes(c)) continue;
    if ((c === 'w' || c === 'y') && i > 0) continue;
    const m = c === 'q' ? 'k' : c === 'v' ? 'w' : c;
    if (out.length > 0 && out[out.length - 1] === m) continue;
    out += m;
  }
  return out;
}

/** Lower-cased ASCII tokens with punctuation handled (no canonicalisation). */
export function tokenize(raw: string): string[] {
  let s = raw;
  for (const re of BOILERPLATE) s = s.replace(re, ' ');
  s = toAscii(s).toLowerCase();
  // dotted initials/acronyms: "a.i.c." → "aic", "u.s.a" → "usa"
  s = s.replace(/\b(?:[a-z0-9]\.){2,}(?:[a-z0-9]\b)?/g, (m) => m.replace(/\./g, ''));
  // apostrophes and backticks inside words are dropped: "nu'man" → "numan"
  s = s.replace(/['`\u2019\u02BF\u02BE]/g, '');
  s = s.replace(/&/g, ' and ');
  s = s.replace(/[^a-z0-9]+/g, ' ');
  return s.split(' ').filter(Boolean);
}

/** Full preparation of one name. */
export function prepare(raw: string): PreparedName {
  const abjad = RE_ABJAD.test(raw);
  let toks = tokenize(raw);
  if (RE_CJK.test(raw)) toks = pinyinPhrases(toks);
  toks = toks.map((t) => ABBREVIATIONS[t] ?? legalSpelling(t));
  const allToks = toks;
  // multi-word legal forms first
  const legal: string[] = [];
  if (toks.length > 1) {
    const out: string[] = [];
    for (let i = 0; i < toks.length;) {
      let hit: [number, string] | undefined;
      for (const [phrase, canon] of LEGAL_PHRASES) {
        if (
          phrase.length > (hit?.[0] ?? 0) &&
          i + phrase.length <= toks.length &&
          phrase.every((p, k) => (PHRASE_FOLD[toks[i + k]] ?? toks[i + k]) === p)
        ) {
          // only treat as legal form at the end or after a core token, never the whole name
          if (!(i === 0 && phrase.length === toks.length)) hit = [phrase.length, canon];
        }
      }
      if (hit) {
        legal.push(hit[1]);
        i += hit[0];
      } else out.push(toks[i++]);
    }
    toks = out;
  }
  const core: string[] = [];
  const numbers: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    // a legal-form word is legal only when it is not the first token ("CO" alone stays a name;
    // "AS" or "DE" at the start are names or particles)
    const lf = LEGAL_FORMS[t];
    if (lf !== undefined && (i > 0 || (PREFIX_LEGAL.has(t) && toks.length > 1)) && t !== 'as') {
      legal.push(lf);
      continue;
    }
    if (/[0-9]/.test(t)) numbers.push(t);
    if (STOPWORDS.has(t)) continue;
    core.push(t);
  }
  if (core.length === 0) {
    // a name made only of stopwords/legal forms: keep everything so it can still be matched
    for (const t of toks) core.push(t);
    legal.length = 0;
  }
  return {
    raw,
    core,
    legal,
    numbers,
    abjad,
    skeleton: abjad ? core.map(skeleton).filter(Boolean) : [],
    joined: core.join(''),
    allJoined: allToks.join(''),
    all: allToks,
    translit: RE_NON_LATIN.test(raw),
  };
}
