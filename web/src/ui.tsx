/** Small shared pieces: error box, confidence badge, outcome labels, citations. */
import type { ReactNode } from 'react';
import { ApiFailure } from './api.ts';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as ApiFailure;
  return (
    <div className="error" role="alert">
      <strong>{e.status === 400 ? 'Bad input' : e.status === 401 ? 'Not logged in' : e.status === 403 ? 'Not allowed' : 'Error'}</strong>
      {e.field ? (
        <>
          {' '}
          in <code className="field">{e.field}</code>
        </>
      ) : null}
      : {e.message}
    </div>
  );
}

export function Confidence({ value }: { value?: string }) {
  if (!value) return null;
  return (
    <span className={`badge conf-${value}`} title={`confidence: ${value}`}>
      {value} confidence
    </span>
  );
}

export const OUTCOME_LABEL: Record<string, string> = {
  'license-required': 'Licence required',
  'license-exception-available': 'Licence exception available',
  'no-license-required': 'No licence required',
};

export const STATUS_COLOUR: Record<string, string> = {
  required: '#c0392b',
  letter: '#e67e22',
  exception: '#2e86c1',
  'not-required': '#9ccc65',
};

export function Cite({ children }: { children: ReactNode }) {
  return <cite className="cite">{children}</cite>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}
