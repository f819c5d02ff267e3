/**
 * Policy lab: pick two or more scenarios, optionally SYNTHETIC seeded shipments, run
 * (POST /v1/lab/run, analyst) and compare side by side: totals per scenario, compute reaching each
 * tier or country per year (the server's charts, src/lab/chart.ts), chips whose status changes and
 * shipments whose decision changes against the base, with the measures and scenario changes responsible.
 */
import { useEffect, useState } from 'react';
import type { LabRunAnswer } from '../../../src/api/routes/lab.ts';
import type { ChipChange, DecisionSummary, DiffReport, Responsible as ResponsibleChange, ScenarioReport } from '../../../src/lab/report.ts';
import type { Scenario } from '../../../src/lab/schema.ts';
import { api } from '../api.ts';
import { setQuery } from '../router.ts';
import { ErrorBox, Loading, OUTCOME_LABEL, fmt } from '../ui.tsx';
import { ServerSvg } from './Evidence.tsx';
import '../evidence-lab.css';


/** The POST /v1/lab/run body this page sends. */
interface LabRunBody {
  scenarios: string[];
  charts: string[];
  groups: number;
  synthetic?: { n: number; seed: number };
}

const CHART_TARGETS = ['Tier 1', 'Tier 2', 'Tier 3', 'CN'];
const BUCKET_LABEL: Record<string, string> = {
  free: 'no licence',
  exception: 'exception',
  approval: 'presumption of approval',
  caseByCase: 'case by case',
  unstated: 'policy unstated',
  denial: 'presumption of denial',
};

function decisionText(d: DecisionSummary | null | undefined): string {
  if (!d) return '—';
  const parts = [OUTCOME_LABEL[d.outcome] ?? d.outcome];
  if (d.reviewPolicy) parts.push(d.reviewPolicy);
  if (d.exceptions?.length) parts.push(`exceptions ${d.exceptions.join(', ')}`);
  if (d.conditions?.length) parts.push(`conditions ${d.conditions.join(', ')}`);
  return parts.join('; ');
}

function chipState(c: ChipChange['base']): string {
  return [c.eccn ?? 'not 3A090/4A090', c.paragraph, ...(c.overlays ?? [])].filter(Boolean).join(' + ');
}

function Responsible({ changes }: { changes: ResponsibleChange[] }) {
  if (!changes.length) return <span className="muted small">view or base rules</span>;
  return (
    <ul className="small" style={{ margin: 0, paddingLeft: 16 }}>
      {changes.map((c, i) => (
        <li key={i}>
          <code>{c.target}</code> <span className="muted">({c.type})</span>
          <details>
            <summary className="small">why</summary>
            {c.rationale}
            {c.source ? <cite className="cite"> {c.source}</cite> : null}
          </details>
        </li>
      ))}
    </ul>
  );
}

