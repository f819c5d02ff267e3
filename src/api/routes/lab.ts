/**
 * Policy lab over HTTP: the built-in scenarios (viewer) and a run comparing scenarios on the
 * catalog and, optionally, SYNTHETIC seeded shipments or shipments given in the body (analyst:
 * compute-heavy). Same JSON as `exportctl lab scenarios --json` / `exportctl lab run … --json`
 * (src/lab/report.ts runLab); `charts` adds the CLI's `--plot` chart (SVG) per tier or country.
 * Work is bounded: at most MAX_SCENARIOS scenarios, MAX_SYNTHETIC synthetic or MAX_ROWS given
 * shipments, one run at a time per server (another request meanwhile gets 429), its own rate
 * limit, and a worker thread stopped after LAB_TIMEOUT_MS (503); the server keeps answering meanwhile.
 */
import type { FastifyInstance } from 'fastify';
import type { LabResult } from '../../lab/report.ts';

/** POST /v1/lab/run's answer: runLab's result plus the charts asked for (built in the worker below). */
export type LabRunAnswer = LabResult & { charts?: { target: string; svg: string }[] };
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { anyObject, errorResponses, errorSchema } from '../schemas.ts';
import { InputError } from '../../engine/errors.ts';

export const MAX_SCENARIOS = 8;
export const MAX_SYNTHETIC = 200_000;
export const MAX_ROWS = 2_000;
/** Lab runs per minute per key (on top of the server's global limit; only when rate limiting is on). */
export const LAB_RUNS_PER_MINUTE = 10;

/** Longest a lab run may take before its worker is stopped (503). EXPORTCTL_LAB_TIMEOUT_MS overrides. */
export const LAB_TIMEOUT_MS = 120_000;
const labTimeoutMs = () => {
  const v = Number(process.env.EXPORTCTL_LAB_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : LAB_TIMEOUT_MS;
};

interface WorkerJob {
  refs: unknown[];
  synthetic: { n: number; seed?: number } | null;
  shipments: Record<string, unknown>[] | null;
  opts: Record<string, unknown>;
  charts: string[];
}

/**
 * The worker: registers tsx (bin/exportctl registers it through its API, which workers do not
 * inherit), runs runLab and the charts, posts {result} or {error}. Kept here as text so the route
 * owns all of it.
 */
function workerSource(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  const mod = (p: string) => JSON.stringify(new URL(p, import.meta.url).href);
  return `
const { parentPort, workerData: job } = await import('node:worker_threads');
try {
  (await import(${JSON.stringify(tsx)})).register();
  const { runLab } = await import(${mod('../../lab/report.ts')});
  let set = null;
  if (job.synthetic) {
    const { generateShipments } = await import(${mod('../../lab/synthetic.ts')});
    set = generateShipments({ n: job.synthetic.n, ...(job.synthetic.seed !== undefined ? { seed: job.synthetic.seed } : {}) });
  } else if (job.shipments) {
    const { shipmentsFromRows } = await import(${mod('../../lab/shipments.ts')});
    set = shipmentsFromRows(job.shipments);
  }
  const result = runLab(job.refs, set, job.opts);
  let out = result;
  if (job.charts.length) {
    const { labChartSvg } = await import(${mod('../../lab/chart.ts')});
    out = { ...result, charts: job.charts.map((target) => ({ target, svg: labChartSvg(result, target) })) };
  }
  parentPort.postMessage({ result: out });
} catch (e) {
  parentPort.postMessage({ error: { name: e?.name, message: String(e?.message ?? e), field: e?.field, value: e?.value } });
}
`;
}

/** Runs one lab job in a worker thread (the server keeps answering) and stops it after timeoutMs. */
function runInWorker(job: WorkerJob, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    void import('node:worker_threads').then(({ Worker }) => {
      const w = new Worker(`import(${JSON.stringify('data:text/javascript,' + encodeURIComponent(workerSource()))})`, { eval: true, workerData: job });
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        void w.terminate();
        fn();
      };
      const timer = setTimeout(
        () => finish(() => reject(new ApiError(503, `lab: the run took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; use fewer shipments or scenarios`))),
        timeoutMs,
      );
      w.on('message', (m: { result?: unknown; error?: { name?: string; message: string; field?: string; value?: unknown } }) =>
        finish(() => {
          if (m.error) {
            const e = m.error;
            if (e.name === 'InputError' && typeof e.field === 'string') reject(new ApiError(400, e.message, e.field, e.value));
            else reject(new Error(`lab worker: ${e.message}`));
          } else resolve(m.result);
        }),
      );
      w.on('error', (e) => finish(() => reject(e)));
      w.on('exit', (code) => finish(() => reject(new Error(`lab worker exited with code ${code}`))));
    }, reject);
  });
}

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
          response: { 200: anyObject('LabResult {kind, base, synthetic, shipments, notes, scenarios[], diffs[], detail[], detailTruncated} (+ charts[] {target, svg})'), ...errorResponses, 503: { ...errorSchema, description: 'the run took longer than the time limit and was stopped' } },
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
          return await runInWorker(
            {
              refs,
              synthetic: b.synthetic ?? null,
              shipments: b.shipments ?? null,
              opts: {
                ...(b.base ? { base: b.base } : {}),
                ...(b.detail !== undefined ? { detail: b.detail } : {}),
                ...(b.groups !== undefined ? { groups: b.groups } : {}),
                ...(b.products ? { products: b.products } : {}),
              },
              charts: b.charts ?? [],
            },
            labTimeoutMs(),
          );
        } finally {
          running = false;
        }
      },
    );
  };
}
