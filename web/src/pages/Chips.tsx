/**
 * Chips: the catalog with TPP and density, a timeline chart (one row per chip, colour = its licence
 * status for the destination over time, measures as dated markers), and a date slider that
 * reclassifies the table on that day.
 */
import { useEffect, useMemo, useState } from 'react';
import { scaleUtc } from 'd3-scale';
import type { ChipSegment, ChipTimeline } from '../../../src/api/chips.ts';
import type { CatalogAnswer } from '../../../src/services/catalog.ts';
import { api } from '../api.ts';
import { setQuery } from '../router.ts';
import { ErrorBox, fmt, Loading, STATUS_COLOUR } from '../ui.tsx';

const DAY = 86_400_000;
const toDay = (s: string) => Date.parse(s + 'T00:00:00Z');
const toIso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** GET /v1/catalog: the catalog on a date, and one product row of it. */
type CatalogProduct = CatalogAnswer['products'][number];

function statusOn(segments: ChipSegment[], d: string): ChipSegment | null {
  return segments.find((s) => s.from <= d && (s.to === null || d < s.to)) ?? null;
}

function Timeline({ data, date, onPick }: { data: ChipTimeline; date: string; onPick: (d: string) => void }) {
  const rowH = 14;
  const left = 230;
  const top = 34;
  const width = 1000;
  const end = toIso(Math.max(toDay(data.end), Date.now()) + 120 * DAY);
  const x = scaleUtc().domain([new Date(data.start), new Date(end)]).range([left, width - 10]);
  const height = top + data.chips.length * rowH + 24;
  const ticks = x.ticks(8);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Licence status for ${data.destination} over time, one row per chip (${data.chips.length} chips)`}
        data-testid="timeline"
        onClick={(e) => {
          const svg = e.currentTarget;
          const r = svg.getBoundingClientRect();
          const px = ((e.clientX - r.left) / r.width) * width;
          if (px >= left) onPick(toIso(Math.round(x.invert(px).getTime() / DAY) * DAY));
        }}
      >
        {ticks.map((t) => (
          <g key={t.toISOString()}>
            <line x1={x(t)} x2={x(t)} y1={top - 4} y2={height - 20} stroke="#ddd" />
            <text x={x(t)} y={height - 6} fontSize="10" textAnchor="middle" fill="#555">
              {t.getUTCFullYear()}
              {t.getUTCMonth() ? `-${String(t.getUTCMonth() + 1).padStart(2, '0')}` : ''}
            </text>
          </g>
        ))}
        {data.chips.map((c, i) => (
          <g key={c.id} className="chip-row" data-chip={c.name}>
            <text x={left - 6} y={top + i * rowH + rowH - 4} fontSize="10" textAnchor="end" fill="#222">
              {c.name.length > 38 ? c.name.slice(0, 37) + '…' : c.name}
            </text>
            {c.segments.map((s) => {
              const x0 = x(new Date(s.from));
              const x1 = x(new Date(s.to ?? end));
              return (
                <rect key={s.from} x={x0} y={top + i * rowH + 1} width={Math.max(0.5, x1 - x0)} height={rowH - 2} fill={STATUS_COLOUR[s.status]}>
                  <title>
                    {`${c.name}: ${s.from} → ${s.to ?? 'now'}: ${data.legend[s.status]}${s.paragraph ? ` (${s.paragraph})` : ''}${s.reviewPolicy ? `, ${s.reviewPolicy}` : ''}${s.measures.length ? ` [${s.measures.join(', ')}]` : ''}`}
                  </title>
                </rect>
              );
            })}
          </g>
        ))}
        {data.measures.map((m, i) => m.effective < data.start ? null : (
          <g key={m.id} className="measure-marker">
            <line x1={x(new Date(m.effective))} x2={x(new Date(m.effective))} y1={top - 6} y2={height - 20} stroke="#333" strokeDasharray="2 3" strokeWidth="0.8" />
            <text x={x(new Date(m.effective))} y={i % 2 ? 12 : 24} fontSize="9" textAnchor="middle" fill="#333">
              {i + 1}
            </text>
            <title>{`${i + 1}. ${m.id} — ${m.title} (effective ${m.effective}${m.frCitation ? `, ${m.frCitation}` : ''})`}</title>
          </g>
        ))}
        <line x1={x(new Date(date))} x2={x(new Date(date))} y1={top - 8} y2={height - 20} stroke="#1a5276" strokeWidth="2" />
      </svg>
      <figcaption>
        <span className="legend">
          {Object.entries(data.legend).map(([k, v]) => (
            <span key={k}>
              <span className="swatch" style={{ background: STATUS_COLOUR[k] }} aria-hidden="true" /> {String(v)}
            </span>
          ))}
        </span>
        <details>
          <summary>Measures (dashed markers, numbered)</summary>
          <ol className="measures-list">
            {data.measures.map((m) => (
              <li key={m.id}>
                {m.effective} <strong>{m.id}</strong> {m.title} {m.frCitation ? <cite>{m.frCitation}</cite> : null}
              </li>
            ))}
          </ol>
        </details>
      </figcaption>
    </figure>
  );
}

export function ChipsPage({ params }: { params: URLSearchParams }) {
  const [view, setView] = useState(params.get('view') ?? 'enforced');
  const [destination, setDestination] = useState(params.get('destination') ?? 'CN');
  const [date, setDate] = useState(params.get('date') ?? new Date().toISOString().slice(0, 10));
  const [timeline, setTimeline] = useState<ChipTimeline | null>(null);
  const [cat, setCat] = useState<CatalogAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  const [destText, setDestText] = useState(destination);

  useEffect(() => {
    setError(null);
    api<ChipTimeline>(`/v1/chips/timeline?view=${encodeURIComponent(view)}&destination=${encodeURIComponent(destination)}`)
      .then(setTimeline)
      .catch(setError);
  }, [view, destination]);

  // Reclassify the table on the slider's day (debounced).
  useEffect(() => {
    const t = setTimeout(() => {
      api<CatalogAnswer>(`/v1/catalog?date=${date}&view=${encodeURIComponent(view)}`)
        .then(setCat)
        .catch(setError);
      setQuery('chips', { date, view, destination: destination === 'CN' ? undefined : destination }, false);
    }, 150);
    return () => clearTimeout(t);
  }, [date, view, destination]);

  const bounds = useMemo(() => {
    if (!timeline) return null;
    const min = toDay(timeline.start);
    const max = Math.max(toDay(timeline.end), Date.now());
    return { min, max };
  }, [timeline]);

  // Empty until both the catalog and the timeline are loaded (the table reads timeline.legend).
  const rows = useMemo((): { p: CatalogProduct; st: ChipSegment | null }[] => {
    if (!cat || !timeline) return [];
    const byId = new Map(timeline.chips.map((c) => [c.id, c]));
    const f = filter.toLowerCase();
    return cat.products
      .filter((p) => !f || `${p.vendor} ${p.name} ${p.aliases.join(' ')}`.toLowerCase().includes(f))
      .map((p) => ({ p, st: statusOn(byId.get(p.id)?.segments ?? [], date) }));
  }, [cat, timeline, date, filter]);

  return (
    <div>
      <h1>Chips</h1>
      <ErrorBox error={error} />
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Chart settings">
        <label>
          Day
          <input type="date" name="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </label>
        {bounds ? (
          <label className="grow">
            Date slider
            <input
              type="range"
              name="slider"
              min={0}
              max={Math.round((bounds.max - bounds.min) / DAY)}
              step={1}
              value={Math.round((toDay(date) - bounds.min) / DAY)}
              onChange={(e) => setDate(toIso(bounds.min + Number(e.target.value) * DAY))}
              aria-valuetext={date}
            />
          </label>
        ) : null}
        <label>
          View
          <select value={view} onChange={(e) => setView(e.target.value)}>
            <option value="enforced">enforced</option>
            <option value="as-written">as written</option>
          </select>
        </label>
        <label>
          Status for
          <input
            name="destination"
            value={destText}
            onChange={(e) => {
              setDestText(e.target.value);
              if (/^[A-Za-z]{2}$/.test(e.target.value)) setDestination(e.target.value.toUpperCase());
            }}
            size={3}
            maxLength={2}
          />
        </label>
      </form>
      {timeline ? <Timeline data={timeline} date={date} onPick={setDate} /> : <Loading what="the chip timeline (decided at every rule change)" />}
      <h2>
        Catalog on {date} ({view} view)
      </h2>
      <label>
        Filter chips <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="H100, Gaudi, MI300…" />
      </label>
      {cat ? (
        <table className="data" data-testid="chip-table" data-date={cat.date}>
          <thead>
            <tr>
              <th scope="col">Chip</th>
              <th scope="col" className="num">
                TPP
              </th>
              <th scope="col" className="num">
                Perf. density
              </th>
              <th scope="col" className="num">
                H100-eq
              </th>
              <th scope="col">ECCN</th>
              <th scope="col">Status for {destination}</th>
              <th scope="col">Confidence</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ p, st }) => (
              <tr key={p.id}>
                <th scope="row">
                  <a
                    href={`#/decide?tx=${encodeURIComponent(JSON.stringify({ date, destination, items: [{ product: `${p.vendor} ${p.name}`, quantity: 1 }], ...(view !== 'enforced' ? { view } : {}) }))}`}
                    title="Decide one unit on this day"
                  >
                    {p.vendor} {p.name}
                  </a>
                </th>
                <td className="num">{fmt(p.tpp)}</td>
                <td className="num">{fmt(p.performanceDensity, 2)}</td>
                <td className="num">{fmt(p.h100Equivalents, 2)}</td>
                <td>{p.paragraph ?? '—'}</td>
                <td>
                  {st ? (
                    <>
                      <span className="swatch" style={{ background: STATUS_COLOUR[st.status] }} aria-hidden="true" /> {timeline!.legend[st.status]}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{p.confidence}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Loading what="the catalog" />
      )}
      {cat?.attribution ? <p className="muted small">{cat.attribution}</p> : null}
    </div>
  );
}
