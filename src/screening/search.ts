/**
 * The index ("index" in prepare → index → score): every primary name, alias and weak alias of
 * every entity, prepared once. Candidate generation never scans the whole list:
 *  - an inverted index from core tokens to names;
 *  - single-deletion keys (SymSpell style) so a query token one edit away still finds the token;
 *  - adjacent-token joins on both sides ("gazprom bank" ↔ "gazprombank");
 *  - consonant skeletons for queries written in Arabic/Hebrew/Thai script.
 * Candidates are ranked by the summed inverse document frequency of the tokens they share with
 * the query; the best `candidates` are fully scored.
 */
import type { EntityType, ListEntity } from './model.ts';
import { phoneticTokens, prepare, skeleton, type PreparedName } from './normalize.ts';
import { scorePrepared } from './score.ts';
import { DEFAULT_CONFIG, type ScreeningConfig } from './config.ts';

export interface IndexedName {
  entity: number;
  name: string;
  kind: 'name' | 'alias' | 'weak-alias';
  prep: PreparedName;
}

export interface Hit {
  entityId: string;
  /** List code (SDN, EL, DPL, …). */
  source: string;
  sourceLabel: string;
  /** The entry's primary name. */
  name: string;
  /** The name or alias that matched. */
  matchedName: string;
  matchedKind: IndexedName['kind'];
  score: number;
  reasons: string[];
  entity: ListEntity;
}

export interface SearchOptions {
  type?: EntityType;
  /** ISO-2 code of the party's country. */
  country?: string;
  /** Screening date: entries whose start date is after it, or whose end date is on/before it, are skipped. */
  asOf?: string;
  limit?: number;
  minScore?: number;
  /** Return per-hit reasons (slower; on by default). */
  explain?: boolean;
}

/** FNV-1a hash of `t` with the character at `skip` left out (-1: nothing left out). */
function delHash(t: string, skip: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < t.length; i++) {
    if (i === skip) continue;
    h ^= t.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Multimap from 32-bit keys to token ids, built once: (key, id) pairs packed into one float64
 * (key · 2^21 + id, exact below 2^53), sorted, and looked up by binary search. No per-key
 * arrays or Map entries, so building it for ~500k deletion keys is cheap on memory and GC.
 */
const ID_BITS = 2 ** 21;
class SortedMultiMap {
  private buf: Float64Array = new Float64Array(1024);
  private n = 0;
  private sorted = false;
  add(k: number, v: number): void {
    if (this.n === this.buf.length) {
      const b = new Float64Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = k * ID_BITS + v;
  }
  seal(): void {
    this.buf = this.buf.slice(0, this.n).sort();
    this.sorted = true;
  }
  /** Calls f for each id stored under k. */
  each(k: number, f: (v: number) => void): void {
    if (!this.sorted) this.seal();
    const lo0 = k * ID_BITS;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf[mid] < lo0) lo = mid + 1;
      else hi = mid;
    }
    const end = lo0 + ID_BITS;
    for (let i = lo; i < this.n && this.buf[i] < end; i++) f(this.buf[i] - lo0);
  }
  get size(): number {
    return this.n;
  }
}

const MIN_DEL_LEN = 4;
const MAX_FUZZY_POSTINGS = 300;
/** An exactly found query token shared by this many names skips the fuzzy expansion. */
const EXACT_SKIPS_FUZZY = 3;

export class ListIndex {
  readonly names: IndexedName[] = [];
  private readonly vocab = new Map<string, number>();
  private readonly postings: number[][] = [];
  /** hash(token minus one character) → token ids (collisions only add candidates). */
  private readonly dels = new SortedMultiMap();
  /** hash(token) → token ids, so "query minus one character" needs no string building. */
  private readonly full = new SortedMultiMap();
  private vStamp: Uint32Array = new Uint32Array(0);
  private vW: Float64Array = new Float64Array(0);
  private vGen = 0;
  private readonly skels = new Map<string, number[]>();
  private idf: Float64Array = new Float64Array(0);
  private acc: Float64Array = new Float64Array(0);
  private stamp: Uint32Array = new Uint32Array(0);
  private tokStamp: Uint32Array = new Uint32Array(0);
  private gen = 0;

