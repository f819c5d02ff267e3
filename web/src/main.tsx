/** exportctl web app: login with an API key, then the decision desk, chips, screening, ledger, batch and rules. */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, ApiFailure, setKey } from './api.ts';
import { useRoute } from './router.ts';
import { ErrorBox } from './ui.tsx';
import { DecidePage } from './pages/Decide.tsx';
import { ChipsPage } from './pages/Chips.tsx';
import { ScreeningPage } from './pages/Screening.tsx';
import { LedgerPage } from './pages/Ledger.tsx';
import { BatchPage } from './pages/Batch.tsx';
import { RulesPage } from './pages/Rules.tsx';
import { EvidencePage } from './pages/Evidence.tsx';
import { LabPage } from './pages/Lab.tsx';
import type { WhoAmI } from '../../src/api/routes/admin.ts';
import './styles.css';

/** GET /v1/whoami. */
type Me = WhoAmI;

const PAGES: [string, string][] = [
  ['decide', 'Decision desk'],
  ['chips', 'Chips'],
  ['screening', 'Screening'],
  ['ledger', 'Ledger'],
  ['batch', 'Batch'],
  ['rules', 'Rules'],
  ['evidence', 'Evidence'],
  ['lab', 'Policy lab'],
];

function Login({ onLogin }: { onLogin: (m: Me) => void }) {
  const [key, setK] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const me = await api<Me>('/v1/whoami', { key: key.trim() });
      setKey(key.trim());
      onLogin(me);
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <h1>exportctl</h1>
      <p>US export controls on AI compute (ECCN 3A090/4A090), executable and explained.</p>
      <form onSubmit={submit} aria-label="Log in">
        <label htmlFor="apikey">API key</label>
        <input id="apikey" name="apikey" type="password" autoComplete="off" value={key} onChange={(e) => setK(e.target.value)} placeholder="exk_…" required autoFocus />
        <button type="submit" disabled={busy}>
          Log in
        </button>
        <p className="muted small">
          The server prints an admin key on first start. More keys: <code>exportctl keys create --role analyst</code>. The key is kept in this tab’s session storage only.
        </p>
      </form>
      <ErrorBox error={err} />
    </main>
  );
}

function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    // A stored key, or a server without auth: no login form.
    api<Me>('/v1/whoami')
      .then(setMe)
      .catch((e) => {
        if (e instanceof ApiFailure && e.status === 401) setKey(null);
      })
      .finally(() => setChecked(true));
  }, []);

  if (!checked) return null;
  if (!me) return <Login onLogin={setMe} />;
  const logout = () => {
    setKey(null);
    setMe(null);
  };
  const page = PAGES.some(([p]) => p === route.page) ? route.page : 'decide';
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header>
        <span className="brand">exportctl</span>
        <nav aria-label="Pages">
          {PAGES.map(([p, label]) => (
            <a key={p} href={`#/${p}`} aria-current={p === page ? 'page' : undefined}>
              {label}
            </a>
          ))}
          <a href="/docs" target="_blank" rel="noreferrer">
            API docs
          </a>
        </nav>
        <span className="who">
          {me.auth ? (
            <>
              {me.name} <span className="badge">{me.role}</span>{' '}
              {me.expiresAt ? <span className="small">key expires {me.expiresAt.slice(0, 10)}</span> : null}{' '}
              <button type="button" className="link" onClick={logout}>
                Log out
              </button>
            </>
          ) : (
            <span className="badge">no-auth (loopback)</span>
          )}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'decide' && <DecidePage params={route.params} />}
        {page === 'chips' && <ChipsPage params={route.params} />}
        {page === 'screening' && <ScreeningPage params={route.params} role={me.role} />}
        {page === 'ledger' && <LedgerPage />}
        {page === 'batch' && <BatchPage role={me.role} />}
        {page === 'rules' && <RulesPage params={route.params} />}
        {page === 'evidence' && <EvidencePage params={route.params} />}
        {page === 'lab' && <LabPage params={route.params} role={me.role} />}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