function SideBySide({ r }: { r: LabRunAnswer }) {
  return (
    <div className="side" data-testid="lab-side">
      {r.scenarios.map((s) => (
        <section key={s.id} aria-label={`Scenario ${s.id}`}>
          <h3>
            {s.title} {s.hypothetical ? <span className="badge">hypothetical</span> : <span className="badge">base rules</span>}
          </h3>
          <p className="muted small">
            <code>{s.id}</code> · view {s.view} · {s.from} → {s.to} · {s.changes.length} change(s)
          </p>
          <table className="data">
            <tbody>
              <tr>
                <th scope="row">H100-eq. reaching destinations</th>
                <td className="num">
                  {fmt(s.totals.reachesLowH100e)} – {fmt(s.totals.reachesHighH100e)}
                </td>
              </tr>
              {Object.entries(s.totals.byStatus).map(([b, a]) => (
                <tr key={b}>
                  <th scope="row">{BUCKET_LABEL[b] ?? b}</th>
                  <td className="num">
                    {fmt(a.shipments)} shipments · {fmt(a.h100e)} H100-eq.
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

function Diff({ d, r }: { d: DiffReport; r: LabRunAnswer }) {
  const title = r.scenarios.find((s) => s.id === d.scenario)?.title ?? d.scenario;
  return (
    <section className="diff" aria-label={`${d.scenario} against ${d.base}`} data-testid={`diff-${d.scenario}`}>
      <h3>
        {title} <span className="muted">against {d.base}</span>
      </h3>
      <p>
        <strong>{fmt(d.summary.shipments)}</strong> of {fmt(d.summary.compared)} shipments change decision ({fmt(d.summary.h100e, 1)} H100-eq.); <strong>{fmt(d.summary.material.shipments)}</strong> materially (licence, exception, review policy or
        conditions).
      </p>
      <h4>Chips whose status changes ({d.chips.length})</h4>
      {d.chips.length ? (
        <table className="data" data-testid={`chips-${d.scenario}`}>
          <thead>
            <tr>
              <th scope="col">Chip</th>
              <th scope="col">Period</th>
              <th scope="col">{d.base}</th>
              <th scope="col">{d.scenario}</th>
              <th scope="col">Responsible</th>
            </tr>
          </thead>
          <tbody>
            {d.chips.slice(0, 60).map((c, i) => (
              <tr key={i}>
                <th scope="row">{c.name}</th>
                <td className="small">
                  {c.from} → {c.to}
                </td>
                <td className="small">{chipState(c.base)}</td>
                <td className="small changed">{chipState(c.scenario)}</td>
                <td>
                  <Responsible changes={c.changes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">No chip changes status.</p>
      )}
      <h4>
        Shipments that change decision ({d.groupsListed} of {d.groupsTotal} groups)
      </h4>
      {d.shipments.length ? (
        <table className="data" data-testid={`shipments-${d.scenario}`}>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">To</th>
              <th scope="col">Dates</th>
              <th scope="col" className="num">
                Shipments
              </th>
              <th scope="col" className="num">
                H100-eq.
              </th>
              <th scope="col">{d.base}</th>
              <th scope="col">{d.scenario}</th>
              <th scope="col">Measures responsible</th>
            </tr>
          </thead>
          <tbody>
            {d.shipments.slice(0, 100).map((g, i) => (
              <tr key={i}>
                <th scope="row">
                  {g.name}
                  {g.endUserHeadquarters ? <span className="muted small"> (end user HQ {g.endUserHeadquarters})</span> : null}
                </th>
                <td>{g.destination}</td>
                <td className="small">
                  {g.firstDate} → {g.lastDate}
                </td>
                <td className="num">{fmt(g.shipments)}</td>
                <td className="num">{fmt(g.h100e, 1)}</td>
                <td className="small">{decisionText(g.base)}</td>
                <td className="small changed">
                  {decisionText(g.scenario)}
                  <div className="muted">{g.kinds.join(', ')}</div>
                </td>
                <td>
                  {g.measures.added.length ? <div className="small">added: {g.measures.added.join(', ')}</div> : null}
                  {g.measures.removed.length ? <div className="small">removed: {g.measures.removed.join(', ')}</div> : null}
                  <Responsible changes={g.changes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">{r.shipments ? 'No shipment changes decision.' : 'No shipments replayed: add synthetic shipments to see decisions change.'}</p>
      )}
    </section>
  );
}

/** The charts' data as a table: H100-equivalents reaching each tier per year, low–high, per scenario. */
function ComputeTable({ r }: { r: LabRunAnswer }) {
  const years = [...new Set<number>(r.scenarios.flatMap((s) => s.compute.byYearTier.map((x) => x.year)))].sort();
  const tiers = ['Tier 1', 'Tier 2', 'Tier 3'];
  const cell = (s: ScenarioReport, year: number, tier: string) => {
    const row = s.compute.byYearTier.find((x) => x.year === year && x.tier === tier);
    return row ? `${fmt(row.reachesLowH100e)} – ${fmt(row.reachesHighH100e)}` : '—';
  };
  return (
    <details>
      <summary>Compute by tier and year as a table (H100-equivalents, lower – upper bound)</summary>
      <table className="data" data-testid="lab-compute">
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">Tier</th>
            {r.scenarios.map((s) => (
              <th key={s.id} scope="col" className="num">
                {s.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {years.flatMap((y) =>
            tiers.map((t) => (
              <tr key={`${y}-${t}`}>
                <th scope="row">{y}</th>
                <td>{t}</td>
                {r.scenarios.map((s) => (
                  <td key={s.id} className="num">
                    {cell(s, y, t)}
                  </td>
                ))}
              </tr>
            )),
          )}
        </tbody>
      </table>
    </details>
  );
}

export function LabPage({ params, role }: { params: URLSearchParams; role: string }) {
  const [list, setList] = useState<Scenario[] | null>(null);
  const [picked, setPicked] = useState<string[]>((params.get('s') ?? 'as-enforced,h20-2024-01').split(',').filter(Boolean));
  const [n, setN] = useState(params.get('n') ?? '2000');
  const [seed, setSeed] = useState(params.get('seed') ?? '1');
  const [r, setR] = useState<LabRunAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canRun = role === 'analyst' || role === 'admin';

  useEffect(() => {
    api<Scenario[]>('/v1/lab/scenarios').then(setList).catch(setError);
  }, []);

  const run = async (e?: React.FormEvent) => {
    e?.preventDefault();
    setQuery('lab', { s: picked.join(','), n, seed });
    setBusy(true);
    setError(null);
    try {
      const body: LabRunBody = { scenarios: picked, charts: CHART_TARGETS, groups: 100 };
      if (n.trim() !== '' && n.trim() !== '0') body.synthetic = { n: Number(n), seed: Number(seed) };
      setR(await api<LabRunAnswer>('/v1/lab/run', { body }));
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  return (
    <div>
      <h1>Policy lab</h1>
      <p className="small">
        Replays the catalog and shipments under the rules as enforced and under hypothetical rule sets (data/scenarios; docs/lab.md). The synthetic shipments are <strong>SYNTHETIC</strong>, seeded and illustrative: not trade data.
      </p>
      {!list ? <Loading what="the scenarios" /> : null}
      <form onSubmit={run} aria-label="Run scenarios">
        {list ? (
          <fieldset className="scenario-pick">
            <legend>Scenarios to compare (the base, as-enforced, is always included)</legend>
            {list.map((s) => (
              <label key={s.id} title={s.description}>
                <input type="checkbox" checked={picked.includes(s.id)} onChange={() => toggle(s.id)} /> {s.title} <code className="small">{s.id}</code>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="row" style={{ display: 'flex', gap: 12, alignItems: 'flex-end', flexWrap: 'wrap' }}>
          <label>
            Synthetic shipments (0 = catalog only, at most 200,000){' '}
            <input name="n" value={n} onChange={(e) => setN(e.target.value)} size={8} inputMode="numeric" />
          </label>
          <label>
            Seed <input name="seed" value={seed} onChange={(e) => setSeed(e.target.value)} size={6} inputMode="numeric" />
          </label>
          <button type="submit" disabled={busy || !canRun || picked.length === 0}>
            Run scenarios
          </button>
          {!canRun ? <span className="muted small">Running needs the analyst role (your key is {role}).</span> : null}
        </div>
      </form>
      <ErrorBox error={error} />
      {busy ? <Loading what="the replay" /> : null}
      {r ? (
        <div aria-live="polite" data-testid="lab-result">
          {r.shipments ? (
            <p className="small">
              Shipments: {r.shipments.label} · {fmt(r.shipments.count)} replayed
              {r.shipments.rejectedCount ? `, ${fmt(r.shipments.rejectedCount)} rejected` : ''}
            </p>
          ) : null}
          <h2>Side by side</h2>
          <SideBySide r={r} />
          <h2>Compute reaching each tier and China per year</h2>
          <p className="muted small">
            Solid: lower bound (no licence, exception, presumption of approval); pale: upper bound (all but presumption of denial). {r.notes.tiers} {r.notes.h100e}
          </p>
          <div className="charts2">
            {(r.charts ?? []).map((c) => (
              <ServerSvg key={c.target} svg={c.svg} label={`H100-equivalents reaching ${c.target} per year, by scenario`} testId={`lab-chart-${c.target.replace(' ', '')}`} />
            ))}
          </div>
          <ComputeTable r={r} />
          <h2>What changes against {r.base}</h2>
          {r.diffs.map((d) => (
            <Diff key={d.scenario} d={d} r={r} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
