/**
 * Charts as pure functions: data in, SVG string out (no DOM, no file system), so the web app can
 * reuse them. Scales and paths come from d3-scale / d3-shape; the SVG elements are built as strings.
 * PNG conversion lives in render.ts (Node only).
 */
import { scaleLinear, scaleLog, scaleUtc } from 'd3-scale';
import { line, curveStepAfter } from 'd3-shape';
import type { ISODate } from '../rules/types.ts';

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const date = (d: ISODate) => new Date(`${d}T00:00:00Z`);
const fmtDate = (d: Date) => d.toISOString().slice(0, 7);

export interface LagChartSeries {
  name: string;
  points: { date: ISODate; lagMonths: number | null; bound?: string }[];
}
export interface LagChartInput {
  title: string;
  subtitle?: string;
  series: LagChartSeries[];
  events?: { id: string; date: ISODate; title?: string }[];
  /** Horizontal bands under the plot: e.g. "H800 no licence" from..to. */
  bands?: { label: string; from: ISODate; to?: ISODate }[];
  attribution: string;
  width?: number;
  height?: number;
}

export function lagChartSvg(input: LagChartInput): string {
  const W = input.width ?? 960;
  const bandH = 16;
  const span = input.series.flatMap((x) => x.points.map((p) => p.date)).sort();
  // Only bands that overlap the plotted dates get a row.
  const bands = (input.bands ?? []).filter(
    (b) => span.length === 0 || (b.from <= span[span.length - 1] && (!b.to || b.to > span[0])),
  );
  const H = (input.height ?? 520) + bands.length * (bandH + 4);
  const m = { top: 70, right: 180, bottom: 60 + bands.length * (bandH + 4), left: 60 };
  const all = input.series.flatMap((s) => s.points);
  const dates = all.map((p) => p.date).sort();
  if (dates.length === 0) return emptySvg(W, H, input.title, input.attribution);
  const x0 = date(dates[0]);
  const x1 = date(dates[dates.length - 1]);
  const x = scaleUtc()
    .domain([x0, x1])
    .range([m.left, W - m.right]);
  const yMax = Math.max(1, ...all.map((p) => p.lagMonths ?? 0));
  const y = scaleLinear()
    .domain([0, yMax * 1.08])
    .nice()
    .range([H - m.bottom, m.top]);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="24" font-size="17" font-weight="bold">${esc(input.title)}</text>`);
  if (input.subtitle)
    out.push(`<text x="${m.left}" y="44" font-size="12" fill="#444">${esc(input.subtitle)}</text>`);
  // grid + axes
  for (const t of y.ticks(6)) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 8}" y="${y(t) + 4}" font-size="11" text-anchor="end">${t}</text>`);
  }
  for (const t of x.ticks(8)) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${H - m.bottom}" y2="${H - m.bottom + 5}" stroke="#333"/>`);
    out.push(
      `<text x="${x(t)}" y="${H - m.bottom + 18}" font-size="11" text-anchor="middle">${fmtDate(t)}</text>`,
    );
  }
  out.push(
    `<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`,
  );
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(
    `<text transform="translate(16 ${(m.top + H - m.bottom) / 2}) rotate(-90)" font-size="12" text-anchor="middle">lag (months)</text>`,
  );
  // control events (one line per date; ids of same-day measures joined)
  const byDate = new Map<string, { ids: string[]; titles: string[] }>();
  for (const e of input.events ?? []) {
    const g = byDate.get(e.date) ?? { ids: [], titles: [] };
    g.ids.push(e.id);
    if (e.title) g.titles.push(e.title);
    byDate.set(e.date, g);
  }
  for (const [day, g] of byDate) {
    const d = date(day);
    if (d < x0 || d > x1) continue;
    const px = x(d);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${m.top}" y2="${H - m.bottom}" stroke="#999" stroke-dasharray="4 3"><title>${esc(`${day}: ${g.ids.join(', ')} ${g.titles.join('; ')}`)}</title></line>`,
    );
    out.push(
      `<text transform="translate(${px + 3} ${m.top + 2}) rotate(90)" font-size="9" fill="#666">${esc(`${g.ids.join(' + ')} (${day})`)}</text>`,
    );
  }
  // series
  input.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map((p) => ({ ...p, d: date(p.date) }));
    const main = line<(typeof pts)[number]>()
      .defined((p) => p.lagMonths !== null && !p.bound)
      .x((p) => x(p.d))
      .y((p) => y(p.lagMonths ?? 0))
      .curve(curveStepAfter)(pts);
    const bounded = line<(typeof pts)[number]>()
      .defined((p) => p.lagMonths !== null && !!p.bound)
      .x((p) => x(p.d))
      .y((p) => y(p.lagMonths ?? 0))
      .curve(curveStepAfter)(pts);
    if (main) out.push(`<path d="${main}" fill="none" stroke="${color}" stroke-width="2"/>`);
    if (bounded)
      out.push(
        `<path d="${bounded}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="2 3" opacity="0.6"/>`,
      );
    const ly = m.top + 10 + i * 18;
    out.push(
      `<line x1="${W - m.right + 12}" x2="${W - m.right + 34}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
    );
    out.push(
      `<text x="${W - m.right + 40}" y="${ly + 4}" font-size="11">${esc(s.name.length > 22 ? s.name.slice(0, 21) + '…' : s.name)}</text>`,
    );
  });
  const ly = m.top + 10 + input.series.length * 18 + 6;
  out.push(
    `<line x1="${W - m.right + 12}" x2="${W - m.right + 34}" y1="${ly}" y2="${ly}" stroke="#555" stroke-dasharray="2 3"/>`,
  );
  out.push(
    `<text x="${W - m.right + 40}" y="${ly + 4}" font-size="10" fill="#555">a group stopped reporting</text>`,
  );
  // chip bands
  bands.forEach((b, i) => {
    const top = H - m.bottom + 30 + i * (bandH + 4);
    const a = date(b.from) < x0 ? x0 : date(b.from);
    const z = !b.to || date(b.to) > x1 ? x1 : date(b.to);
    if (a <= z)
      out.push(
        `<rect x="${x(a)}" y="${top}" width="${Math.max(1, x(z) - x(a))}" height="${bandH}" fill="#fdd49e" stroke="#e6550d" stroke-width="0.5"/>`,
      );
    out.push(`<text x="${W - m.right + 12}" y="${top + 12}" font-size="10">${esc(b.label)}</text>`);
  });
  out.push(`<text x="${m.left}" y="${H - 8}" font-size="10" fill="#555">${esc(input.attribution)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

export interface TrendChartInput {
  title: string;
  subtitle?: string;
  unit: string;
  points: { model: string; date: ISODate; value: number }[];
  line: { from: ISODate; to: ISODate; log10From: number; log10To: number };
  /** Published rates drawn as dashed reference slopes through the middle of the fitted line. */
  references?: { label: string; factorPerYear: number; direction: 'growth' | 'decline' }[];
  notes?: string[];
  attribution: string;
  width?: number;
  height?: number;
}

export function trendChartSvg(input: TrendChartInput): string {
  const W = input.width ?? 960;
  const notes = input.notes ?? [];
  const H = (input.height ?? 520) + notes.length * 16;
  const m = { top: 60, right: 40, bottom: 60 + notes.length * 16, left: 80 };
  const pts = input.points.filter((p) => p.value > 0);
  if (pts.length === 0) return emptySvg(W, H, input.title, input.attribution);
  const ds = pts.map((p) => date(p.date).getTime());
  const x = scaleUtc()
    .domain([new Date(Math.min(...ds)), new Date(Math.max(...ds))])
    .nice()
    .range([m.left, W - m.right]);
  const vs = pts.map((p) => p.value).concat([10 ** input.line.log10From, 10 ** input.line.log10To]);
  const y = scaleLog()
    .domain([Math.min(...vs) / 2, Math.max(...vs) * 2])
    .range([H - m.bottom, m.top]);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${m.left}" y="24" font-size="17" font-weight="bold">${esc(input.title)}</text>`);
  if (input.subtitle)
    out.push(`<text x="${m.left}" y="44" font-size="12" fill="#444">${esc(input.subtitle)}</text>`);
  const [lo, hi] = y.domain();
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) {
    const v = 10 ** e;
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.left - 8}" y="${y(v) + 4}" font-size="11" text-anchor="end">1e${e}</text>`);
  }
  for (const t of x.ticks(8)) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${H - m.bottom}" y2="${H - m.bottom + 5}" stroke="#333"/>`);
    out.push(
      `<text x="${x(t)}" y="${H - m.bottom + 18}" font-size="11" text-anchor="middle">${fmtDate(t)}</text>`,
    );
  }
  out.push(
    `<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`,
  );
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(
    `<text transform="translate(18 ${(m.top + H - m.bottom) / 2}) rotate(-90)" font-size="12" text-anchor="middle">${esc(input.unit)} (log scale)</text>`,
  );
  for (const p of pts)
    out.push(
      `<circle cx="${x(date(p.date))}" cy="${y(p.value)}" r="3.5" fill="#1f77b4" fill-opacity="0.7"><title>${esc(`${p.model} ${p.date} ${p.value.toExponential(2)}`)}</title></circle>`,
    );
  out.push(
    `<line x1="${x(date(input.line.from))}" y1="${y(10 ** input.line.log10From)}" x2="${x(date(input.line.to))}" y2="${y(10 ** input.line.log10To)}" stroke="#d62728" stroke-width="2"/>`,
  );
  const midT = (date(input.line.from).getTime() + date(input.line.to).getTime()) / 2;
  const midV = (input.line.log10From + input.line.log10To) / 2;
  const spanYears = (date(input.line.to).getTime() - date(input.line.from).getTime()) / (365.25 * 86_400_000);
  (input.references ?? []).forEach((r, i) => {
    const slope = (r.direction === 'growth' ? 1 : -1) * Math.log10(r.factorPerYear);
    const half = spanYears / 2;
    const a = { t: new Date(midT - half * 365.25 * 86_400_000), v: midV - slope * half };
    const b = { t: new Date(midT + half * 365.25 * 86_400_000), v: midV + slope * half };
    const color = COLORS[(i + 2) % COLORS.length];
    out.push(
      `<line x1="${x(a.t)}" y1="${y(10 ** a.v)}" x2="${x(b.t)}" y2="${y(10 ** b.v)}" stroke="${color}" stroke-width="1.5" stroke-dasharray="6 4"><title>${esc(r.label)}</title></line>`,
    );
    out.push(
      `<text x="${W - m.right - 4}" y="${m.top + 14 + i * 14}" font-size="11" text-anchor="end" fill="${color}">${esc(`- - ${r.label}`)}</text>`,
    );
  });
  out.push(
    `<text x="${W - m.right - 4}" y="${m.top + 14 + (input.references ?? []).length * 14}" font-size="11" text-anchor="end" fill="#d62728">— fitted trend</text>`,
  );
  notes.forEach((n, i) =>
    out.push(
      `<text x="${m.left}" y="${H - m.bottom + 40 + i * 16}" font-size="11" fill="#333">${esc(n)}</text>`,
    ),
  );
  out.push(`<text x="${m.left}" y="${H - 8}" font-size="10" fill="#555">${esc(input.attribution)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

function emptySvg(W: number, H: number, title: string, attribution: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="${FONT}"><rect width="${W}" height="${H}" fill="#fff"/><text x="20" y="30" font-size="16">${esc(title)}: no data</text><text x="20" y="${H - 8}" font-size="10">${esc(attribution)}</text></svg>`;
}
