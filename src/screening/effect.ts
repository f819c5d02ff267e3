/**
 * Effect of party screening on a licence decision. The lead's decide() service layer calls
 * `screenParties`; each party gets its hits and one effect:
 *   blocked (SDN) > prohibited (Denied Persons) > license-required (Entity List / MEU, with the
 *   entry's licence requirement, review policy and footnotes) > review-required (any hit below
 *   the block threshold, or a list whose effect depends on the program) > none.
 * Citations come from data/lists/effects.json, never from code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCitation, type Citation, type Confidence, type Reason } from '../rules/types.ts';
import { DATA_LISTS_DIR, type SnapshotUse } from './lists.ts';
import type { EntityType } from './model.ts';
import { Screener, type ReviewedHit, type ScreenStatus } from './service.ts';

export type PartyRole = 'endUser' | 'consignee' | 'purchaser' | 'intermediateConsignee';
export const PARTY_ROLES: readonly PartyRole[] = [
  'endUser',
  'consignee',
  'purchaser',
  'intermediateConsignee',
];

export type PartyEffect = 'blocked' | 'prohibited' | 'license-required' | 'review-required' | 'none';
const SEVERITY: readonly PartyEffect[] = [
  'none',
  'review-required',
  'license-required',
  'prohibited',
  'blocked',
];

export interface PartyInput {
  role: PartyRole;
  name: string;
  /** ISO-2 country of the party (a qualifier: mismatches lower the score). */
  country?: string;
  type?: EntityType;
}

export interface PartyHitEffect {
  entityId: string;
  list: string;
  name: string;
  matchedName: string;
  score: number;
  grade: 'match' | 'review';
  effect: PartyEffect;
  licenseRequirement?: string;
  reviewPolicy?: string;
  footnotes: string[];
  frNotice?: string;
  reasons: string[];
}

export interface PartyResult {
  role: PartyRole;
  name: string;
  country?: string;
  effect: PartyEffect;
  status: ScreenStatus;
  verdict: string;
  hits: PartyHitEffect[];
  /** Hits suppressed by a false-positive review (entry unchanged since the review). */
  suppressed: { entityId: string; matchedName: string; score: number; reviewer?: string; at?: string }[];
  reasons: Reason[];
  warnings: string[];
}

export interface PartyScreening {
  asOf: string;
  /** The most severe effect over all parties. */
  effect: PartyEffect;
  parties: PartyResult[];
  /** Snapshots used (per list, the one in force on asOf). */
  lists: SnapshotUse[];
  warnings: string[];
  /** True only when no party has a hit and every required list was present and current. */
  clear: boolean;
}

interface EffectEntry {
  effect: PartyEffect;
  text: string;
  citation: Citation;
  confidence: Confidence;
}
interface EffectsData {
  lists: Record<string, EffectEntry>;
  footnotes: Record<string, { text: string; citation: Citation; confidence: Confidence }>;
}

let effectsCache: EffectsData | null = null;
export function effectsData(): EffectsData {
  effectsCache ??= JSON.parse(readFileSync(join(DATA_LISTS_DIR, 'effects.json'), 'utf8')) as EffectsData;
  return effectsCache;
}

/**
 * Entity List footnotes named in an entry: explicit ("footnote 4", "FN 4") or implied by the
 * FDP paragraph its licence requirement cites (734.9(e)(1) → 1, (g) → 3, (e)(2) → 4, (e)(3) → 5),
 * including BIS's inline superscript form "734.9(g),3".
 */
export function entityListFootnotes(...texts: (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.matchAll(/\b(?:footnote|fn)\s*(?:no\.?\s*)?([1-5])\b/gi)) out.add(m[1]);
    if (/734\.9\s*\(e\)\s*\(1\)/.test(t)) out.add('1');
    if (/734\.9\s*\(g\)/.test(t)) out.add('3');
    if (/734\.9\s*\(e\)\s*\(2\)/.test(t)) out.add('4');
    if (/734\.9\s*\(e\)\s*\(3\)/.test(t)) out.add('5');
    for (const m of t.matchAll(/734\.9\s*\([a-z]\)(?:\s*\(\d+\))*,?\s*([1-5])(?=\D|$)/g)) out.add(m[1]);
  }
  return [...out].sort();
}

