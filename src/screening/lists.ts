/**
 * List versions: each loaded file is a snapshot (content hash + as-of date). Screening "as of" a
 * date uses, per list, the latest snapshot whose as-of date is on or before that date. Diffs
 * between snapshots report added / removed / changed entries (by stable entity id).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListCode, ListEntity, ListFormat, RowProblem, SnapshotInfo } from './model.ts';
import { readListFile } from './readers.ts';
import type { ScreeningStore } from './store.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** data/lists in the repository (bundled sample lists and effects.json). */
export const DATA_LISTS_DIR = resolve(here, '../../data/lists');

/** Fields compared for "changed" and for review invalidation. */
const FINGERPRINT_FIELDS: (keyof ListEntity)[] = [
  'name',
  'aliases',
  'weakAliases',
  'type',
  'addresses',
  'countries',
  'identifiers',
  'programs',
  'title',
  'remarks',
  'frNotice',
  'licenseRequirement',
  'licensePolicy',
  'startDate',
  'endDate',
];

export function fingerprint(e: ListEntity): string {
  const h = createHash('sha256');
  for (const f of FINGERPRINT_FIELDS) h.update(f + '\u0000' + JSON.stringify(e[f] ?? null) + '\u0001');
  return h.digest('hex').slice(0, 24);
}

export function changedFields(a: ListEntity, b: ListEntity): string[] {
  return FINGERPRINT_FIELDS.filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null));
}

const DATE_IN_NAME = /(\d{4})-(\d{2})-(\d{2})/;

/**
 * As-of date of a snapshot: the explicit one, else a YYYY-MM-DD in the file name, else the
 * latest listing/update date inside the file (CSL start dates, DPL effective dates), else the
 * file's modification date. The rule used is returned so it can be shown.
 */
export function deriveAsOf(
  file: string,
  entities: ListEntity[],
  explicit?: string,
): { asOf: string; rule: string } {
  if (explicit) return { asOf: explicit, rule: 'given' };
  const m = DATE_IN_NAME.exec(basename(file)) ?? DATE_IN_NAME.exec(basename(dirname(file)));
  if (m) return { asOf: `${m[1]}-${m[2]}-${m[3]}`, rule: 'date in file name' };
  let max = '';
  for (const e of entities)
    if (e.startDate && e.startDate > max && e.startDate <= new Date().toISOString().slice(0, 10))
      max = e.startDate;
  if (max) return { asOf: max, rule: 'latest listing date in the file' };
  return { asOf: statSync(file).mtime.toISOString().slice(0, 10), rule: 'file modification date' };
}

export interface LoadResult {
  info: SnapshotInfo;
  problems: RowProblem[];
  /** False when the same content was already loaded. */
  added: boolean;
  asOfRule: string;
  entities: ListEntity[];
}

export interface LoadOptions {
  format?: ListFormat;
  asOf?: string;
  bundled?: boolean;
  /** Take only these lists from the file (e.g. the EL rows of a CSL file). */
  lists?: ListCode[];
}

export function parseSnapshot(file: string, opts: LoadOptions = {}): LoadResult & { fingerprints: string[] } {
  const parsed = readListFile(file, opts.format);
  const h = createHash('sha256');
  for (const b of parsed.bytes) h.update(b);
  if (opts.lists) {
    h.update('lists:' + [...opts.lists].sort().join(','));
    parsed.entities = parsed.entities.filter((e) => opts.lists!.includes(e.list));
  }
  const { asOf, rule } = deriveAsOf(file, parsed.entities, opts.asOf);
  const lists = [...new Set(parsed.entities.map((e) => e.list))].sort() as ListCode[];
  const info: SnapshotInfo = {
    hash: h.digest('hex'),
    format: parsed.format,
    asOf,
    lists,
    entityCount: parsed.entities.length,
    problemCount: parsed.problems.length,
    source: opts.bundled ? `data/lists/${relative(DATA_LISTS_DIR, resolve(file))}` : resolve(file),
    loadedAt: new Date().toISOString(),
    ...(opts.bundled ? { bundled: true } : {}),
  };
  return {
    info,
    problems: parsed.problems,
    added: false,
    asOfRule: rule,
    entities: parsed.entities,
    fingerprints: parsed.entities.map(fingerprint),
  };
}

