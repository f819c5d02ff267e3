/**
 * Screening service: picks the snapshots in force on the screening date, builds (and caches)
 * the index over their entities, screens names, applies hit reviews, records screened parties
 * and produces alerts when a newly loaded snapshot matches a party screened before.
 */
import type { EntityType, ListCode, ListEntity } from './model.ts';
import { DEFAULT_CONFIG, type ScreeningConfig } from './config.ts';
import {
  ensureLists,
  fingerprint,
  snapshotsInForce,
  diffEntities,
  type SnapshotUse,
  type LoadResult,
} from './lists.ts';
import { prepare } from './normalize.ts';
import { ListIndex, type Hit } from './search.ts';
import type { HitReview, ScreeningStore } from './store.ts';

export type ScreenStatus = 'hit' | 'review' | 'clear' | 'no-match-incomplete';

export interface ReviewedHit extends Omit<Hit, 'entity'> {
  /** Confirmed-grade (score ≥ blockThreshold) or review-grade. */
  grade: 'match' | 'review';
  review?: Pick<HitReview, 'decision' | 'reviewer' | 'at' | 'reason'>;
  programs: string[];
  frNotice?: string;
  licenseRequirement?: string;
  licensePolicy?: string;
  countries: string[];
  type: EntityType;
}

export interface ScreenResult {
  query: { name: string; country?: string; type?: EntityType; asOf: string };
  status: ScreenStatus;
  /** One sentence: what was screened against, as of when, and the outcome. */
  verdict: string;
  matches: ReviewedHit[];
  /** Hits a reviewer marked false positive (entry unchanged since): not counted. */
  suppressed: ReviewedHit[];
  lists: SnapshotUse[];
  warnings: string[];
}

