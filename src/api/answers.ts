/**
 * Answers to POST /v1/decide that name no party, kept as the bytes that were sent.
 *
 * Why this is safe: such an answer is a function of the checked transaction alone. The engine is
 * pure (src/engine/decide.ts) and the server's rules are the bundled measures, fixed for the life
 * of the process (their rulesVersion is in every answer). Answers that name a party are never
 * kept: they also depend on the screening store, which list loads and hit reviews change while
 * the server runs.
 *
 * Why it is worth it: order systems ask the same question again (the same SKU, quantity,
 * destination and date for the next order line), and most of an answer's cost is its 7 KB of
 * JSON, not the engine (docs/performance.md). `batch decide` computes once per distinct decision
 * key for the same reason (src/ledger/batch-chunk.ts).
 *
 * Key: the transaction as parseTransaction returned it (destination normalised, "HK" kept as
 * given), as JSON, without `reference` (a free order id the rules never read). Equal keys are equal
 * inputs to the engine, so a key never maps to another question's answer; two spellings of one
 * question (a product's name and its id) are two keys, which costs a miss, never a wrong answer.
 *
 * Admission: an answer is kept the second time its question is asked, not the first. A stream of
 * questions that never repeat then costs one digest per question (in `seen`: SHA-256 of the key,
 * so a 5,000-line order costs no more there than a one-line one) instead of a 7 KB answer that is
 * copied, kept and dropped unread, which under load cost more than it saved
 * (docs/performance.md). This is the "doorkeeper" of TinyLFU-style caches.
 *
 * Bound: `maxBytes` of keys and answers together, least recently used dropped first, and no one
 * entry above a sixteenth of it (a huge order is answered, not kept); 0 = off. The digests of
 * questions asked once add at most SEEN_KEYS × ~150 bytes (~10 MB).
 *
 * One memo serves every API key: a kept answer comes back faster, so a client that times its
 * requests can tell that someone asked the same question twice before. Export questions are not
 * secret between the keys of one server; run one server per tenant where they are.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Transaction } from '../engine/transaction.ts';
import { partiesOf } from '../services/decide.ts';

/** Default bound: 32 MiB, about 4,500 one-line answers. */
export const DEFAULT_ANSWER_MEMO_BYTES = 32 * 1024 * 1024;

/** How many questions asked once are remembered (as digests of their keys). */
export const SEEN_KEYS = 65_536;

const digest = (key: string) => createHash('sha256').update(key).digest('base64');

export class AnswerMemo {
  private readonly lru: LRUCache<string, Buffer> | null;
  private readonly seen: LRUCache<string, true> | null;
  hits = 0;
  misses = 0;

  constructor(maxBytes: number = DEFAULT_ANSWER_MEMO_BYTES) {
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, Buffer>({
            maxSize: maxBytes,
            maxEntrySize: Math.ceil(maxBytes / 16),
            sizeCalculation: (v, k) => v.length + k.length,
          })
        : null;
    this.seen = maxBytes > 0 ? new LRUCache<string, true>({ max: SEEN_KEYS }) : null;
  }

  /** The memo key of a checked transaction, or null when its answer must be computed each time. */
  keyOf(tx: Transaction): string | null {
    if (!this.lru || partiesOf(tx).length > 0) return null;
    return tx.reference === undefined ? JSON.stringify(tx) : JSON.stringify({ ...tx, reference: undefined });
  }

  get(key: string): Buffer | undefined {
    const b = this.lru?.get(key);
    if (b) this.hits++;
    else this.misses++;
    return b;
  }

  /**
   * After a miss: keeps the answer as UTF-8 bytes and returns them (to be sent) if the question
   * was asked before; otherwise only notes the question and returns null (send the answer as is).
   * An answer above the entry bound is returned but not kept.
   */
  admit(key: string, answer: () => string): Buffer | null {
    if (!this.lru || !this.seen) return null;
    const d = digest(key);
    if (!this.seen.has(d)) {
      this.seen.set(d, true);
      return null;
    }
    this.seen.delete(d);
    const b = Buffer.from(answer(), 'utf8');
    this.lru.set(key, b);
    return b;
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }
}
