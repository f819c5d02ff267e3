/**
 * Policy lab over HTTP: the built-in scenarios (viewer) and a run comparing scenarios on the
 * catalog and, optionally, SYNTHETIC seeded shipments or shipments given in the body (analyst:
 * compute-heavy). Same JSON as `exportctl lab scenarios --json` / `exportctl lab run … --json`
 * (src/lab/report.ts runLab); `charts` adds the CLI's `--plot` chart (SVG) per tier or country.
 * Work is bounded: at most MAX_SCENARIOS scenarios, MAX_SYNTHETIC synthetic or MAX_ROWS given
 * shipments, one run at a time per server (another request meanwhile gets 429), and its own rate limit.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { anyObject, errorResponses } from '../schemas.ts';
import { InputError } from '../../engine/errors.ts';

export const MAX_SCENARIOS = 8;
export const MAX_SYNTHETIC = 200_000;
export const MAX_ROWS = 2_000;
/** Lab runs per minute per key (on top of the server's global limit; only when rate limiting is on). */
export const LAB_RUNS_PER_MINUTE = 10;

const CHART_TARGET = '^(Tier [123]|[A-Z]{2})$';

const runBody = {
  type: 'object',
  additionalProperties: false,
  required: ['scenarios'],
  description:
    'Scenarios to compare (built-in ids from GET /v1/lab/scenarios, or scenario objects as in data/scenarios/*.yaml); the base (as-enforced unless `base`) is added when missing. ' +
    'Shipments: none (catalog only), `synthetic` (seeded SYNTHETIC rows, not trade data) or `shipments` (rows as the batch CSV).',
  properties: {
    scenarios: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_SCENARIOS,
      items: { anyOf: [{ type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }, { type: 'object', additionalProperties: true }] },
    },
    base: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'base scenario for the diffs (default as-enforced)' },
    synthetic: {
      type: 'object',
      additionalProperties: false,
      required: ['n'],
      properties: {
        n: { type: 'integer', minimum: 1, maximum: MAX_SYNTHETIC },
        seed: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
      },
    },
    shipments: {
      type: 'array',
      maxItems: MAX_ROWS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'destination', 'product', 'quantity'],
        properties: {
          id: { type: 'string', maxLength: 100 },
          date: { type: 'string', maxLength: 10 },
          destination: { type: 'string', maxLength: 2 },
          product: { type: 'string', maxLength: 200 },
          quantity: { type: 'integer', minimum: 1 },
          endUserHeadquarters: { type: 'string', maxLength: 2 },
          endUserParentHeadquarters: { type: 'string', maxLength: 2 },
        },
      },
    },
    detail: { type: 'integer', minimum: 0, maximum: 1000, description: 'per-shipment decisions in the answer (default 50)' },
    groups: { type: 'integer', minimum: 1, maximum: 1000, description: 'changed-shipment groups listed per diff (default 100)' },
    products: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'catalog products for the chip timelines (default all)' },
    charts: {
      type: 'array',
      maxItems: 8,
      items: { type: 'string', pattern: CHART_TARGET },
      description: 'chart targets ("Tier 1", "Tier 2", "Tier 3" or an ISO code): adds charts[] {target, svg}, the CLI’s --plot chart',
    },
  },
} as const;

export function labRoutes(_ctx: ApiContext) {
  let running = false;
  return async (app: FastifyInstance) => {
    app.get(
      '/lab/scenarios',
      {
        schema: {
          tags: ['lab'],
          summary: 'The built-in policy-lab scenarios: id, title, view, dates, changes with rationale and sources (= `exportctl lab scenarios --json`)',
          response: { 200: { type: 'array', items: anyObject('Scenario') }, ...errorResponses },
        },
      },
      async () => (await import('../../lab/scenario.ts')).builtinScenarios(),
    );

    app.post(
      '/lab/run',
      {
        config: { role: 'analyst', rateLimit: { max: LAB_RUNS_PER_MINUTE, timeWindow: 60_000 } },
        schema: {
          tags: ['lab'],
          summary:
            'Replay the catalog (and shipments) under scenarios; diff each against the base: chips whose status changes, shipments that change decision with the measures responsible, compute by country and tier per year (= `exportctl lab run … --json`; analyst)',
          body: runBody,
          response: { 200: anyObject('LabResult {kind, base, synthetic, shipments, notes, scenarios[], diffs[], detail[], detailTruncated} (+ charts[] {target, svg})'), ...errorResponses },
        },
      },
      async (req) => {
        const b = req.body as {
          scenarios: (string | Record<string, unknown>)[];
          base?: string;
          synthetic?: { n: number; seed?: number };
          shipments?: Record<string, unknown>[];
          detail?: number;
          groups?: number;
          products?: string[];
          charts?: string[];
        };
        if (b.synthetic && b.shipments) throw new ApiError(400, 'shipments: give either synthetic or shipments, not both', 'shipments');
        const { builtinScenarios, parseScenario } = await import('../../lab/scenario.ts');
        const ids = new Set(builtinScenarios().map((s) => s.id));
        // Only built-in ids or inline objects: a string is never read as a file path here.
        const refs = b.scenarios.map((x, i) => {
          const field = `scenarios[${i}]`;
          if (typeof x === 'string') {
            if (!ids.has(x)) throw new ApiError(400, `${field}: unknown scenario ${JSON.stringify(x)}; built-ins: ${[...ids].join(', ')}`, field, x);
            return x;
          }
          try {
            return parseScenario(x, field);
          } catch (e) {
            if (e instanceof InputError && !e.field.startsWith(field)) throw new ApiError(400, `${field}: ${e.message}`, field);
            throw e;
          }
        });
        if (b.base !== undefined && !ids.has(b.base) && !refs.some((r) => typeof r !== 'string' && r.id === b.base))
          throw new ApiError(400, `base: unknown scenario ${JSON.stringify(b.base)}`, 'base', b.base);
        if (running) throw new ApiError(429, 'lab: another lab run is in progress on this server; retry in a few seconds');
        running = true;
        try {
          const { runLab } = await import('../../lab/report.ts');
          let set = null;
          if (b.synthetic) {
            const { generateShipments } = await import('../../lab/synthetic.ts');
            set = generateShipments({ n: b.synthetic.n, ...(b.synthetic.seed !== undefined ? { seed: b.synthetic.seed } : {}) });
          } else if (b.shipments) {
            const { shipmentsFromRows } = await import('../../lab/shipments.ts');
            set = shipmentsFromRows(b.shipments as never);
          }
          const result = runLab(refs, set, {
            ...(b.base ? { base: b.base } : {}),
            ...(b.detail !== undefined ? { detail: b.detail } : {}),
            ...(b.groups !== undefined ? { groups: b.groups } : {}),
            ...(b.products ? { products: b.products } : {}),
          });
          if (!b.charts?.length) return result;
          const { labChartSvg } = await import('../../lab/chart.ts');
          return { ...result, charts: b.charts.map((target) => ({ target, svg: labChartSvg(result, target) })) };
        } finally {
          running = false;
        }
      },
    );
  };
}