export function partyKey(name: string, country?: string, type?: string): string {
  return [prepare(name).core.join(' '), country ?? '', type ?? ''].join('|');
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface ScreenOptions {
  asOf?: string;
  country?: string;
  type?: EntityType;
  /** Record the party for later re-screening alerts (default true). */
  record?: boolean;
  limit?: number;
}

export class Screener {
  private cache = new Map<string, { index: ListIndex; fps: Map<string, string> }>();
  /** True when the bundled sample lists were imported because nothing had been loaded. */
  readonly usedBundled: boolean;

  constructor(
    readonly store: ScreeningStore,
    readonly config: ScreeningConfig = DEFAULT_CONFIG,
    opts: { autoBundled?: boolean } = {},
  ) {
    this.usedBundled = opts.autoBundled === false ? false : ensureLists(store);
  }

  /** The index over the snapshots in force on `asOf`. */
  indexFor(asOf: string): {
    index: ListIndex;
    uses: SnapshotUse[];
    onlyLater: ListCode[];
    fps: Map<string, string>;
  } {
    const { uses, onlyLater } = snapshotsInForce(
      this.store.snapshots(),
      asOf,
      this.config.maxSnapshotAgeDays,
    );
    const key = uses.map((u) => `${u.list}:${u.hash}`).join(',');
    let c = this.cache.get(key);
    if (!c) {
      const byHash = new Map<string, ListCode[]>();
      for (const u of uses) byHash.set(u.hash, [...(byHash.get(u.hash) ?? []), u.list]);
      const entities: ListEntity[] = [];
      const fps = new Map<string, string>();
      for (const [hash, lists] of byHash) {
        const f = this.store.fingerprints(hash);
        for (const e of this.store.entities(hash)) {
          if (!lists.includes(e.list)) continue;
          entities.push(e);
          fps.set(e.id, f.get(e.id) ?? fingerprint(e));
        }
      }
      c = { index: new ListIndex(entities, this.config), fps };
      this.cache.set(key, c);
    }
    return { ...c, uses, onlyLater };
  }

  screen(name: string, opts: ScreenOptions = {}): ScreenResult {
    const asOf = opts.asOf ?? today();
    const { index, uses, onlyLater, fps } = this.indexFor(asOf);
    const hits = index.search(name, { asOf, country: opts.country, type: opts.type, limit: opts.limit });
    const pk = partyKey(name, opts.country, opts.type);
    const matches: ReviewedHit[] = [];
    const suppressed: ReviewedHit[] = [];
    for (const h of hits) {
      const { entity, ...rest } = h;
      const rh: ReviewedHit = {
        ...rest,
        grade: h.score >= this.config.blockThreshold ? 'match' : 'review',
        programs: entity.programs,
        ...(entity.frNotice ? { frNotice: entity.frNotice } : {}),
        ...(entity.licenseRequirement ? { licenseRequirement: entity.licenseRequirement } : {}),
        ...(entity.licensePolicy ? { licensePolicy: entity.licensePolicy } : {}),
        countries: entity.countries,
        type: entity.type,
      };
      const fp = fps.get(entity.id) ?? fingerprint(entity);
      const rv = this.store
        .reviews(entity.id, pk)
        .filter((r) => r.entryFingerprint === fp)
        .pop();
      if (rv) {
        rh.review = { decision: rv.decision, reviewer: rv.reviewer, at: rv.at, reason: rv.reason };
        if (rv.decision === 'false-positive') {
          rh.reasons.push(`marked false positive by ${rv.reviewer} on ${rv.at}: ${rv.reason}`);
          suppressed.push(rh);
          continue;
        }
        rh.reasons.push(`confirmed by ${rv.reviewer} on ${rv.at}: ${rv.reason}`);
      } else {
        const older = this.store.reviews(entity.id, pk).pop();
        if (older)
          rh.reasons.push(
            `an earlier review (${older.decision} by ${older.reviewer}) lapsed: the list entry changed since`,
          );
      }
      matches.push(rh);
    }
    const warnings: string[] = [];
    const present = new Set(uses.map((u) => u.list));
    for (const l of this.config.requiredLists) {
      if (!present.has(l as ListCode)) {
        warnings.push(
          onlyLater.includes(l as ListCode)
            ? `no ${l} snapshot dated on or before ${asOf} (only later ones are loaded)`
            : `no ${l} list loaded: not screened against it`,
        );
      }
    }
    const stale = uses.filter((u) => u.stale);
    if (stale.length > 0)
      warnings.push(
        `stale (older than ${this.config.maxSnapshotAgeDays} days on ${asOf}): ${stale.map((u) => `${u.list} of ${u.asOf} (${u.ageDays} d)`).join(', ')}`,
      );
    if (uses.some((u) => u.bundled))
      warnings.push(
        'screened against the bundled sample lists in data/lists (load current official lists with `exportctl lists load`)',
      );
    const status: ScreenStatus = matches.some((m) => m.grade === 'match')
      ? 'hit'
      : matches.length > 0
        ? 'review'
        : warnings.length === 0
          ? 'clear'
          : 'no-match-incomplete';
    const against = uses.length ? `${uses.length} lists (${uses.map((u) => u.list).join(', ')})` : 'no lists';
    const verdict =
      status === 'hit'
        ? `${matches.filter((m) => m.grade === 'match').length} match(es) at or above ${this.config.blockThreshold} against ${against}`
        : status === 'review'
          ? `possible match(es) below ${this.config.blockThreshold}: review required (screened against ${against})`
          : status === 'clear'
            ? `no match against ${against}; all required lists (${this.config.requiredLists.join(', ')}) present and current`
            : `no match against ${against}, but NOT clear: ${warnings.join('; ')}`;
    if (opts.record !== false) {
      this.store.recordScreening({
        partyKey: pk,
        name,
        country: opts.country,
        type: opts.type,
        at: new Date().toISOString(),
        lastSnapshots: uses.map((u) => u.hash),
      });
    }
    return {
      query: {
        name,
        ...(opts.country ? { country: opts.country } : {}),
        ...(opts.type ? { type: opts.type } : {}),
        asOf,
      },
      status,
      verdict,
      matches,
      suppressed,
      lists: uses,
      warnings,
    };
  }

  /** Mark a hit (entity × party) as false positive or confirmed. */
  review(r: {
    entityId: string;
    name: string;
    country?: string;
    type?: EntityType;
    decision: HitReview['decision'];
    reviewer: string;
    reason: string;
    asOf?: string;
    at?: string;
  }): HitReview {
    const { index, fps } = this.indexFor(r.asOf ?? today());
    const e = index.entities.find((x) => x.id === r.entityId);
    if (!e) throw new Error(`entityId: no entry ${JSON.stringify(r.entityId)} in the lists in force`);
    const rv: HitReview = {
      entityId: e.id,
      partyKey: partyKey(r.name, r.country, r.type),
      entryFingerprint: fps.get(e.id) ?? fingerprint(e),
      decision: r.decision,
      reviewer: r.reviewer,
      at: r.at ?? new Date().toISOString(),
      reason: r.reason,
      partyName: r.name,
      matchedName: e.name,
    };
    this.store.addReview(rv);
    return rv;
  }
}

export interface Alert {
  party: string;
  country?: string;
  entityId: string;
  list: string;
  matchedName: string;
  score: number;
  change: 'added' | 'changed';
  snapshot: string;
  asOf: string;
}

/**
 * After loading `loaded`, re-screen every party screened before against the entries the new
 * snapshot adds or changes compared with the previous snapshot of the same lists.
 */
export function alertsForNewSnapshot(
  store: ScreeningStore,
  loaded: LoadResult,
  config: ScreeningConfig = DEFAULT_CONFIG,
): Alert[] {
  const parties = store.screenedParties();
  if (parties.length === 0) return [];
  const prev = store
    .snapshots()
    .filter(
      (s) =>
        s.hash !== loaded.info.hash &&
        s.asOf <= loaded.info.asOf &&
        s.lists.some((l) => loaded.info.lists.includes(l)),
    )
    .sort((a, b) => (a.asOf === b.asOf ? a.loadedAt.localeCompare(b.loadedAt) : a.asOf.localeCompare(b.asOf)))
    .pop();
  const oldE = prev ? store.entities(prev.hash).filter((e) => loaded.info.lists.includes(e.list)) : [];
  const d = diffEntities(oldE, loaded.entities);
  const changedIds = new Map<string, 'added' | 'changed'>([
    ...d.added.map((a) => [a.id, 'added'] as const),
    ...d.changed.map((c) => [c.id, 'changed'] as const),
  ]);
  if (changedIds.size === 0) return [];
  const subset = loaded.entities.filter((e) => changedIds.has(e.id));
  const index = new ListIndex(subset, config);
  const alerts: Alert[] = [];
  for (const p of parties) {
    for (const h of index.search(p.name, {
      country: p.country,
      type: (p.type as EntityType) || undefined,
      asOf: loaded.info.asOf,
      explain: false,
    })) {
      alerts.push({
        party: p.name,
        ...(p.country ? { country: p.country } : {}),
        entityId: h.entityId,
        list: h.source,
        matchedName: h.matchedName,
        score: h.score,
        change: changedIds.get(h.entityId)!,
        snapshot: loaded.info.hash.slice(0, 12),
        asOf: loaded.info.asOf,
      });
    }
  }
  return alerts;
}
