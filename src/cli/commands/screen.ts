/**
 * exportctl screen [--as-of D] [--country CC] [--type T] [--json] NAME
 * exportctl screen --batch FILE.csv [--out FILE] [--json]    (streams; progress bar on a terminal)
 * exportctl hits review --entity ID --name NAME --decision false-positive|confirmed --reviewer WHO --reason WHY
 * exportctl hits [--json]                                    (recorded reviews)
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

interface ScreenOpts {
  asOf?: string;
  country?: string;
  type?: string;
  json?: boolean;
  batch?: string;
  out?: string;
  limit?: string;
  threshold?: string;
}

export function register(program: Command): void {
  program
    .command('screen')
    .description(
      'Screen a party name against the restricted-party lists in force on a date, with reasons per hit',
    )
    .argument('[name...]', 'party name, e.g. "Banco Nacional de Cuba"')
    .option(
      '--as-of <YYYY-MM-DD>',
      'screening (shipment) date: the list snapshots in force that day are used (default: today)',
    )
    .option('--country <CC>', "party's country (ISO-2): a qualifier, mismatches lower the score")
    .option('--type <T>', 'person | entity | vessel | aircraft: entries of another type are skipped')
    .option('--limit <N>', 'most hits shown', '10')
    .option('--threshold <X>', 'report hits scoring at least X (0..1; default: the match threshold, 0.88)')
    .option(
      '--batch <FILE>',
      'CSV with a name column (optional country, type, as_of, id): one result row per input row',
    )
    .option(
      '--out <FILE>',
      'with --batch: write results here (CSV, or JSON lines with --json) instead of stdout',
    )
    .option('--json', 'print JSON')
    .action(async (words: string[], o: ScreenOpts) => {
      const u = await import('../screening-util.ts');
      const asOf = u.checkDate(o.asOf, '--as-of');
      const country = await u.checkCountry(o.country, '--country');
      const type = u.checkType(o.type, '--type');
      const limit = Number(o.limit ?? '10');
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new UsageError(`--limit: expected a whole number 1..100 (got ${JSON.stringify(o.limit)})`);
      if (o.out && !o.batch) throw new UsageError('--out: only with --batch');
      const { configFromEnv } = await import('../../screening/config.ts');
      const cfg = configFromEnv();
      if (o.threshold !== undefined) {
        const t = Number(o.threshold);
        if (o.threshold.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1)
          throw new UsageError(
            `--threshold: expected a number in [0,1] (got ${JSON.stringify(o.threshold)})`,
          );
        cfg.matchThreshold = t;
      }
      const name = words.join(' ');
      if (o.batch) {
        if (name.trim()) throw new UsageError('give either NAME or --batch FILE, not both');
        return batch(o.batch, { out: o.out, json: !!o.json, asOf, country, type, limit, cfg });
      }
      u.checkName(name, 'NAME');
      const { openStore } = await import('../../screening/store.ts');
      const { Screener } = await import('../../screening/service.ts');
      const store = await openStore();
      try {
        const s = new Screener(store, cfg);
        const r = s.screen(name, { asOf, country, type, limit });
        if (o.json) return u.printJson(r);
        process.stdout.write(renderText(r));
      } finally {
        store.close();
      }
    });

  const hits = program
    .command('hits')
    .description(
      'Hit reviews: list them, or mark a hit false positive / confirmed (suppresses it until the entry changes)',
    )
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { openStore } = await import('../../screening/store.ts');
      const store = await openStore();
      try {
        const rs = store.reviews();
        if (o.json) return (await import('../screening-util.ts')).printJson({ reviews: rs });
        if (rs.length === 0) process.stdout.write('no reviews recorded\n');
        for (const r of rs)
          process.stdout.write(
            `${r.at}  ${r.decision.padEnd(14)} ${r.entityId}  party "${r.partyName}"  by ${r.reviewer}: ${r.reason}\n`,
          );
      } finally {
        store.close();
      }
    });

  hits
    .command('review')
    .description('Mark the hit of a list entry on a party as false-positive or confirmed, with who and why')
    .requiredOption('--entity <ID>', 'entityId of the hit (as shown by screen)')
    .requiredOption('--name <NAME>', 'the party name as screened')
    .requiredOption('--decision <D>', 'false-positive | confirmed')
    .requiredOption('--reviewer <WHO>', 'who reviewed')
    .requiredOption('--reason <WHY>', 'why')
    .option('--country <CC>', 'party country, as screened')
    .option('--type <T>', 'party type, as screened')
    .option('--as-of <YYYY-MM-DD>', 'date whose lists hold the entry (default: today)')
    .option('--json', 'print JSON')
    .action(
      async (
        o: {
          entity: string;
          name: string;
          decision: string;
          reviewer: string;
          reason: string;
          country?: string;
          type?: string;
          asOf?: string;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        o = cmd.optsWithGlobals();
        const u = await import('../screening-util.ts');
        if (o.decision !== 'false-positive' && o.decision !== 'confirmed')
          throw new UsageError(
            `--decision: expected false-positive or confirmed (got ${JSON.stringify(o.decision)})`,
          );
        u.checkName(o.name, '--name');
        if (!o.reviewer.trim())
          throw new UsageError(`--reviewer: expected a name (got ${JSON.stringify(o.reviewer)})`);
        if (!o.reason.trim())
          throw new UsageError(`--reason: expected a reason (got ${JSON.stringify(o.reason)})`);
        const asOf = u.checkDate(o.asOf, '--as-of');
        const country = await u.checkCountry(o.country, '--country');
        const type = u.checkType(o.type, '--type');
        const { openStore } = await import('../../screening/store.ts');
        const { Screener } = await import('../../screening/service.ts');
        const { configFromEnv } = await import('../../screening/config.ts');
        const store = await openStore();
        try {
          const s = new Screener(store, configFromEnv());
          let rv;
          try {
            rv = s.review({
              entityId: o.entity,
              name: o.name,
              country,
              type,
              decision: o.decision,
              reviewer: o.reviewer,
              reason: o.reason,
              asOf,
            });
          } catch (e) {
            throw new UsageError(`--entity: ${(e as Error).message}`);
          }
          if (o.json) return u.printJson(rv);
          process.stdout.write(
            `recorded: ${rv.decision} for ${rv.entityId} on party "${rv.partyName}" by ${rv.reviewer} (${rv.at}); suppresses the same hit until the entry changes\n`,
          );
        } finally {
          store.close();
        }
      },
    );
}

type ScreenResult = import('../../screening/service.ts').ScreenResult;

function renderText(r: ScreenResult): string {
  const lines: string[] = [];
  lines.push(
    `${r.query.name}${r.query.country ? ` (${r.query.country})` : ''} as of ${r.query.asOf}: ${r.status.toUpperCase()}`,
  );
  lines.push(`  ${r.verdict}`);
  for (const m of r.matches) {
    lines.push(
      `  ${m.score.toFixed(3)}  ${m.source.padEnd(6)} ${m.entityId}  ${m.name}${m.grade === 'review' ? '  [review]' : ''}`,
    );
    if (m.matchedName !== m.name) lines.push(`         matched ${m.matchedKind} "${m.matchedName}"`);
    for (const why of m.reasons) lines.push(`         - ${why}`);
    if (m.licenseRequirement) lines.push(`         licence requirement: ${m.licenseRequirement}`);
    if (m.licensePolicy) lines.push(`         review policy: ${m.licensePolicy}`);
    if (m.frNotice) lines.push(`         FR notice: ${m.frNotice}`);
  }
  for (const m of r.suppressed)
    lines.push(
      `  (suppressed ${m.entityId} "${m.matchedName}" ${m.score.toFixed(3)}: false positive per ${m.review?.reviewer} ${m.review?.at})`,
    );
  lines.push(
    `  lists: ${r.lists.map((l) => `${l.list} ${l.asOf}${l.bundled ? '*' : ''}`).join(', ') || 'none'}${r.lists.some((l) => l.bundled) ? '  (* bundled sample)' : ''}`,
  );
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n') + '\n';
}

async function batch(
  file: string,
  o: {
    out?: string;
    json: boolean;
    asOf?: string;
    country?: string;
    type?: import('../../screening/model.ts').EntityType;
    limit: number;
    cfg: import('../../screening/config.ts').ScreeningConfig;
  },
): Promise<void> {
  const fs = await import('node:fs');
  if (!fs.existsSync(file)) throw new UsageError(`--batch: no such file (got ${JSON.stringify(file)})`);
  const { parse } = await import('csv-parse');
  const { stringify } = await import('csv-stringify');
  const u = await import('../screening-util.ts');
  const { openStore } = await import('../../screening/store.ts');
  const { Screener } = await import('../../screening/service.ts');
  const store = await openStore();
  const s = new Screener(store, o.cfg);
  const out: NodeJS.WritableStream = o.out ? fs.createWriteStream(o.out) : process.stdout;
  // progress by bytes read, so the file is streamed once (never read whole to count rows)
  const totalBytes = fs.statSync(file).size;
  let bar:
    | { start(n: number, v: number, p?: object): void; update(v: number, p?: object): void; stop(): void }
    | undefined;
  if (process.stderr.isTTY) {
    const cp = await import('cli-progress');
    bar = new cp.SingleBar(
      { stream: process.stderr, format: 'screening [{bar}] {percentage}% | {rows} rows | eta {eta}s' },
      cp.Presets.shades_classic,
    );
    bar.start(Math.max(totalBytes, 1), 0, { rows: 0 });
  }
  const csvOut = o.json
    ? null
    : stringify({
        header: true,
        columns: [
          'row',
          'id',
          'name',
          'country',
          'as_of',
          'status',
          'top_score',
          'top_list',
          'top_entity',
          'top_matched_name',
          'hits',
          'verdict',
          'error',
        ],
      });
  if (csvOut) csvOut.pipe(out);
  const write = (rec: Record<string, unknown>) => {
    if (csvOut) csvOut.write(rec);
    else out.write(JSON.stringify(rec) + '\n');
  };
  const parser = fs.createReadStream(file).pipe(
    parse({
      columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    }),
  );
  let row = 0;
  let sawName = false;
  try {
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      row++;
      if (row === 1 && !('name' in rec))
        throw new UsageError(
          `--batch: the CSV needs a "name" column (got columns ${JSON.stringify(Object.keys(rec))})`,
        );
      sawName = true;
      const base = { row, id: rec.id ?? '', name: rec.name ?? '' };
      try {
        const name = u.checkName(rec.name ?? '', `row ${row} name`);
        const country = (await u.checkCountry(rec.country || undefined, `row ${row} country`)) ?? o.country;
        const type = u.checkType(rec.type || undefined, `row ${row} type`) ?? o.type;
        const asOf = u.checkDate(rec.as_of || rec.asof || undefined, `row ${row} as_of`) ?? o.asOf;
        const r = s.screen(name, { asOf, country, type, limit: o.limit });
        const top = r.matches[0];
        if (o.json) write({ ...base, ...r });
        else
          write({
            ...base,
            country: country ?? '',
            as_of: r.query.asOf,
            status: r.status,
            top_score: top?.score ?? '',
            top_list: top?.source ?? '',
            top_entity: top?.entityId ?? '',
            top_matched_name: top?.matchedName ?? '',
            hits: r.matches.length,
            verdict: r.verdict,
            error: '',
          });
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        write({ ...base, status: 'error', error: e.message });
      }
      bar?.update((parser as unknown as { info: { bytes: number } }).info.bytes, { rows: row });
    }
    if (!sawName && row === 0) process.stderr.write('exportctl: --batch: the file has no data rows\n');
  } finally {
    bar?.stop();
    store.close();
    // let everything written reach the output before returning
    const done = new Promise<void>((res) => {
      if (o.out) out.once('finish', () => res());
      else if (csvOut) csvOut.once('end', () => res());
      else res();
    });
    if (csvOut)
      csvOut.end(); // the pipe ends `out` (a file) after the last row
    else if (o.out) out.end();
    await done;
  }
}
