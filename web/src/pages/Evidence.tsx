/**
 * Evidence: one model's capability lag at its release (table with the sources of both scores and
 * the flags), the lag chart by benchmark, and the compute/cost trends with their 95% intervals.
 * Charts are the server's SVG (src/evidence/chart.ts via /v1/evidence/…?format=svg).
 * Data: Epoch AI, CC BY 4.0 (attribution shown on the page and in every chart).
 */
import { useEffect, useState } from 'react';
import type { AllBenchmarksResult, ModelLagResult } from '../../../src/evidence/analysis.ts';
import type { ModelAnswer } from '../../../src/api/routes/evidence.ts';
import type { TrendResult } from '../../../src/evidence/trend.ts';
import type { ScoreSource } from '../../../src/evidence/types.ts';
import { api } from '../api.ts';
import { setQuery } from '../router.ts';
import { ErrorBox, Loading } from '../ui.tsx';
import '../evidence-lab.css';

const f1 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(1));
const sc = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Number.isInteger(x) ? String(x) : (Math.round(x * 10) / 10).toString());

/** A chart from the server: SVG text we produced ourselves (escaped by src/evidence/chart.ts). */
export function ServerSvg({ svg, label, testId }: { svg: string | null; label: string; testId?: string }) {
  if (!svg) return null;
  return (
    <figure className="chart">
      <div role="img" aria-label={label} data-testid={testId} dangerouslySetInnerHTML={{ __html: svg }} />
    </figure>
  );
}

/** The page's current query (so each form keeps the others' inputs in the URL). */
function currentQuery(): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
}

function Source({ s }: { s: ScoreSource | undefined }) {
  if (!s) return <span className="muted">—</span>;
  return (
    <span className="small">
      {s.document} <span className="badge">{s.reporter}</span>
      {s.setting ? <span className="muted"> · {s.setting}</span> : null}
    </span>
  );
}