  constructor(
    readonly entities: readonly ListEntity[],
    readonly config: ScreeningConfig = DEFAULT_CONFIG,
  ) {
    entities.forEach((e, ei) => {
      const seen = new Set<string>();
      const add = (name: string, kind: IndexedName['kind']) => {
        const k = name.toLowerCase();
        if (seen.has(k)) return;
        seen.add(k);
        const prep = prepare(name);
        if (prep.core.length === 0) return;
        const idx = this.names.length;
        this.names.push({ entity: ei, name, kind, prep });
        const keys = new Set(prep.core);
        for (let i = 0; i + 1 < prep.core.length; i++) keys.add(prep.core[i] + prep.core[i + 1]);
        if (prep.allJoined !== prep.joined && prep.allJoined.length >= 6) keys.add(prep.allJoined);
        for (const key of keys) this.post(key, idx);
      };
      add(e.name, 'name');
      for (const a of e.aliases) add(a, 'alias');
      for (const a of e.weakAliases) add(a, 'weak-alias');
    });
    const n = this.names.length || 1;
    this.idf = new Float64Array(this.postings.length);
    for (let t = 0; t < this.postings.length; t++) this.idf[t] = Math.log(1 + n / this.postings[t].length);
    for (const [tok, id] of this.vocab) {
      this.full.add(delHash(tok, -1), id);
      if (tok.length >= MIN_DEL_LEN) {
        for (let i = 0; i < tok.length; i++) this.dels.add(delHash(tok, i), id);
      }
      const sk = skeleton(tok);
      if (sk.length >= 2) {
        let l = this.skels.get(sk);
        if (!l) this.skels.set(sk, (l = []));
        l.push(id);
      }
    }
    this.dels.seal();
    this.full.seal();
    this.vStamp = new Uint32Array(this.postings.length);
    this.vW = new Float64Array(this.postings.length);
    this.acc = new Float64Array(this.names.length);
    this.stamp = new Uint32Array(this.names.length);
    this.tokStamp = new Uint32Array(this.names.length);
  }

  private post(token: string, nameIdx: number): void {
    let id = this.vocab.get(token);
    if (id === undefined) {
      id = this.postings.length;
      this.vocab.set(token, id);
      this.postings.push([]);
    }
    const p = this.postings[id];
    if (p[p.length - 1] !== nameIdx) p.push(nameIdx);
  }

  get size(): { entities: number; names: number; tokens: number } {
    return { entities: this.entities.length, names: this.names.length, tokens: this.vocab.size };
  }

  /** Record vocabulary token `id` as close to the current query token with weight factor `w`. */
  private put(id: number, w: number, out: number[]): void {
    // fuzzy variants of very common tokens add cost and no discrimination
    if (w < 1 && this.postings[id].length > MAX_FUZZY_POSTINGS) return;
    if (this.vStamp[id] !== this.vGen) {
      this.vStamp[id] = this.vGen;
      this.vW[id] = w;
      out.push(id);
    } else if (this.vW[id] < w) this.vW[id] = w;
  }

  private putAll(m: SortedMultiMap, k: number, w: number, out: number[]): void {
    m.each(k, (id) => this.put(id, w, out));
  }

  /** Vocabulary tokens (ids) close to a query token; weights in this.vW. */
  private expand(tok: string, abjad: boolean, fuzzy: boolean, out: number[]): void {
    this.vGen++;
    if (this.vGen === 0xffffffff) {
      this.vStamp.fill(0);
      this.vGen = 1;
    }
    const exact = this.vocab.get(tok);
    if (exact !== undefined) this.put(exact, 1, out);
    // a token that several list names share is a real word: its one-edit neighbours are other words
    if (!fuzzy || (exact !== undefined && this.postings[exact].length >= EXACT_SKIPS_FUZZY)) return;
    if (tok.length >= MIN_DEL_LEN) {
      // vocab token = query token plus one character
      this.putAll(this.dels, delHash(tok, -1), 0.8, out);
      for (let i = 0; i < tok.length; i++) {
        const h = delHash(tok, i);
        // vocab token = query token minus one character
        this.putAll(this.full, h, 0.8, out);
        // one substitution / transposition-ish: both lose a character
        this.putAll(this.dels, h, 0.7, out);
      }
    }
    if (abjad || tok.length >= 5) {
      const sk = skeleton(tok);
      const l = sk.length >= 2 ? this.skels.get(sk) : undefined;
      if (l) for (const id of l) this.put(id, abjad ? 0.9 : 0.5, out);
    }
  }

