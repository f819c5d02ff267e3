import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { detectFormat, readListFile, readCslJson } from '../src/screening/readers.ts';

const L = 'data/lists';
const tmp = () => mkdtempSync(join(tmpdir(), 'exportctl-readers-'));

describe('trade.gov CSL readers', () => {
  it('reads the current schema (with _id, licence requirement and policy)', () => {
    const p = readListFile(join(L, 'csl_2025-06-25_sample.csv'));
    expect(p.format).toBe('csl-csv');
    expect(p.problems).toEqual([]);
    expect(p.entities).toHaveLength(13);
    const el = p.entities.find((e) => e.list === 'EL')!;
    expect(el.name).toMatch(/13th Research Institute/);
    expect(el.aliases).toContain('CETC Research Institute 13'); // "and " prefix dropped
    expect(el.licenseRequirement).toMatch(/734\.9\(g\)/);
    expect(el.licensePolicy).toMatch(/Policy of denial/);
    expect(el.frNotice).toBe('83 FR 37423; 87 FR 77505');
    expect(el.startDate).toBe('2018-08-01');
    expect(el.countries).toEqual(['CN']);
    expect(el.sourceId).toHaveLength(56); // trade.gov _id kept as source id
    expect(el.id).not.toContain(el.sourceId!); // but our id does not depend on the FR cite
    const sdn = p.entities.find((e) => e.list === 'SDN')!;
    expect(sdn).toMatchObject({
      id: 'SDN:52291',
      type: 'person',
      countries: expect.arrayContaining(['CN', 'KP']),
    });
    expect(sdn.identifiers[0]).toMatchObject({ type: 'Passport', value: '836238033', country: 'KP' });
  });
  it('reads the older schema without _id', () => {
    const p = readListFile(join(L, 'csl_2019-12-03_sample.csv'));
    expect(p.problems).toEqual([]);
    expect(p.entities).toHaveLength(115);
    const counts: Record<string, number> = {};
    for (const e of p.entities) counts[e.list] = (counts[e.list] ?? 0) + 1;
    expect(counts).toMatchObject({
      SDN: 28,
      SSI: 26,
      EL: 22,
      PLC: 13,
      DTC: 10,
      DPL: 8,
      UVL: 4,
      ISN: 3,
      CAP: 1,
    });
    const dpl = p.entities.find((e) => e.list === 'DPL')!;
    expect(dpl.endDate).toBe('2020-10-13');
  });
  it('reads CSL JSON ({results:[…]}) into the same model as the CSV', () => {
    const rows = parse(readFileSync(join(L, 'csl_2025-06-25_sample.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const json = {
      results: rows.map((r) => ({
        ...r,
        alt_names: r.alt_names ? r.alt_names.split('; ') : [],
        addresses: r.addresses
          ? r.addresses.split('; ').map((a) => ({ address: a, country: a.split(', ').pop() }))
          : [],
        ids: [],
      })),
    };
    const d = tmp();
    writeFileSync(join(d, 'csl.json'), JSON.stringify(json));
    expect(detectFormat(join(d, 'csl.json'), JSON.stringify(json).slice(0, 100))).toBe('csl-json');
    const p = readListFile(join(d, 'csl.json'));
    const csv = readListFile(join(L, 'csl_2025-06-25_sample.csv'));
    expect(p.entities.map((e) => e.id)).toEqual(csv.entities.map((e) => e.id));
    expect(p.entities.find((e) => e.list === 'EL')!.countries).toEqual(['CN']);
  });
  it('reports malformed JSON records with their index', () => {
    const p = readCslJson(
      JSON.stringify({
        results: [{ source: 'Entity List (EL)', name: 'X' }, 5, { source: 'Entity List (EL)' }],
      }),
      'x.json',
    );
    expect(p.entities).toHaveLength(1);
    expect(p.problems.map((x) => x.line)).toEqual([2, 3]);
  });
  it('reports malformed CSV rows with their line number, keeps the rest', () => {
    const d = tmp();
    const text = readFileSync(join(L, 'csl_2025-06-25_sample.csv'), 'utf8').split('\n');
    text.splice(3, 0, '"only","three","fields"', ',,,,,,,,,,,,,,,,,,,,,,,,,,,,'); // lines 4 and 5
    writeFileSync(join(d, 'bad.csv'), text.join('\n'));
    const p = readListFile(join(d, 'bad.csv'));
    expect(p.entities).toHaveLength(13);
    expect(p.problems.map((x) => x.line)).toEqual([4, 5]);
    expect(p.problems[0].message).toMatch(/expected 29 fields, got 3/);
    expect(p.problems[1].message).toMatch(/no name/);
  });
});

describe('OFAC legacy readers', () => {
  it('reads sdn.csv with -0- empties and the trailing Ctrl-Z', () => {
    const raw = readFileSync(join(L, 'sdn_2024-05-03.csv'), 'latin1');
    expect(raw.trimEnd().endsWith('\x1a')).toBe(true);
    const p = readListFile(join(L, 'sdn_2024-05-03.csv'));
    expect(p.format).toBe('ofac-sdn');
    expect(p.problems).toEqual([]);
    expect(p.entities).toHaveLength(14965);
    const bnc = p.entities.find((e) => e.id === 'SDN:306')!;
    expect(bnc).toMatchObject({
      name: 'BANCO NACIONAL DE CUBA',
      type: 'entity',
      programs: ['CUBA'],
      weakAliases: ['BNC'],
    });
    expect(bnc.title).toBeUndefined(); // "-0- " normalised away
    expect(p.entities.filter((e) => e.type === 'vessel').length).toBeGreaterThan(100);
  });
  const watchman = '/work/shared/data/screening/watchman/ofac_2021-07/sdn.csv';
  it.skipIf(!existsSync(watchman))('joins add.csv, alt.csv and sdn_comments.csv beside sdn.csv', () => {
    const p = readListFile(watchman);
    expect(p.files).toHaveLength(4);
    expect(p.problems).toEqual([]);
    const e = p.entities.find((x) => x.id === 'SDN:36')!;
    expect(e.aliases).toContain('AERO-CARIBBEAN');
    expect(e.addresses[0]).toMatchObject({ city: 'Havana', countryCode: 'CU' });
  });
  it('reads the non-SDN consolidated list with its companions', () => {
    const p = readListFile(join(L, 'ofac_nonsdn_2025-12-19/cons_prim.csv'));
    expect(p.format).toBe('ofac-cons');
    expect(p.entities).toHaveLength(442);
    expect(p.files).toHaveLength(4);
    expect(p.entities.find((e) => e.id === 'NONSDN:9639')!.aliases).toEqual([
      'HANIYA, Ismail',
      'HANIYYA, Ismaeel',
    ]);
  });
  it('reports bad OFAC rows with line numbers', () => {
    const d = tmp();
    writeFileSync(
      join(d, 'sdn.csv'),
      '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\nabc,"X",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n37,"TOO FEW"\r\n38,-0- ,-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a\r\n',
    );
    const p = readListFile(join(d, 'sdn.csv'));
    expect(p.entities.map((e) => e.id)).toEqual(['SDN:36']);
    expect(p.problems.map((x) => [x.line, x.message])).toEqual([
      [2, expect.stringMatching(/ent_num is not a number/)],
      [3, expect.stringMatching(/expected 12 fields, got 2/)],
      [4, expect.stringMatching(/no name/)],
    ]);
  });
});

describe('BIS Denied Persons List reader', () => {
  it('reads CSV with effective/expiry dates and FR citations', () => {
    const p = readListFile(join(L, 'dpl_2019-07-09.csv'));
    expect(p.format).toBe('bis-dpl');
    expect(p.problems).toEqual([]);
    expect(p.entities).toHaveLength(546);
    const e = p.entities[0];
    expect(e).toMatchObject({
      list: 'DPL',
      name: 'ADRIAN MANUEL HERNANDEZ',
      startDate: '2017-10-16',
      endDate: '2020-10-13',
      frNotice: '82 F.R. 48792 10/20/2017',
    });
  });
  it('reads the tab-separated form too', () => {
    const d = tmp();
    const tsv = readFileSync(join(L, 'dpl_2019-07-09.csv'), 'utf8')
      .split('\n')
      .slice(0, 3)
      .map((l) => (parse(l) as string[][])[0]?.join('\t') ?? '')
      .join('\n');
    writeFileSync(join(d, 'dpl.txt'), tsv);
    const p = readListFile(join(d, 'dpl.txt'), 'bis-dpl');
    expect(p.entities.map((e) => e.name)).toEqual(['ADRIAN MANUEL HERNANDEZ', 'I. ASH']);
  });
  it('refuses a file it cannot identify, naming the --format choices', () => {
    const d = tmp();
    writeFileSync(join(d, 'x.txt'), 'hello\nworld\n');
    expect(() => readListFile(join(d, 'x.txt'))).toThrow(/--format/);
  });
});
