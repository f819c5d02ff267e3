/**
 * Importer for Epoch AI's ML hardware export (CC BY 4.0 — credit "Epoch AI"): refresh or extend
 * the catalog's specs. Epoch rows are matched to catalog products by normalised name; for each
 * matched product every comparable field is compared and a difference beyond the tolerance is a
 * conflict — reported, and resolved only as the user chooses (`prefer`), never silently. Epoch
 * rows with no catalog match are offered as new products (datacenter flag unknown).
 *
 * Column map (Epoch export as of 2025-06): FLOP/s → TOPS ÷ 1e12; byte/s → GB/s ÷ 1e9.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { InputError } from '../engine/errors.ts';
import { stringify } from 'csv-stringify/sync';
import { catalog, CATALOG_FILE, type Catalog, type Product } from './index.ts';

export const EPOCH_ATTRIBUTION =
  'Epoch AI, "Machine Learning Hardware" dataset (CC BY 4.0), https://epoch.ai/data/machine-learning-hardware';

/** Epoch column → catalog field, with the unit conversion. */
export const EPOCH_COLUMNS = {
  fp64: { column: 'FP64 (double precision) performance (FLOP/s)', scale: 1e-12 },
  tf32: { column: 'TF32 (TensorFloat-32) performance (FLOP/s)', scale: 1e-12 },
  fp16: { column: 'Tensor-FP16/BF16 performance (FLOP/s)', scale: 1e-12 },
  fp8: { column: 'FP8 performance (FLOP/s)', scale: 1e-12 },
  int8: { column: 'INT8 performance (OP/s)', scale: 1e-12 },
  fp4: { column: 'FP4 performance (FLOP/s)', scale: 1e-12 },
  int4: { column: 'INT4 performance (OP/s)', scale: 1e-12 },
  dieAreaMm2: { column: 'Die Size (mm^2)', scale: 1 },
  memoryBandwidthGBps: { column: 'Memory bandwidth (byte/s)', scale: 1e-9 },
} as const;
export type EpochField = keyof typeof EPOCH_COLUMNS;

export interface EpochRecord {
  line: number;
  name: string;
  manufacturer: string;
  type: string;
  releaseDate: string;
  values: Partial<Record<EpochField, number>>;
}

export interface Conflict {
  product: string;
  field: EpochField;
  catalog: number;
  epoch: number;
  relativeDifference: number;
}

export interface ImportReport {
  attribution: string;
  rows: number;
  rejected: { line: number; reason: string }[];
  matched: { product: string; epochName: string; line: number }[];
  /** Fields the catalog lacks that Epoch has (a refresh fills them). */
  fills: { product: string; field: EpochField; epoch: number }[];
  conflicts: Conflict[];
  /** Epoch accelerators with no catalog product (an extension would add them). */
  newProducts: EpochRecord[];
}

