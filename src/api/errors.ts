/**
 * Errors the API answers with. Every 4xx body is {error, field?, value?}: `field` names the
 * offending input as a JSON path (items[0].quantity) or a query/header name. Nothing else (no
 * stack, no internal message) reaches a client: unknown errors are 500 {error:"internal error", requestId}.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../engine/errors.ts';
import { UsageError } from '../cli/errors.ts';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    readonly value?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** "/items/0/quantity" → "items[0].quantity" (the engine's field convention). */
export function pointerToField(pointer: string, prefix = ''): string {
  const parts = pointer.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const p of pointer.split('/').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

export interface ErrorBody {
  error: string;
  field?: string;
  value?: unknown;
  requestId?: string;
}

/** A value safe to echo back: short JSON-able scalars and small structures only. */
function echo(v: unknown): unknown {
  if (v === undefined) return undefined;
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return undefined;
    return s.length > 200 ? s.slice(0, 197) + '...' : v;
  } catch {
    return undefined;
  }
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export function errorBody(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody } {
  if (err instanceof InputError) return { status: 400, body: { error: err.message, field: err.field, value: echo(err.value) } };
  if (err instanceof ApiError) return { status: err.statusCode, body: { error: err.message, ...(err.field ? { field: err.field } : {}), ...(err.value !== undefined ? { value: echo(err.value) } : {}) } };
  if (err instanceof UsageError) {
    const m = /^([^:\s][^:]{0,60}):\s/.exec(err.message);
    return { status: 400, body: { error: err.message, ...(m ? { field: m[1] } : {}) } };
  }
  const fe = err as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation) && fe.validation.length > 0) {
    const v = fe.validation[0]!;
    const ctx = fe.validationContext ?? 'body';
    let pointer = v.instancePath ?? '';
    if (v.keyword === 'required' && typeof v.params.missingProperty === 'string') pointer += '/' + v.params.missingProperty;
    if (v.keyword === 'additionalProperties' && typeof v.params.additionalProperty === 'string') pointer += '/' + v.params.additionalProperty;
    const root = ctx === 'body' ? req.body : ctx === 'querystring' ? req.query : ctx === 'params' ? req.params : req.headers;
    const field = pointerToField(pointer) || (ctx === 'body' ? '(body)' : ctx);
    const value = v.keyword === 'required' ? undefined : valueAt(root, pointer);
    const what =
      v.keyword === 'required'
        ? 'required'
        : v.keyword === 'additionalProperties'
          ? 'unknown field'
          : v.keyword === 'enum'
            ? `expected one of ${(v.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`
            : (v.message ?? 'invalid');
    return {
      status: 400,
      body: { error: `${field}: ${what}${v.keyword === 'required' ? '' : ` (got ${InputError.show(value)})`}`, field, ...(value !== undefined ? { value: echo(value) } : {}) },
    };
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (body too large, bad JSON, unsupported media type, rate limit).
    let msg = fe.message || 'bad request';
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fe.code ?? '') || fe instanceof SyntaxError) msg = `(body): not valid JSON (${fe.message})`;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') msg = `(body): larger than the limit of ${req.routeOptions.bodyLimit ?? '?'} bytes`;
    return { status, body: { error: msg, ...(fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || /JSON/.test(fe.code ?? '') ? { field: '(body)' } : {}) } };
  }
  return { status: 500, body: { error: 'internal error', requestId: String(req.id) } };
}

export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = errorBody(err, req);
  if (status >= 500) req.log.error({ err }, 'internal error');
  else req.log.info({ status, error: body.error }, 'client error');
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="exportctl"');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}
