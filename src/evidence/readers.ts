/**
 * Readers for the evidence data: Epoch AI's Capabilities Index (ECI) CSV, Epoch's Notable AI Models
 * CSV, and the project's benchmark table. Each schema version seen is an explicit column map; a
 * file whose header matches none of them is rejected with the missing columns named.
 *
 * Epoch AI data is CC BY 4.0: every answer built from it carries EPOCH_ATTRIBUTION.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { InputError } from '../engine/errors.ts';
import { normaliseName, baseName, parseCountries, normaliseCountry } from './groups.ts';
import type {
  Accessibility,
  BenchmarkInfo,
  Dataset,
  LagClaim,
  ReporterKind,
  Score,
  ScoreSource,
} from './types.ts';
import { EPOCH_ATTRIBUTION } from './types.ts';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'evidence');
export const DEFAULT_FILES = {
  table: join(DATA_DIR, 'frontier_models_benchmarks.csv'),
  eci: join(DATA_DIR, 'epoch_capabilities_index_2026-04-11.csv'),
  notable: join(DATA_DIR, 'notable_ai_models_2025-05-01.csv'),
  benchmarks: join(DATA_DIR, 'benchmarks.json'),
  rates: join(DATA_DIR, 'published-rates.json'),
  claims: join(DATA_DIR, 'claims.json'),
  timeline: join(DATA_DIR, 'control-timeline.json'),
};

/** The published lag claims checked by the per-model view (`evidence lag --model`, /v1/evidence/model). */
export function readClaims(file = DEFAULT_FILES.claims): LagClaim[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { claims: LagClaim[] }).claims;
}

export const ECI_BENCHMARK = 'Epoch Capabilities Index (ECI)';
const ISO = /^\d{4}-\d{2}-\d{2}$/;

type Row = Record<string, string>;

/** A column map: our field name -> the header in that schema version. */
export interface ColumnMap {
  schema: string;
  columns: Record<string, string>;
  /** Headers whose presence identifies this version. */
  signature: string[];
}

export const ECI_SCHEMAS: ColumnMap[] = [
  {
    schema: 'epoch-eci-2026-04',
    signature: ['Model version', 'ECI Score', 'Release date'],
    columns: {
      version: 'Model version',
      eci: 'ECI Score',
      date: 'Release date',
      organization: 'Organization',
      country: 'Country',
      accessibility: 'Model accessibility',
      compute: 'Training compute (FLOP)',
      confidence: 'Confidence',
      name: 'Model name',
      display: 'Display name',
    },
  },
];

export const NOTABLE_SCHEMAS: ColumnMap[] = [
  {
    // May-2025 export: "Country (from Organization)", no cloud/upfront cost columns.
    schema: 'epoch-notable-2025-05',
    signature: ['Model', 'Publication date', 'Country (from Organization)'],
    columns: {
      model: 'Model',
      organization: 'Organization',
      date: 'Publication date',
      country: 'Country (from Organization)',
      domain: 'Domain',
      compute: 'Training compute (FLOP)',
      cost: 'Training compute cost (2023 USD)',
      confidence: 'Confidence',
      accessibility: 'Model accessibility',
      frontier: 'Frontier model',
      hardware: 'Training hardware',
    },
  },
  {
    // 2026 export: "Country (of organization)", adds cloud/upfront cost and "Open model weights?".
    schema: 'epoch-notable-2026',
    signature: ['Model', 'Publication date', 'Country (of organization)'],
    columns: {
      model: 'Model',
      organization: 'Organization',
      date: 'Publication date',
      country: 'Country (of organization)',
      domain: 'Domain',
      compute: 'Training compute (FLOP)',
      cost: 'Training compute cost (2023 USD)',
      confidence: 'Confidence',
      accessibility: 'Model accessibility',
      frontier: 'Frontier model',
      hardware: 'Training hardware',
    },
  },
];

export const TABLE_SCHEMAS: ColumnMap[] = [
  {
    schema: 'exportctl-benchmarks-v1',
    signature: ['model', 'country', 'release_date', 'benchmark', 'score', 'source'],
    columns: {
      model: 'model',
      developer: 'developer',
      country: 'country',
      date: 'release_date',
      benchmark: 'benchmark',
      score: 'score',
      source: 'source',
    },
  },
];

