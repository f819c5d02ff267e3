/** Screening: search a name against the restricted-party lists; hits with matched aliases and reasons; review a hit. */
import { useEffect, useState } from 'react';
import type { ReviewedHit, ScreenResult } from '../../../src/screening/service.ts';
import type { ReviewAnswer } from '../../../src/api/routes/screening.ts';
import { api } from '../api.ts';
import { setQuery } from '../router.ts';
import { ErrorBox } from '../ui.tsx';

function ReviewForm({ hit, query, onDone }: { hit: ReviewedHit; query: ScreenResult['query']; onDone: () => void }) {
  const [decision, setDecision] = useState('false-positive');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api<ReviewAnswer>('/v1/hits/review', {
        body: { entityId: hit.entityId, name: query.name, ...(query.country ? { country: query.country } : {}), ...(query.type ? { type: query.type } : {}), decision, reason, asOf: query.asOf },
      });
      onDone();
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="review" onSubmit={submit} aria-label={`Review hit ${hit.entityId}`}>
      <label>
        Decision
        <select value={decision} onChange={(e) => setDecision(e.target.value)}>
          <option value="false-positive">false positive</option>
          <option value="confirmed">confirmed match</option>
        </select>
      </label>
      <label className="grow">
        Reason
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required placeholder="why (recorded with your key)" />
      </label>
      <button type="submit" disabled={busy}>
        Mark reviewed
      </button>
      <ErrorBox error={error} />
    </form>
  );
}

function Hit({ m, query, canReview, onReviewed }: { m: ReviewedHit; query: ScreenResult['query']; canReview: boolean; onReviewed: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <li className={`hit grade-${m.grade}`} data-testid="hit">
      <div className="hit-head">
        <span className="score">{m.score.toFixed(3)}</span> <span className="pill">{m.source}</span> <strong>{m.name}</strong> <code>{m.entityId}</code>
        {m.grade === 'review' ? <span className="badge conf-medium">review</span> : <span className="badge conf-low">match</span>}
        {m.review ? <span className="badge">reviewed: {m.review.decision} by {m.review.reviewer}</span> : null}
      </div>
      {m.matchedName !== m.name ? (
        <div>
          matched {m.matchedKind}: <strong>“{m.matchedName}”</strong>
        </div>
      ) : null}
      <ul className="reasons">
        {m.reasons.map((r: string, i: number) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
      <div className="small muted">
        {m.sourceLabel}
        {m.programs?.length ? ` · programs ${m.programs.join(', ')}` : ''}
        {m.countries?.length ? ` · ${m.countries.join(', ')}` : ''}
        {m.licenseRequirement ? ` · licence requirement: ${m.licenseRequirement}` : ''}
        {m.licensePolicy ? ` · policy: ${m.licensePolicy}` : ''}
        {m.frNotice ? ` · ${m.frNotice}` : ''}
      </div>
      {canReview && !m.review ? (
        open ? (
          <ReviewForm hit={m} query={query} onDone={onReviewed} />
        ) : (
          <button type="button" onClick={() => setOpen(true)}>
            Review this hit
          </button>
        )
      ) : null}
    </li>
  );
}

export function ScreeningPage({ params, role }: { params: URLSearchParams; role: string }) {
  const [name, setName] = useState(params.get('name') ?? '');
  const [country, setCountry] = useState(params.get('country') ?? '');
  const [type, setType] = useState(params.get('type') ?? '');
  const [asOf, setAsOf] = useState(params.get('asOf') ?? '');
  const [result, setResult] = useState<ScreenResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api<ScreenResult>('/v1/screen', { body: { name, ...(country ? { country } : {}), ...(type ? { type } : {}), ...(asOf ? { asOf } : {}) } }));
      setQuery('screening', { name, country, type, asOf }, false);
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (params.get('name')) void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div>
      <h1>Screening</h1>
      <form
        className="toolbar"
        aria-label="Screen a party"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label className="grow">
          Party name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Banco Nacional de Cuba" />
        </label>
        <label>
          Country
          <input name="country" value={country} onChange={(e) => setCountry(e.target.value)} size={4} placeholder="CN" />
        </label>
        <label>
          Type
          <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">any</option>
            <option value="entity">entity</option>
            <option value="person">person</option>
            <option value="vessel">vessel</option>
            <option value="aircraft">aircraft</option>
          </select>
        </label>
        <label>
          As of
          <input type="date" name="asOf" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Screen
        </button>
      </form>
      <ErrorBox error={error} />
      {result ? (
        <section aria-live="polite" data-testid="screen-result">
          <h2 className={`status-${result.status}`}>{result.status.toUpperCase()}</h2>
          <p>{result.verdict}</p>
          {result.warnings.length ? (
            <div className="warn" role="status">
              <ul>
                {result.warnings.map((w: string, i: number) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <ol className="hits">
            {result.matches.map((m) => (
              <Hit key={m.entityId} m={m} query={result.query} canReview={role !== 'viewer'} onReviewed={run} />
            ))}
          </ol>
          {result.suppressed.length ? (
            <>
              <h3>Suppressed (reviewed as false positives)</h3>
              <ul data-testid="suppressed">
                {result.suppressed.map((m) => (
                  <li key={m.entityId}>
                    <code>{m.entityId}</code> {m.matchedName} ({m.score.toFixed(3)}): {m.review?.reason} — {m.review?.reviewer}, {m.review?.at}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="small muted">
            Lists: {result.lists.map((l) => `${l.list} ${l.asOf}${l.bundled ? '*' : ''}`).join(', ')}
            {result.lists.some((l) => l.bundled) ? ' (* bundled sample)' : ''}
          </p>
        </section>
      ) : null}
    </div>
  );
}
