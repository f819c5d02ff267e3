/**
 * The product catalog: 52 accelerators (data/catalog/accelerators.csv) turned into Specs with
 * their sources and confidence, and name resolution by vendor + name or alias, case-insensitive.
 * Unknown or ambiguous names are errors that list the closest catalog names.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distance } from 'fastest-levenshtein';
import type { Confidence } from '../rules/types.ts';
import { lowestConfidence } from '../rules/types.ts';
import type { Spec, ThroughputEntry } from '../engine/spec.ts';
import { InputError } from '../engine/errors.ts';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'catalog');

export interface Product {
  id: string;
  vendor: string;
  name: string;
  /** "NVIDIA H100 SXM5 80GB" */
  fullName: string;
  aliases: string[];
  releaseYear: number | null;
  marketSegment: string;
  spec: Spec;
  /** Confidence of the specs the metrics use (lowest of throughput and die area grades). */
  confidence: Confidence;
  throughputConfidence: Confidence;
  dieAreaConfidence: Confidence | null;
  throughputBasis: string;
  dieAreaBasis: string;
  interconnect: string;
  processNode: string;
  sources: string[];
  reportedStatus: string;
  reportedStatusSources: string;
  notes: string;
  /** Where the catalog's facts come from (attribution). */
  attribution: string;
}

type Row = Record<string, string>;

function num(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : undefined;
}

function grade(s: string): Confidence | null {
  const g = s.trim().toLowerCase();
  if (g.startsWith('high')) return 'high';
  if (g.startsWith('medium')) return 'medium';
  if (g === '' || g.startsWith('none')) return null;
  return 'low'; // "low", "very low (estimate)", …
}

