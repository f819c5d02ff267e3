/**
 * exportctl lists [--json]                       loaded snapshots (per list, as-of, hash)
 * exportctl lists load FILE… [--format F] [--as-of D] [--lists EL,DPL] [--json]
 * exportctl lists diff OLD NEW [--json] [--limit N]   (files or snapshot hash prefixes)
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

export function register(program: Command): void {
  const lists = program
    .command('lists')
    .description('Restricted-party list snapshots: show loaded ones, load files, diff two snapshots')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { openStore } = await import('../../screening/store.ts');
      const { ensureLists } = await import('../../screening/lists.ts');
      const { printJson } = await import('../screening-util.ts');
      const store = await openStore();
      try {
        const bundled = ensureLists(store);
        const snaps = store.snapshots();
        if (o.json) return printJson({ snapshots: snaps, bundledImported: bundled });
        if (bundled)
          process.stdout.write(
            'No list had been loaded: imported the bundled sample lists from data/lists.\n',
          );
        for (const s of snaps)
          process.stdout.write(
            `${s.asOf}  ${s.hash.slice(0, 12)}  ${s.format.padEnd(9)} ${String(s.entityCount).padStart(6)} entries  ${s.lists.join(',')}${s.problemCount ? `  (${s.problemCount} problem rows)` : ''}${s.bundled ? '  [bundled sample]' : ''}\n    ${s.source}\n`,
          );
      } finally {
        store.close();
      }
    });

  lists
    .command('load')
    .description(
      'Load list files as snapshots (format detected, or --format); reports malformed rows and alerts',
    )
    .argument('<files...>', 'list files (CSL csv/json, OFAC sdn.csv/cons_prim.csv, BIS DPL)')
    .option('--format <F>', 'csl-csv | csl-json | ofac-sdn | ofac-cons | bis-dpl')
    .option(
      '--as-of <YYYY-MM-DD>',
      'date the snapshot describes (default: date in the file name, else latest listing date, else file date)',
    )
    .option('--lists <CODES>', 'take only these lists from the file, e.g. EL,MEU')
    .option('--json', 'print JSON')
    .action(
      async (
        files: string[],
        o: { format?: string; asOf?: string; lists?: string; json?: boolean },
        cmd: Command,
      ) => {
        o = cmd.optsWithGlobals(); // --json may be taken by the parent `lists` command
        const { checkDate, checkFormat, printJson } = await import('../screening-util.ts');
        const format = checkFormat(o.format, '--format');
        const asOf = checkDate(o.asOf, '--as-of');
        const { existsSync } = await import('node:fs');
        for (const f of files)
          if (!existsSync(f)) throw new UsageError(`FILE: no such file (got ${JSON.stringify(f)})`);
        const listCodes = o.lists
          ? o.lists
              .split(',')
              .map((x) => x.trim().toUpperCase())
              .filter(Boolean)
          : undefined;
        const { openStore } = await import('../../screening/store.ts');
        const { loadSnapshot } = await import('../../screening/lists.ts');
        const { alertsForNewSnapshot } = await import('../../screening/service.ts');
        const { configFromEnv } = await import('../../screening/config.ts');
        const store = await openStore();
        const out = [];
        try {
          for (const f of files) {
            let r;
            try {
              r = loadSnapshot(store, f, { format, asOf, lists: listCodes as never });
            } catch (e) {
              throw new UsageError(`FILE: ${(e as Error).message} (got ${JSON.stringify(f)})`);
            }
            const alerts = r.added ? alertsForNewSnapshot(store, r, configFromEnv()) : [];
            out.push({
              file: f,
              snapshot: r.info,
              added: r.added,
              asOfRule: r.asOfRule,
              problems: r.problems,
              alerts,
            });
          }
        } finally {
          store.close();
        }
        if (o.json) return printJson({ loaded: out });
        for (const x of out) {
          process.stdout.write(
            `${x.file}: ${x.added ? 'loaded' : 'already loaded'} ${x.snapshot.format} snapshot ${x.snapshot.hash.slice(0, 12)} as of ${x.snapshot.asOf} (${x.asOfRule}), ${x.snapshot.entityCount} entries, lists ${x.snapshot.lists.join(',')}\n`,
          );
          for (const p of x.problems) process.stdout.write(`  problem ${p.file}:${p.line}: ${p.message}\n`);
          for (const a of x.alerts)
            process.stdout.write(
              `  ALERT: party "${a.party}" now matches ${a.list} ${a.entityId} "${a.matchedName}" (${a.change}) at ${a.score}\n`,
            );
        }
      },
    );

  lists
    .command('diff')
    .description(
      'Entries added, removed and changed between two snapshots (files or loaded snapshot hash prefixes)',
    )
    .argument('<old>', 'file or snapshot hash prefix')
    .argument('<new>', 'file or snapshot hash prefix')
    .option('--format <F>', 'format of the files when not detectable')
    .option('--limit <N>', 'most entries shown per section in text output', '20')
    .option('--json', 'print JSON')
    .action(
      async (a: string, b: string, o: { format?: string; limit: string; json?: boolean }, cmd: Command) => {
        o = cmd.optsWithGlobals();
        const { checkFormat, printJson } = await import('../screening-util.ts');
        const format = checkFormat(o.format, '--format');
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 0)
          throw new UsageError(`--limit: expected a whole number (got ${JSON.stringify(o.limit)})`);
        const { existsSync } = await import('node:fs');
        const { parseSnapshot, diffEntities } = await import('../../screening/lists.ts');
        const { openStore } = await import('../../screening/store.ts');
        let store: Awaited<ReturnType<typeof openStore>> | undefined;
        const side = async (x: string, field: string) => {
          if (existsSync(x)) {
            try {
              const r = parseSnapshot(x, { format });
              return { info: r.info, entities: r.entities };
            } catch (e) {
              throw new UsageError(`${field}: ${(e as Error).message} (got ${JSON.stringify(x)})`);
            }
          }
          store ??= await openStore();
          const m = store.snapshots().filter((s) => s.hash.startsWith(x.toLowerCase()));
          if (m.length !== 1 || x.length < 4)
            throw new UsageError(
              `${field}: not a file nor a unique loaded snapshot hash prefix (got ${JSON.stringify(x)})`,
            );
          return { info: m[0], entities: store.entities(m[0].hash) };
        };
        try {
          const A = await side(a, 'OLD');
          const B = await side(b, 'NEW');
          const d = diffEntities(A.entities, B.entities);
          const res = {
            old: { asOf: A.info.asOf, hash: A.info.hash, entities: A.entities.length },
            new: { asOf: B.info.asOf, hash: B.info.hash, entities: B.entities.length },
            counts: { added: d.added.length, removed: d.removed.length, changed: d.changed.length },
            ...d,
          };
          if (o.json) return printJson(res);
          process.stdout.write(
            `${A.info.asOf} (${A.entities.length}) → ${B.info.asOf} (${B.entities.length}): ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed\n`,
          );
          const show = (title: string, xs: { id: string; name: string; fields?: string[] }[]) => {
            if (xs.length === 0) return;
            process.stdout.write(`${title}:\n`);
            for (const x of xs.slice(0, limit))
              process.stdout.write(`  ${x.id}  ${x.name}${x.fields ? `  [${x.fields.join(', ')}]` : ''}\n`);
            if (xs.length > limit) process.stdout.write(`  … ${xs.length - limit} more (--json for all)\n`);
          };
          show('added', d.added);
          show('removed', d.removed);
          show('changed', d.changed);
        } finally {
          (store as { close(): void } | undefined)?.close();
        }
      },
    );
}
