/** Decision desk: a transaction form → the decision with its explanation tree; the URL reproduces it. */
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { setQuery } from '../router.ts';
import { Cite, Confidence, ErrorBox, fmt, OUTCOME_LABEL } from '../ui.tsx';
// Answer shapes come from the engine and services that produce them (type-only: nothing of src
// is bundled), so a change there that the page does not follow fails `tsc`.
import type { ExceptionOffer, LineDecision } from '../../../src/engine/decide.ts';
import type { Reason } from '../../../src/rules/types.ts';
import type { DecisionWithParties } from '../../../src/services/decide.ts';
import type { CatalogAnswer } from '../../../src/services/catalog.ts';

interface Item {
  mode: 'product' | 'spec';
  product: string;
  spec: string;
  quantity: string;
}

interface Form {
  date: string;
  view: string;
  destination: string;
  exportFrom: string;
  endUserName: string;
  endUserCountry: string;
  endUserHq: string;
  endUse: string;
  items: Item[];
}

const today = () => new Date().toISOString().slice(0, 10);
const blankItem = (): Item => ({ mode: 'product', product: '', spec: '', quantity: '1' });
const initial = (): Form => ({
  date: today(),
  view: 'enforced',
  destination: 'CN',
  exportFrom: '',
  endUserName: '',
  endUserCountry: '',
  endUserHq: '',
  endUse: '',
  items: [{ ...blankItem(), product: 'NVIDIA H100 SXM', quantity: '8' }],
});

/** The transaction JSON the API (and `exportctl decide --file`) takes. */
export function toTransaction(f: Form): Record<string, unknown> {
  const tx: Record<string, unknown> = { date: f.date, destination: f.destination.trim() };
  if (f.exportFrom.trim()) tx.exportFrom = f.exportFrom.trim();
  tx.items = f.items.map((it) => {
    const q = /^\s*\d+\s*$/.test(it.quantity) ? Number(it.quantity) : it.quantity;
    if (it.mode === 'spec') {
      let spec: unknown = it.spec;
      try {
        spec = JSON.parse(it.spec);
      } catch {
        /* sent as text: the server names the field */
      }
      return { spec, quantity: q };
    }
    return { product: it.product, quantity: q };
  });
  const eu: Record<string, string> = {};
  if (f.endUserName.trim()) eu.name = f.endUserName.trim();
  if (f.endUserCountry.trim()) eu.country = f.endUserCountry.trim();
  if (f.endUserHq.trim()) eu.headquarters = f.endUserHq.trim();
  if (Object.keys(eu).length) tx.endUser = eu;
  if (f.endUse) tx.endUse = f.endUse;
  if (f.view !== 'enforced') tx.view = f.view;
  return tx;
}

/** A transaction from a shared link: JSON of unknown shape, read field by field. */
interface SharedTransaction {
  date?: unknown;
  view?: unknown;
  destination?: unknown;
  exportFrom?: unknown;
  endUser?: { name?: unknown; country?: unknown; headquarters?: unknown };
  endUse?: unknown;
  items?: { spec?: unknown; product?: unknown; quantity?: unknown }[];
}

/** A text field of a shared link, or the fallback when the link holds something else there. */
const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function fromTransaction(tx: SharedTransaction): Form {
  const f = initial();
  f.date = String(tx.date ?? f.date);
  f.view = text(tx.view, 'enforced');
  f.destination = String(tx.destination ?? '');
  f.exportFrom = text(tx.exportFrom);
  f.endUserName = text(tx.endUser?.name);
  f.endUserCountry = text(tx.endUser?.country);
  f.endUserHq = text(tx.endUser?.headquarters);
  f.endUse = text(tx.endUse);
  if (Array.isArray(tx.items) && tx.items.length)
    f.items = tx.items.map((it): Item =>
      it.spec !== undefined
        ? { mode: 'spec', product: '', spec: JSON.stringify(it.spec, null, 2), quantity: String(it.quantity ?? '') }
        : { mode: 'product', product: String(it.product ?? ''), spec: '', quantity: String(it.quantity ?? '') },
    );
  return f;
}

function Reasons({ reasons }: { reasons: Reason[] }) {
  if (!reasons?.length) return null;
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          {r.text} {r.confidence && r.confidence !== 'high' ? <Confidence value={r.confidence} /> : null}
          <br />
          <Cite>{r.citation}</Cite>
        </li>
      ))}
    </ul>
  );
}

