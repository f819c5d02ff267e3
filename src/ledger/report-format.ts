/** Renders the compute-accounting report as text (terminal) or one CSV table. */
import { stringify } from 'csv-stringify/sync';
import type { AggregateRow, Report } from './accounting.ts';

const n = (v: number) => Math.round(v).toLocaleString('en-US');

export function renderReportText(r: Report): string {
  const lines: string[] = [];
  const t = r.totals;
  lines.push(
    `Shipments: ${t.shipments}, ${t.quantity} units, ${n(t.tpp)} TPP, ${t.h100Equivalents.toFixed(1)} H100-equivalents`,
  );
  const table = (title: string, rows: AggregateRow[]) => {
    if (!rows.length) return;
    lines.push('', title);
    lines.push(
      `  ${'year'.padEnd(6)}${'key'.padEnd(28)}${'units'.padStart(10)}${'TPP'.padStart(18)}${'H100-eq'.padStart(12)}`,
    );
    for (const x of rows) {
      lines.push(
        `  ${String(x.year).padEnd(6)}${x.key.slice(0, 27).padEnd(28)}${String(x.quantity).padStart(10)}${n(x.tpp).padStart(18)}${x.h100Equivalents.toFixed(1).padStart(12)}`,
      );
    }
  };
  table('By destination', r.byDestination);
  table('By tier (AI Diffusion, as written)', r.byTier);
  table('By end user', r.byEndUser);
  if (r.caps.length) {
    lines.push('', 'Caps');
    for (const c of r.caps)
      lines.push(`  [${c.status.toUpperCase()}] (${c.view}, ${c.confidence}) ${c.message}`);
  }
  for (const note of r.notes) lines.push('', `Note: ${note}`);
  return lines.join('\n');
}

export function renderReportCsv(r: Report): string {
  const rows: (string | number)[][] = [];
  const add = (section: string, xs: AggregateRow[]) => {
    for (const x of xs)
      rows.push([section, x.year, x.key, x.quantity, x.tpp, x.h100Equivalents, x.shipments, '', '', '']);
  };
  add('destination', r.byDestination);
  add('tier', r.byTier);
  add('end_user', r.byEndUser);
  add('year', r.byYear);
  for (const c of r.caps) {
    rows.push([
      `cap:${c.cap}`,
      '',
      c.scope,
      c.unit === 'units' ? c.current : '',
      c.unit === 'tpp' ? c.current : c.unit === 'share' ? c.current : '',
      '',
      '',
      c.limit,
      c.status,
      c.citation,
    ]);
  }
  return stringify(rows, {
    header: true,
    columns: [
      'section',
      'year',
      'key',
      'quantity',
      'tpp',
      'h100_equivalents',
      'shipments',
      'limit',
      'status',
      'citation',
    ],
  });
}
