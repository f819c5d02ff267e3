/**
 * The exportctl HTTP server (fastify): the JSON API under /v1, /openapi.json and /docs, /healthz
 * and /readyz, and the web app (web/dist) at /. Security: API keys with roles (Bearer), rate
 * limits, body limits, strict validation answering 4xx that name the field, no stack traces to
 * clients, security headers (helmet), CORS off unless origins are configured.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiContext } from './context.ts';
import { ApiError, sendError } from './errors.ts';
import { hashKey, roleAllows, type KeyStore, type Role } from './keys.ts';
import { coreRoutes } from './routes/core.ts';
import { API_HEADERS, isApiPath, isV1Path, WEB_HEADERS } from './security.ts';
import { screeningRoutes } from './routes/screening.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { batchRoutes } from './routes/batch.ts';
import { adminRoutes } from './routes/admin.ts';
import { evidenceRoutes } from './routes/evidence.ts';
import { labRoutes } from './routes/lab.ts';

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** When the key stops working (ISO 8601); null: never. */
  expiresAt: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Least role a route needs (default viewer for /v1 routes). */
    role?: Role;
  }
}

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export interface ServerOptions {
  /** Host the server will bind to (needed to allow `auth: false`). */
  host?: string;
  /** false = --no-auth: every request acts as admin. Refused unless host is loopback. */
  auth?: boolean;
  /** Key store (required when auth is on). */
  keys?: KeyStore;
  /** $EXPORTCTL_HOME: screening store, ledger (default), jobs. */
  home?: string;
  /** Ledger location: SQLite file or postgres://… */
  db?: string;
  /** Requests per `rateWindowMs` per API key (or per IP when no key). Default 600 per minute. 0 = off. */
  rateLimit?: number;
  rateWindowMs?: number;
  /** Largest JSON body in bytes (default 256 KiB). */
  bodyLimit?: number;
  /** Largest upload (batch CSV, list file) in bytes (default 50 MiB). */
  uploadLimit?: number;
  /** Origins allowed to call the API from a browser (CORS). Default none: CORS off. */
  corsOrigins?: string[];
  /** Directory of the built web app (default web/dist); null = no web app. */
  webRoot?: string | null;
  /** Bound of the kept answers to party-less decide requests, in bytes (default 32 MiB); 0 = off. */
  answerMemoBytes?: number;
  /** Fastify logger (default off in tests, on for `serve`). */
  logger?: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_ROOT = join(here, '..', '..', 'web', 'dist');

export interface Server {
  app: FastifyInstance;
  ctx: ApiContext;
  close(): Promise<void>;
}

export async function buildServer(opts: ServerOptions = {}): Promise<Server> {
  const host = opts.host ?? '127.0.0.1';
  const auth = opts.auth ?? true;
  if (!auth && !isLoopback(host)) {
    throw new ApiError(
      400,
      `--no-auth: refused because the server would listen on ${host}, which is not loopback; bind to 127.0.0.1 or keep auth on`,
      'host',
      host,
    );
  }
  if (auth && !opts.keys) throw new Error('buildServer: auth is on but no key store was given');
  const ctx = new ApiContext({
    home: opts.home ?? process.env.EXPORTCTL_HOME ?? '.exportctl',
    db: opts.db,
    keys: opts.keys,
    answerMemoBytes: opts.answerMemoBytes,
  });
  const bodyLimit = opts.bodyLimit ?? 256 * 1024;
  const uploadLimit = opts.uploadLimit ?? 50 * 1024 * 1024;

  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit,
    trustProxy: false,
    return503OnClosing: true,
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  });
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) =>
    sendError(new ApiError(404, `no route ${req.method} ${req.url.split('?')[0]}`), req, reply),
  );

  // Security headers (src/api/security.ts): computed once, set before any handler runs so error
  // answers carry them too.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(isApiPath(req.url) ? API_HEADERS : WEB_HEADERS);
    done();
  });

  // CORS: off by default (no Access-Control-* headers at all). With origins configured, the
  // exact origins listed get the headers and their preflight requests are answered.
  const cors = new Set(opts.corsOrigins ?? []);
  if (cors.size) {
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin;
      if (!origin || !cors.has(origin)) return;
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      if (req.method === 'OPTIONS') {
        reply
          .header('access-control-allow-methods', 'GET, POST, DELETE')
          .header('access-control-allow-headers', 'authorization, content-type')
          .header('access-control-max-age', '600')
          .code(204)
          .send();
      }
    });
  }

  // The rate-limit bucket of a key is a hash prefix (the store never holds the secret). Clients
  // send the same header on every request: remember the hash rather than compute it each time.
  const rateKeys = new Map<string, string>();
  const rateKeyOf = (authorization: string): string => {
    let k = rateKeys.get(authorization);
    if (k === undefined) {
      k = 'k:' + hashKey(authorization).slice(0, 16);
      if (rateKeys.size >= 10_000) rateKeys.clear();
      rateKeys.set(authorization, k);
    }
    return k;
  };

  const rate = opts.rateLimit ?? 600;
  if (rate > 0) {
    await app.register((await import('@fastify/rate-limit')).default, {
      global: true,
      max: rate,
      timeWindow: opts.rateWindowMs ?? 60_000,
      keyGenerator: (req: FastifyRequest) => {
        const a = req.headers.authorization;
        return a ? rateKeyOf(a) : 'ip:' + req.ip;
      },
      errorResponseBuilder: (_req, c) =>
        new ApiError(429, `rate limit: at most ${c.max} requests per ${c.after}; retry later`),
    });
  }

  // Authentication and roles for everything under /v1.
  app.addHook('onRequest', async (req) => {
    if (!isV1Path(req.url)) return;
    const need: Role = req.routeOptions.config?.role ?? 'viewer';
    if (!auth) {
      req.principal = { keyId: 'no-auth', name: 'no-auth', role: 'admin', expiresAt: null };
      return;
    }
    const h = req.headers.authorization;
    if (!h)
      throw new ApiError(
        401,
        'authorization: missing; send "Authorization: Bearer <key>" (create one with `exportctl keys create`)',
        'authorization',
      );
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) throw new ApiError(401, 'authorization: expected "Bearer <key>"', 'authorization');
    const { info, refused: why } = ctx.keys!.check(m[1]!);
    if (!info) {
      throw new ApiError(
        401,
        why === 'expired'
          ? 'authorization: this API key has expired; ask an admin for a new one (`exportctl keys create`)'
          : why === 'revoked'
            ? 'authorization: this API key was revoked'
            : 'authorization: unknown API key',
        'authorization',
      );
    }
    req.principal = { keyId: info.id, name: info.name || info.id, role: info.role, expiresAt: info.expiresAt };
    if (!roleAllows(info.role, need))
      throw new ApiError(
        403,
        `role: this needs the ${need} role; the key has ${info.role}`,
        'role',
        info.role,
      );
  });

  await app.register((await import('@fastify/swagger')).default, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'exportctl API',
        version: '0.1.0',
        description:
          'US export controls on AI compute (ECCN 3A090/4A090): classify, decide, screen, account. Same engine and output shapes as the CLI. ' +
          'Send `Authorization: Bearer <key>`; roles: viewer (reads), analyst (writes: ledger records, hit reviews, list loads, batch jobs), admin (keys).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register((await import('@fastify/swagger-ui')).default, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } } as never, async () =>
    app.swagger(),
  );

  await app.register((await import('@fastify/multipart')).default, {
    limits: { fileSize: uploadLimit, files: 1, fields: 10 },
  });
  // Raw CSV uploads (batch jobs, list loads) as a Buffer.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: uploadLimit },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        security: [],
        response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } },
      },
    } as never,
    async () => ({ ok: true }),
  );
  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: catalog, rules, screening store and ledger open',
        security: [],
        response: {
          200: { type: 'object', additionalProperties: true },
          503: { type: 'object', additionalProperties: true },
        },
      },
    } as never,
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      const check = async (name: string, fn: () => Promise<unknown> | unknown) => {
        try {
          await fn();
          checks[name] = 'ok';
        } catch (e) {
          checks[name] = `failed: ${(e as Error).message.slice(0, 200)}`;
        }
      };
      await check('catalog', async () => (await import('../catalog/index.ts')).catalog().products.length);
      await check('rules', async () => (await import('../rules/index.ts')).rulesVersion());
      await check('screening', () => ctx.screening());
      await check('ledger', () => ctx.ledger());
      const ready = Object.values(checks).every((v) => v === 'ok');
      return reply.code(ready ? 200 : 503).send({ ready, checks });
    },
  );

  await app.register(coreRoutes(ctx), { prefix: '/v1' });
  await app.register(screeningRoutes(ctx), { prefix: '/v1' });
  await app.register(ledgerRoutes(ctx), { prefix: '/v1' });
  await app.register(batchRoutes(ctx), { prefix: '/v1' });
  await app.register(adminRoutes(ctx, { auth }), { prefix: '/v1' });
  await app.register(evidenceRoutes(ctx), { prefix: '/v1' });
  await app.register(labRoutes(ctx), { prefix: '/v1' });

  const webRoot = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) {
    await app.register((await import('@fastify/static')).default, {
      root: webRoot,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      maxAge: 0,
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>exportctl</title><p>The web app is not built. Run <code>npm run build:web</code> (or <code>npm start</code>), or use the API: <a href="/docs">/docs</a>.</p>',
        ),
    );
  }
  await app.ready();
  return {
    app,
    ctx,
    close: async () => {
      await app.close();
      await ctx.close();
    },
  };
}
