/**
 * Country names → ISO 3166-1 alpha-2, built from the platform's ICU region names
 * (Intl.DisplayNames) plus the spellings the US lists use ("Burma", "Korea, North"…).
 */
let byName: Map<string, string> | null = null;

const EXTRA: Record<string, string> = {
  burma: 'MM',
  'korea north': 'KP',
  'north korea': 'KP',
  'democratic peoples republic of korea': 'KP',
  'korea south': 'KR',
  'south korea': 'KR',
  'korea republic of': 'KR',
  russia: 'RU',
  'russian federation': 'RU',
  iran: 'IR',
  syria: 'SY',
  'united states': 'US',
  usa: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  taiwan: 'TW',
  vietnam: 'VN',
  'viet nam': 'VN',
  laos: 'LA',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  'cote divoire': 'CI',
  'congo democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo republic of the': 'CG',
  palestinian: 'PS',
  'west bank': 'PS',
  gaza: 'PS',
  'region crimea': 'UA',
  turkey: 'TR',
  turkiye: 'TR',
  uae: 'AE',
  'united arab emirates': 'AE',
  venezuela: 'VE',
  bolivia: 'BO',
  tanzania: 'TZ',
  moldova: 'MD',
  'bosnia and herzegovina': 'BA',
  'north macedonia': 'MK',
  macedonia: 'MK',
  kosovo: 'XK',
  china: 'CN',
  prc: 'CN',
};

function key(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function table(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const dn = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = dn.of(code);
      } catch {
        continue;
      }
      if (name && name !== code) byName.set(key(name), code);
    }
  }
  for (const [k, v] of Object.entries(EXTRA)) byName.set(key(k), v);
  return byName;
}

/** ISO-2 code for a country name or code; undefined if unknown. */
export function countryCode(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = s.trim();
  if (/^[A-Z]{2}$/.test(t)) return isCountryCode(t) ? t : undefined;
  const k = key(t);
  if (!k) return undefined;
  return table().get(k);
}

/** True when `s` is a valid-looking ISO-2 code the platform knows. */
export function isCountryCode(s: string): boolean {
  if (!/^[A-Za-z]{2}$/.test(s)) return false;
  try {
    const c = s.toUpperCase();
    if (c === 'ZZ' || c === 'EU' || c === 'UN' || c === 'EZ' || c === 'QO') return false;
    const n = new Intl.DisplayNames(['en'], { type: 'region' }).of(c);
    return !!n && n !== c && !/unknown/i.test(n);
  } catch {
    return false;
  }
}
