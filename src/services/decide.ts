/**
 * The decide service: the pure engine decision, then the parties screened against the
 * restricted-party lists in force on the shipment date (src/screening), and their effect applied:
 *
 *   SDN hit (blocked)              → licence required, presumption of denial, no exceptions
 *   Denied Persons hit (prohibited)→ licence required (a denial order prohibits the export), no exceptions
 *   Entity List / MEU hit          → licence required with the entry's own review policy, no exceptions
 *   hit below the block threshold  → "review required" warning; the decision stands meanwhile
 *
 * Parties come from `parties[]` and from `endUser.name`. With no named party nothing is screened
 * and the decision says so. The engine stays pure; list files and stores live in the service.
 */
import { decideTransaction, strictestPolicy, type Decision, type DecideOptions } from '../engine/decide.ts';
import { parseTransaction, type Transaction } from '../engine/transaction.ts';
import type { ReviewPolicy } from '../rules/model.ts';
import type { PartyInput, PartyScreening } from '../screening/effect.ts';
import type { Screener } from '../screening/service.ts';

export type DecisionWithParties = Decision & {
  /** Party screening as of the shipment date; null when no party was named. */
  screening: PartyScreening | null;
  /** The most severe party effect ('none' when nothing was hit or nothing screened). */
  partyEffect: PartyScreening['effect'];
};

let screenerPromise: Promise<Screener> | null = null;
/** One screener per process (it holds the loaded list indexes). */
export function defaultScreener(): Promise<Screener> {
  if (!screenerPromise) screenerPromise = import('../screening/effect.ts').then((m) => m.openScreener());
  return screenerPromise;
}

export function partiesOf(tx: Transaction): PartyInput[] {
  const parties: PartyInput[] = (tx.parties ?? []).map((p) => ({
    role: p.role,
    name: p.name,
    country: p.country,
  }));
  if (tx.endUser?.name && !parties.some((p) => p.role === 'endUser' && p.name === tx.endUser!.name)) {
    parties.unshift({ role: 'endUser', name: tx.endUser.name, country: tx.endUser.country });
  }
  return parties;
}

function policyFromText(text: string | undefined): ReviewPolicy | null {
  if (!text) return null;
  const t = text.toLowerCase();
  if (t.includes('denial')) return 'presumption-of-denial';
  if (t.includes('case-by-case') || t.includes('case by case')) return 'case-by-case';
  if (t.includes('approval')) return 'presumption-of-approval';
  return null;
}

/** Applies screening effects to a decision (pure given the screening result). */
export function applyScreening(d: Decision, s: PartyScreening | null): DecisionWithParties {
  return applyScreeningTo({ ...d } as DecisionWithParties, s);
}

/**
 * applyScreening on a decision the caller owns: `out` is extended in place (its nested arrays are
 * replaced, never changed). decideWithParties uses it on the object decideTransaction has just
 * built for it: copying the 17 keys with a spread cost as much as half the engine's own work.
 */
function applyScreeningTo(out: DecisionWithParties, s: PartyScreening | null): DecisionWithParties {
  const d: Decision = out;
  out.screening = s;
  out.partyEffect = s?.effect ?? 'none';
  if (!s) return out;
  out.warnings = [...d.warnings, ...s.warnings];
  out.reasons = [...d.reasons];
  const severe = s.parties.filter(
    (p) => p.effect === 'blocked' || p.effect === 'prohibited' || p.effect === 'license-required',
  );
  for (const p of s.parties)
    for (const r of p.reasons)
      if (p.effect !== 'none') out.reasons.push({ ...r, text: `${p.role} "${p.name}": ${r.text}` });
  if (severe.length) {
    out.licenseRequired = true;
    out.outcome = 'license-required';
    out.exceptions = [];
    let policy = d.licenseRequired ? d.reviewPolicy : null;
    for (const p of severe) {
      if (p.effect === 'blocked' || p.effect === 'prohibited')
        policy = strictestPolicy(policy, 'presumption-of-denial');
      for (const h of p.hits) policy = strictestPolicy(policy, policyFromText(h.reviewPolicy));
    }
    out.reviewPolicy = policy;
  }
  if (s.parties.some((p) => p.effect === 'review-required')) {
    out.warnings.push(
      'a party has a possible restricted-party match below the block threshold: review required before shipping (see screening.parties[].hits)',
    );
  }
  return out;
}

const NOT_SCREENED =
  'no party named (endUser.name or parties[]): not screened against the restricted-party lists';

export interface ServiceOptions extends DecideOptions {
  screener?: Screener;
}

export async function decideWithParties(
  input: unknown,
  opts: ServiceOptions = {},
): Promise<DecisionWithParties> {
  return decideChecked(parseTransaction(input), opts);
}

/** decideWithParties for a transaction parseTransaction has already checked. */
export async function decideChecked(
  tx: Transaction,
  opts: ServiceOptions = {},
): Promise<DecisionWithParties> {
  // decideTransaction builds a new top-level object on every call: this one is ours to extend.
  const d = decideTransaction(tx, opts) as DecisionWithParties;
  const parties = partiesOf(tx);
  if (parties.length === 0) {
    const out = applyScreeningTo(d, null);
    out.warnings = out.warnings.concat(NOT_SCREENED);
    return out;
  }
  const { screenParties } = await import('../screening/effect.ts');
  const screener = opts.screener ?? (await defaultScreener());
  return applyScreeningTo(d, screenParties(parties, { asOf: tx.date, screener }));
}