function ModelTable({ r }: { r: ModelLagResult }) {
  return (
    <table className="data" data-testid="model-lag">
      <caption className="small">
        {r.model} ({r.follower}, released {r.releaseDate}) against {r.leader}: months from the first {r.leader} model scoring better (tolerance {r.tolerance}) to {r.model}’s release.
      </caption>
      <thead>
        <tr>
          <th scope="col">Benchmark</th>
          <th scope="col" className="num">
            Lag (months)
          </th>
          <th scope="col" className="num">
            {r.model}
          </th>
          <th scope="col">Leader first better</th>
          <th scope="col">Sources</th>
          <th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        {r.rows.map((row) => (
          <tr key={row.benchmark}>
            <th scope="row">{row.benchmark}</th>
            <td className="num">{row.status === 'no-leader-data' ? 'n/a' : row.status === 'level-or-ahead' ? 'level' : f1(row.lagMonths)}</td>
            <td className="num">{sc(row.followerScore)}</td>
            <td>
              {row.leaderModel ? (
                <>
                  {row.leaderModel} <span className="muted small">({sc(row.leaderScore)}, {row.leaderDate})</span>
                </>
              ) : row.status === 'level-or-ahead' ? (
                <span className="muted small">
                  level or ahead{row.leaderBestAtRelease ? ` (leader best ${row.leaderBestAtRelease.model} ${sc(row.leaderBestAtRelease.score)})` : ''}
                </span>
              ) : (
                <span className="muted small">no leader score before release</span>
              )}
            </td>
            <td>
              <div>
                <span className="muted small">{r.model}: </span>
                <Source s={row.followerSource} />
              </div>
              {row.leaderSource ? (
                <div>
                  <span className="muted small">leader: </span>
                  <Source s={row.leaderSource} />
                </div>
              ) : null}
            </td>
            <td className="small">
              {row.flags.map((f) => (
                <span key={f.code} className="badge" title={f.text}>
                  {f.code}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GroupLag({ params }: { params: URLSearchParams }) {
  const [leader, setLeader] = useState(params.get('gl') ?? 'US');
  const [follower, setFollower] = useState(params.get('gf') ?? 'China');
  const [asOf, setAsOf] = useState(params.get('asOf') ?? '');
  const [tolerance, setTolerance] = useState(params.get('gt') ?? '0');
  const [r, setR] = useState<AllBenchmarksResult | null>(null);
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (e?: React.FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    const p = new URLSearchParams({ leader, follower, tolerance });
    if (asOf) p.set('asOf', asOf);
    if (e) setQuery('evidence', { ...currentQuery(), gl: leader, gf: follower, asOf, gt: tolerance });
    try {
      const [j, chart] = await Promise.all([api<AllBenchmarksResult>(`/v1/evidence/lag?${p}`), api<string>(`/v1/evidence/lag?${p}&format=svg`)]);
      setR(j);
      setSvg(chart);
    } catch (x) {
      setError(x);
      setR(null);
      setSvg(null);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    // A shared URL with a group comparison recomputes it.
    if (params.get('gl') || params.get('gf')) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section aria-labelledby="group-lag-h">
      <h2 id="group-lag-h">Lag between groups, by benchmark</h2>
      <form onSubmit={load} className="row" aria-label="Group lag">
        <label>
          Leader group <input name="gl" value={leader} onChange={(e) => setLeader(e.target.value)} size={8} />
        </label>
        <label>
          Follower group <input name="gf" value={follower} onChange={(e) => setFollower(e.target.value)} size={8} />
        </label>
        <label>
          As of <input name="asOf" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <label>
          Tolerance (points) <input name="gt" value={tolerance} onChange={(e) => setTolerance(e.target.value)} size={4} inputMode="decimal" />
        </label>
        <button type="submit" disabled={busy}>
          Compare groups
        </button>
      </form>
      <p className="muted small">A country (US, China, …) or open | closed. Each benchmark is taken at the end of its data unless a date is given.</p>
      <ErrorBox error={error} />
      {busy ? <Loading what="the group lag" /> : null}
      {r ? (
        <div aria-live="polite">
          <table className="data" data-testid="group-lag">
            <caption className="small">
              {r.follower} behind {r.leader} (tolerance {r.tolerance}): lag on the day, and mean/min/max over the window where both groups report (months)
            </caption>
            <thead>
              <tr>
                <th scope="col">Benchmark</th>
                <th scope="col">As of</th>
                <th scope="col" className="num">Lag</th>
                <th scope="col" className="num">Mean</th>
                <th scope="col" className="num">Min</th>
                <th scope="col" className="num">Max</th>
                <th scope="col" className="num">Scores (L/F)</th>
                <th scope="col">Leader first better</th>
                <th scope="col">Flags</th>
              </tr>
            </thead>
            <tbody>
              {r.results.map((x) => (
                <tr key={x.benchmark}>
                  <th scope="row">{x.benchmark}</th>
                  <td className="small">{x.asOf}</td>
                  <td className="num">{x.status === 'behind' ? f1(x.lagMonths) : x.status === 'level-or-ahead' ? 'level' : x.status}</td>
                  <td className="num">{f1(x.summary.meanMonths)}</td>
                  <td className="num">{f1(x.summary.minMonths)}</td>
                  <td className="num">{f1(x.summary.maxMonths)}</td>
                  <td className="num">
                    {x.counts.leader}/{x.counts.follower}
                  </td>
                  <td className="small">{x.leaderModel ? `${x.leaderModel} (${x.leaderDate})` : '—'}</td>
                  <td className="small">
                    {x.flags.map((f) => (
                      <span key={f.code} className="badge" title={f.text}>
                        {f.code}
                      </span>
                    ))}
                    {x.staleness.warnings.length ? (
                      <span className="badge" title={x.staleness.warnings.join('; ')}>
                        stale
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.skipped.length ? <p className="muted small">Skipped: {r.skipped.map((k) => `${k.benchmark} (${k.reason})`).join('; ')}</p> : null}
          <ServerSvg svg={svg} label={`${r.follower} behind ${r.leader}: lag over time on the benchmarks with at least 5 scores per group`} testId="group-lag-chart" />
        </div>
      ) : (
        <p className="muted small">Press “Compare groups” to compute the lag on every benchmark.</p>
      )}
    </section>
  );
}

export function EvidencePage({ params }: { params: URLSearchParams }) {
  const [model, setModel] = useState(params.get('model') ?? 'DeepSeek-V3');
  const [leader, setLeader] = useState(params.get('leader') ?? 'US');
  const [tolerance, setTolerance] = useState(params.get('tolerance') ?? '0');
  const [metric, setMetric] = useState(params.get('metric') ?? 'compute');
  const [r, setR] = useState<ModelAnswer | null>(null);
  const [chart, setChart] = useState<string | null>(null);
  const [trend, setTrend] = useState<TrendResult | null>(null);
  const [trendSvg, setTrendSvg] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [trendError, setTrendError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (m = model, l = leader, t = tolerance) => {
    setBusy(true);
    setError(null);
    const q = new URLSearchParams({ name: m, leader: l, tolerance: t }).toString();
    try {
      const [j, svg] = await Promise.all([api<ModelAnswer>(`/v1/evidence/model?${q}`), api<string>(`/v1/evidence/model?${q}&format=svg`)]);
      setR(j);
      setChart(svg);
    } catch (e) {
      setError(e);
      setR(null);
      setChart(null);
    } finally {
      setBusy(false);
    }
  };
  const loadTrend = async (m = metric) => {
    setTrendError(null);
    try {
      const [j, svg] = await Promise.all([api<TrendResult>(`/v1/evidence/trend?metric=${encodeURIComponent(m)}`), api<string>(`/v1/evidence/trend?metric=${encodeURIComponent(m)}&format=svg`)]);
      setTrend(j);
      setTrendSvg(svg);
    } catch (e) {
      setTrendError(e);
    }
  };
  useEffect(() => {
    void load();
    void loadTrend();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setQuery('evidence', { ...currentQuery(), model, leader, tolerance, metric });
    void load();
  };

  return (
    <div>
      <h1>Evidence</h1>
      <p className="attribution" data-testid="attribution">
        Data: <a href="https://epoch.ai/data">Epoch AI</a> (epoch.ai), licensed <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; benchmark table: sources per row (data/evidence/README.md). Lags are computed by exportctl, not by Epoch AI.
      </p>
      <h2>Lag of one model at its release</h2>
      <form onSubmit={submit} className="row" aria-label="Model lag">
        <label>
          Model <input name="model" value={model} onChange={(e) => setModel(e.target.value)} required size={24} />
        </label>
        <label>
          Leader <input name="leader" value={leader} onChange={(e) => setLeader(e.target.value)} size={8} />
        </label>
        <label>
          Tolerance (points) <input name="tolerance" value={tolerance} onChange={(e) => setTolerance(e.target.value)} size={4} inputMode="decimal" />
        </label>
        <button type="submit" disabled={busy}>
          Show lag
        </button>
      </form>
      <ErrorBox error={error} />
      {busy && !r ? <Loading what="the model lag" /> : null}
      {r ? (
        <section aria-live="polite" data-testid="model-result">
          <p>
            <strong>{r.model}</strong> ({r.follower}, released {r.releaseDate}) vs {r.leader}: median lag <strong>{f1(r.summary.medianMonths)} months</strong> over {r.summary.n} benchmarks (min {f1(r.summary.minMonths)}, max{' '}
            {f1(r.summary.maxMonths)}).
          </p>
          <p className="muted small">Method: {r.method}</p>
          <ModelTable r={r} />
          {r.claims?.length ? (
            <ul className="small">
              {r.claims.map((c) => (
                <li key={c.id}>
                  Claim “{c.text}” ({c.source}): <strong>{c.verdict}</strong>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="small">
            Chips for Chinese buyers on {r.controlsAtRelease.date}: {r.controlsAtRelease.chips.map((c) => `${c.chip} ${c.status}`).join(', ')}. Measures in force: {r.controlsAtRelease.measuresInForce.map((m) => m.id).join(', ')}.
          </p>
          <ServerSvg svg={chart} label={`${r.follower} behind ${r.leader}: lag by benchmark over time, ${r.model} release marked`} testId="lag-chart" />
        </section>
      ) : null}

      <GroupLag params={params} />

      <h2>Trends</h2>
      <label>
        Metric{' '}
        <select
          name="metric"
          value={metric}
          onChange={(e) => {
            setMetric(e.target.value);
            setQuery('evidence', { ...currentQuery(), model, leader, tolerance, metric: e.target.value }, false);
            void loadTrend(e.target.value);
          }}
        >
          <option value="compute">Frontier training compute</option>
          <option value="cost">Training cost</option>
          <option value="capability-compute">Compute to reach a fixed capability</option>
        </select>
      </label>
      <ErrorBox error={trendError} />
      {trend ? (
        <section aria-live="polite" data-testid="trend">
          <p className="small">
            {trend.label} ({trend.unit}): fitted {trend.fit?.direction} <strong>{sc(trend.fit?.factorPerYear)}×/year</strong>
            {trend.fit?.ci95 ? ` (95% CI ${sc(trend.fit.ci95[0])}–${sc(trend.fit.ci95[1])})` : ''} over {trend.fit?.n ?? trend.points?.length} models.
          </p>
          <ServerSvg svg={trendSvg} label={`${trend.label}: points, fitted line and published rates`} testId="trend-chart" />
          <ul className="small">
            {trend.published.map((p) => (
              <li key={p.id}>
                {p.factorPerYear}×/yr {p.direction} — {p.label}; {p.source} [{p.confidence}]: {p.versusFit} the fitted 95% CI
              </li>
            ))}
          </ul>
          <p className="muted small">{trend.attribution}</p>
        </section>
      ) : null}
    </div>
  );
}