function Line({ l, i }: { l: LineDecision; i: number }) {
  return (
    <li className={`line out-${l.outcome}`}>
      <details open={i === 0}>
        <summary>
          <strong>{l.name ?? l.product ?? `item ${i + 1}`}</strong> × {l.quantity}: <span className="pill">{l.paragraph ?? l.eccn ?? 'not 3A090/4A090'}</span> {OUTCOME_LABEL[l.outcome]}
          {l.reviewPolicy ? `, ${l.reviewPolicy}` : ''} · TPP {fmt(l.tpp)} · {fmt(l.h100Equivalents, 2)} H100-eq <Confidence value={l.confidence} />
        </summary>
        {l.requirements?.length ? (
          <>
            <h4>Licence requirements</h4>
            <ul>
              {l.requirements.map((r, k) => (
                <li key={k}>
                  <code>{r.provision}</code> ({r.basis}) <Cite>{r.citation}</Cite>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {l.exceptions?.length ? (
          <>
            <h4>Exceptions</h4>
            <Exceptions list={l.exceptions} />
          </>
        ) : null}
        <h4>Why</h4>
        <Reasons reasons={l.reasons} />
        {l.classification?.tests?.length ? (
          <details>
            <summary>Classification tests ({l.classification.tests.length})</summary>
            <ul>
              {l.classification.tests.map((t, k) => (
                <li key={k}>
                  <code>{t.paragraph}</code> {t.result === true ? 'met' : t.result === false ? 'not met' : 'unknown'}
                  {t.excludedBy ? ` (excluded by ${t.excludedBy})` : ''}:{' '}
                  {t.comparisons.map((c) => `${c.metric} ${c.value ?? '?'} ${c.op} ${c.limit}`).join(', ')} <Cite>{t.cfr}</Cite>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </details>
    </li>
  );
}

function Exceptions({ list }: { list: ExceptionOffer[] }) {
  return (
    <ul>
      {list.map((x, i) => (
        <li key={i}>
          <strong>{x.code}</strong> (AES {x.aes}) <Cite>{x.citation}</Cite>
          {x.conditions?.length ? (
            <ul>
              {x.conditions.map((c, k) => (
                <li key={k}>{c}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function DecisionView({ d }: { d: DecisionWithParties }) {
  return (
    <section aria-labelledby="decision-h" className="decision" data-testid="decision">
      <h2 id="decision-h" className={`outcome out-${d.outcome}`}>
        {OUTCOME_LABEL[d.outcome] ?? d.outcome}
        {d.reviewPolicy ? <span className="policy"> · review policy: {d.reviewPolicy}</span> : null}
      </h2>
      <p>
        {d.date} · {d.exportFrom} → {d.destination}
        {d.tier ? ` (${d.tier})` : ''} · {d.view} view · {fmt(d.totals.quantity)} units, {fmt(d.totals.tpp)} TPP, {fmt(d.totals.h100Equivalents, 2)} H100-eq · <Confidence value={d.confidence} /> · rules {d.rulesVersion}
      </p>
      {d.warnings?.length ? (
        <div className="warn" role="status">
          <strong>Warnings</strong>
          <ul>
            {d.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.exceptions?.length ? (
        <>
          <h3>Licence exceptions available</h3>
          <Exceptions list={d.exceptions} />
        </>
      ) : null}
      <h3>Lines</h3>
      <ol className="lines">
        {d.lines.map((l, i) => (
          <Line key={i} l={l} i={i} />
        ))}
      </ol>
      <h3>Reasons</h3>
      <Reasons reasons={d.reasons} />
      {d.notes?.length ? (
        <>
          <h3>Notes</h3>
          <Reasons reasons={d.notes} />
        </>
      ) : null}
      {d.measures?.length ? <p className="muted">Measures applied: {d.measures.join(', ')}</p> : null}
    </section>
  );
}

export function DecidePage({ params }: { params: URLSearchParams }) {
  const [form, setForm] = useState<Form>(initial);
  const [products, setProducts] = useState<string[]>([]);
  const [decision, setDecision] = useState<DecisionWithParties | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<CatalogAnswer>('/v1/catalog')
      .then((c) => setProducts(c.products.map((p) => `${p.vendor} ${p.name}`)))
      .catch(() => undefined);
  }, []);

  const run = async (tx: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      setDecision(await api<DecisionWithParties>('/v1/decide', { body: tx }));
    } catch (e) {
      setDecision(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A shared URL (#/decide?tx=…) fills the form and decides.
  const shared = params.get('tx');
  useEffect(() => {
    if (!shared) return;
    try {
      const tx = JSON.parse(shared) as SharedTransaction & Record<string, unknown>;
      setForm(fromTransaction(tx));
      void run(tx);
    } catch {
      setError(new Error('the shared link holds no valid transaction'));
    }
  }, [shared]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const tx = toTransaction(form);
    setQuery('decide', { tx: JSON.stringify(tx) });
    void run(tx);
  };
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  const setItem = (i: number, patch: Partial<Item>) => setForm({ ...form, items: form.items.map((it, k) => (k === i ? { ...it, ...patch } : it)) });

  return (
    <div className="cols">
      <section aria-labelledby="desk-h" className="panel form-panel">
        <h1 id="desk-h">Decision desk</h1>
        <form onSubmit={submit} aria-label="Transaction">
          <div className="grid2">
            <label>
              Date
              <input type="date" name="date" value={form.date} onChange={set('date')} required />
            </label>
            <label>
              View
              <select name="view" value={form.view} onChange={set('view')}>
                <option value="enforced">enforced</option>
                <option value="as-written">as written</option>
              </select>
            </label>
            <label>
              Destination (ISO-2)
              <input name="destination" value={form.destination} onChange={set('destination')} maxLength={12} required />
            </label>
            <label>
              Export from
              <input name="exportFrom" value={form.exportFrom} onChange={set('exportFrom')} placeholder="US" maxLength={12} />
            </label>
          </div>
          <fieldset>
            <legend>Items</legend>
            {form.items.map((it, i) => (
              <div className="item" key={i}>
                <label>
                  Line {i + 1} given as
                  <select aria-label={`Line ${i + 1} kind`} value={it.mode} onChange={(e) => setItem(i, { mode: e.target.value as Item['mode'] })}>
                    <option value="product">catalog product</option>
                    <option value="spec">spec (JSON)</option>
                  </select>
                </label>
                {it.mode === 'product' ? (
                  <label>
                    Product
                    <input name={`product-${i}`} list="products" value={it.product} onChange={(e) => setItem(i, { product: e.target.value })} required />
                  </label>
                ) : (
                  <label>
                    Spec
                    <textarea name={`spec-${i}`} rows={5} value={it.spec} onChange={(e) => setItem(i, { spec: e.target.value })} placeholder='{"kind":"ic","datacenter":true,"throughput":[{"format":"fp8","tops":700}],"dieAreaMm2":800}' />
                  </label>
                )}
                <label>
                  Quantity
                  <input name={`quantity-${i}`} inputMode="numeric" value={it.quantity} onChange={(e) => setItem(i, { quantity: e.target.value })} required />
                </label>
                {form.items.length > 1 ? (
                  <button type="button" className="link" onClick={() => setForm({ ...form, items: form.items.filter((_, k) => k !== i) })} aria-label={`Remove line ${i + 1}`}>
                    Remove
                  </button>
                ) : null}
              </div>
            ))}
            <button type="button" onClick={() => setForm({ ...form, items: [...form.items, blankItem()] })}>
              Add a line
            </button>
            <datalist id="products">
              {products.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </fieldset>
          <fieldset>
            <legend>End user</legend>
            <div className="grid2">
              <label>
                Name
                <input name="endUserName" value={form.endUserName} onChange={set('endUserName')} />
              </label>
              <label>
                Country
                <input name="endUserCountry" value={form.endUserCountry} onChange={set('endUserCountry')} maxLength={12} />
              </label>
              <label>
                Headquarters
                <input name="endUserHq" value={form.endUserHq} onChange={set('endUserHq')} maxLength={12} />
              </label>
              <label>
                End use
                <select name="endUse" value={form.endUse} onChange={set('endUse')}>
                  <option value="">(none declared)</option>
                  <option value="supercomputer">supercomputer</option>
                  <option value="advanced-node-ic-production">advanced-node IC production</option>
                </select>
              </label>
            </div>
          </fieldset>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Deciding…' : 'Decide'}
          </button>
          {decision ? (
            <p className="small">
              <a href={location.href}>Shareable link</a> (reproduces this decision)
            </p>
          ) : null}
        </form>
      </section>
      <section className="panel result-panel" aria-live="polite">
        <ErrorBox error={error} />
        {decision ? <DecisionView d={decision} /> : !error ? <p className="muted">Fill in the transaction and press Decide.</p> : null}
      </section>
    </div>
  );
}