function worst(a: PartyEffect, b: PartyEffect): PartyEffect {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

function hitEffect(h: ReviewedHit): { effect: PartyHitEffect; reasons: Reason[] } {
  const data = effectsData();
  const entry = data.lists[h.source] ?? data.lists.DEFAULT;
  const fns = h.source === 'EL' ? entityListFootnotes(h.licenseRequirement, h.licensePolicy, h.name) : [];
  const effect: PartyEffect = h.grade === 'review' ? 'review-required' : entry.effect;
  const reasons: Reason[] = [];
  const cite = formatCitation({ ...entry.citation, fr: h.frNotice ?? entry.citation.fr });
  const base = `"${h.matchedName}" (${h.source} ${h.entityId}) matched at ${h.score.toFixed(3)}`;
  if (h.grade === 'review') {
    reasons.push({
      citation: cite,
      text: `${base}, below the block threshold: review required before relying on the ${h.source} effect (${entry.effect}). ${entry.text}`,
      confidence: entry.confidence,
    });
  } else {
    let text = `${base}: ${entry.text}`;
    if (h.licenseRequirement) text += ` Licence requirement: ${h.licenseRequirement}`;
    if (h.licensePolicy) text += ` Review policy: ${h.licensePolicy}`;
    if (h.frNotice) text += ` (listed/amended by ${h.frNotice})`;
    reasons.push({ citation: cite, text, confidence: entry.confidence });
  }
  for (const f of fns) {
    const fd = data.footnotes[f];
    if (fd) reasons.push({ citation: formatCitation(fd.citation), text: fd.text, confidence: fd.confidence });
  }
  return {
    effect: {
      entityId: h.entityId,
      list: h.source,
      name: h.name,
      matchedName: h.matchedName,
      score: h.score,
      grade: h.grade,
      effect,
      ...(h.licenseRequirement ? { licenseRequirement: h.licenseRequirement } : {}),
      ...(h.licensePolicy ? { reviewPolicy: h.licensePolicy } : {}),
      footnotes: fns,
      ...(h.frNotice ? { frNotice: h.frNotice } : {}),
      reasons: h.reasons,
    },
    reasons,
  };
}

/**
 * Screen the parties of a transaction as of `asOf` (the shipment date) and state the effect of
 * each hit on the licence decision. Pass an open `screener` (see `openScreener`) or a `home`.
 */
export function screenParties(
  parties: PartyInput[],
  opts: { asOf: string; screener: Screener },
): PartyScreening {
  const results: PartyResult[] = [];
  let overall: PartyEffect = 'none';
  let lists: SnapshotUse[] = [];
  const warnings = new Set<string>();
  parties.forEach((p, i) => {
    if (!PARTY_ROLES.includes(p.role))
      throw new Error(
        `parties[${i}].role: expected one of ${PARTY_ROLES.join(', ')} (got ${JSON.stringify(p.role)})`,
      );
    if (typeof p.name !== 'string' || p.name.trim() === '')
      throw new Error(`parties[${i}].name: expected a non-empty name (got ${JSON.stringify(p.name)})`);
    const r = opts.screener.screen(p.name, { asOf: opts.asOf, country: p.country, type: p.type });
    lists = r.lists;
    r.warnings.forEach((w) => warnings.add(w));
    let eff: PartyEffect = 'none';
    const hits: PartyHitEffect[] = [];
    const reasons: Reason[] = [];
    for (const h of r.matches) {
      const he = hitEffect(h);
      hits.push(he.effect);
      reasons.push(...he.reasons);
      eff = worst(eff, he.effect.effect);
    }
    if (hits.length === 0) {
      const against = r.lists.map((u) => `${u.list} ${u.asOf}`).join(', ') || 'no lists';
      reasons.push({
        citation: 'exportctl screening (lists as loaded)',
        text:
          r.status === 'clear'
            ? `no hit against ${against}`
            : `no hit against ${against}; not clear: ${r.warnings.join('; ')}`,
        confidence: r.status === 'clear' ? 'high' : 'low',
      });
    }
    overall = worst(overall, eff);
    results.push({
      role: p.role,
      name: p.name,
      ...(p.country ? { country: p.country } : {}),
      effect: eff,
      status: r.status,
      verdict: r.verdict,
      hits,
      suppressed: r.suppressed.map((s) => ({
        entityId: s.entityId,
        matchedName: s.matchedName,
        score: s.score,
        reviewer: s.review?.reviewer,
        at: s.review?.at,
      })),
      reasons,
      warnings: r.warnings,
    });
  });
  return {
    asOf: opts.asOf,
    effect: overall,
    parties: results,
    lists,
    warnings: [...warnings],
    clear: overall === 'none' && results.every((r) => r.status === 'clear'),
  };
}

/** Open the default store and a screener (for callers outside the CLI). */
export async function openScreener(home?: string): Promise<Screener> {
  const { openStore } = await import('./store.ts');
  const { configFromEnv } = await import('./config.ts');
  return new Screener(await openStore(home), configFromEnv());
}