export function slug(vendor: string, name: string): string {
  return `${vendor} ${name}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Normalised key for matching: lower case, punctuation and spaces folded. */
export function nameKey(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function productFromRow(r: Row): Product {
  const datacenter = r.designed_or_marketed_for_datacenter?.trim().toLowerCase();
  const throughput: ThroughputEntry[] = [];
  const push = (format: ThroughputEntry['format'], v: number | undefined) => {
    if (v !== undefined && v > 0) throughput.push({ format, tops: v });
  };
  push('fp64', num(r.fp64_tflops));
  push('tf32', num(r.tf32_tflops));
  push('fp16', num(r.fp16_bf16_tflops_dense));
  push('fp8', num(r.fp8_tflops_dense));
  push('int8', num(r.int8_tops_dense));
  push('fp4', num(r.fp4_tflops_dense));
  push('int4', num(r.int4_tops_dense));
  const c2c = num(r.chip_to_chip_bw_gbs_bidir);
  const host = num(r.host_interface_gbs_bidir);
  const io = c2c === undefined && host === undefined ? undefined : (c2c ?? 0) + (host ?? 0);
  const spec: Spec = {
    name: `${r.vendor} ${r.name}`,
    kind: 'ic',
    // "unclear" is treated as datacenter (the stricter reading) and flagged by the classifier.
    datacenter: datacenter === 'no' ? false : true,
    throughput,
    dieAreaMm2: num(r.die_area_mm2),
    ioBandwidthGBps: io,
    memoryBandwidthGBps: num(r.memory_bw_gbs),
  };
  const tc = grade(r.throughput_confidence ?? '') ?? 'low';
  const dc = grade(r.die_area_confidence ?? '');
  return {
    id: slug(r.vendor!, r.name!),
    vendor: r.vendor!,
    name: r.name!,
    fullName: `${r.vendor} ${r.name}`,
    aliases: [],
    releaseYear: num(r.release_year) ?? null,
    marketSegment: r.market_segment ?? '',
    spec,
    confidence: lowestConfidence(tc, dc ?? 'low'),
    throughputConfidence: tc,
    dieAreaConfidence: dc,
    throughputBasis: r.throughput_basis ?? '',
    dieAreaBasis: r.die_area_basis ?? '',
    interconnect: r.interconnect_type ?? '',
    processNode: r.process_node ?? '',
    sources: (r.sources ?? '').split(/\s+\|\s+/).filter(Boolean),
    reportedStatus: r.reported_status ?? '',
    reportedStatusSources: r.reported_status_sources ?? '',
    notes: r.notes ?? '',
    attribution:
      'exportctl research set (shared/data/chips/accelerators.csv); many specs via Epoch AI ML hardware dataset (CC BY 4.0, epoch.ai/data)',
  };
}

export class Catalog {
  readonly products: Product[];
  private byKey = new Map<string, Product[]>();

  constructor(products: Product[], aliases: { vendor: string; name: string; alias: string }[] = []) {
    this.products = products;
    const byFull = new Map(products.map((p) => [nameKey(p.fullName), p]));
    for (const a of aliases) {
      const p = byFull.get(nameKey(`${a.vendor} ${a.name}`));
      if (!p) throw new Error(`aliases.csv names an unknown product: ${a.vendor} ${a.name}`);
      p.aliases.push(a.alias);
    }
    for (const p of products) {
      const keys = new Set<string>();
      for (const n of [p.name, ...p.aliases]) {
        keys.add(nameKey(n));
        keys.add(nameKey(`${p.vendor} ${n}`));
      }
      keys.add(p.id.replace(/-/g, ' '));
      for (const k of keys) {
        const list = this.byKey.get(k) ?? [];
        if (!list.includes(p)) list.push(p);
        this.byKey.set(k, list);
      }
    }
  }

  /** Exact (normalised) lookup; null when unknown; throws InputError when ambiguous. */
  find(name: string, field = 'product'): Product | null {
    const hits = this.byKey.get(nameKey(name));
    if (!hits || hits.length === 0) return null;
    if (hits.length > 1) {
      throw new InputError(
        field,
        name,
        `ambiguous product name; did you mean: ${hits.map((p) => `"${p.fullName}"`).join(', ')}`,
      );
    }
    return hits[0]!;
  }

  /** Resolves a name or throws InputError listing the closest names. */
  private exact = new Map<string, Product>();

  resolve(name: unknown, field = 'product'): Product {
    if (typeof name === 'string') {
      const hit = this.exact.get(name);
      if (hit) return hit;
    }
    if (typeof name !== 'string' || name.trim() === '')
      throw new InputError(field, name, 'expected a product name');
    const p = this.find(name, field);
    if (p) {
      if (this.exact.size < 10_000) this.exact.set(name, p);
      return p;
    }
    // Several products whose name contains the query (e.g. "Gaudi 3") → ambiguous, not unknown.
    const k = nameKey(name);
    const containing = this.products.filter(
      (x) => nameKey(x.fullName).includes(k) || nameKey(x.name).includes(k),
    );
    if (containing.length > 1) {
      throw new InputError(
        field,
        name,
        `ambiguous product name; did you mean: ${containing.map((p) => `"${p.fullName}"`).join(', ')}`,
      );
    }
    if (containing.length === 1) return containing[0]!;
    throw new InputError(
      field,
      name,
      `unknown product; closest catalog names: ${this.closest(name)
        .map((s) => `"${s}"`)
        .join(', ')}`,
    );
  }

  closest(name: string, n = 5): string[] {
    const k = nameKey(name);
    const scored: [number, string][] = [];
    for (const [key, ps] of this.byKey) {
      const d = distance(k, key) / Math.max(k.length, key.length, 1);
      for (const p of ps) scored.push([d, p.fullName]);
    }
    scored.sort((a, b) => a[0] - b[0]);
    const out: string[] = [];
    for (const [, s] of scored) {
      if (!out.includes(s)) out.push(s);
      if (out.length >= n) break;
    }
    return out;
  }
}

function readCsv(file: string): Row[] {
  return parse(readFileSync(file), { columns: true, skip_empty_lines: true, trim: false }) as Row[];
}

/** The catalog file: the bundled one, or EXPORTCTL_CATALOG (e.g. a merged file from import-epoch). */
export const CATALOG_FILE = process.env.EXPORTCTL_CATALOG || join(DATA_DIR, 'accelerators.csv');

let cached: Catalog | null = null;

/** The catalog (loaded once). */
export function catalog(): Catalog {
  if (!cached) {
    const rows = readCsv(CATALOG_FILE);
    const aliases = readCsv(join(DATA_DIR, 'aliases.csv')) as {
      vendor: string;
      name: string;
      alias: string;
    }[];
    cached = new Catalog(rows.map(productFromRow), aliases);
  }
  return cached;
}

export function resolveProduct(name: unknown, field = 'product'): Product {
  return catalog().resolve(name, field);
}
