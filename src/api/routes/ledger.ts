/**
 * The compliance ledger over HTTP: record decisions and shipments (analyst), report compute
 * shipped by country and year against the caps, list/show records, verify the hash chain.
 * Same functions and shapes as `exportctl ledger … --json`.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { anyObject, errorResponses, ledgerDecisionBody, shipmentBody } from '../schemas.ts';
import { decideWithParties } from '../../services/decide.ts';

const posIntQ = { type: 'string', pattern: '^[0-9]{1,9}$' } as const;

function int(v: string | undefined, field: string, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min) throw new ApiError(400, `${field}: expected a whole number ≥ ${min} (got ${JSON.stringify(v)})`, field, v);
  return n;
}

export function ledgerRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/ledger/decisions',
      {
        config: { role: 'analyst' },
        schema: {
          tags: ['ledger'],
          summary: 'Decide a transaction and record the decision in the ledger (analyst)',
          body: ledgerDecisionBody,
          response: { 200: anyObject('{record: {seq, hash, createdAt, ref}, decision}'), 409: { ...errorResponses[400], description: 'ref already recorded' }, ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body as { transaction: Record<string, unknown>; ref?: string };
        const decision = await decideWithParties(b.transaction, { screener: (await ctx.screening()).screener });
        const { ledger } = await ctx.ledger();
        if (b.ref && (await ledger.getByRef(b.ref))) throw new ApiError(409, `ref: ${JSON.stringify(b.ref)} is already recorded`, 'ref', b.ref);
        const { recordDecision } = await import('../../ledger/records.ts');
        const rec = await recordDecision(ledger, b.transaction, decision as never, {
          user: `api:${req.principal!.keyId}`,
          ref: b.ref,
          retainFrom: typeof b.transaction.date === 'string' ? b.transaction.date : undefined,
        });
        return { record: { seq: rec.seq, hash: rec.hash, createdAt: rec.createdAt, ref: rec.ref }, decision };
      },
    );

    app.post(
      '/ledger/shipments',
      {
        config: { role: 'analyst' },
        schema: {
          tags: ['ledger'],
          summary: 'Record a shipment (analyst); warns when it would cross a cap. With strict: refuse (409) instead',
          body: shipmentBody,
          response: { 200: anyObject('{record, findings[], warnings[]} (same JSON as `exportctl ledger ship --json`)'), 409: anyObject('{refused: true, findings[]}'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const { strict, ref, ...shipment } = req.body as Record<string, unknown> & { strict?: boolean; ref?: string };
        const { recordShipment, CapExceededError } = await import('../../ledger/accounting.ts');
        const { loadEngine } = await import('../../ledger/engine.ts');
        const engine = await loadEngine();
        const { ledger } = await ctx.ledger();
        if (ref && (await ledger.getByRef(ref))) throw new ApiError(409, `ref: ${JSON.stringify(ref)} is already recorded`, 'ref', ref);
        try {
          return await recordShipment(ledger, shipment, { engine, strict: !!strict, user: `api:${req.principal!.keyId}`, ref });
        } catch (e) {
          if (e instanceof CapExceededError) return reply.code(409).send({ refused: true, error: e.message, findings: e.findings });
          throw e;
        }
      },
    );

    app.get(
      '/ledger/report',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Compute shipped: TPP and H100-equivalents by destination, tier, end user and year, and every cap’s status (same JSON as `exportctl ledger report --json`)',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { year: { type: 'string', pattern: '^[0-9]{4}$' }, view: { type: 'string', enum: ['enforced', 'as-written'] } },
          },
          response: { 200: anyObject('Report {filters, totals, byDestination[], byTier[], byEndUser[], byYear[], caps[], notes[]}'), ...errorResponses },
        },
      },
      async (req) => {
        const q = req.query as { year?: string; view?: 'enforced' | 'as-written' };
        const { computeReport } = await import('../../ledger/accounting.ts');
        const { store } = await ctx.ledger();
        return computeReport(store, { year: int(q.year, 'year'), view: q.view });
      },
    );

    app.get(
      '/ledger/verify',
      {
        schema: {
          tags: ['ledger'],
          summary: 'Walk the hash chain: ok, or the first record altered, deleted or reordered (same JSON as `exportctl ledger verify --json`)',
          response: { 200: anyObject('{ok, checked, head, anchor, problem?}'), ...errorResponses },
        },
      },
      async () => (await ctx.ledger()).ledger.verify(),
    );

    app.get(
      '/ledger/records',
      {
        schema: {
          tags: ['ledger'],
          summary: 'List records, oldest first (same JSON as `exportctl ledger list --json`)',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              kind: { type: 'string', maxLength: 40 },
              after: { type: 'string', pattern: '^[0-9]{1,12}$' },
              limit: posIntQ,
            },
          },
          response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses },
        },
      },
      async (req) => {
        const q = req.query as { kind?: string; after?: string; limit?: string };
        const limit = Math.min(int(q.limit, 'limit') ?? 50, 1000);
        return (await ctx.ledger()).ledger.list({ kind: q.kind, afterSeq: int(q.after, 'after', 0), limit });
      },
    );

    app.get(
      '/ledger/records/:seq',
      {
        schema: {
          tags: ['ledger'],
          summary: 'One record in full',
          params: { type: 'object', required: ['seq'], properties: { seq: posIntQ } },
          response: { 200: anyObject('LedgerRecord'), 404: errorResponses[400], ...errorResponses },
        },
      },
      async (req) => {
        const seq = int((req.params as { seq: string }).seq, 'seq')!;
        const r = await (await ctx.ledger()).ledger.get(seq);
        if (!r) throw new ApiError(404, `seq: no record ${seq}`, 'seq', seq);
        return r;
      },
    );
  };
}
