/** Hash routing: #/page?query. Shareable URLs keep the page and its inputs. */
import { useEffect, useState } from 'react';

export interface Route {
  page: string;
  params: URLSearchParams;
}

export function parseHash(h: string = location.hash): Route {
  const s = h.replace(/^#\/?/, '');
  const [page, q] = s.split('?', 2) as [string, string | undefined];
  return { page: page || 'decide', params: new URLSearchParams(q ?? '') };
}

export function useRoute(): Route {
  const [r, setR] = useState(parseHash());
  useEffect(() => {
    const on = () => setR(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return r;
}

/** Replaces the query of the current page without adding a history entry for every keystroke. */
export function setQuery(page: string, params: Record<string, string | undefined>, push = true): void {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const h = `#/${page}${q.toString() ? '?' + q.toString() : ''}`;
  if (location.hash === h) return;
  if (push) history.pushState(null, '', h);
  else history.replaceState(null, '', h);
}