  /** Candidate name indexes, best first. */
  candidates(q: PreparedName, k: number): number[] {
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.tokStamp.fill(0);
      this.gen = 1;
    }
    const gen = this.gen;
    const touched: number[] = [];
    const qtoks = new Map<string, boolean>(); // token → fuzzy expansion allowed
    for (const t of q.core) qtoks.set(t, true);
    if (q.translit) for (const t of phoneticTokens(q)) if (!qtoks.has(t)) qtoks.set(t, true);
    for (let i = 0; i + 1 < q.core.length; i++)
      if (!qtoks.has(q.core[i] + q.core[i + 1])) qtoks.set(q.core[i] + q.core[i + 1], false);
    if (q.allJoined !== q.joined && q.allJoined.length >= 6 && !qtoks.has(q.allJoined))
      qtoks.set(q.allJoined, false);
    let qi = 0;
    for (const [tok, fuzzy] of qtoks) {
      qi++;
      const ids: number[] = [];
      this.expand(tok, q.abjad, fuzzy, ids);
      for (const id of ids) {
        const weight = this.vW[id] * this.idf[id];
        for (const ni of this.postings[id]) {
          if (this.stamp[ni] !== gen) {
            this.stamp[ni] = gen;
            this.acc[ni] = 0;
            this.tokStamp[ni] = 0;
            touched.push(ni);
          }
          // count each query token once per name (its best variant)
          if (this.tokStamp[ni] !== qi) {
            this.tokStamp[ni] = qi;
            this.acc[ni] += weight;
          } else if (weight > 0) {
            // keep the best weight for this token: approximate by max with the last added
            // (variants are visited best-first often enough; exactness is not needed here)
          }
        }
      }
    }
    touched.sort((a, b) => this.acc[b] - this.acc[a]);
    // keep the best k, and only those sharing a reasonable part of the best candidate's weight
    const floor = touched.length > 0 ? this.acc[touched[0]] * this.config.candidateRatio : 0;
    let n = Math.min(k, touched.length);
    while (n > 1 && this.acc[touched[n - 1]] < floor) n--;
    return touched.slice(0, n);
  }

  /** Screen one name. */
  search(query: string, opts: SearchOptions = {}): Hit[] {
    const cfg = this.config;
    const q = prepare(query);
    if (q.core.length === 0) return [];
    const minScore = opts.minScore ?? cfg.matchThreshold;
    const explain = opts.explain ?? true;
    const best = new Map<number, Hit>();
    for (const ni of this.candidates(q, cfg.candidates)) {
      const n = this.names[ni];
      const e = this.entities[n.entity];
      if (opts.type && e.type !== 'unknown' && e.type !== opts.type) continue;
      if (opts.asOf && ((e.startDate && e.startDate > opts.asOf) || (e.endDate && e.endDate <= opts.asOf)))
        continue;
      const ns = scorePrepared(q, n.prep, cfg.score, { explain });
      let score = ns.score;
      const reasons: string[] = [];
      if (explain) {
        reasons.push(
          `${n.kind === 'name' ? 'primary name' : n.kind} "${n.name}" scored ${ns.score.toFixed(3)} (token-pair Jaro-Winkler on: ${q.core.join(' ')} ~ ${n.prep.core.join(' ')})`,
        );
        reasons.push(...ns.reasons);
      }
      if (n.kind === 'weak-alias') {
        score *= cfg.weakAliasFactor;
        if (explain) reasons.push(`weak alias: ×${cfg.weakAliasFactor}`);
      }
      if (opts.country) {
        if (e.countries.length === 0) {
          if (explain) reasons.push('entry lists no country: no country qualifier applied');
        } else if (e.countries.includes(opts.country)) {
          if (explain) reasons.push(`country ${opts.country} matches the entry (${e.countries.join(', ')})`);
        } else {
          score *= cfg.countryMismatchPenalty;
          if (explain)
            reasons.push(
              `country ${opts.country} not among the entry's (${e.countries.join(', ')}): ×${cfg.countryMismatchPenalty}`,
            );
        }
      }
      if (opts.type && explain)
        reasons.push(
          e.type === 'unknown'
            ? `entry type not given by the list (query type ${opts.type})`
            : `type ${e.type} matches`,
        );
      if (score < minScore) continue;
      const prev = best.get(n.entity);
      if (!prev || score > prev.score) {
        best.set(n.entity, {
          entityId: e.id,
          source: e.list,
          sourceLabel: e.sourceLabel,
          name: e.name,
          matchedName: n.name,
          matchedKind: n.kind,
          score: Math.round(score * 1000) / 1000,
          reasons,
          entity: e,
        });
      }
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.entityId.localeCompare(b.entityId))
      .slice(0, opts.limit ?? cfg.limit);
  }
}
