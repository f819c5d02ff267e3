/**
 * exportctl match --jsonl : one JSON line in {"a": NAME, "b": NAME, "type"?: T} → one JSON line
 * out {"score": 0..1, "match": bool}, in order, streaming. A bad line gets {"error": "..."}.
 * Uses the screening scorer (symmetric) and the screening match threshold. Loads only the scorer.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

const TYPES = new Set(['person', 'entity', 'vessel', 'aircraft']);

export function register(program: Command): void {
  program
    .command('match')
    .description(
      'Score name pairs: JSON lines {"a","b","type"?} on stdin → {"score","match"} per line, in order',
    )
    .option('--jsonl', 'read JSON lines on stdin (required)')
    .option('--threshold <X>', 'match threshold (default: the screening match threshold)')
    .action(async (o: { jsonl?: boolean; threshold?: string }) => {
      if (!o.jsonl) throw new UsageError('--jsonl: required (reads JSON lines on stdin)');
      const { scorePrepared, DEFAULT_SCORE_KNOBS } = await import('../../screening/score.ts');
      const { prepare } = await import('../../screening/normalize.ts');
      const { configFromEnv } = await import('../../screening/config.ts');
      const cfg = configFromEnv();
      const threshold = o.threshold === undefined ? cfg.matchThreshold : Number(o.threshold);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
        throw new UsageError(`--threshold: expected a number in [0,1] (got ${JSON.stringify(o.threshold)})`);
      // a closed pipe downstream (`| head`) ends the run quietly instead of crashing
      let closed = false;
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') closed = true;
        else throw e;
      });
      const { createInterface } = await import('node:readline');
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
      let buf = '';
      const flush = async () => {
        if (closed) {
          buf = '';
          return;
        }
        if (buf && !process.stdout.write(buf))
          await new Promise<void>((r) => {
            const done = () => {
              process.stdout.off('drain', done);
              process.stdout.off('error', done);
              r();
            };
            process.stdout.once('drain', done);
            process.stdout.once('error', done);
          });
        buf = '';
      };
      for await (const line of rl) {
        if (closed) break;
        let out: string;
        try {
          if (line.trim() === '') throw new Error('empty line');
          const v = JSON.parse(line) as { a?: unknown; b?: unknown; type?: unknown };
          if (!v || typeof v !== 'object') throw new Error('expected a JSON object');
          if (typeof v.a !== 'string')
            throw new Error(`a: expected a string (got ${JSON.stringify(v.a) ?? 'nothing'})`);
          if (typeof v.b !== 'string')
            throw new Error(`b: expected a string (got ${JSON.stringify(v.b) ?? 'nothing'})`);
          if (v.type !== undefined && v.type !== null && !(typeof v.type === 'string' && TYPES.has(v.type)))
            throw new Error(
              `type: expected person, entity, vessel or aircraft (got ${JSON.stringify(v.type)})`,
            );
          const s = scorePrepared(prepare(v.a), prepare(v.b), DEFAULT_SCORE_KNOBS, { symmetric: true }).score;
          const score = Math.round(s * 10000) / 10000;
          out = JSON.stringify({ score, match: score >= threshold });
        } catch (e) {
          out = JSON.stringify({ error: (e as Error).message });
        }
        buf += out + '\n';
        if (buf.length > 65536) await flush();
      }
      await flush();
    });
}
