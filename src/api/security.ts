/**
 * Security headers, computed once from helmet and set on every response.
 *
 * Two sets, because a JSON answer and an HTML page need different policies:
 *  - WEB (the web app, /docs): helmet's defaults with a Content-Security-Policy that allows the
 *    app's own scripts, images (and data: images) and API calls, nothing from elsewhere.
 *  - API (/v1, /healthz, /readyz, /openapi.json): the OWASP REST guidance — `default-src 'none';
 *    frame-ancestors 'none'` (an API answer loads nothing and is never framed), X-Frame-Options
 *    DENY — and helmet's other headers as for the web.
 *
 * Why not @fastify/helmet: it builds helmet's middleware again for every request (parsing the CSP
 * directives each time), about a tenth of a request's CPU on /healthz. The headers do not depend on
 * the request, so helmet runs once here against a recording response and the result is reused.
 */
import helmet, { type HelmetOptions } from 'helmet';

export type HeaderSet = Readonly<Record<string, string>>;

/** The headers helmet sets for `options`, recorded once. */
export function helmetHeaders(options: HelmetOptions): HeaderSet {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as never, res as never, (e?: unknown) => (failure = e));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return Object.freeze(headers);
}

export const WEB_HEADERS = helmetHeaders({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      // Served over plain HTTP on loopback: do not ask the browser to upgrade.
      upgradeInsecureRequests: null,
      'script-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});

export const API_HEADERS = helmetHeaders({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
  },
  crossOriginEmbedderPolicy: false,
  xFrameOptions: { action: 'deny' },
});

/** The versioned API (/v1…): these requests need a key. */
export function isV1Path(url: string): boolean {
  return url.startsWith('/v1/') || url === '/v1';
}

/** API paths get API_HEADERS; everything else (the web app, /docs) WEB_HEADERS. */
export function isApiPath(url: string): boolean {
  return (
    isV1Path(url) ||
    url.startsWith('/healthz') ||
    url.startsWith('/readyz') ||
    url.startsWith('/openapi.json')
  );
}
