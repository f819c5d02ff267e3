/**
 * exportctl lab scenarios [--json]
 * exportctl lab show SCENARIO [--json]            (a built-in id or a YAML/JSON file; validates it)
 * exportctl lab run SCENARIO… [--shipments FILE | --ledger [DB] | --synthetic N [--seed S]]
 *                   [--base ID] [--json] [--plot FILE] [--plot-for TARGET] [--decisions FILE]
 *                   [--detail N] [--groups N] [--products LIST]
 * exportctl lab generate [--n N] [--seed S] [--from D] [--to D] [--destinations W] [--products W]
 *                   [--quantity-min Q] [--quantity-max Q] [--foreign-hq-share X] [--out FILE]
 * See docs/lab.md.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { printJson } from '../io.ts';

function int(v: string | undefined, flag: string, min = 0): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?[0-9]+$/.test(v.trim()) || Number(v) < min) throw new UsageError(`${flag}: expected a whole number >= ${min} (got ${JSON.stringify(v)})`);
  return Number(v);
}

function num(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`${flag}: expected a number (got ${JSON.stringify(v)})`);
  return x;
}

interface RunOpts {
  shipments?: string;
  ledger?: string | boolean;
  synthetic?: string;
  seed?: string;
  base?: string;
  json?: boolean;
  plot?: string;
  plotFor?: string;
  decisions?: string;
  detail?: string;
  groups?: string;
  products?: string;
}

export function register(program: Command): void {
  const lab = program.command('lab').description('Policy lab: replay the catalog and shipments under tightened or loosened rules (docs/lab.md)');

  lab
    .command('scenarios')
    .description('List the built-in scenarios')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { builtinScenarios } = await import('../../lab/scenario.ts');
      const list = builtinScenarios();
      if (o.json) printJson(list);
      else process.stdout.write((await import('../../lab/render.ts')).renderScenarioList(list));
    });

  lab
    .command('show')
    .description('Validate and show a scenario (built-in id or YAML/JSON file): its changes, rationale, sources')
    .argument('<scenario>', 'built-in id or path to a .yaml/.json scenario file')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { json?: boolean }) => {
      const { loadScenario, applyScenario } = await import('../../lab/scenario.ts');
      const a = applyScenario(loadScenario(ref, 'scenario'));
      if (o.json) printJson({ scenario: a.scenario, rulesVersion: a.rulesVersion, changes: a.changes, conditions: a.conditions, notes: a.notes, valid: true });
      else process.stdout.write((await import('../../lab/render.ts')).renderScenario(a));
    });

  lab
    .command('run')
    .description('Replay the catalog (and shipments) under scenarios; diff each against the base scenario')
    .argument('<scenarios...>', 'built-in ids or scenario files (the base, as-enforced by default, is added when missing)')
    .option('--shipments <FILE>', 'shipment estimates in the batch CSV format (id,date,destination,product,quantity,…)')
    .option('--ledger [DB]', "replay the ledger's shipments table (SQLite path or postgres:// URL; default as for `exportctl ledger`)")
    .option('--synthetic <N>', 'replay N SYNTHETIC shipments from the seeded generator')
    .option('--seed <S>', 'seed for --synthetic (default 1)')
    .option('--base <ID>', 'base scenario for the diffs (default as-enforced)')
    .option('--json', 'print the full JSON result')
    .option('--plot <FILE>', 'write a comparison chart (.svg or .png)')
    .option('--plot-for <TARGET>', 'chart target: "Tier 1", "Tier 2", "Tier 3" (default) or an ISO destination code')
    .option('--decisions <FILE>', 'write one CSV row per shipment with every scenario\'s decision')
    .option('--detail <N>', 'per-shipment decisions included in the JSON (default 50)')
    .option('--groups <N>', 'changed-shipment groups listed per diff (default 100 in JSON, 8 in text)')
    .option('--products <LIST>', 'comma-separated catalog products for the chip timelines (default: all)')
    .action(async (refs: string[], o: RunOpts) => {
      const sources = [o.shipments !== undefined, o.ledger !== undefined, o.synthetic !== undefined].filter(Boolean).length;
      if (sources > 1) throw new UsageError('--shipments, --ledger and --synthetic: give at most one shipment source');
      if (o.seed !== undefined && o.synthetic === undefined) throw new UsageError('--seed: only with --synthetic N');
      const detail = int(o.detail, '--detail');
      const groups = int(o.groups, '--groups', 1);
      if (o.plotFor !== undefined && !/^Tier [123]$/.test(o.plotFor) && !/^[A-Za-z]{2}$/.test(o.plotFor)) throw new UsageError(`--plot-for: expected "Tier 1", "Tier 2", "Tier 3" or an ISO code (got ${JSON.stringify(o.plotFor)})`);
      if (o.plot !== undefined && !/\.(svg|png)$/i.test(o.plot)) throw new UsageError(`--plot: must end in .svg or .png (got ${JSON.stringify(o.plot)})`);
      const shipmentsMod = await import('../../lab/shipments.ts');
      let set = null;
      if (o.shipments !== undefined) set = await shipmentsMod.loadShipmentsCsv(o.shipments, '--shipments');
      else if (o.ledger !== undefined) {
        const { resolveDbLocation } = await import('../../ledger/db.ts');
        set = await shipmentsMod.loadShipmentsFromLedger(resolveDbLocation(typeof o.ledger === 'string' ? o.ledger : undefined));
      } else if (o.synthetic !== undefined) {
        const { generateShipments } = await import('../../lab/synthetic.ts');
        set = generateShipments({ n: int(o.synthetic, '--synthetic', 1), seed: int(o.seed, '--seed') });
      }
      const { replay, summarize, writeDecisionsCsv } = await import('../../lab/report.ts');
      const products = o.products?.split(',').map((x) => x.trim()).filter(Boolean);
      const r = replay(refs, set, { base: o.base, detail, groups: o.json ? groups : undefined, products });
      const result = summarize(r);
      const written: string[] = [];
      if (o.decisions) {
        const rows = await writeDecisionsCsv(r, o.decisions);
        written.push(`decisions: ${rows} row(s) written to ${o.decisions}`);
      }
      if (o.plot) {
        const { labChartSvg } = await import('../../lab/chart.ts');
        const { writeChart } = await import('../../evidence/render.ts');
        const target = o.plotFor ? (o.plotFor.startsWith('Tier') ? o.plotFor : o.plotFor.toUpperCase()) : 'Tier 3';
        const w = await writeChart(o.plot, labChartSvg(result, target), '--plot');
        written.push(`chart: ${w.file} (${w.format}, ${w.bytes} bytes)`);
      }
      if (o.json) printJson(result);
      else {
        process.stdout.write((await import('../../lab/render.ts')).renderLab(result, { groups }));
        for (const w of written) process.stdout.write(`${w}\n`);
      }
      if (o.json && written.length) process.stderr.write(written.join('\n') + '\n');
    });

  lab
    .command('generate')
    .description('Write a SYNTHETIC, seeded shipment set in the batch CSV format (not trade data)')
    .option('--n <N>', 'rows (default 10000)')
    .option('--seed <S>', 'PRNG seed, an integer (default 1)')
    .option('--from <YYYY-MM-DD>', 'first day (default 2022-08-01)')
    .option('--to <YYYY-MM-DD>', 'first day after the range (default 2026-12-01)')
    .option('--destinations <W>', 'destination weights, e.g. "CN=10,US=30,IN=4" (default: an illustrative mix)')
    .option('--products <W>', 'product weights, e.g. "H100 SXM=3,H20=5" (default: every catalog product, weight 1)')
    .option('--quantity-min <Q>', 'smallest quantity (default 8)')
    .option('--quantity-max <Q>', 'largest quantity (default 20000); quantities are log-uniform')
    .option('--foreign-hq-share <X>', 'share of rows outside China/Macau with a China-headquartered end user (default 0.05)')
    .option('--out <FILE>', 'output CSV (default stdout)')
    .option('--json', 'print the parameters used as JSON (to stderr when writing CSV to stdout)')
    .action(
      async (o: { n?: string; seed?: string; from?: string; to?: string; destinations?: string; products?: string; quantityMin?: string; quantityMax?: string; foreignHqShare?: string; out?: string; json?: boolean }) => {
        const { generateShipments, parseWeights, syntheticCsvLines } = await import('../../lab/synthetic.ts');
        const set = generateShipments({
          n: int(o.n, '--n', 1),
          seed: int(o.seed, '--seed'),
          from: o.from,
          to: o.to,
          destinations: o.destinations ? parseWeights(o.destinations, '--destinations') : undefined,
          products: o.products ? parseWeights(o.products, '--products') : undefined,
          quantityMin: int(o.quantityMin, '--quantity-min', 1),
          quantityMax: int(o.quantityMax, '--quantity-max', 1),
          foreignHqShare: num(o.foreignHqShare, '--foreign-hq-share'),
        });
        const { createWriteStream } = await import('node:fs');
        const out = o.out ? createWriteStream(o.out) : process.stdout;
        const failed = new Promise<never>((_, reject) => out.on('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`--out: cannot write ${JSON.stringify(o.out)} (${e.code ?? e.message})`))));
        let buf: string[] = [];
        for (const line of syntheticCsvLines(set)) {
          buf.push(line);
          if (buf.length === 10_000) {
            if (!out.write(buf.join('\n') + '\n')) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
            buf = [];
          }
        }
        if (buf.length) out.write(buf.join('\n') + '\n');
        if (o.out) await Promise.race([new Promise<void>((r) => (out as import('node:fs').WriteStream).end(() => r())), failed]);
        const meta = { synthetic: true, rows: set.n, label: set.source.label, generator: set.source.generator, out: o.out ?? '-' };
        if (o.json) (o.out ? process.stdout : process.stderr).write(JSON.stringify(meta, null, 2) + '\n');
        else if (o.out) process.stdout.write(`${set.source.label}\nwrote ${set.n} SYNTHETIC row(s) to ${o.out}\n`);
      },
    );
}
