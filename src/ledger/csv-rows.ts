/**
 * Reading an order book: the header, then rows in chunks, with line numbers and with records the
 * CSV parser could not read kept (as rows with an error) in file order. Shared by `batch decide`
 * and the scale-out `batch submit`, so both number and reject rows the same way.
 */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import type { RawRow } from './batch-chunk.ts';
import { LedgerInputError } from './errors.ts';

/** Reads the header line only (to validate before any output is touched). */
export async function readHeader(input: string): Promise<string[]> {
  const parser = createReadStream(input).pipe(parse({ bom: true, to_line: 1, relax_column_count: true }));
  for await (const rec of parser) return (rec as string[]).map((c) => c.trim());
  throw new LedgerInputError('input', undefined, `input: ${input} is empty (a header line is required)`);
}

/**
 * Streams rows (records and unreadable records, in line order) after the header, in arrays of up
 * to `size` rows: records are pulled from the parser synchronously while buffered, so there is no
 * promise per row. The first `skip` rows are dropped (a resumed run).
 */
export async function* readChunks(
  input: string,
  size: number,
  skip: number,
  onBytes: (b: number) => void,
): AsyncGenerator<RawRow[]> {
  // Records the parser could not read, with how many good records came before each, so they are
  // put back in file order; line numbers are counted here (csv-parse's per-record info object
  // costs more than the rest of the parse).
  const skipped: (RawRow & { before: number })[] = [];
  const parser = parse({
    bom: true,
    from_line: 2,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      skipped.push({
        before: parser.info.records,
        line: (err as { lines?: number } | undefined)?.lines ?? 0,
        error: err?.message ?? 'unreadable CSV record',
        raw: raw ?? '',
      });
      return undefined;
    },
  });
  createReadStream(input, { highWaterMark: 1 << 20 })
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (e) => {
    failure = e;
    ended = true;
    signal();
  });
  let buf: RawRow[] = [];
  let line = 1; // the header
  let seen = 0; // good records consumed
  const push = (r: RawRow) => {
    if (skip > 0) skip--;
    else buf.push(r);
  };
  const drainSkipped = (upTo: number) => {
    while (skipped.length && skipped[0]!.before < upTo) {
      const r = skipped.shift()!;
      if (r.line > line) line = r.line;
      push({ line: r.line, error: r.error, raw: r.raw });
    }
  };
  for (;;) {
    let fields: string[] | null;
    while ((fields = parser.read() as string[] | null) !== null) {
      seen += 1;
      drainSkipped(seen);
      line += 1;
      for (const f of fields) if (f.indexOf('\n') >= 0) line += f.split('\n').length - 1;
      if (fields.length === 1 && fields[0] === '') continue; // a blank line is not a row
      push({ line, fields });
      if (buf.length >= size) {
        onBytes(parser.info.bytes);
        yield buf;
        buf = [];
      }
    }
    if (ended) break;
    await new Promise<void>((r) => (wake = r));
  }
  drainSkipped(Infinity);
  // A fatal read error: the rest of the file is one unreadable row.
  if (failure) push({ line: line + 1, error: failure.message, raw: '' });
  onBytes(parser.info.bytes);
  if (buf.length) yield buf;
}
