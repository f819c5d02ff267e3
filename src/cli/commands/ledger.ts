/**
 * `exportctl ledger …`: the compliance ledger (15 CFR part 762 records) and compute accounting.
 *   verify   exit 0 when the hash chain is intact, 1 naming the first altered/deleted/reordered record
 *   ship     record a shipment (checks caps first and warns)
 *   report   TPP and H100-equivalents by destination, tier, end user, year; cap status
 *   list / show / head / purge / review
 * Storage: --db (SQLite file or postgres://…), else $EXPORTCTL_DATABASE_URL, else
 * $EXPORTCTL_HOME/ledger.sqlite.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

const DB_HELP =
  'SQLite file or postgres://…[?schema=NAME] (default $EXPORTCTL_DATABASE_URL or $EXPORTCTL_HOME/ledger.sqlite)';

async function withLedger<T>(
  db: string | undefined,
  user: string | undefined,
  fn: (l: import('../../ledger/ledger.ts').Ledger) => Promise<T>,
): Promise<T> {
  const { openStore, resolveDbLocation } = await import('../../ledger/db.ts');
  const { Ledger } = await import('../../ledger/ledger.ts');
  let store;
  try {
    store = await openStore(resolveDbLocation(db));
  } catch (e) {
    throw new UsageError(`--db: cannot open ledger: ${(e as Error).message}`);
  }
  try {
    return await fn(new Ledger(store, user ? { user } : {}));
  } finally {
    await store.close();
  }
}

function out(json: boolean, obj: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(obj, null, 2) + '\n' : text + '\n');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function posInt(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1)
      throw new UsageError(`${name}: must be a positive whole number (got ${JSON.stringify(v)})`);
    return Number(v);
  };
}

export function register(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('Compliance ledger (hash-chained, 5-year retention) and compute accounting');

  ledger
    .command('verify')
    .description(
      'Check the hash chain: exit 0 if intact, 1 naming the first altered, deleted or reordered record',
    )
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (o: { db?: string; json?: boolean }) => {
      const v = await withLedger(o.db, undefined, (l) => l.verify());
      out(
        !!o.json,
        v,
        v.ok
          ? `ledger intact: ${v.checked} records, head ${v.head.seq} ${v.head.hash}`
          : `ledger BROKEN at record ${v.problem.seq} (${v.problem.problem}): ${v.problem.message}`,
      );
      if (!v.ok) process.exitCode = 1;
    });

  ledger
    .command('ship')
    .description(
      'Record a shipment; warns before it crosses a cap (LPP, country allocation, UVEU shares, China/US 50%)',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'shipment date')
    .requiredOption('--product <name>', 'product (catalog name)')
    .requiredOption('--quantity <n>', 'units', posInt('--quantity'))
    .requiredOption('--destination <ISO2>', 'destination country')
    .requiredOption('--consignee <name>', 'ultimate consignee')
    .option('--end-user <name>', 'end user (default: the consignee)')
    .option('--end-user-country <ISO2>', 'end user country')
    .option('--end-user-hq <ISO2>', 'end user headquarters country')
    .requiredOption('--license <code>', 'license or exception used: NLR, LPP, UVEU, a license number…')
    .option('--tpp <n>', 'TPP of one unit, when the catalog does not know the product', Number)
    .option('--tier <1|2|3>', 'AI Diffusion tier of the destination, when the engine gives none')
    .option('--strict', 'refuse (exit 1) a shipment that would cross or add to an exceeded cap')
    .option('--user <name>', 'user recorded (default $EXPORTCTL_USER or the OS user)')
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (o: Record<string, string | number | boolean | undefined>) => {
      const { recordShipment, CapExceededError } = await import('../../ledger/accounting.ts');
      const { loadEngine } = await import('../../ledger/engine.ts');
      let engine;
      try {
        engine = await loadEngine();
      } catch {
        engine = undefined; // no engine: TPP must be given with --tpp
      }
      const req = {
        date: o.date,
        product: o.product,
        quantity: o.quantity,
        destination: o.destination,
        consignee: o.consignee,
        ...(o.endUser ? { endUser: o.endUser } : {}),
        ...(o.endUserCountry ? { endUserCountry: o.endUserCountry } : {}),
        ...(o.endUserHq ? { endUserHeadquarters: o.endUserHq } : {}),
        license: o.license,
        ...(o.tpp !== undefined ? { tppPerUnit: o.tpp } : {}),
        ...(o.tier !== undefined ? { tier: String(o.tier) } : {}),
      };
      try {
        const r = await withLedger(o.db as string | undefined, o.user as string | undefined, (l) =>
          recordShipment(l, req, { engine, strict: !!o.strict }),
        );
        for (const w of r.warnings) process.stderr.write(`warning: ${w.message}\n`);
        const s = r.record.inputs as { quantity: number; product: string; destination: string };
        const so = r.record.outputs as { tpp: number; h100Equivalents: number };
        out(
          !!o.json,
          r,
          `recorded shipment as record ${r.record.seq}: ${s.quantity} x ${s.product} to ${s.destination}, ${Math.round(so.tpp).toLocaleString('en-US')} TPP (${so.h100Equivalents.toFixed(1)} H100-eq)`,
        );
      } catch (e) {
        if (e instanceof CapExceededError) {
          out(!!o.json, { refused: true, findings: e.findings }, `refused (--strict):\n${e.message}`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });

  ledger
    .command('import-shipments')
    .description(
      'Record every shipment in a CSV (date,product,quantity,destination,consignee,license; optional end_user,end_user_country,end_user_headquarters,tpp,tier), checking caps row by row',
    )
    .argument('<file>', 'shipments CSV')
    .option('--strict', 'reject (and do not record) rows that would cross or add to an exceeded cap')
    .option('--user <name>', 'user recorded')
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (file: string, o: { strict?: boolean; user?: string; db?: string; json?: boolean }) => {
      const { existsSync } = await import('node:fs');
      if (!existsSync(file)) throw new UsageError(`file: no such file ${JSON.stringify(file)}`);
      const { importShipments } = await import('../../ledger/accounting.ts');
      const { loadEngine } = await import('../../ledger/engine.ts');
      const engine = await loadEngine().catch(() => undefined);
      const r = await withLedger(o.db, o.user, (l) =>
        importShipments(l, file, { engine, strict: !!o.strict }),
      );
      for (const w of r.warnings) process.stderr.write(`warning: line ${w.line}: ${w.message}\n`);
      for (const x of r.rejected) process.stderr.write(`rejected: line ${x.line}: ${x.reason}\n`);
      out(
        !!o.json,
        r,
        `${r.rows} rows: ${r.recorded} recorded, ${r.alreadyRecorded} already recorded, ${r.rejected.length} rejected, ${r.warnings.length} cap warnings`,
      );
    });

  ledger
    .command('report')
    .description(
      'Compute accounting: TPP and H100-equivalents by destination, tier, end user and year; cap status',
    )
    .option('--year <yyyy>', 'only this calendar year', posInt('--year'))
    .option('--view <view>', 'only caps of this view: enforced or as-written')
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .option(
      '--csv',
      'CSV output (one table: section,year,key,quantity,tpp,h100_equivalents,shipments,limit,status,citation)',
    )
    .action(async (o: { year?: number; view?: string; db?: string; json?: boolean; csv?: boolean }) => {
      if (o.view && o.view !== 'enforced' && o.view !== 'as-written')
        throw new UsageError(`--view: must be enforced or as-written (got ${JSON.stringify(o.view)})`);
      if (o.json && o.csv) throw new UsageError('--json and --csv: choose one');
      const { computeReport } = await import('../../ledger/accounting.ts');
      const { renderReportCsv, renderReportText } = await import('../../ledger/report-format.ts');
      const r = await withLedger(o.db, undefined, (l) =>
        computeReport(l.store, { year: o.year, view: o.view as 'enforced' | 'as-written' | undefined }),
      );
      if (o.csv) process.stdout.write(renderReportCsv(r));
      else out(!!o.json, r, renderReportText(r));
    });

  ledger
    .command('list')
    .description('List records (newest last)')
    .option('--kind <kind>', 'decision, screening, review, shipment, batch, purge')
    .option('--after <seq>', 'records after this seq', (v) => Number(v))
    .option('--limit <n>', 'at most n records (default 50)', posInt('--limit'))
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (o: { kind?: string; after?: number; limit?: number; db?: string; json?: boolean }) => {
      const recs = await withLedger(o.db, undefined, (l) =>
        l.list({ kind: o.kind, afterSeq: o.after, limit: o.limit ?? 50 }),
      );
      out(
        !!o.json,
        recs,
        recs.length
          ? recs
              .map(
                (r) =>
                  `${r.seq}\t${r.createdAt}\t${r.kind}\t${r.user}\t${r.ref ?? ''}\t${r.hash.slice(0, 12)}`,
              )
              .join('\n')
          : 'no records',
      );
    });

  ledger
    .command('show')
    .description('Show one record in full')
    .argument('<seq>', 'record number', posInt('seq'))
    .option('--db <url>', DB_HELP)
    .action(async (seq: number, o: { db?: string }) => {
      const r = await withLedger(o.db, undefined, (l) => l.get(seq));
      if (!r) throw new UsageError(`seq: no record ${seq}`);
      out(true, r, '');
    });

  ledger
    .command('head')
    .description('Print the chain head (seq and hash): publish it elsewhere to anchor the chain')
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (o: { db?: string; json?: boolean }) => {
      const h = await withLedger(o.db, undefined, (l) => l.head());
      out(!!o.json, h, `${h.seq} ${h.hash}`);
    });

  ledger
    .command('purge')
    .description(
      'Remove records past the five-year retention of 15 CFR 762.6 created before DATE; the purge is itself recorded',
    )
    .requiredOption(
      '--before <YYYY-MM-DD>',
      'remove only records created before this date (and past retention)',
    )
    .option('--yes', 'really remove (without it, nothing is done)')
    .option('--user <name>', 'user recorded')
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (o: { before: string; yes?: boolean; user?: string; db?: string; json?: boolean }) => {
      if (!DATE.test(o.before))
        throw new UsageError(`--before: must be YYYY-MM-DD (got ${JSON.stringify(o.before)})`);
      if (!o.yes) throw new UsageError('--yes: purge removes records for good; add --yes to confirm');
      const r = await withLedger(o.db, o.user, (l) => l.purge({ before: o.before }));
      out(
        !!o.json,
        r,
        r.removed
          ? `removed records ${r.from}..${r.to} (${r.removed}); purge recorded as ${r.purgeRecord.seq}`
          : `nothing past retention before ${r.cutoff}; purge attempt recorded as ${r.purgeRecord.seq}`,
      );
    });

  ledger
    .command('review')
    .description('Record the review of a screening hit (true-match, false-positive, escalated)')
    .requiredOption('--screening <ref>', 'the screening record ref')
    .requiredOption('--subject <name>', 'the screened party')
    .requiredOption('--entry <id>', 'the list entry hit, e.g. ofac-sdn:12345')
    .requiredOption('--verdict <v>', 'true-match, false-positive or escalated')
    .option('--note <text>', 'why')
    .option('--user <name>', 'reviewer (default $EXPORTCTL_USER or the OS user)')
    .option('--db <url>', DB_HELP)
    .option('--json', 'JSON output')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const { recordReview, REVIEW_VERDICTS } = await import('../../ledger/records.ts');
      const { defaultUser } = await import('../../ledger/ledger.ts');
      if (!REVIEW_VERDICTS.includes(o.verdict as never))
        throw new UsageError(
          `--verdict: must be one of ${REVIEW_VERDICTS.join(', ')} (got ${JSON.stringify(o.verdict)})`,
        );
      const reviewer = (o.user as string) ?? defaultUser();
      const r = await withLedger(o.db as string, reviewer, (l) =>
        recordReview(l, {
          screeningRef: o.screening as string,
          subject: o.subject as string,
          listEntry: o.entry as string,
          verdict: o.verdict as 'true-match',
          reviewer,
          note: (o.note as string) ?? '',
        }),
      );
      out(!!o.json, r, `review recorded as record ${r.seq}`);
    });
}