export function loadSnapshot(store: ScreeningStore, file: string, opts: LoadOptions = {}): LoadResult {
  const r = parseSnapshot(file, opts);
  const added = store.addSnapshot(r.info, r.entities, r.fingerprints);
  return { ...r, added };
}

export interface BundledList {
  file: string;
  format: ListFormat;
  asOf: string;
  lists?: ListCode[];
  note: string;
}

export function bundledManifest(): BundledList[] {
  const p = join(DATA_LISTS_DIR, 'manifest.json');
  if (!existsSync(p)) return [];
  return (JSON.parse(readFileSync(p, 'utf8')) as { lists: BundledList[] }).lists;
}

/** When nothing was loaded, import the bundled sample lists (flagged `bundled`). Returns whether it did. */
export function ensureLists(store: ScreeningStore): boolean {
  if (store.snapshots().length > 0) return false;
  for (const b of bundledManifest())
    loadSnapshot(store, join(DATA_LISTS_DIR, b.file), {
      format: b.format,
      asOf: b.asOf,
      bundled: true,
      lists: b.lists,
    });
  return true;
}

export interface SnapshotUse {
  list: ListCode;
  hash: string;
  asOf: string;
  source: string;
  bundled: boolean;
  /** Days between the snapshot date and the screening date. */
  ageDays: number;
  stale: boolean;
}

function days(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86400000);
}

/**
 * Per list, the snapshot in force on `asOf`: the latest one dated on or before it (ties: the
 * later load). Lists whose only snapshots are dated after `asOf` are reported as missing.
 */
export function snapshotsInForce(
  snaps: SnapshotInfo[],
  asOf: string,
  maxAgeDays: number,
): { uses: SnapshotUse[]; onlyLater: ListCode[] } {
  const best = new Map<ListCode, SnapshotInfo>();
  const later = new Set<ListCode>();
  for (const s of snaps) {
    for (const l of s.lists) {
      if (s.asOf > asOf) {
        later.add(l);
        continue;
      }
      const cur = best.get(l);
      if (!cur || s.asOf > cur.asOf || (s.asOf === cur.asOf && s.loadedAt > cur.loadedAt)) best.set(l, s);
    }
  }
  const uses: SnapshotUse[] = [...best.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([list, s]) => {
      const age = days(s.asOf, asOf);
      return {
        list,
        hash: s.hash,
        asOf: s.asOf,
        source: s.source,
        bundled: !!s.bundled,
        ageDays: age,
        stale: age > maxAgeDays,
      };
    });
  return { uses, onlyLater: [...later].filter((l) => !best.has(l)).sort() as ListCode[] };
}

export interface ListDiff {
  old: { asOf: string; hash: string; entities: number };
  new: { asOf: string; hash: string; entities: number };
  added: { id: string; name: string; list: string }[];
  removed: { id: string; name: string; list: string }[];
  changed: { id: string; name: string; list: string; fields: string[] }[];
}

export function diffEntities(
  oldE: ListEntity[],
  newE: ListEntity[],
): Pick<ListDiff, 'added' | 'removed' | 'changed'> {
  const om = new Map(oldE.map((e) => [e.id, e]));
  const nm = new Map(newE.map((e) => [e.id, e]));
  const added: ListDiff['added'] = [];
  const removed: ListDiff['removed'] = [];
  const changed: ListDiff['changed'] = [];
  for (const [id, e] of nm) {
    const o = om.get(id);
    if (!o) added.push({ id, name: e.name, list: e.list });
    else {
      const f = changedFields(o, e);
      if (f.length > 0) changed.push({ id, name: e.name, list: e.list, fields: f });
    }
  }
  for (const [id, e] of om) if (!nm.has(id)) removed.push({ id, name: e.name, list: e.list });
  return { added, removed, changed };
}
