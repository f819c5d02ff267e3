/**
 * Screening: search a name against the restricted-party lists in force on a date, score name
 * pairs, list and load list snapshots, review hits. Same service and shapes as `exportctl screen
 * --json`, `match --jsonl`, `lists --json`, `hits --json` and `hits review --json`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { sendJson } from '../reply.ts';
import { anyObject, DATE_PATTERN, errorResponses, matchBody, reviewBody, screenBody } from '../schemas.ts';
import { isIsoDate } from '../../engine/dates.ts';
import type { EntityType, ListFormat } from '../../screening/model.ts';
import type { HitReview } from '../../screening/store.ts';

/** POST /v1/hits/review: the review recorded and its ledger record. */
export interface ReviewAnswer {
  review: HitReview;
  ledgerRecord: { seq: number; hash: string };
}

async function checkCountry(v: string | undefined, field: string): Promise<string | undefined> {
  if (v === undefined || v === '') return undefined;
  const { isCountryCode, countryCode } = await import('../../screening/countries.ts');
  if (isCountryCode(v)) return v.toUpperCase();
  const c = countryCode(v);
  if (c) return c;
  throw new ApiError(400, `${field}: expected an ISO 3166 two-letter country code such as CN (got ${JSON.stringify(v)})`, field, v);
}

function checkDate(v: string | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  if (!isIsoDate(v)) throw new ApiError(400, `${field}: expected a calendar date YYYY-MM-DD (got ${JSON.stringify(v)})`, field, v);
  return v;
}

function checkName(v: string, field: string): string {
  const s = v.trim();
  if (!s) throw new ApiError(400, `${field}: expected a non-empty name (got ${JSON.stringify(v)})`, field, v);
  return s;
}

/** An upload as a Buffer: multipart/form-data (field "file" plus text fields) or a raw body. */
export async function readUpload(req: FastifyRequest): Promise<{ data: Buffer; filename: string; fields: Record<string, string> }> {
  if (req.isMultipart()) {
    const fields: Record<string, string> = {};
    let data: Buffer | undefined;
    let filename = 'upload';
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new ApiError(400, `${part.fieldname}: unexpected file field; send the file as "file"`, part.fieldname);
        data = await part.toBuffer();
        filename = basename(part.filename || 'upload');
      } else fields[part.fieldname] = String(part.value);
    }
    if (!data) throw new ApiError(400, 'file: missing; send the file in a multipart field named "file"', 'file');
    return { data, filename, fields };
  }
  const body = req.body;
  if (!Buffer.isBuffer(body)) throw new ApiError(415, '(body): send the file as text/csv or multipart/form-data (field "file")', '(body)');
  return { data: body, filename: (req.query as { filename?: string }).filename ?? 'upload.csv', fields: {} };
}