function readCsv(file: string, field: string): { header: string[]; rows: Row[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(field, file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new InputError(field, file, `not a readable CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new InputError(field, file, 'the file is empty');
  const header = records[0].map((h) => h.trim());
  const rows = records.slice(1).map((r) => {
    const o: Row = {};
    header.forEach((h, i) => (o[h] = (r[i] ?? '').trim()));
    return o;
  });
  return { header, rows };
}

function pickSchema(header: string[], schemas: ColumnMap[], field: string, file: string): ColumnMap {
  const found = schemas.find((s) => s.signature.every((c) => header.includes(c)));
  if (!found) {
    const best = schemas[0];
    const missing = best.signature.filter((c) => !header.includes(c));
    throw new InputError(
      field,
      file,
      `header matches no known schema (${schemas.map((s) => s.schema).join(', ')}); missing columns: ${missing.join(', ')}`,
    );
  }
  return found;
}

function snapshotFromName(file: string): string | undefined {
  const m = basename(file).match(/(\d{4}-\d{2}-\d{2})/);
  return m?.[1];
}

function num(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const v = Number(s.replace(/,/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

class Skips {
  private m = new Map<string, number>();
  add(reason: string): void {
    this.m.set(reason, (this.m.get(reason) ?? 0) + 1);
  }
  list(): { reason: string; count: number }[] {
    return [...this.m.entries()].map(([reason, count]) => ({ reason, count }));
  }
}

export function accessibilityOf(raw: string | undefined): Accessibility | undefined {
  if (!raw) return undefined;
  const k = raw.toLowerCase();
  if (k.startsWith('open weights') || k === 'open' || k === 'true') return 'open';
  if (
    k.includes('api') ||
    k.includes('hosted') ||
    k.includes('unreleased') ||
    k === 'closed' ||
    k === 'false'
  )
    return 'closed';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Benchmark table

/**
 * Parse the table's `source` column: "DOCUMENT [reporter] setting: SETTING".
 * reporter is one of: self-reported | reported by <lab> | developer-reported, tabulated by <x> |
 * third-party eval | third-party estimate (<who>).
 */
export function parseSource(raw: string, developer: string, dataset: string): ScoreSource {
  const m = raw.match(/^(.*?)\s*\[([^\]]+)\]\s*(?:setting:\s*(.*))?$/s);
  const document = (m ? m[1] : raw).trim();
  const tag = (m?.[2] ?? '').trim().toLowerCase();
  const setting = m?.[3]?.trim() || undefined;
  let reporter: ReporterKind = 'unknown';
  let reportedBy: string | undefined;
  if (tag.startsWith('self-reported')) reporter = 'self';
  else if (tag.startsWith('developer-reported')) reporter = 'developer-tabulated';
  else if (tag.startsWith('reported by')) {
    reportedBy = m![2].trim().slice('reported by'.length).trim();
    reporter =
      normaliseName(reportedBy) && normaliseName(developer).startsWith(normaliseName(reportedBy))
        ? 'self'
        : 'competitor';
  } else if (tag.startsWith('third-party estimate')) reporter = 'third-party-estimate';
  else if (tag.startsWith('third-party')) reporter = 'third-party';
  const out: ScoreSource = { document, reporter, dataset };
  if (reportedBy) out.reportedBy = reportedBy;
  if (setting) out.setting = setting;
  if (/secondary/i.test(document)) out.secondary = true;
  return out;
}

export function readBenchmarkTable(
  file = DEFAULT_FILES.table,
  field = '--table',
): { scores: Score[]; dataset: Dataset } {
  const { header, rows } = readCsv(file, field);
  const map = pickSchema(header, TABLE_SCHEMAS, field, file);
  const c = map.columns;
  const id = `table:${basename(file)}`;
  const skips = new Skips();
  const scores: Score[] = [];
  for (const r of rows) {
    const date = r[c.date];
    const value = num(r[c.score]);
    if (!ISO.test(date ?? '')) {
      skips.add('no release date');
      continue;
    }
    if (value === undefined) {
      skips.add('no numeric score');
      continue;
    }
    if (!r[c.model] || !r[c.benchmark]) {
      skips.add('no model or benchmark');
      continue;
    }
    scores.push({
      model: r[c.model],
      aliases: [],
      developer: r[c.developer] ?? '',
      countries: parseCountries(r[c.country]),
      releaseDate: date,
      benchmark: r[c.benchmark],
      value,
      source: parseSource(r[c.source] ?? '', r[c.developer] ?? '', id),
    });
  }
  return {
    scores,
    dataset: {
      id,
      file,
      snapshot: snapshotFromName(file),
      schema: map.schema,
      rows: rows.length,
      used: scores.length,
      skipped: skips.list(),
      attribution: `benchmark figures from the documents cited per row; Epoch-derived rows: ${EPOCH_ATTRIBUTION}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Epoch Capabilities Index

export interface EciModel {
  name: string;
  version: string;
  display?: string;
  organization: string;
  countries: string[];
  accessibility?: Accessibility;
  releaseDate?: string;
  eci?: number;
  compute?: number;
  confidence?: string;
}

export function readEciModels(
  file = DEFAULT_FILES.eci,
  field = '--eci',
): { models: EciModel[]; dataset: Dataset } {
  const { header, rows } = readCsv(file, field);
  const map = pickSchema(header, ECI_SCHEMAS, field, file);
  const c = map.columns;
  const models = rows.map((r) => {
    const m: EciModel = {
      name: (r[c.name] || r[c.version] || '').replace(/\s+/g, ' ').trim(),
      version: r[c.version] ?? '',
      organization: r[c.organization] ?? '',
      countries: parseCountries(r[c.country]),
    };
    const display = r[c.display]?.trim();
    if (display) m.display = display.replace(/\*$/, '');
    const acc = accessibilityOf(r[c.accessibility]);
    if (acc) m.accessibility = acc;
    if (ISO.test(r[c.date] ?? '')) m.releaseDate = r[c.date];
    const eci = num(r[c.eci]);
    if (eci !== undefined) m.eci = eci;
    const compute = num(r[c.compute]);
    if (compute !== undefined && compute > 0) m.compute = compute;
    if (r[c.confidence]) m.confidence = r[c.confidence];
    return m;
  });
  const skips = new Skips();
  let used = 0;
  for (const m of models) {
    if (m.eci === undefined) skips.add('blank ECI score');
    else if (!m.releaseDate) skips.add('no release date');
    else used++;
  }
  return {
    models,
    dataset: {
      id: `eci:${basename(file)}`,
      file,
      snapshot: snapshotFromName(file),
      schema: map.schema,
      rows: rows.length,
      used,
      skipped: skips.list(),
      attribution: `Epoch Capabilities Index — ${EPOCH_ATTRIBUTION}`,
    },
  };
}

/** ECI rows as scores on the benchmark "Epoch Capabilities Index (ECI)". */
export function eciScores(models: EciModel[], dataset: Dataset): Score[] {
  const out: Score[] = [];
  for (const m of models) {
    if (m.eci === undefined || !m.releaseDate) continue;
    const aliases = [m.version, m.display].filter((x): x is string => !!x && x !== m.name);
    const s: Score = {
      model: m.display || m.name,
      aliases: [m.name, ...aliases],
      developer: m.organization,
      countries: m.countries,
      releaseDate: m.releaseDate,
      benchmark: ECI_BENCHMARK,
      value: m.eci,
      source: {
        document: `Epoch AI Capabilities Index CSV ${basename(dataset.file)}${dataset.snapshot ? ` (snapshot ${dataset.snapshot})` : ''}`,
        reporter: 'third-party',
        setting: 'Epoch composite, IRT-style',
        dataset: dataset.id,
      },
    };
    if (m.accessibility) s.accessibility = m.accessibility;
    out.push(s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Notable AI Models

export interface NotableModel {
  model: string;
  organization: string;
  countries: string[];
  date: string;
  domain: string;
  compute?: number;
  cost?: number;
  confidence?: string;
  accessibility?: Accessibility;
  frontier: boolean;
  hardware?: string;
}

export function readNotable(
  file = DEFAULT_FILES.notable,
  field = '--notable',
): { models: NotableModel[]; dataset: Dataset } {
  const { header, rows } = readCsv(file, field);
  const map = pickSchema(header, NOTABLE_SCHEMAS, field, file);
  const c = map.columns;
  const skips = new Skips();
  const models: NotableModel[] = [];
  for (const r of rows) {
    const date = r[c.date];
    if (!ISO.test(date ?? '')) {
      skips.add('no publication date');
      continue;
    }
    const m: NotableModel = {
      model: r[c.model],
      organization: r[c.organization] ?? '',
      countries: parseCountries(r[c.country]),
      date,
      domain: r[c.domain] ?? '',
      frontier: /^(true|yes|1)$/i.test(r[c.frontier] ?? ''),
    };
    const compute = num(r[c.compute]);
    if (compute !== undefined && compute > 0) m.compute = compute;
    const cost = num(r[c.cost]);
    if (cost !== undefined && cost > 0) m.cost = cost;
    if (r[c.confidence]) m.confidence = r[c.confidence];
    const acc = accessibilityOf(r[c.accessibility]);
    if (acc) m.accessibility = acc;
    if (r[c.hardware]) m.hardware = r[c.hardware];
    models.push(m);
  }
  return {
    models,
    dataset: {
      id: `notable:${basename(file)}`,
      file,
      snapshot: snapshotFromName(file),
      schema: map.schema,
      rows: rows.length,
      used: models.length,
      skipped: skips.list(),
      attribution: `Epoch AI, Notable AI Models — ${EPOCH_ATTRIBUTION}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Benchmark metadata

let benchCache: BenchmarkInfo[] | undefined;
export function benchmarkInfos(file = DEFAULT_FILES.benchmarks): BenchmarkInfo[] {
  if (file === DEFAULT_FILES.benchmarks && benchCache) return benchCache;
  const j = JSON.parse(readFileSync(file, 'utf8')) as { benchmarks: BenchmarkInfo[] };
  if (file === DEFAULT_FILES.benchmarks) benchCache = j.benchmarks;
  return j.benchmarks;
}

export function benchmarkInfo(name: string): BenchmarkInfo | undefined {
  return benchmarkInfos().find((b) => b.name === name);
}

// ---------------------------------------------------------------------------------------------
// Score store: the table plus the ECI CSV, accessibility filled in from ECI where names match.

export interface EvidenceData {
  scores: Score[];
  datasets: Dataset[];
  eciModels: EciModel[];
}

export interface LoadOptions {
  table?: string;
  eci?: string;
  /** 'table' = benchmark table only; 'eci' = ECI CSV only; 'all' (default) = both (the table's own ECI rows are then replaced by the full ECI CSV). */
  use?: 'all' | 'table' | 'eci';
}

export function loadEvidence(opts: LoadOptions = {}): EvidenceData {
  const use = opts.use ?? 'all';
  const datasets: Dataset[] = [];
  const eci = readEciModels(opts.eci ?? DEFAULT_FILES.eci);
  let scores: Score[] = [];
  if (use !== 'eci') {
    const t = readBenchmarkTable(opts.table ?? DEFAULT_FILES.table);
    datasets.push(t.dataset);
    scores = use === 'all' ? t.scores.filter((s) => s.benchmark !== ECI_BENCHMARK) : t.scores;
  }
  if (use !== 'table') {
    datasets.push(eci.dataset);
    scores = scores.concat(eciScores(eci.models, eci.dataset));
  }
  // Accessibility for table rows: join on the ECI names (exact normalised name, then without a parenthetical).
  const access = new Map<string, Accessibility>();
  for (const m of eci.models) {
    if (!m.accessibility) continue;
    for (const n of [m.name, m.version, m.display]) if (n) access.set(normaliseName(n), m.accessibility);
  }
  for (const s of scores) {
    if (s.accessibility) continue;
    const a = access.get(normaliseName(s.model)) ?? access.get(normaliseName(baseName(s.model)));
    if (a) s.accessibility = a;
  }
  return { scores, datasets, eciModels: eci.models };
}

export { normaliseCountry };
