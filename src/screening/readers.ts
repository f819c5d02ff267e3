/**
 * Readers: one per list source format, each mapping rows into `ListEntity`. CSV parsing is
 * csv-parse; every malformed row becomes a `RowProblem` with its line number (nothing is dropped
 * silently). OFAC legacy quirks handled: the literal `-0- ` empty marker and the trailing Ctrl-Z.
 */
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { countryCode } from './countries.ts';
import type {
  Address,
  EntityType,
  Identifier,
  ListCode,
  ListEntity,
  ListFormat,
  ParsedList,
  RowProblem,
} from './model.ts';

const OFAC_EMPTY = /^\s*-0-\s*$/;

function clean(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v)
    .replace(/\u00a0/g, ' ')
    .trim();
  return OFAC_EMPTY.test(s) ? '' : s;
}

function splitList(v: string, sep = ';'): string[] {
  return v
    .split(sep)
    .map((x) => x.trim())
    .map((x) =>
      x
        .replace(/^and\s+/i, '')
        .replace(/\.$/, '')
        .trim(),
    )
    .filter(Boolean);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Strip a UTF-8 BOM and OFAC's trailing Ctrl-Z (\x1a) end-of-file byte. */
export function stripQuirks(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  t = t.replace(/\x1a\s*$/, '');
  return t;
}

interface Row {
  record: string[];
  line: number;
}

/** Parse CSV text into rows with line numbers; malformed records become problems. */
export function parseCsvRows(text: string, file: string, problems: RowProblem[], delimiter = ','): Row[] {
  const rows: Row[] = [];
  const out = parse(stripQuirks(text), {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (err: { message: string; lines?: number } | undefined) => {
      problems.push({
        file,
        line: err?.lines ?? 0,
        message: `unparseable row: ${err?.message ?? 'unknown error'}`,
      });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  for (const r of out) rows.push({ record: r.record, line: r.info.lines });
  return rows;
}

function hashId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------
// trade.gov CSL

const CSL_SOURCES: [RegExp, ListCode][] = [
  [/\(SDN\)|specially designated nationals/i, 'SDN'],
  [/\(EL\)|^entity list/i, 'EL'],
  [/\(DPL\)|denied persons/i, 'DPL'],
  [/\(UVL\)|unverified list/i, 'UVL'],
  [/\(MEU\)|military end user/i, 'MEU'],
  [/\(ISN\)|nonproliferation sanctions/i, 'ISN'],
  [/\(DTC\)|ITAR debarred/i, 'DTC'],
  [/\(SSI\)|sectoral sanctions/i, 'SSI'],
  [/\(FSE\)|foreign sanctions evaders/i, 'FSE'],
  [/\(PLC\)|palestinian legislative/i, 'PLC'],
  [/\(CAP\)|correspondent account/i, 'CAP'],
  [/\(CMIC\)|chinese military-industrial/i, 'CMIC'],
  [/\(MBS\)|menu-based/i, 'MBS'],
];

export function cslListCode(source: string): ListCode {
  for (const [re, code] of CSL_SOURCES) if (re.test(source)) return code;
  return 'OTHER';
}

function cslType(t: string, list: ListCode): EntityType {
  const s = t.toLowerCase();
  if (s.startsWith('individual') || s === 'person') return 'person';
  if (s.startsWith('entity') || s === 'organization' || s === 'business') return 'entity';
  if (s.startsWith('vessel')) return 'vessel';
  if (s.startsWith('aircraft')) return 'aircraft';
  return list === 'EL' || list === 'MEU' || list === 'UVL' ? 'entity' : 'unknown';
}

/** CSL address strings: "street, city, state, postal, CC" (last part is usually ISO-2). */
function cslAddress(text: string): Address {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const last = parts[parts.length - 1] ?? '';
  const code = countryCode(last);
  return { text, country: last || undefined, countryCode: code };
}

/**
 * CSL `ids`: the current schema writes "type, number, country"; the older one "country, number,
 * type" or "number, type".
 */
function cslIds(text: string, current: boolean): Identifier[] {
  const out: Identifier[] = [];
  for (const part of splitList(text)) {
    const f = part.split(',').map((x) => x.trim());
    if (current && f.length >= 2) {
      const cc = f.length >= 3 && /^[A-Z]{2}$/.test(f[f.length - 1]) ? f[f.length - 1] : undefined;
      out.push({
        type: f[0].replace(/:$/, ''),
        value: (cc ? f.slice(1, -1) : f.slice(1)).join(', '),
        ...(cc ? { country: cc } : {}),
      });
    } else if (f.length >= 3 && /^[A-Z]{2}$/.test(f[0]))
      out.push({ country: f[0], value: f[1], type: f.slice(2).join(', ') });
    else if (f.length >= 2) out.push({ value: f[0], type: f.slice(1).join(', ').replace(/:$/, '') });
    else out.push({ type: 'other', value: part });
  }
  return out;
}

interface CslLike {
  _id?: string;
  source?: string;
  entity_number?: string | number;
  type?: string;
  programs?: string | string[];
  name?: string;
  title?: string;
  addresses?:
    string | { address?: string; city?: string; state?: string; postal_code?: string; country?: string }[];
  federal_register_notice?: string;
  start_date?: string;
  end_date?: string;
  license_requirement?: string;
  license_policy?: string;
  vessel_flag?: string;
  remarks?: string;
  source_list_url?: string;
  alt_names?: string | string[];
  citizenships?: string | string[];
  nationalities?: string | string[];
  ids?: string | { type?: string; number?: string; country?: string }[];
}

function isoDate(s: string): string | undefined {
  const t = clean(s);
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return t.slice(0, 10);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
  return undefined;
}

function cslEntity(r: CslLike, line: number, file: string, problems: RowProblem[]): ListEntity | null {
  const name = clean(r.name);
  const sourceLabel = clean(r.source);
  if (!name) {
    problems.push({ file, line, message: 'row has no name' });
    return null;
  }
  if (!sourceLabel) {
    problems.push({ file, line, message: `row "${name}" has no source list` });
    return null;
  }
  const list = cslListCode(sourceLabel);
  const arr = (v: string | string[] | undefined) =>
    Array.isArray(v) ? v.map(clean).filter(Boolean) : splitList(clean(v));
  const addresses: Address[] = Array.isArray(r.addresses)
    ? r.addresses.map((a) => ({
        street: clean(a.address) || undefined,
        city: clean(a.city) || undefined,
        state: clean(a.state) || undefined,
        postalCode: clean(a.postal_code) || undefined,
        country: clean(a.country) || undefined,
        countryCode: countryCode(clean(a.country)),
      }))
    : splitList(clean(r.addresses)).map(cslAddress);
  const ids: Identifier[] = Array.isArray(r.ids)
    ? r.ids.map((i) => ({
        type: clean(i.type),
        value: clean(i.number),
        country: clean(i.country) || undefined,
      }))
    : cslIds(clean(r.ids), r._id !== undefined);
  const countries = uniq(
    [
      ...addresses.map((a) => a.countryCode),
      ...arr(r.nationalities).map(countryCode),
      ...arr(r.citizenships).map(countryCode),
      countryCode(clean(r.vessel_flag)),
    ].filter((x): x is string => !!x),
  );
  const entityNumber = clean(r.entity_number as string);
  const sourceId = entityNumber || clean(r._id) || undefined;
  const frNotice = clean(r.federal_register_notice) || undefined;
  return {
    // trade.gov's _id hashes name + FR notice, so it changes when the FR cite changes: the stable
    // id is the source's entity number, else a hash of the list and the lower-cased name.
    id: `${list}:${entityNumber || hashId(name.toLowerCase(), list)}`,
    list,
    sourceLabel,
    sourceId,
    name,
    aliases: uniq(arr(r.alt_names)),
    weakAliases: [],
    type: cslType(clean(r.type), list),
    addresses,
    countries,
    identifiers: ids,
    programs: arr(r.programs),
    title: clean(r.title) || undefined,
    remarks: clean(r.remarks) || undefined,
    frNotice,
    licenseRequirement: clean(r.license_requirement) || undefined,
    licensePolicy: clean(r.license_policy) || undefined,
    startDate: isoDate(clean(r.start_date)),
    endDate: isoDate(clean(r.end_date)),
    sourceListUrl: clean(r.source_list_url) || undefined,
    line,
  };
}

export function readCslCsv(text: string, file: string): ParsedList {
  const problems: RowProblem[] = [];
  const rows = parseCsvRows(text, file, problems);
  const entities: ListEntity[] = [];
  if (rows.length === 0) return { format: 'csl-csv', entities, problems, files: [file] };
  const header = rows[0].record.map((h) => h.trim().replace(/^\ufeff/, ''));
  for (const need of ['source', 'name']) {
    if (!header.includes(need)) {
      problems.push({ file, line: rows[0].line, message: `CSL header has no "${need}" column` });
      return { format: 'csl-csv', entities, problems, files: [file] };
    }
  }
  for (const row of rows.slice(1)) {
    if (row.record.length !== header.length) {
      problems.push({
        file,
        line: row.line,
        message: `expected ${header.length} fields, got ${row.record.length}`,
      });
      continue;
    }
    const obj: Record<string, string> = {};
    header.forEach((h, i) => (obj[h] = row.record[i]));
    const e = cslEntity(obj as CslLike, row.line, file, problems);
    if (e) entities.push(e);
  }
  disambiguate(entities);
  return { format: 'csl-csv', entities, problems, files: [file] };
}

export function readCslJson(text: string, file: string): ParsedList {
  const problems: RowProblem[] = [];
  const entities: ListEntity[] = [];
  let data: unknown;
  try {
    data = JSON.parse(stripQuirks(text));
  } catch (e) {
    problems.push({ file, line: 1, message: `not valid JSON: ${(e as Error).message}` });
    return { format: 'csl-json', entities, problems, files: [file] };
  }
  const results = Array.isArray(data) ? data : (data as { results?: unknown[] })?.results;
  if (!Array.isArray(results)) {
    problems.push({ file, line: 1, message: 'JSON has no "results" array' });
    return { format: 'csl-json', entities, problems, files: [file] };
  }
  results.forEach((r, i) => {
    // JSON has no line numbers: report the 1-based record index as the "line"
    if (!r || typeof r !== 'object') {
      problems.push({ file, line: i + 1, message: `record ${i + 1} is not an object` });
      return;
    }
    const e = cslEntity(r as CslLike, i + 1, file, problems);
    if (e) entities.push(e);
  });
  disambiguate(entities);
  return { format: 'csl-json', entities, problems, files: [file] };
}

/** Make ids unique within a file (two EL rows can share a name hash). */
function disambiguate(entities: ListEntity[]): void {
  const seen = new Map<string, number>();
  for (const e of entities) {
    const n = seen.get(e.id) ?? 0;
    seen.set(e.id, n + 1);
    if (n > 0) e.id = `${e.id}#${n + 1}`;
  }
}

// ---------------------------------------------------------------------------------------------
// OFAC legacy CSV (sdn.csv / cons_prim.csv and companions)

function ofacType(t: string): EntityType {
  const s = t.toLowerCase();
  if (s === 'individual') return 'person';
  if (s === 'vessel') return 'vessel';
  if (s === 'aircraft') return 'aircraft';
  return 'entity'; // OFAC leaves entities' type empty (-0-)
}

const AKA_IN_REMARKS = /\ba\.k\.a\.?\s*'([^']+)'/gi;
const NATIONALITY = /\b(?:nationality|citizen)\s+([A-Za-z ,.'-]+?)(?:;|\.|$)/gi;
const ID_IN_REMARKS =
  /\b(Passport|National ID No\.|Tax ID No\.|Registration Number|Identification Number|Vessel Registration Identification IMO|IMO|SWIFT\/BIC|Legal Entity Number|Cedula No\.|NIT #|RFC|D-U-N-S Number)\s+([A-Za-z0-9./-]+)(?:\s+\(([^)]+)\))?/g;

function ofacRemarks(remarks: string): { weakAliases: string[]; countries: string[]; ids: Identifier[] } {
  const weakAliases: string[] = [];
  const countries: string[] = [];
  const ids: Identifier[] = [];
  for (const m of remarks.matchAll(AKA_IN_REMARKS)) weakAliases.push(m[1].trim());
  for (const m of remarks.matchAll(NATIONALITY)) {
    const c = countryCode(m[1].trim());
    if (c) countries.push(c);
  }
  for (const m of remarks.matchAll(ID_IN_REMARKS)) ids.push({ type: m[1], value: m[2], country: m[3] });
  return { weakAliases, countries, ids };
}

function companion(file: string, name: string): string | undefined {
  const p = join(dirname(file), name);
  return existsSync(p) ? p : undefined;
}

export function readOfac(
  text: string,
  file: string,
  format: 'ofac-sdn' | 'ofac-cons',
  companions?: { add?: string; alt?: string; comments?: string },
): ParsedList {
  const problems: RowProblem[] = [];
  const entities: ListEntity[] = [];
  const files = [file];
  const byNum = new Map<string, ListEntity>();
  const list: ListCode = format === 'ofac-sdn' ? 'SDN' : 'NONSDN';
  const label =
    format === 'ofac-sdn'
      ? 'Specially Designated Nationals (SDN) - Treasury Department'
      : 'OFAC Consolidated Sanctions List (non-SDN) - Treasury Department';
  for (const row of parseCsvRows(text, file, problems)) {
    const f = row.record;
    if (f.length !== 12) {
      problems.push({ file, line: row.line, message: `expected 12 fields, got ${f.length}` });
      continue;
    }
    const num = clean(f[0]);
    const name = clean(f[1]);
    if (!/^\d+$/.test(num)) {
      problems.push({ file, line: row.line, message: `ent_num is not a number: ${JSON.stringify(f[0])}` });
      continue;
    }
    if (!name) {
      problems.push({ file, line: row.line, message: `entity ${num} has no name` });
      continue;
    }
    const remarks = clean(f[11]);
    const rm = ofacRemarks(remarks);
    const vesselFlag = clean(f[9]);
    const e: ListEntity = {
      id: `${list}:${num}`,
      list,
      sourceLabel: label,
      sourceId: num,
      name,
      aliases: [],
      weakAliases: rm.weakAliases,
      type: ofacType(clean(f[2])),
      addresses: [],
      countries: uniq([...rm.countries, ...(countryCode(vesselFlag) ? [countryCode(vesselFlag)!] : [])]),
      identifiers: [...rm.ids, ...(clean(f[5]) ? [{ type: 'Call Sign', value: clean(f[5]) }] : [])],
      programs: splitList(clean(f[3]).replace(/\] \[/g, ';').replace(/[[\]]/g, '')),
      title: clean(f[4]) || undefined,
      remarks: remarks || undefined,
      line: row.line,
    };
    if (byNum.has(num)) {
      problems.push({ file, line: row.line, message: `duplicate ent_num ${num} (kept the first)` });
      continue;
    }
    byNum.set(num, e);
    entities.push(e);
  }
  const pre = format === 'ofac-sdn' ? '' : 'cons_';
  const isCanonical = basename(file).toLowerCase() === (format === 'ofac-sdn' ? 'sdn.csv' : 'cons_prim.csv');
  const addF = companions?.add ?? (isCanonical ? companion(file, `${pre}add.csv`) : undefined);
  const altF = companions?.alt ?? (isCanonical ? companion(file, `${pre}alt.csv`) : undefined);
  const comF =
    companions?.comments ??
    (isCanonical
      ? companion(file, format === 'ofac-sdn' ? 'sdn_comments.csv' : 'cons_comments.csv')
      : undefined);
  if (addF) {
    files.push(addF);
    for (const row of parseCsvRows(readFileSync(addF, 'latin1'), addF, problems)) {
      const f = row.record;
      const e = byNum.get(clean(f[0]));
      if (f.length !== 6 || !e) {
        problems.push({
          file: addF,
          line: row.line,
          message:
            f.length !== 6
              ? `expected 6 fields, got ${f.length}`
              : `address for unknown ent_num ${clean(f[0])}`,
        });
        continue;
      }
      const country = clean(f[4]);
      const a: Address = {
        street: clean(f[2]) || undefined,
        city: clean(f[3]) || undefined,
        country: country || undefined,
        countryCode: countryCode(country),
      };
      if (a.street || a.city || a.country) e.addresses.push(a);
      if (a.countryCode && !e.countries.includes(a.countryCode)) e.countries.push(a.countryCode);
    }
  }
  if (altF) {
    files.push(altF);
    for (const row of parseCsvRows(readFileSync(altF, 'latin1'), altF, problems)) {
      const f = row.record;
      const e = byNum.get(clean(f[0]));
      if (f.length !== 5 || !e) {
        problems.push({
          file: altF,
          line: row.line,
          message:
            f.length !== 5
              ? `expected 5 fields, got ${f.length}`
              : `alias for unknown ent_num ${clean(f[0])}`,
        });
        continue;
      }
      const alt = clean(f[3]);
      if (!alt) {
        problems.push({ file: altF, line: row.line, message: `empty alias for ent_num ${clean(f[0])}` });
        continue;
      }
      if (
        clean(f[2]).toLowerCase() === 'nka' ||
        clean(f[2]).toLowerCase() === 'fka' ||
        clean(f[2]).toLowerCase() === 'aka'
      ) {
        if (!e.aliases.includes(alt)) e.aliases.push(alt);
      } else if (!e.weakAliases.includes(alt)) e.weakAliases.push(alt);
    }
  }
  if (comF) {
    files.push(comF);
    for (const row of parseCsvRows(readFileSync(comF, 'latin1'), comF, problems)) {
      const f = row.record;
      const e = byNum.get(clean(f[0]));
      if (f.length < 2 || !e) {
        problems.push({ file: comF, line: row.line, message: `comment for unknown ent_num ${clean(f[0])}` });
        continue;
      }
      const more = clean(f[1]);
      e.remarks = (e.remarks ?? '') + more;
      const rm = ofacRemarks(more);
      for (const w of rm.weakAliases) if (!e.weakAliases.includes(w)) e.weakAliases.push(w);
    }
  }
  // a.k.a.s found in remarks that are also real aliases are not weak
  for (const e of entities) e.weakAliases = e.weakAliases.filter((w) => !e.aliases.includes(w));
  return { format, entities, problems, files };
}

// ---------------------------------------------------------------------------------------------
// BIS Denied Persons List

export function readDpl(text: string, file: string): ParsedList {
  const problems: RowProblem[] = [];
  const entities: ListEntity[] = [];
  const firstLine = stripQuirks(text).split('\n', 1)[0];
  const delimiter = firstLine.includes('\t') ? '\t' : ',';
  const rows = parseCsvRows(text, file, problems, delimiter);
  if (rows.length === 0) return { format: 'bis-dpl', entities, problems, files: [file] };
  const header = rows[0].record.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const col = (n: string) => header.indexOf(n);
  if (col('name') < 0) {
    problems.push({ file, line: rows[0].line, message: 'DPL header has no "Name" column' });
    return { format: 'bis-dpl', entities, problems, files: [file] };
  }
  for (const row of rows.slice(1)) {
    const f = row.record;
    if (f.length !== header.length) {
      problems.push({ file, line: row.line, message: `expected ${header.length} fields, got ${f.length}` });
      continue;
    }
    const get = (n: string) => (col(n) >= 0 ? clean(f[col(n)]) : '');
    const name = get('name');
    if (!name) {
      problems.push({ file, line: row.line, message: 'row has no name' });
      continue;
    }
    const country = get('country');
    const cc =
      countryCode(country) ??
      (get('state') && /^[A-Z]{2}$/.test(get('state')) && !country ? 'US' : undefined);
    const fr = get('fr_citation');
    entities.push({
      id: `DPL:${hashId(name.toLowerCase(), fr)}`,
      list: 'DPL',
      sourceLabel: 'Denied Persons List (DPL) - Bureau of Industry and Security',
      name,
      aliases: [],
      weakAliases: [],
      type: 'unknown', // the DPL does not say person or company
      addresses: [
        {
          street: get('street_address') || undefined,
          city: get('city') || undefined,
          state: get('state') || undefined,
          postalCode: get('postal_code') || undefined,
          country: country || undefined,
          countryCode: cc,
        },
      ],
      countries: cc ? [cc] : [],
      identifiers: [],
      programs: [],
      remarks: get('action') || undefined,
      frNotice: fr || undefined,
      startDate: isoDate(get('effective_date')),
      endDate: isoDate(get('expiration_date')),
      line: row.line,
    });
  }
  disambiguate(entities);
  return { format: 'bis-dpl', entities, problems, files: [file] };
}

// ---------------------------------------------------------------------------------------------
// Detection and dispatch

/** Guess the format from the file name and first bytes. */
export function detectFormat(file: string, head: string): ListFormat | undefined {
  const b = basename(file).toLowerCase();
  const t = stripQuirks(head).trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'csl-json';
  const first = t.split('\n', 1)[0].toLowerCase();
  if (
    first.includes('source') &&
    first.includes('name') &&
    (first.includes('alt_names') || first.includes('federal_register_notice'))
  )
    return 'csl-csv';
  if (first.startsWith('name') && (first.includes('fr_citation') || first.includes('effective_date')))
    return 'bis-dpl';
  if (/^\d+,"/.test(first) || /^\d+,/.test(first)) {
    if (b.startsWith('cons_')) return 'ofac-cons';
    if (/-0-/.test(t.slice(0, 4000)) || b.includes('sdn')) return 'ofac-sdn';
  }
  return undefined;
}

export function readListText(text: string, file: string, format: ListFormat): ParsedList {
  switch (format) {
    case 'csl-csv':
      return readCslCsv(text, file);
    case 'csl-json':
      return readCslJson(text, file);
    case 'ofac-sdn':
    case 'ofac-cons':
      return readOfac(text, file, format);
    case 'bis-dpl':
      return readDpl(text, file);
  }
}

/**
 * Read one list file. OFAC files are latin1 (Windows-1252 in practice); the others UTF-8.
 * Throws only when the format cannot be determined.
 */
export function readListFile(file: string, format?: ListFormat): ParsedList & { bytes: Buffer[] } {
  const buf = readFileSync(file);
  const headUtf8 = buf.subarray(0, 8192).toString('utf8');
  const fmt = format ?? detectFormat(file, headUtf8);
  if (!fmt)
    throw new Error(
      `cannot tell the list format of ${file}: pass --format (one of csl-csv, csl-json, ofac-sdn, ofac-cons, bis-dpl)`,
    );
  const text = fmt === 'ofac-sdn' || fmt === 'ofac-cons' ? decodeOfac(buf) : buf.toString('utf8');
  const parsed = readListText(text, file, fmt);
  const bytes = [buf, ...parsed.files.slice(1).map((f) => readFileSync(f))];
  return { ...parsed, bytes };
}

/** OFAC legacy files are ASCII with occasional Windows-1252 bytes; UTF-8 if it decodes cleanly. */
function decodeOfac(buf: Buffer): string {
  const s = buf.toString('utf8');
  return s.includes('\ufffd') ? buf.toString('latin1') : s;
}
