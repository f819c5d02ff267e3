/** Human-readable text for `exportctl lab …` (the JSON is the LabResult itself). */
import type { Scenario } from './schema.ts';
import type { AppliedScenario } from './scenario.ts';
import type { ChangedGroup, DecisionSummary, LabResult } from './report.ts';

const n = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d });
const status = (s: DecisionSummary) =>
  `${s.outcome}${s.reviewPolicy ? ` (${s.reviewPolicy})` : ''}${s.exceptions.length ? ` [${s.exceptions.join(', ')}]` : ''}${s.conditions.length ? ` +conditions: ${s.conditions.join(', ')}` : ''}`;
const eccn = (e: string | null) => e ?? 'not 3A090/4A090';

export function renderScenarioList(list: Scenario[]): string {
  const w = Math.max(...list.map((s) => s.id.length));
  const lines = ['Built-in scenarios (data/scenarios; `exportctl lab show ID` for details):', ''];
  for (const s of list) {
    lines.push(`  ${s.id.padEnd(w)}  ${s.title}${s.hypothetical ? '  [hypothetical]' : ''}`);
    lines.push(`  ${' '.repeat(w)}  view ${s.base.view}, ${s.base.from}..${s.base.to}, ${s.changes.length} change(s)`);
  }
  return lines.join('\n') + '\n';
}

export function renderScenario(a: AppliedScenario): string {
  const s = a.scenario;
  const lines = [`${s.id}: ${s.title}${s.hypothetical ? '  [hypothetical]' : ''}`, '', wrap(s.description, 2), '', `  base: view ${s.base.view}, ${s.base.from}..${s.base.to} (to exclusive); rules version ${a.rulesVersion}`];
  if (s.sources?.length) lines.push('  sources:', ...s.sources.map((x) => `    - ${x}`));
  lines.push('', s.changes.length ? '  changes:' : '  changes: none (the measure set as it is)');
  for (const c of a.changes) {
    lines.push(`    [${c.index}] ${c.type} ${c.target}`);
    lines.push(wrap(`why: ${c.rationale}`, 8));
    if (c.source) lines.push(wrap(`source: ${c.source}`, 8));
  }
  if (a.notes.length) lines.push('', '  notes:', ...a.notes.map((x) => wrap(`- ${x}`, 4)));
  return lines.join('\n') + '\n';
}

