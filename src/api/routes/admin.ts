/** Who am I (the web app's login check) and API key management (admin). */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { anyObject, errorResponses, keyCreateBody } from '../schemas.ts';
import { parseExpiry, type Role } from '../keys.ts';
import type { Principal } from '../server.ts';

/** GET /v1/whoami: the key in use, and whether the server checks keys at all. */
export type WhoAmI = Principal & { auth: boolean };

export function adminRoutes(ctx: ApiContext, opts: { auth: boolean }) {
  return async (app: FastifyInstance) => {
    app.get(
      '/whoami',
      {
        schema: {
          tags: ['keys'],
          summary: 'The key in use: id, name, role, expiry (and whether the server checks keys at all)',
          response: { 200: { type: 'object', properties: { keyId: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, expiresAt: { type: ['string', 'null'] }, auth: { type: 'boolean' } } }, ...errorResponses },
        },
      },
      async (req) => ({ ...req.principal!, auth: opts.auth }) satisfies WhoAmI,
    );

    const needKeys = () => {
      if (!ctx.keys) throw new ApiError(409, 'keys: the server runs with --no-auth and has no key store', 'keys');
      return ctx.keys;
    };

    app.get(
      '/keys',
      {
        config: { role: 'admin' },
        schema: { tags: ['keys'], summary: 'API keys (ids, roles, names; never the keys)', response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses } },
      },
      async () => needKeys().list(),
    );

    app.post(
      '/keys',
      {
        config: { role: 'admin' },
        schema: { tags: ['keys'], summary: 'Create a key (admin); the answer holds the key, shown this once', body: keyCreateBody, response: { 201: anyObject('{id, role, name, createdAt, key}'), ...errorResponses } },
      },
      async (req, reply) => {
        const b = req.body as { role: Role; name?: string; expires?: string };
        const expiresAt = b.expires === undefined ? null : parseExpiry(b.expires, 'expires');
        return reply.code(201).send(needKeys().create(b.role, b.name ?? '', expiresAt));
      },
    );

    app.delete(
      '/keys/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['keys'],
          summary: 'Revoke a key (admin)',
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-f]{8}$' } } },
          response: { 200: anyObject('{revoked: id}'), 404: errorResponses[400], ...errorResponses },
        },
      },
      async (req) => {
        const id = (req.params as { id: string }).id;
        if (!needKeys().revoke(id)) throw new ApiError(404, `id: no active key ${id}`, 'id', id);
        return { revoked: id };
      },
    );
  };
}
