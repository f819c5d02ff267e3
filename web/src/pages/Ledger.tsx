/** Ledger: compute shipped by country and year against the caps (charts), record a shipment, verify the chain. */
import { useEffect, useState } from 'react';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { AggregateRow, CapFinding, RecordShipmentResult, Report } from '../../../src/ledger/accounting.ts';
import type { VerifyResult } from '../../../src/ledger/ledger.ts';
import { api } from '../api.ts';
import { ErrorBox, fmt } from '../ui.tsx';

const CAP_COLOUR: Record<string, string> = { ok: '#7cb342', near: '#f39c12', crosses: '#c0392b', exceeded: '#922b21' };

function ByCountryChart({ rows }: { rows: AggregateRow[] }) {
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const keys = [...new Set(rows.map((r) => r.key))].sort();
  if (!rows.length) return <p className="muted">No shipments recorded yet.</p>;
  const width = 720;
  const left = 60;
  const h = 220;
  const x = scaleBand<string>().domain(keys).range([left, Math.min(width - 10, left + keys.length * 110)]).padding(0.2);
  const sub = scaleBand<number>().domain(years).range([0, x.bandwidth()]).padding(0.05);
  const max = Math.max(...rows.map((r) => r.tpp));
  const y = scaleLinear().domain([0, max]).nice().range([h, 20]);
  const shades = ['#1f618d', '#5dade2', '#48c9b0', '#f5b041', '#af7ac5'];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${h + 40}`} role="img" aria-label="TPP shipped by destination and year" data-testid="ledger-chart">
        {y.ticks(5).map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 10} y1={y(t)} y2={y(t)} stroke="#eee" />
            <text x={left - 4} y={y(t) + 3} fontSize="10" textAnchor="end">
              {fmt(t)}
            </text>
          </g>
        ))}
        {rows.map((r) => (
          <rect key={`${r.key}-${r.year}`} x={x(r.key)! + sub(r.year)!} y={y(r.tpp)} width={sub.bandwidth()} height={h - y(r.tpp)} fill={shades[years.indexOf(r.year) % shades.length]}>
            <title>{`${r.key} ${r.year}: ${fmt(r.tpp)} TPP, ${fmt(r.h100Equivalents, 1)} H100-eq, ${r.quantity} units in ${r.shipments} shipments`}</title>
          </rect>
        ))}
        {keys.map((k) => (
          <text key={k} x={x(k)! + x.bandwidth() / 2} y={h + 14} fontSize="11" textAnchor="middle">
            {k}
          </text>
        ))}
        <text x={8} y={12} fontSize="10">
          TPP
        </text>
      </svg>
      <figcaption className="legend">
        {years.map((yr, i) => (
          <span key={yr}>
            <span className="swatch" style={{ background: shades[i % shades.length] }} aria-hidden="true" /> {yr}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function Caps({ caps }: { caps: CapFinding[] }) {
  if (!caps.length) return <p className="muted">No cap applies to the shipments recorded.</p>;
  return (
    <table className="data" data-testid="caps">
      <thead>
        <tr>
          <th scope="col">Cap</th>
          <th scope="col">Scope</th>
          <th scope="col">Used</th>
          <th scope="col">Status</th>
          <th scope="col">Citation</th>
        </tr>
      </thead>
      <tbody>
        {caps.map((c, i) => {
          const share = c.limit > 0 ? Math.min(1.2, c.current / c.limit) : 0;
          return (
            <tr key={i}>
              <td>
                {c.title} <span className="muted small">({c.view})</span>
              </td>
              <td>{c.scope}</td>
              <td>
                <svg width="140" height="12" role="img" aria-label={`${Math.round(share * 100)}% of the limit`}>
                  <rect width="140" height="12" fill="#eee" />
                  <rect width={Math.min(140, share * (140 / 1.2))} height="12" fill={CAP_COLOUR[c.status]} />
                  <line x1={140 / 1.2} x2={140 / 1.2} y1="0" y2="12" stroke="#000" />
                </svg>{' '}
                {c.unit === 'share' ? `${(c.current * 100).toFixed(1)}% / ${(c.limit * 100).toFixed(0)}%` : `${fmt(c.current)} / ${fmt(c.limit)}`}
              </td>
              <td>{c.status}</td>
              <td>
                <cite>{c.citation}</cite> <span className="muted small">{c.confidence}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ShipForm({ onDone }: { onDone: () => void }) {
  const [f, setF] = useState({ date: new Date().toISOString().slice(0, 10), product: 'NVIDIA H100 SXM', quantity: '10', destination: 'AE', consignee: '', license: 'NLR' });
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api<RecordShipmentResult>('/v1/ledger/shipments', { body: { ...f, quantity: /^\d+$/.test(f.quantity) ? Number(f.quantity) : f.quantity } });
      setMsg(`recorded as record ${r.record.seq}${r.warnings.length ? `; warnings: ${r.warnings.map((w) => w.message).join('; ')}` : ''}`);
      onDone();
    } catch (x) {
      setError(x);
    }
  };
  return (
    <form className="toolbar wrap" onSubmit={submit} aria-label="Record a shipment">
      {(['date', 'product', 'quantity', 'destination', 'consignee', 'license'] as const).map((k) => (
        <label key={k}>
          {k}
          <input name={k} type={k === 'date' ? 'date' : 'text'} value={f[k]} onChange={set(k)} required size={k === 'product' || k === 'consignee' ? 18 : 8} />
        </label>
      ))}
      <button type="submit">Record shipment</button>
      {msg ? <p role="status">{msg}</p> : null}
      <ErrorBox error={error} />
    </form>
  );
}

export function LedgerPage() {
  const [report, setReport] = useState<Report | null>(null);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    api<Report>('/v1/ledger/report')
      .then(setReport)
      .catch(setError);
  useEffect(() => {
    void load();
  }, []);
  const doVerify = async () => {
    setVerify(null);
    try {
      setVerify(await api<VerifyResult>('/v1/ledger/verify'));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      <h1>Ledger</h1>
      <ErrorBox error={error} />
      <div className="toolbar">
        <button type="button" className="primary" onClick={doVerify}>
          Verify the hash chain
        </button>
        {verify ? (
          <span role="status" className={verify.ok ? 'ok' : 'bad'} data-testid="verify">
            {verify.ok
              ? `Intact: ${verify.checked} records checked, head ${verify.head.seq} ${verify.head.hash.slice(0, 16)}…`
              : `BROKEN at record ${verify.problem.seq} (${verify.problem.problem}): ${verify.problem.message}`}
          </span>
        ) : null}
      </div>
      {report ? (
        <>
          <p>
            {fmt(report.totals.shipments)} shipments · {fmt(report.totals.quantity)} units · {fmt(report.totals.tpp)} TPP · {fmt(report.totals.h100Equivalents, 1)} H100-equivalents
          </p>
          <h2>Compute shipped by destination and year</h2>
          <ByCountryChart rows={report.byDestination} />
          <h2>Caps</h2>
          <Caps caps={report.caps} />
          {report.notes.map((n: string, i: number) => (
            <p key={i} className="muted small">
              {n}
            </p>
          ))}
        </>
      ) : null}
      <h2>Record a shipment</h2>
      <ShipForm onDone={load} />
    </div>
  );
}
