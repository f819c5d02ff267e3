/**
 * exportctl classify [--date YYYY-MM-DD] [--view enforced|as-written] [--json] (PRODUCT | --spec FILE | --spec -)
 * exportctl catalog [--json] [--date D]
 * exportctl timeline [PRODUCT] [--json] [--view V]
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { fmtNum, printJson, readJsonArg } from '../io.ts';

interface ClassifyOpts {
  date?: string;
  view?: string;
  json?: boolean;
  spec?: string;
}

export function register(program: Command): void {
  program
    .command('classify')
    .description(
      'Classify a product or spec on a date: ECCN paragraph, metrics, thresholds compared, citations',
    )
    .argument('[product...]', 'catalog product name, e.g. "NVIDIA H100 SXM"')
    .option('--date <YYYY-MM-DD>', 'the day to classify on (default: today, UTC)')
    .option('--view <view>', 'enforced (default) or as-written')
    .option('--spec <FILE>', 'a JSON spec file, or - for stdin')
    .option('--json', 'print one JSON object')
    .action(async (words: string[], o: ClassifyOpts) => {
      const { parseDate, parseView, today } = await import('../../engine/dates.ts');
      const { classifySpec } = await import('../../engine/classify.ts');
      const { catalog } = await import('../../catalog/index.ts');
      const { parseSpec } = await import('../../engine/spec.ts');
      const date = o.date === undefined ? today() : parseDate(o.date, '--date');
      const view = parseView(o.view, '--view');
      const name = words.join(' ').trim();
      if (name && o.spec) throw new UsageError('give either PRODUCT or --spec, not both');
      if (!name && !o.spec) throw new UsageError('give a PRODUCT name or --spec FILE');
      let result;
      if (o.spec) {
        const spec = parseSpec(readJsonArg(o.spec, '--spec'), 'spec');
        result = classifySpec(spec, date, { view });
      } else {
        const product = catalog().resolve(name, 'product');
        result = classifySpec(product.spec, date, { view, product });
      }
      if (o.json) printJson(result);
      else process.stdout.write((await import('../render.ts')).renderClassification(result));
    });

  program
    .command('catalog')
    .description('Every catalog product with its metrics (and its classification on --date)')
    .option('--date <YYYY-MM-DD>', 'classify each product on this day (default: today)')
    .option('--view <view>', 'enforced (default) or as-written')
    .option('--json', 'print JSON')
    .action(async (o: ClassifyOpts) => {
      const { parseDate, parseView, today } = await import('../../engine/dates.ts');
      const { catalogAnswer } = await import('../../services/catalog.ts');
      const date = o.date === undefined ? today() : parseDate(o.date, '--date');
      const view = parseView(o.view, '--view');
      const answer = catalogAnswer(date, view);
      const rows = answer.products;
      if (o.json) return printJson(answer);
      const lines = [`Catalog on ${date} (${view} view): ${rows.length} products`, ''];
      lines.push(
        [
          'product'.padEnd(48),
          'TPP'.padStart(9),
          'PD'.padStart(7),
          'H100-eq'.padStart(8),
          'ECCN'.padEnd(10),
          'conf',
        ].join('  '),
      );
      for (const r of rows) {
        lines.push(
          [
            `${r.vendor} ${r.name}`.slice(0, 48).padEnd(48),
            fmtNum(r.tpp, 0).padStart(9),
            fmtNum(r.performanceDensity, 2).padStart(7),
            fmtNum(r.h100Equivalents, 2).padStart(8),
            (r.paragraph ?? '—').padEnd(10),
            r.confidence,
          ].join('  '),
        );
      }
      process.stdout.write(lines.join('\n') + '\n');
    });

  program
    .command('import-epoch')
    .description(
      "Compare Epoch AI's ML hardware export with the catalog: fills, conflicts, new products (never overwrites silently)",
    )
    .argument('<FILE>', 'Epoch AI ml_hardware.csv (CC BY 4.0)')
    .option('--tolerance <x>', 'relative difference reported as a conflict', '0.02')
    .option('--out <FILE.csv>', 'write a merged catalog CSV (load it with EXPORTCTL_CATALOG=FILE)')
    .option('--prefer <source>', 'on conflict keep "catalog" (default) or take "epoch"', 'catalog')
    .option('--extend', 'append Epoch accelerators missing from the catalog to --out')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        o: { tolerance: string; out?: string; prefer: string; extend?: boolean; json?: boolean },
      ) => {
        const { readEpochHardware, compareWithEpoch, mergedCatalogCsv } =
          await import('../../catalog/epoch.ts');
        const tol = Number(o.tolerance);
        if (!Number.isFinite(tol) || tol < 0)
          throw new UsageError(
            `--tolerance: expected a non-negative number (got ${JSON.stringify(o.tolerance)})`,
          );
        if (o.prefer !== 'catalog' && o.prefer !== 'epoch')
          throw new UsageError(`--prefer: expected "catalog" or "epoch" (got ${JSON.stringify(o.prefer)})`);
        const report = compareWithEpoch(readEpochHardware(file), undefined, tol);
        if (o.out) {
          const { writeFileSync } = await import('node:fs');
          writeFileSync(o.out, mergedCatalogCsv(report, o.prefer, !!o.extend));
        }
        if (o.json) return printJson(report);
        const lines = [
          `${report.rows} Epoch rows; ${report.matched.length} matched to catalog products; ${report.fills.length} missing catalog fields Epoch can fill; ${report.conflicts.length} conflicts; ${report.newProducts.length} accelerators not in the catalog; ${report.rejected.length} rejected rows`,
          `Data: ${report.attribution}`,
          '',
          'Conflicts (catalog value kept unless --prefer epoch):',
          ...report.conflicts.map(
            (c) =>
              `  ${c.product.padEnd(44)} ${c.field.padEnd(20)} catalog ${fmtNum(c.catalog)}  Epoch ${fmtNum(c.epoch)}  (${(c.relativeDifference * 100).toFixed(1)}%)`,
          ),
          '',
          'Fills:',
          ...report.fills.map(
            (f) => `  ${f.product.padEnd(44)} ${f.field.padEnd(20)} Epoch ${fmtNum(f.epoch)}`,
          ),
          ...report.rejected.map((r) => `  rejected line ${r.line}: ${r.reason}`),
        ];
        if (o.out)
          lines.push('', `merged catalog written to ${o.out} (use it with EXPORTCTL_CATALOG=${o.out})`);
        process.stdout.write(lines.join('\n') + '\n');
      },
    );

  program
    .command('timeline')
    .description('The measures in date order; with a product, its status under each')
    .argument('[product...]', 'catalog product name')
    .option('--view <view>', 'enforced (default) or as-written')
    .option('--json', 'print JSON')
    .action(async (words: string[], o: ClassifyOpts) => {
      const { parseView } = await import('../../engine/dates.ts');
      const { measureTimeline, productTimeline } = await import('../../engine/timeline.ts');
      const { catalog } = await import('../../catalog/index.ts');
      const view = parseView(o.view, '--view');
      const measures = measureTimeline();
      const name = words.join(' ').trim();
      if (!name) {
        if (o.json) return printJson({ measures });
        const lines = measures.map(
          (m) =>
            `${m.effective}  ${m.id.padEnd(18)} ${m.kind.padEnd(28)} ${(m.frCitation ?? '').padEnd(12)} ${m.title}` +
            (m.enforcement.some((e) => !e.enforced)
              ? `\n${' '.repeat(32)}enforcement: ${m.enforcement.map((e) => `${e.from}${e.to ? '..' + e.to : '..'} ${e.enforced ? 'enforced' : 'NOT enforced'}`).join('; ')}`
              : ''),
        );
        process.stdout.write(lines.join('\n') + '\n');
        return;
      }
      const product = catalog().resolve(name, 'product');
      const segments = productTimeline(product, view);
      if (o.json) return printJson({ product: product.fullName, view, segments, measures });
      const lines = [`${product.fullName} (${view} view)`, ''];
      for (const s of segments) {
        lines.push(
          `${s.from} → ${s.to ?? 'now'}:  ${s.paragraph ?? 'not caught by 3A090'}` +
            (s.overlays.length ? `  + letter ${s.overlays.join(', ')}` : '') +
            (s.changedBy.length ? `   [changed by ${s.changedBy.join(', ')}]` : ''),
        );
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