export function screeningRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/screen',
      {
        schema: {
          tags: ['screening'],
          summary: 'Screen a party name against the list snapshots in force on a date: hits, matched aliases, reasons (same JSON as `exportctl screen --json`)',
          body: screenBody,
          response: { 200: anyObject('{query, status, verdict, matches[], suppressed[], lists[], warnings[]}'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const b = req.body as { name: string; country?: string; type?: EntityType; asOf?: string; limit?: number };
        const name = checkName(b.name, 'name');
        const country = await checkCountry(b.country, 'country');
        const asOf = checkDate(b.asOf, 'asOf');
        const { screener } = await ctx.screening();
        return sendJson(reply, screener.screen(name, { asOf, country, type: b.type, limit: b.limit ?? 10 }));
      },
    );

    app.post(
      '/match',
      {
        schema: {
          tags: ['screening'],
          summary: 'Score a name pair (same scorer and threshold as `exportctl match --jsonl`)',
          body: matchBody,
          response: { 200: { type: 'object', properties: { score: { type: 'number' }, match: { type: 'boolean' } } }, ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body as { a: string; b: string };
        const { scorePrepared, DEFAULT_SCORE_KNOBS } = await import('../../screening/score.ts');
        const { prepare } = await import('../../screening/normalize.ts');
        const { configFromEnv } = await import('../../screening/config.ts');
        const s = scorePrepared(prepare(b.a), prepare(b.b), DEFAULT_SCORE_KNOBS, { symmetric: true }).score;
        const score = Math.round(s * 10000) / 10000;
        return { score, match: score >= configFromEnv().matchThreshold };
      },
    );

    app.get(
      '/lists',
      {
        schema: {
          tags: ['screening'],
          summary: 'Loaded list snapshots (same JSON as `exportctl lists --json`)',
          response: { 200: anyObject('{snapshots[], bundledImported}'), ...errorResponses },
        },
      },
      async () => {
        const { store, screener } = await ctx.screening();
        return { snapshots: store.snapshots(), bundledImported: screener.usedBundled };
      },
    );

    app.post(
      '/lists',
      {
        config: { role: 'analyst' },
        bodyLimit: 50 * 1024 * 1024,
        schema: {
          tags: ['screening'],
          summary: 'Load a list file as a snapshot (analyst). multipart/form-data with "file" (+ format, asOf, lists fields), or a raw body with ?format&asOf&lists&filename',
          consumes: ['multipart/form-data', 'text/csv', 'application/octet-stream'],
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              format: { type: 'string', enum: ['csl-csv', 'csl-json', 'ofac-sdn', 'ofac-cons', 'bis-dpl'] },
              asOf: { type: 'string', pattern: DATE_PATTERN },
              lists: { type: 'string', description: 'comma-separated list codes to take from the file, e.g. EL,MEU' },
              filename: { type: 'string', maxLength: 200 },
            },
          },
          response: { 200: anyObject('{snapshot, added, asOfRule, problems[], alerts[]}'), ...errorResponses },
        },
      },
      async (req) => {
        const up = await readUpload(req);
        const q = { ...(req.query as Record<string, string>), ...up.fields };
        const { LIST_FORMATS } = await import('../../screening/model.ts');
        if (q.format !== undefined && !(LIST_FORMATS as readonly string[]).includes(q.format))
          throw new ApiError(400, `format: expected one of ${LIST_FORMATS.join(', ')} (got ${JSON.stringify(q.format)})`, 'format', q.format);
        const asOf = checkDate(q.asOf, 'asOf');
        const lists = q.lists ? q.lists.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean) : undefined;
        const { loadSnapshot } = await import('../../screening/lists.ts');
        const { alertsForNewSnapshot } = await import('../../screening/service.ts');
        const { configFromEnv } = await import('../../screening/config.ts');
        const { store } = await ctx.screening();
        const dir = mkdtempSync(join(tmpdir(), 'exportctl-list-'));
        try {
          const file = join(dir, up.filename.replace(/[^A-Za-z0-9._-]/g, '_') || 'upload.csv');
          writeFileSync(file, up.data);
          let r;
          try {
            r = loadSnapshot(store, file, { format: q.format as ListFormat | undefined, asOf, lists: lists as never });
          } catch (e) {
            throw new ApiError(400, `file: ${(e as Error).message}`, 'file', up.filename);
          }
          const alerts = r.added ? alertsForNewSnapshot(store, r, configFromEnv()) : [];
          return { file: up.filename, snapshot: r.info, added: r.added, asOfRule: r.asOfRule, problems: r.problems, alerts };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );

    app.get(
      '/hits',
      {
        schema: {
          tags: ['screening'],
          summary: 'Recorded hit reviews (same JSON as `exportctl hits --json`)',
          response: { 200: anyObject('{reviews[]}'), ...errorResponses },
        },
      },
      async () => {
        const { store } = await ctx.screening();
        return { reviews: store.reviews() };
      },
    );

    app.post(
      '/hits/review',
      {
        config: { role: 'analyst' },
        schema: {
          tags: ['screening'],
          summary: 'Mark a hit false-positive or confirmed (analyst): suppresses/confirms it until the list entry changes; also recorded in the ledger',
          body: reviewBody,
          response: { 200: anyObject('{review, ledgerRecord}'), ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body as { entityId: string; name: string; country?: string; type?: EntityType; decision: 'false-positive' | 'confirmed'; reason: string; reviewer?: string; asOf?: string };
        const name = checkName(b.name, 'name');
        if (!b.reason.trim()) throw new ApiError(400, `reason: expected a reason (got ${JSON.stringify(b.reason)})`, 'reason', b.reason);
        const country = await checkCountry(b.country, 'country');
        const asOf = checkDate(b.asOf, 'asOf');
        const reviewer = b.reviewer?.trim() || `api:${req.principal!.name}`;
        const { screener } = await ctx.screening();
        let review;
        try {
          review = screener.review({ entityId: b.entityId, name, country, type: b.type, decision: b.decision, reviewer, reason: b.reason, asOf });
        } catch (e) {
          throw new ApiError(404, `entityId: ${(e as Error).message.replace(/^entityId:\s*/, '')}`, 'entityId', b.entityId);
        }
        const { recordReview } = await import('../../ledger/records.ts');
        const { ledger } = await ctx.ledger();
        const rec = await recordReview(
          ledger,
          {
            screeningRef: `screening:${review.partyKey}`,
            subject: review.partyName,
            listEntry: review.entityId,
            verdict: review.decision === 'confirmed' ? 'true-match' : 'false-positive',
            reviewer,
            note: review.reason,
          },
          { user: `api:${req.principal!.keyId}` },
        );
        return { review, ledgerRecord: { seq: rec.seq, hash: rec.hash } } satisfies ReviewAnswer;
      },
    );
  };
}
