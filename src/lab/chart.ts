/**
 * Scenario comparison chart (pure: data in, SVG out; PNG via src/evidence/render.ts writeChart).
 * Grouped bars per year, one bar per scenario: the solid part is the lower bound of compute
 * reaching the selected tier or country (no licence, exception, presumption of approval), the pale
 * part extends to the upper bound (everything but presumption of denial). Scales from d3-scale.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { esc } from '../evidence/chart.ts';
import type { LabResult } from './report.ts';

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/** `target`: "Tier 1" | "Tier 2" | "Tier 3" or an ISO destination code. */
export function labChartSvg(r: LabResult, target = 'Tier 3', width = 960, height = 520): string {
  const isTier = /^Tier [123]$/.test(target);
  const years = [...new Set(r.scenarios.flatMap((s) => s.compute.byYearTier.map((x) => x.year)))].sort();
  const value = (sid: string, year: number) => {
    const s = r.scenarios.find((x) => x.id === sid)!;
    const row = isTier ? s.compute.byYearTier.find((x) => x.year === year && x.tier === target) : s.compute.byYearCountry.find((x) => x.year === year && x.destination === target);
    return { low: row?.reachesLowH100e ?? 0, high: row?.reachesHighH100e ?? 0 };
  };
  const m = { top: 70, right: 230, bottom: 70, left: 90 };
  const W = width;
  const H = height;
  const ids = r.scenarios.map((s) => s.id);
  const x0 = scaleBand<number>().domain(years).range([m.left, W - m.right]).paddingInner(0.2).paddingOuter(0.1);
  const x1 = scaleBand<string>().domain(ids).range([0, x0.bandwidth()]).padding(0.08);
  const max = Math.max(1, ...years.flatMap((y) => ids.map((id) => value(id, y).high)));
  const y = scaleLinear().domain([0, max * 1.05]).nice().range([H - m.bottom, m.top]);
  const out: string[] = [];
  const title = `Compute reaching ${isTier ? target : target} by year (H100-equivalents)`;
  const syn = r.synthetic ? 'SYNTHETIC shipments — not trade data. ' : '';
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="24" font-size="17" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="${m.left}" y="42" font-size="11" fill="#444">${esc(`${syn}Solid: lower bound (no licence, licence exception, presumption of approval).`)}</text>`);
  out.push(`<text x="${m.left}" y="56" font-size="11" fill="#444">Pale: upper bound (everything except licences under presumption of denial).</text>`);
  for (const t of y.ticks(6)) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 8}" y="${y(t) + 4}" font-size="11" text-anchor="end">${t.toLocaleString('en-US')}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  for (const yr of years) {
    const gx = x0(yr)!;
    out.push(`<text x="${gx + x0.bandwidth() / 2}" y="${H - m.bottom + 18}" font-size="12" text-anchor="middle">${yr}</text>`);
    ids.forEach((id, i) => {
      const v = value(id, yr);
      const bx = gx + x1(id)!;
      const color = COLORS[i % COLORS.length];
      out.push(`<rect x="${bx}" y="${y(v.high)}" width="${x1.bandwidth()}" height="${Math.max(0, y(0) - y(v.high))}" fill="${color}" opacity="0.3"><title>${esc(`${id} ${yr}: up to ${v.high.toLocaleString('en-US')} H100e`)}</title></rect>`);
      out.push(`<rect x="${bx}" y="${y(v.low)}" width="${x1.bandwidth()}" height="${Math.max(0, y(0) - y(v.low))}" fill="${color}"><title>${esc(`${id} ${yr}: at least ${v.low.toLocaleString('en-US')} H100e`)}</title></rect>`);
    });
  }
  ids.forEach((id, i) => {
    const ly = m.top + 10 + i * 18;
    out.push(`<rect x="${W - m.right + 14}" y="${ly - 8}" width="14" height="10" fill="${COLORS[i % COLORS.length]}"/>`);
    const s = r.scenarios[i]!;
    const label = `${id}${s.hypothetical ? ' (hypothetical)' : ''}`;
    out.push(`<text x="${W - m.right + 34}" y="${ly + 1}" font-size="11">${esc(label.length > 32 ? label.slice(0, 31) + '…' : label)}</text>`);
  });
  out.push(`<text transform="translate(20 ${(m.top + H - m.bottom) / 2}) rotate(-90)" font-size="12" text-anchor="middle">H100-equivalents</text>`);
  const foot = `${r.shipments?.label ?? 'no shipments'} · base ${r.base} · 1 H100e = 15,832 TPP · exportctl lab`;
  out.push(`<text x="${m.left}" y="${H - 14}" font-size="10" fill="#555">${esc(foot.length > 150 ? foot.slice(0, 149) + '…' : foot)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
