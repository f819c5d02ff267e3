/** Rules: the measures with dates, citations and confidence, searchable. */
import { useEffect, useMemo, useState } from 'react';
import type { RulesAnswer } from '../../../src/api/routes/core.ts';
import { api } from '../api.ts';
import { setQuery } from '../router.ts';
import { Confidence, ErrorBox, Loading } from '../ui.tsx';

export function RulesPage({ params }: { params: URLSearchParams }) {
  const [data, setData] = useState<RulesAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState(params.get('q') ?? '');
  useEffect(() => {
    api<RulesAnswer>('/v1/rules').then(setData).catch(setError);
  }, []);
  const shown = useMemo(() => {
    if (!data) return [];
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return data.measures.filter((m) => {
      const text = [m.id, m.title, m.kind, m.frCitation, m.summary, ...m.sources, ...m.provisions.flatMap((p) => [p.id, p.cfr, p.text])].join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [data, q]);
  return (
    <div>
      <h1>Rules</h1>
      <ErrorBox error={error} />
      <label>
        Search measures{' '}
        <input
          type="search"
          name="q"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setQuery('rules', { q: e.target.value }, false);
          }}
          placeholder="e.g. 3A090.b, 89 FR, Macau, letter"
          size={40}
        />
      </label>
      {data ? (
        <p className="muted small" aria-live="polite">
          {shown.length} of {data.measures.length} measures · rules version {data.rulesVersion}
        </p>
      ) : (
        <Loading what="the measures" />
      )}
      <ol className="measures" data-testid="measures">
        {shown.map((m) => (
          <li key={m.id}>
            <details>
              <summary>
                <strong>{m.effective}</strong> <code>{m.id}</code> {m.title} {m.frCitation ? <cite>{m.frCitation}</cite> : null} <Confidence value={m.confidence} />
              </summary>
              <p>{m.summary}</p>
              <p className="small">
                Kind: {m.kind}
                {m.published ? ` · published ${m.published}` : ''}
                {m.released ? ` · released ${m.released}` : ''}
                {m.compliance.length ? ` · compliance: ${m.compliance.map((c) => `${c.date} (${c.scope})`).join('; ')}` : ''}
              </p>
              {m.enforcement.length ? (
                <p className="small">Enforcement: {m.enforcement.map((e) => `${e.from}–${e.to ?? ''} ${e.enforced ? 'enforced' : 'NOT enforced'} (${e.basis})`).join('; ')}</p>
              ) : null}
              <h4>Provisions</h4>
              <ul>
                {m.provisions.map((p) => (
                  <li key={p.id}>
                    <code>{p.id}</code> {p.type} · {p.from}
                    {p.to ? `–${p.to}` : ''} · <cite>{p.cfr}</cite> <Confidence value={p.confidence} />
                    <br />
                    {p.text}
                  </li>
                ))}
              </ul>
              <p className="small">Sources: {m.sources.join('; ')}</p>
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}