export function readEpochHardware(file: string): EpochRecord[] {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (e) {
    throw new InputError('file', file, `cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  const rows = parse(text, {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  if (rows.length && !('Hardware name' in rows[0]!.record)) {
    throw new InputError('file', file, 'not an Epoch ML hardware export (no "Hardware name" column)');
  }
  return rows.map(({ record, info }) => {
    const values: Partial<Record<EpochField, number>> = {};
    for (const [field, { column, scale }] of Object.entries(EPOCH_COLUMNS) as [
      EpochField,
      { column: string; scale: number },
    ][]) {
      const v = Number((record[column] ?? '').trim());
      if ((record[column] ?? '').trim() !== '' && Number.isFinite(v) && v > 0)
        values[field] = Math.round(v * scale * 1000) / 1000;
    }
    return {
      line: info.lines,
      name: (record['Hardware name'] ?? '').trim(),
      manufacturer: (record.Manufacturer ?? '').trim(),
      type: (record.Type ?? '').trim(),
      releaseDate: (record['Release date'] ?? '').trim(),
      values,
    };
  });
}

function catalogValue(p: Product, field: EpochField): number | undefined {
  if (field === 'dieAreaMm2') return p.spec.dieAreaMm2;
  if (field === 'memoryBandwidthGBps') return p.spec.memoryBandwidthGBps;
  return p.spec.throughput?.find((t) => t.format === field)?.tops;
}

export function compareWithEpoch(
  records: EpochRecord[],
  cat: Catalog = catalog(),
  tolerance = 0.02,
): ImportReport {
  const report: ImportReport = {
    attribution: EPOCH_ATTRIBUTION,
    rows: records.length,
    rejected: [],
    matched: [],
    fills: [],
    conflicts: [],
    newProducts: [],
  };
  for (const r of records) {
    if (!r.name) {
      report.rejected.push({ line: r.line, reason: 'empty "Hardware name"' });
      continue;
    }
    let p: Product | null = null;
    try {
      p = cat.find(r.name);
      if (!p && r.manufacturer) {
        // "Ascend (昇腾) 910B" style names: retry without the maker, but only within that maker.
        const q = cat.find(`${r.manufacturer} ${r.name.replace(/\([^)]*\)/g, ' ')}`);
        if (q && q.vendor.toLowerCase() === r.manufacturer.toLowerCase()) p = q;
      }
      if (p && r.manufacturer && p.vendor.toLowerCase() !== r.manufacturer.toLowerCase()) p = null;
    } catch {
      p = null; // ambiguous: treat as unmatched, listed below
    }
    if (!p) {
      if (
        /gpu|tpu|accelerator|npu|asic/i.test(r.type) &&
        (r.values.fp16 || r.values.int8 || r.values.fp8) &&
        r.releaseDate >= '2020'
      )
        report.newProducts.push(r);
      continue;
    }
    report.matched.push({ product: p.fullName, epochName: r.name, line: r.line });
    for (const field of Object.keys(r.values) as EpochField[]) {
      const e = r.values[field]!;
      const c = catalogValue(p, field);
      if (c === undefined) report.fills.push({ product: p.fullName, field, epoch: e });
      else {
        const rel = Math.abs(c - e) / Math.max(Math.abs(c), Math.abs(e));
        if (rel > tolerance)
          report.conflicts.push({
            product: p.fullName,
            field,
            catalog: c,
            epoch: e,
            relativeDifference: Math.round(rel * 1000) / 1000,
          });
      }
    }
  }
  return report;
}

const CSV_COLUMN: Record<EpochField, string> = {
  fp64: 'fp64_tflops',
  tf32: 'tf32_tflops',
  fp16: 'fp16_bf16_tflops_dense',
  fp8: 'fp8_tflops_dense',
  int8: 'int8_tops_dense',
  fp4: 'fp4_tflops_dense',
  int4: 'int4_tops_dense',
  dieAreaMm2: 'die_area_mm2',
  memoryBandwidthGBps: 'memory_bw_gbs',
};

/**
 * A merged catalog CSV (same columns as data/catalog/accelerators.csv): missing fields filled from
 * Epoch, conflicts resolved by `prefer` (default: keep the catalog's value), new Epoch accelerators
 * appended with the datacenter flag "unclear". Every change is noted in the row's `notes`.
 * Load it with EXPORTCTL_CATALOG=FILE.
 */
export function mergedCatalogCsv(
  report: ImportReport,
  prefer: 'catalog' | 'epoch' = 'catalog',
  extend = false,
  source = CATALOG_FILE,
): string {
  const rows = parse(readFileSync(source), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const cat = catalog();
  const byName = new Map(rows.map((r) => [`${r.vendor} ${r.name}`, r]));
  const note = (r: Record<string, string>, s: string) => (r.notes = [r.notes, s].filter(Boolean).join(' | '));
  for (const f of report.fills) {
    const r = byName.get(f.product);
    if (!r) continue;
    r[CSV_COLUMN[f.field]] = String(f.epoch);
    note(r, `${f.field} filled from Epoch AI (${f.epoch})`);
  }
  for (const c of report.conflicts) {
    const r = byName.get(c.product);
    if (!r) continue;
    if (prefer === 'epoch') {
      r[CSV_COLUMN[c.field]] = String(c.epoch);
      note(r, `${c.field} set to Epoch AI value ${c.epoch} (was ${c.catalog})`);
    } else note(r, `${c.field}: Epoch AI reports ${c.epoch}, kept ${c.catalog}`);
  }
  const out = [...rows];
  if (extend) {
    const cols = Object.keys(rows[0]!);
    for (const n of report.newProducts) {
      const r: Record<string, string> = Object.fromEntries(cols.map((c) => [c, '']));
      r.vendor = n.manufacturer || 'unknown';
      r.name =
        n.manufacturer && n.name.toLowerCase().startsWith(n.manufacturer.toLowerCase())
          ? n.name.slice(n.manufacturer.length).trim()
          : n.name;
      if (cat.find(`${r.vendor} ${r.name}`)) continue;
      r.release_year = n.releaseDate.slice(0, 4);
      r.designed_or_marketed_for_datacenter = 'unclear';
      r.throughput_basis = 'Epoch AI (as recorded; check dense vs sparse)';
      r.throughput_confidence = 'medium';
      r.die_area_confidence = n.values.dieAreaMm2 ? 'medium' : 'none';
      for (const [f, v] of Object.entries(n.values) as [EpochField, number][]) r[CSV_COLUMN[f]] = String(v);
      r.sources = `${EPOCH_ATTRIBUTION} (line ${n.line})`;
      r.notes = 'added by exportctl catalog import-epoch';
      out.push(r);
    }
  }
  return stringify(out, { header: true, columns: Object.keys(rows[0]!) });
}
