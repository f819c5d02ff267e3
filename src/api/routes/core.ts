/**
 * Classify, decide, catalog, timeline, chip timeline and rules. The answers are the objects the
 * CLI prints with --json for the same input (same engine functions, same shapes).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { anyObject, classifyBody, dateViewQuery, errorResponses, transactionSchema } from '../schemas.ts';
import { classifySpec } from '../../engine/classify.ts';
import { parseDate, parseView, today } from '../../engine/dates.ts';
import { parseSpec } from '../../engine/spec.ts';
import { measureTimeline, productTimeline } from '../../engine/timeline.ts';
import { catalog } from '../../catalog/index.ts';
import { decideChecked, partiesOf } from '../../services/decide.ts';
import { parseTransaction } from '../../engine/transaction.ts';
import { chipTimeline } from '../chips.ts';
import { decisionJson, sendBytes, sendDecision, sendJson } from '../reply.ts';
import { catalogAnswer } from '../../services/catalog.ts';

export { catalogAnswer };
import { isValidDestination, normalizeDestination } from '../../rules/countries.ts';

/** GET /v1/rules: the rules version and the measures matching the query. */
export interface RulesAnswer {
  rulesVersion: string;
  query: string | null;
  measures: ReturnType<typeof searchMeasures>;
}

/** Measures whose text (id, title, summary, citations, provisions) contains every word of q. */
export function searchMeasures(q: string | undefined) {
  const all = measureTimeline();
  const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return all;
  return all.filter((m) => {
    const text = [
      m.id,
      m.title,
      m.kind,
      m.frCitation,
      m.summary,
      ...m.sources,
      ...m.provisions.flatMap((p) => [p.id, p.cfr, p.text]),
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function coreRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/classify',
      {
        schema: {
          tags: ['classify'],
          summary:
            'Classify a catalog product or a spec on a date (same JSON as `exportctl classify --json`)',
          body: classifyBody,
          response: {
            200: anyObject(
              'Classification: ECCN paragraph, metrics, tests compared, reasons with citations, confidence',
            ),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const b = req.body as { date: unknown; view?: unknown; product?: unknown; spec?: unknown };
        const date = parseDate(b.date, 'date');
        const view = parseView(b.view, 'view');
        if (b.product !== undefined && b.spec !== undefined)
          throw new ApiError(400, 'product: give either product or spec, not both', 'product', b.product);
        if (b.product === undefined && b.spec === undefined)
          throw new ApiError(400, 'product: give a product name or a spec', 'product');
        if (b.spec !== undefined)
          return sendJson(reply, classifySpec(parseSpec(b.spec, 'spec'), date, { view }));
        const product = catalog().resolve(b.product, 'product');
        return sendJson(reply, classifySpec(product.spec, date, { view, product }));
      },
    );

    app.post(
      '/decide',
      {
        schema: {
          tags: ['decide'],
          summary:
            'Decide a transaction: licence required?, exceptions, review policy, reasons (same JSON as `exportctl decide --json`)',
          description:
            'Parties named (endUser.name, parties[]) are screened against the restricted-party lists loaded in this server. ' +
            'The answer to a transaction that names no party depends on the transaction alone; the server keeps it once the same ' +
            'transaction has been asked twice and sends the same bytes again (`serve --answer-memo`, docs/api.md "Kept answers").',
          body: transactionSchema,
          response: {
            200: anyObject('Decision with lines, reasons, citations, confidence, exceptions and warnings'),
            ...errorResponses,
          },
        },
      },
      // Parties are screened with the server's screening store (its EXPORTCTL_HOME), like the CLI's.
      // An answer that names no party is kept and sent again for the same question (answers.ts).
      async (req, reply) => {
        const tx = parseTransaction(req.body);
        const key = ctx.answers.keyOf(tx);
        const kept = key === null ? undefined : ctx.answers.get(key);
        if (kept) return sendBytes(reply, kept);
        // The screening store is opened only for a question that names a party: one that names
        // none must not fail (or wait) on the lists it does not read.
        const d = await decideChecked(tx, partiesOf(tx).length > 0 ? { screener: (await ctx.screening()).screener } : {});
        const bytes = key === null ? null : ctx.answers.admit(key, () => decisionJson(d));
        return bytes ? sendBytes(reply, bytes) : sendDecision(reply, d);
      },
    );

    app.get(
      '/catalog',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'Every catalog product with its metrics and classification on a date (same JSON as `exportctl catalog --json`)',
          querystring: dateViewQuery,
          response: { 200: anyObject('{date, view, attribution, products[]}'), ...errorResponses },
        },
      },
      async (req) => {
        const q = req.query as { date?: string; view?: string };
        const date = q.date === undefined ? today() : parseDate(q.date, 'date');
        return catalogAnswer(date, parseView(q.view, 'view'));
      },
    );

    app.get(
      '/timeline',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'The measures in date order; with ?product, its status under each (same JSON as `exportctl timeline --json`)',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              product: { type: 'string' },
              view: { type: 'string', enum: ['enforced', 'as-written'] },
            },
          },
          response: {
            200: anyObject('{measures} or {product, view, segments, measures}'),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const q = req.query as { product?: string; view?: string };
        const view = parseView(q.view, 'view');
        const measures = measureTimeline();
        if (q.product === undefined || q.product.trim() === '') return { measures };
        const product = catalog().resolve(q.product, 'product');
        return { product: product.fullName, view, segments: productTimeline(product, view), measures };
      },
    );

    app.get(
      '/chips/timeline',
      {
        schema: {
          tags: ['catalog'],
          summary:
            'Every catalog chip’s licence status for a destination over time (decided by the engine at every rule change), with the measures as dated markers',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              destination: { type: 'string', description: 'ISO-2 destination (default CN)' },
              view: { type: 'string', enum: ['enforced', 'as-written'] },
            },
          },
          response: {
            200: anyObject(
              '{destination, view, start, end, measures[], chips[{…, segments[{from,to,status,paragraph,reviewPolicy,measures}]}], legend}',
            ),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const q = req.query as { destination?: string; view?: string };
        const view = parseView(q.view, 'view');
        const dest = q.destination ?? 'CN';
        if (!isValidDestination(dest))
          throw new ApiError(
            400,
            `destination: expected an ISO 3166-1 alpha-2 code (got ${JSON.stringify(dest)})`,
            'destination',
            dest,
          );
        return sendJson(reply, chipTimeline(normalizeDestination(dest), view));
      },
    );

    app.get(
      '/rules',
      {
        schema: {
          tags: ['rules'],
          summary:
            'The measures with dates, citations, confidence and provisions; ?q filters (every word must appear)',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { q: { type: 'string', maxLength: 200 } },
          },
          response: { 200: anyObject('{rulesVersion, measures[]}'), ...errorResponses },
        },
      },
      async (req) => {
        const { rulesVersion } = await import('../../rules/index.ts');
        const q = (req.query as { q?: string }).q;
        return { rulesVersion: rulesVersion(), query: q ?? null, measures: searchMeasures(q) } satisfies RulesAnswer;
      },
    );
  };
}