function wrap(text: string, indent: number, width = 100): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > width - indent) {
      out.push(' '.repeat(indent) + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(' '.repeat(indent) + line);
  return out.join('\n');
}

function group(g: ChangedGroup): string[] {
  const who = g.endUserHeadquarters ? ` (end user HQ ${g.endUserHeadquarters})` : g.endUserParentHeadquarters ? ` (parent HQ ${g.endUserParentHeadquarters})` : '';
  const lines = [
    `    ${g.name} → ${g.destination}${who}, ${g.firstDate}..${g.lastDate}: ${n(g.shipments, 0)} shipment(s), ${n(g.h100e)} H100e`,
    `      ${status(g.base)}  →  ${status(g.scenario)}${g.material ? '' : '  (same outcome: ' + g.kinds.join(', ') + ')'}`,
  ];
  const m = [...g.measures.added.map((x) => `+${x}`), ...g.measures.removed.map((x) => `-${x}`)];
  if (m.length) lines.push(`      measures: ${m.join(' ')}`);
  for (const c of g.changes) lines.push(`      because ${c.scenario}${c.index >= 0 ? ` change [${c.index}]` : ''} ${c.type} ${c.target}`);
  if (g.examples.length) lines.push(`      e.g. ${g.examples.join(', ')}`);
  return lines;
}

export function renderLab(r: LabResult, opts: { groups?: number } = {}): string {
  const L: string[] = [];
  L.push(`Policy lab — base scenario: ${r.base}`);
  if (r.shipments) {
    L.push(`Shipments: ${r.shipments.label} — ${n(r.shipments.count, 0)} replayed${r.shipments.rejectedCount ? `, ${n(r.shipments.rejectedCount, 0)} rejected (first: line ${r.shipments.rejected[0]?.line}: ${r.shipments.rejected[0]?.reason})` : ''}`);
    for (const w of r.shipments.warnings) L.push(`  warning: ${w}`);
  } else L.push('Shipments: none given (chip status only; use --shipments FILE, --ledger or --synthetic N)');
  if (r.synthetic) L.push('*** SYNTHETIC shipments: the figures below exercise the rules, they are not estimates of real trade ***');
  L.push('');
  L.push('Scenarios:');
  for (const s of r.scenarios) L.push(`  ${s.id}${s.hypothetical ? ' [hypothetical]' : ''}: ${s.title} (view ${s.view}, ${s.from}..${s.to}, ${s.changes.length} change(s), ${n(s.engineCalls, 0)} engine calls)`);
  if (r.shipments) {
    L.push('');
    L.push('Compute reaching each tier by year, H100-equivalents (lower bound – upper bound):');
    const years = [...new Set(r.scenarios.flatMap((s) => s.compute.byYearTier.map((x) => x.year)))].sort();
    const w = Math.max(...r.scenarios.map((s) => s.id.length), 8);
    L.push(`  ${'scenario'.padEnd(w)}  year  ${['Tier 1', 'Tier 2', 'Tier 3'].map((t) => t.padStart(27)).join('')}`);
    for (const s of r.scenarios) {
      for (const y of years) {
        const cells = (['Tier 1', 'Tier 2', 'Tier 3'] as const).map((t) => {
          const row = s.compute.byYearTier.find((x) => x.year === y && x.tier === t);
          return (row ? `${n(row.reachesLowH100e, 0)} – ${n(row.reachesHighH100e, 0)}` : '—').padStart(27);
        });
        L.push(`  ${s.id.padEnd(w)}  ${y}  ${cells.join('')}`);
      }
    }
    L.push(`  (${r.notes.bounds})`);
  }
  for (const d of r.diffs) {
    L.push('');
    L.push(`=== ${d.scenario} vs ${d.base} ===`);
    for (const c of d.changes) L.push(wrap(`${c.index >= 0 ? `[${c.index}] ` : ''}${c.type} ${c.target}: ${c.rationale}`, 2));
    if (r.shipments) {
      const s = d.summary;
      L.push(`  Shipments whose decision changes: ${n(s.material.shipments, 0)} of ${n(s.compared, 0)} (${n(s.material.h100e)} H100e, ${n(s.material.tpp, 0)} TPP)${s.shipments > s.material.shipments ? `; ${n(s.shipments - s.material.shipments, 0)} more with the same outcome on a different basis or classification` : ''}`);
      for (const [k, a] of Object.entries(s.byKind)) L.push(`    ${k}: ${n(a!.shipments, 0)} shipment(s), ${n(a!.h100e)} H100e`);
      const listed = d.shipments.slice(0, opts.groups ?? 8);
      if (listed.length) {
        L.push(`  Largest changed groups (${listed.length} of ${d.groupsTotal}; --json lists ${d.groupsListed}):`);
        for (const g of listed) L.push(...group(g));
      }
      const tiers = d.compute.byYearTier;
      if (tiers.length) {
        L.push('  Compute reaching (H100e, lower – upper bound), base → scenario:');
        for (const t of tiers)
          L.push(`    ${t.year} ${t.tier}: ${n(t.base.reachesLowH100e, 0)} – ${n(t.base.reachesHighH100e, 0)}  →  ${n(t.scenario.reachesLowH100e, 0)} – ${n(t.scenario.reachesHighH100e, 0)}  (Δ ${n(t.deltaLowH100e, 0)} / ${n(t.deltaHighH100e, 0)})`);
      }
    }
    if (d.chips.length) {
      L.push(`  Chip status changes (${d.chips.length}):`);
      for (const c of d.chips.slice(0, 15)) {
        const side = (x: { eccn: string | null; overlays: string[] }) => `${eccn(x.eccn)}${x.overlays.length ? ` + letter ${x.overlays.join(', ')}` : ''}`;
        const m = [...c.measures.added.map((x) => `+${x}`), ...c.measures.removed.map((x) => `-${x}`)].join(' ');
        L.push(`    ${c.name}, ${c.from}..${c.to}: ${side(c.base)} → ${side(c.scenario)}${m ? `  (${m})` : ''}`);
      }
      if (d.chips.length > 15) L.push(`    … ${d.chips.length - 15} more (--json)`);
    } else L.push('  Chip status: no product changes classification or letters.');
  }
  return L.join('\n') + '\n';
}
