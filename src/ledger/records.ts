/**
 * Typed helpers over Ledger.append for the things the project records: decisions, screening
 * results and hit reviews (for the screening service, issue 4). Reviews are also indexed in the
 * `reviews` table (see derived.ts), which `Ledger.verify()` checks against the chain.
 */
import type { Store } from './db.ts';
import type { Ledger, LedgerRecord } from './ledger.ts';

export interface RecordMeta {
  user?: string;
  ref?: string;
  listSnapshots?: Record<string, string>;
  /** YYYY-MM-DD from which retention runs (e.g. the export date), if later than today. */
  retainFrom?: string;
}

/** A decision as the engine returns it; only rulesVersion is needed here. */
export interface DecisionLike {
  rulesVersion?: string;
  [k: string]: unknown;
}

export async function recordDecision(
  ledger: Ledger,
  tx: unknown,
  decision: DecisionLike,
  meta: RecordMeta = {},
): Promise<LedgerRecord> {
  return ledger.append({
    kind: 'decision',
    ref: meta.ref ?? null,
    user: meta.user,
    rulesVersion: decision.rulesVersion ?? '',
    listSnapshots: meta.listSnapshots,
    inputs: tx,
    outputs: decision,
    retainFrom: meta.retainFrom,
  });
}

/**
 * A screening run: what was screened (inputs), the result with its hits (outputs), and the list
 * snapshots it ran against (e.g. {"ofac-sdn": "2024-05-03", "bis-dpl": "sha256:…"}).
 */
export async function recordScreening(
  ledger: Ledger,
  input: unknown,
  result: unknown,
  meta: RecordMeta & { rulesVersion?: string } = {},
): Promise<LedgerRecord> {
  return ledger.append({
    kind: 'screening',
    ref: meta.ref ?? null,
    user: meta.user,
    rulesVersion: meta.rulesVersion ?? '',
    listSnapshots: meta.listSnapshots,
    inputs: input,
    outputs: result,
    retainFrom: meta.retainFrom,
  });
}

export type ReviewVerdict = 'true-match' | 'false-positive' | 'escalated';
export const REVIEW_VERDICTS: readonly ReviewVerdict[] = ['true-match', 'false-positive', 'escalated'];

export interface HitReview {
  /** The screening record's ref (or `seq:N`) the hit came from. */
  screeningRef: string;
  /** The screened name/party. */
  subject: string;
  /** The list entry hit (e.g. "ofac-sdn:12345"). */
  listEntry: string;
  verdict: ReviewVerdict;
  reviewer: string;
  note?: string;
}

export async function recordReview(
  ledger: Ledger,
  review: HitReview,
  meta: RecordMeta = {},
): Promise<LedgerRecord> {
  if (!REVIEW_VERDICTS.includes(review.verdict)) {
    throw new Error(
      `verdict: must be one of ${REVIEW_VERDICTS.join(', ')} (got ${JSON.stringify(review.verdict)})`,
    );
  }
  return ledger.append({
    kind: 'review',
    ref: meta.ref ?? null,
    user: meta.user ?? review.reviewer,
    listSnapshots: meta.listSnapshots,
    inputs: { ...review, note: review.note ?? '' },
    outputs: { verdict: review.verdict },
    retainFrom: meta.retainFrom,
  });
}

export interface ReviewRow {
  seq: number;
  screeningRef: string;
  subject: string;
  listEntry: string;
  verdict: string;
  reviewer: string;
  note: string;
  createdAt: string;
}

export async function listReviews(store: Store, screeningRef?: string): Promise<ReviewRow[]> {
  let q = store.db.selectFrom('reviews').selectAll().orderBy('record_seq');
  if (screeningRef) q = q.where('screening_ref', '=', screeningRef);
  return (await q.execute()).map((r) => ({
    seq: Number(r.record_seq),
    screeningRef: r.screening_ref,
    subject: r.subject,
    listEntry: r.list_entry,
    verdict: r.verdict,
    reviewer: r.reviewer,
    note: r.note,
    createdAt: r.created_at,
  }));
}
