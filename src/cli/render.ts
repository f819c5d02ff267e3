/** Human-readable renderings of engine answers (the `--json` output is the engine's object). */
import type { Classification } from '../engine/classify.ts';
import { fmtNum } from './io.ts';

export function renderClassification(c: Classification): string {
  const out: string[] = [];
  const name = c.item.name ?? '(spec)';
  out.push(`${name} on ${c.date} (${c.view} view)`);
  out.push(
    c.eccn
      ? `  ECCN: ${c.eccn}   paragraph ${c.paragraph}`
      : '  ECCN: not caught by the advanced-computing entries (null)',
  );
  out.push(`  confidence: ${c.confidence}   measures: ${c.measures.join(', ') || '—'}`);
  out.push('', 'Metrics');
  for (const m of c.metricExplanations ?? []) {
    out.push(`  ${m.metric} = ${fmtNum(m.value, 4)}    ${m.formula}`);
    const inputs = Object.entries(m.inputs).map(
      ([k, v]) => `${k}: ${typeof v === 'number' ? fmtNum(v, 4) : v}`,
    );
    if (inputs.length) out.push(`      inputs — ${inputs.join('; ')}`);
    if (m.note) out.push(`      ${m.note}`);
  }
  if (c.metrics.ioBandwidthGBps !== null)
    out.push(`  ioBandwidthGBps = ${fmtNum(c.metrics.ioBandwidthGBps)} (aggregate bidirectional I/O)`);
  if (c.metrics.memoryBandwidthGBps !== null)
    out.push(`  memoryBandwidthGBps = ${fmtNum(c.metrics.memoryBandwidthGBps)}`);
  if (c.tests.length) {
    out.push('', 'Thresholds compared');
    for (const t of c.tests) {
      const verdict = t.excludedBy
        ? `met, excluded by ${t.excludedBy}`
        : t.result === true
          ? 'MET'
          : t.result === null
            ? 'undecided'
            : 'not met';
      out.push(
        `  ${t.paragraph.padEnd(10)} ${verdict.padEnd(12)} ${t.comparisons.map((x) => `${x.metric} ${fmtNum(x.value, 4)} ${x.op} ${x.limit} ${x.result === null ? '?' : x.result ? '✓' : '✗'}`).join(', ')}   [${t.measure}]`,
      );
    }
  }
  if (c.contained?.length) {
    out.push('', 'Contains');
    for (const x of c.contained)
      out.push(`  ${x.quantity} × ${x.name ?? '(spec)'}: ${x.paragraph ?? 'not 3A090'}`);
  }
  out.push('', 'Why');
  for (const r of c.reasons) out.push(`  • ${r.text}\n      — ${r.citation}`);
  if (c.overlays.length) {
    out.push('', 'Letters naming this product (not ECCN tests)');
    for (const o of c.overlays)
      out.push(
        `  • ${o.measure}: ${o.text}\n      addressee: ${o.addressee}; destinations: ${o.destinations}`,
      );
  }
  if (c.notes.length) {
    out.push('', 'Notes');
    for (const n of c.notes) out.push(`  • ${n.text}\n      — ${n.citation}`);
  }
  if (c.warnings.length) {
    out.push('', 'Warnings');
    for (const w of c.warnings) out.push(`  ! ${w}`);
  }
  return out.join('\n') + '\n';
}

import type { Decision } from '../engine/decide.ts';

export function renderDecision(d: Decision): string {
  const out: string[] = [];
  const verdict =
    d.outcome === 'no-license-required'
      ? 'NO LICENCE REQUIRED'
      : d.outcome === 'license-exception-available'
        ? 'LICENCE REQUIRED — a licence exception may authorise it'
        : 'LICENCE REQUIRED';
  out.push(`${verdict}`);
  out.push(
    `  ${d.exportFrom} → ${d.destination} on ${d.date} (${d.view} view)${d.tier ? `, ${d.tier}` : ''}`,
  );
  out.push(`  review policy: ${d.reviewPolicy ?? '—'}   confidence: ${d.confidence}`);
  out.push(
    `  ${d.totals.quantity} unit(s), aggregate TPP ${fmtNum(d.totals.tpp, 0)} = ${fmtNum(d.totals.h100Equivalents, 2)} H100-equivalents`,
  );
  if (d.exceptions.length) {
    out.push('', 'Licence exceptions available (conditions still to meet)');
    for (const e of d.exceptions) {
      out.push(`  ${e.code} (AES ${e.aes}) — ${e.citation}`);
      for (const c of e.conditions) out.push(`    □ ${c}`);
    }
  }
  out.push('', 'Lines');
  d.lines.forEach((l, i) => {
    out.push(
      `  [${i}] ${l.quantity} × ${l.name ?? '(spec)'}: ${l.paragraph ?? 'not 3A090'}; ${l.outcome}${l.reviewPolicy ? `, ${l.reviewPolicy}` : ''}`,
    );
    for (const r of l.reasons) out.push(`      • ${r.text}\n          — ${r.citation}`);
  });
  out.push('', 'Summary');
  for (const r of d.reasons) out.push(`  • ${r.text}\n      — ${r.citation}`);
  if (d.notes.length) {
    out.push('', 'Notes');
    for (const n of d.notes) out.push(`  • ${n.text}\n      — ${n.citation}`);
  }
  if (d.warnings.length) {
    out.push('', 'Warnings');
    for (const w of d.warnings) out.push(`  ! ${w}`);
  }
  out.push('', `measures: ${d.measures.join(', ')}   rules version ${d.rulesVersion}`);
  return out.join('\n') + '\n';
}
