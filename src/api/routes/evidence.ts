/**
 * Evidence over HTTP (read-only, viewer): capability lag between country (or open/closed) groups,
 * one model's lag at its release, and log-linear trends with 95% intervals. Same functions and the
 * same JSON as `exportctl evidence lag|trend … --json` (src/cli/commands/evidence.ts); with
 * `format=svg` the answer is the chart the CLI writes with `--plot FILE.svg` (image/svg+xml).
 * Data: Epoch AI (CC BY 4.0) and the project's benchmark table; every answer carries the attribution.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { DATE_PATTERN, anyObject, errorResponses } from '../schemas.ts';
import { InputError } from '../../engine/errors.ts';
import type { EvidenceData } from '../../evidence/readers.ts';
import type { ControlEvent, ControlTimeline, chipsAt } from '../../evidence/controls.ts';
import type { ModelLagResult } from '../../evidence/analysis.ts';

/** Where an answer's data came from: each dataset's file, snapshot and attribution. */
const datasetsInfo = (d: EvidenceData) =>
  d.datasets.map((x) => ({
    id: x.id,
    file: x.file,
    snapshot: x.snapshot,
    schema: x.schema,
    attribution: x.attribution,
  }));

/** GET /v1/evidence/model: modelLag's result plus the controls in force at the release and the data's provenance. */
export type ModelAnswer = ModelLagResult & {
  controlsAtRelease: {
    date: string;
    chips: ReturnType<typeof chipsAt>;
    measuresInForce: Pick<ControlEvent, 'id' | 'date' | 'citation'>[];
    origin: ControlTimeline['origin'];
  };
  data: ReturnType<typeof datasetsInfo>;
  attribution: string;
};
import type { GroupSpec } from '../../evidence/groups.ts';

/** Most bootstrap replicates one request may ask for (the CLI has no limit). */
export const MAX_BOOTSTRAP = 2000;

const str = (max = 120) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const date = { type: 'string', pattern: DATE_PATTERN, description: 'YYYY-MM-DD' } as const;
const numQ = { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$', maxLength: 12 } as const;
const intQ = { type: 'string', pattern: '^-?[0-9]{1,9}$' } as const;
const boolQ = { type: 'string', enum: ['true', 'false'] } as const;
const formatQ = {
  type: 'string',
  enum: ['json', 'svg'],
  description: 'json (default; = the CLI’s --json) or svg (the chart, image/svg+xml)',
} as const;

/** "--as-of" → "asOf": the CLI's option names as this API's query parameters. */
function queryName(field: string): string {
  if (!field.startsWith('--')) return field;
  return field.slice(2).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Runs an evidence function; its InputErrors (named after CLI options) become 400s naming the query parameter. */
function named<T>(fn: () => T, rename: Record<string, string> = {}): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError && e.field.startsWith('--')) {
      const f = rename[e.field] ?? queryName(e.field);
      throw new ApiError(400, f + e.message.slice(e.field.length), f, e.value);
    }
    throw e;
  }
}

function num(
  q: Record<string, string | undefined>,
  field: string,
  dflt: number,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = q[field];
  if (raw === undefined) return dflt;
  const v = Number(raw);
  const bad = (why: string) => new ApiError(400, `${field}: ${why} (got ${JSON.stringify(raw)})`, field, raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw bad('must be a number');
  if (opts.integer && !Number.isInteger(v)) throw bad('must be a whole number');
  if (opts.min !== undefined && v < opts.min) throw bad(`must be >= ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) throw bad(`must be <= ${opts.max}`);
  return v;
}

function realDate(
  q: Record<string, string | undefined>,
  field: string,
  isIsoDate: (s: string) => boolean,
): string | undefined {
  const raw = q[field];
  if (raw === undefined) return undefined;
  if (!isIsoDate(raw))
    throw new ApiError(
      400,
      `${field}: must be a calendar date YYYY-MM-DD (got ${JSON.stringify(raw)})`,
      field,
      raw,
    );
  return raw;
}

const sendSvg = (reply: FastifyReply, svg: string) =>
  reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-store').send(svg);

export function evidenceRoutes(_ctx: ApiContext) {
  // The data files and the control timeline are read once (they are files of the release).
  let data: EvidenceData | undefined;
  let controls: Promise<ControlTimeline> | undefined;
  let eci: ReturnType<typeof import('../../evidence/readers.ts').readEciModels> | undefined;
  let notable: ReturnType<typeof import('../../evidence/readers.ts').readNotable> | undefined;
  const load = async () => {
    const { loadEvidence } = await import('../../evidence/readers.ts');
    data ??= loadEvidence({ use: 'all' });
    controls ??= import('../../evidence/controls.ts').then((m) => m.loadControlTimeline());
    return { data, controls: await controls };
  };
  const group = async (
    q: Record<string, string | undefined>,
    field: string,
  ): Promise<GroupSpec | undefined> => {
    const raw = q[field];
    if (raw === undefined) return undefined;
    const { parseGroup } = await import('../../evidence/groups.ts');
    const g = parseGroup(raw);
    if (!g)
      throw new ApiError(
        400,
        `${field}: must be a country (US, China, …) or open | closed (got ${JSON.stringify(raw)})`,
        field,
        raw,
      );
    return g;
  };
  return async (app: FastifyInstance) => {
    app.get(
      '/evidence/lag',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Capability lag of a follower group behind a leader group: on one benchmark (with sources, milestones, sensitivity) or on every benchmark (= `exportctl evidence lag [--benchmark B] --json`); format=svg: the chart',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              leader: { ...str(40), description: 'a country (US, China, …) or open | closed; default US' },
              follower: { ...str(40), description: 'default China' },
              benchmark: { ...str(), description: 'one benchmark, e.g. "GPQA Diamond" or ECI; default: all' },
              asOf: { ...date, description: 'date of the answer (default: end of the data)' },
              tolerance: {
                ...numQ,
                description: 'score points by which the leader must be better (default 0)',
              },
              from: date,
              to: date,
              step: { ...intQ, description: 'series grid step in days (default 1)' },
              bootstrap: {
                ...intQ,
                description: `bootstrap replicates (default 0, at most ${MAX_BOOTSTRAP})`,
              },
              seed: intQ,
              maxStaleness: { ...intQ, description: 'days (default 90)' },
              allowStale: boolQ,
              includeBounded: boolQ,
              policy: { type: 'string', enum: ['max', 'min'] },
              milestone: {
                ...str(),
                description: 'with benchmark: when the follower first matched this leader model',
              },
              series: { ...boolQ, description: 'include the day-by-day series in the JSON' },
              format: formatQ,
            },
          },
          response: {
            200: anyObject(
              'The CLI’s --json answer: {benchmark, lagMonths, status, leaderModel, followerBest, summary, sensitivity, milestones, controls, data, attribution} or {results[], skipped[], …}',
            ),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const analysis = await import('../../evidence/analysis.ts');
        const { isIsoDate } = await import('../../evidence/lag.ts');
        const { eventsBetween, chipsAt } = await import('../../evidence/controls.ts');
        const { ATTRIBUTION } = await import('../../evidence/views.ts');
        const tolerance = num(q, 'tolerance', 0, { min: 0 });
        const step = num(q, 'step', 1, { min: 1, integer: true });
        const reps = num(q, 'bootstrap', 0, { min: 0, max: MAX_BOOTSTRAP, integer: true });
        const seed = num(q, 'seed', 1, { integer: true });
        const maxStale = num(q, 'maxStaleness', 90, { min: 0, integer: true });
        const asOf = realDate(q, 'asOf', isIsoDate);
        const from = realDate(q, 'from', isIsoDate);
        const to = realDate(q, 'to', isIsoDate);
        const leader = (await group(q, 'leader')) ?? (await group({ leader: 'US' }, 'leader'))!;
        const follower = (await group(q, 'follower')) ?? (await group({ follower: 'China' }, 'follower'))!;
        if (q.milestone !== undefined && q.benchmark === undefined)
          throw new ApiError(
            400,
            `milestone: only with benchmark (got ${JSON.stringify(q.milestone)})`,
            'milestone',
            q.milestone,
          );
        const svg = q.format === 'svg';
        const { data, controls } = await load();
        const common = {
          policy: (q.policy ?? 'max') as 'max' | 'min',
          multiCountry: false,
          leader,
          follower,
          tolerance,
          ...(asOf ? { asOf } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          step,
          maxStaleDays: maxStale,
          allowStale: q.allowStale === 'true',
          includeBounded: q.includeBounded === 'true',
          bootstrapReps: reps,
          seed,
        };
        const dataInfo = datasetsInfo(data);
        if (q.benchmark !== undefined) {
          const benchmark = named(() => analysis.resolveBenchmark(q.benchmark!, data.scores, 'benchmark'));
          const r = named(() =>
            analysis.groupLag(data.scores, {
              ...common,
              benchmark,
              ...(q.milestone ? { milestoneModels: [q.milestone] } : {}),
            }),
          );
          if (svg) {
            const { lagChartSvg } = await import('../../evidence/chart.ts');
            const { lagChartInput } = await import('../../evidence/views.ts');
            return sendSvg(reply, lagChartSvg(lagChartInput([r], controls)));
          }
          const { series, ...rest } = r;
          const overlay = {
            events: eventsBetween(controls.events, r.window.from, r.window.to),
            chipsAtAsOf: chipsAt(controls.chips, r.asOf),
            origin: controls.origin,
          };
          return {
            ...rest,
            ...(q.series === 'true' ? { series } : {}),
            controls: overlay,
            data: dataInfo,
            attribution: ATTRIBUTION,
          };
        }
        const all = named(() =>
          analysis.groupLagAll(data.scores, { ...common, withSeries: svg || q.series === 'true' }),
        );
        if (all.results.length === 0) {
          const reason = all.skipped[0]?.reason ?? 'no data';
          // The reason names the group without data ("--leader: no … scores for this group").
          const who = /^--(leader|follower)\b/.exec(reason)?.[1];
          const field = asOf ? 'asOf' : (who ?? 'follower');
          throw new ApiError(
            400,
            asOf
              ? `asOf: no benchmark has usable data at ${asOf} (${reason}); pass allowStale=true`
              : `${field}: no benchmark has scores for both groups: ${reason.replace(/^--(leader|follower)/, '$1')}`,
            field,
            asOf ?? q[field] ?? 'China',
          );
        }
        if (svg) {
          const { lagChartSvg } = await import('../../evidence/chart.ts');
          const { lagChartInput } = await import('../../evidence/views.ts');
          const best = all.results
            .filter((r) => r.counts.leader >= 5 && r.counts.follower >= 5 && r.benchmarkInfo?.kind !== 'elo')
            .slice(0, 8);
          return sendSvg(
            reply,
            lagChartSvg(
              lagChartInput(best, controls, {
                subtitle: `benchmarks with ≥ 5 scores per group; dashed verticals: measures (${controls.origin.measures})`,
              }),
            ),
          );
        }
        const results = all.results.map((r) => {
          const { series, ...rest } = r;
          return { ...rest, ...(q.series === 'true' ? { series } : {}) };
        });
        return {
          ...all,
          results,
          controls: { events: controls.events, origin: controls.origin },
          data: dataInfo,
          attribution: ATTRIBUTION,
        };
      },
    );

    app.get(
      '/evidence/model',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'One model’s lag on each benchmark at its release date, with the sources of both scores and the controls in force (= `exportctl evidence lag --model NAME --json`); format=svg: the lag chart of its country by benchmark',
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { ...str(), description: 'model name, e.g. DeepSeek-V3' },
              leader: { ...str(40), description: 'default US' },
              follower: { ...str(40), description: 'default: the model’s own country' },
              benchmark: str(),
              tolerance: numQ,
              sameSource: {
                ...boolQ,
                description: 'compare only with leader scores from the same document and setting',
              },
              bootstrap: { ...intQ, description: `default 0, at most ${MAX_BOOTSTRAP}` },
              seed: intQ,
              policy: { type: 'string', enum: ['max', 'min'] },
              format: formatQ,
            },
          },
          response: {
            200: anyObject(
              'The CLI’s --json answer: {model, releaseDate, follower, leader, rows[] (lagMonths, scores, sources, flags), summary, claims, controlsAtRelease, data, attribution}',
            ),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const analysis = await import('../../evidence/analysis.ts');
        const { readClaims } = await import('../../evidence/readers.ts');
        const { chipsAt } = await import('../../evidence/controls.ts');
        const { ATTRIBUTION } = await import('../../evidence/views.ts');
        const tolerance = num(q, 'tolerance', 0, { min: 0 });
        const reps = num(q, 'bootstrap', 0, { min: 0, max: MAX_BOOTSTRAP, integer: true });
        const seed = num(q, 'seed', 1, { integer: true });
        const leader = (await group(q, 'leader')) ?? (await group({ leader: 'US' }, 'leader'))!;
        const follower = await group(q, 'follower');
        const { data, controls } = await load();
        const select = { policy: (q.policy ?? 'max') as 'max' | 'min', multiCountry: false };
        const claims = readClaims();
        const benchmark =
          q.benchmark !== undefined
            ? named(() => analysis.resolveBenchmark(q.benchmark!, data.scores, 'benchmark'))
            : undefined;
        const r = named(
          () =>
            analysis.modelLag(data.scores, q.name!, {
              ...select,
              leader,
              ...(follower ? { follower } : {}),
              tolerance,
              sameSource: q.sameSource === 'true',
              ...(benchmark ? { benchmark } : {}),
              bootstrapReps: reps,
              seed,
              claims,
            }),
          { '--model': 'name' },
        );
        if (q.format === 'svg') {
          const { lagChartSvg } = await import('../../evidence/chart.ts');
          const { modelLagChartInput } = await import('../../evidence/views.ts');
          // As the CLI's --plot (same function).
          return sendSvg(
            reply,
            lagChartSvg(
              modelLagChartInput(data.scores, r, controls, {
                ...select,
                leader,
                follower,
                tolerance,
                maxStaleDays: 90,
              }),
            ),
          );
        }
        const controlsAtRelease = {
          date: r.releaseDate,
          chips: chipsAt(controls.chips, r.releaseDate),
          measuresInForce: controls.events
            .filter((e) => e.date <= r.releaseDate)
            .map((e) => ({ id: e.id, date: e.date, citation: e.citation })),
          origin: controls.origin,
        };
        return { ...r, controlsAtRelease, data: datasetsInfo(data), attribution: ATTRIBUTION } satisfies ModelAnswer;
      },
    );

    app.get(
      '/evidence/trend',
      {
        schema: {
          tags: ['evidence'],
          summary:
            'Log-linear trend with 95% CI: frontier training compute, training cost, or compute to reach a fixed capability, beside published rates (= `exportctl evidence trend --metric M --json`); format=svg: the chart',
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['metric'],
            properties: {
              metric: { type: 'string', enum: ['compute', 'cost', 'capability-compute'] },
              from: date,
              to: date,
              country: { ...str(40), description: 'only organisations of this country' },
              allModels: {
                ...boolQ,
                description: 'compute/cost: all notable models, not only Epoch’s frontier flag',
              },
              method: { type: 'string', enum: ['regression', 'record-lows'] },
              minEci: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 12 },
              threshold: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 12 },
              format: formatQ,
            },
          },
          response: {
            200: anyObject(
              'The CLI’s --json answer: {metric, label, unit, filters, points[], fit, line, published[], notes, datasets, attribution}',
            ),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const { isIsoDate } = await import('../../evidence/lag.ts');
        const { trend } = await import('../../evidence/trend.ts');
        const { readNotable, readEciModels } = await import('../../evidence/readers.ts');
        const { normaliseCountry } = await import('../../evidence/groups.ts');
        const metric = q.metric as 'compute' | 'cost' | 'capability-compute';
        const from = realDate(q, 'from', isIsoDate);
        const to = realDate(q, 'to', isIsoDate);
        const threshold = q.threshold !== undefined ? num(q, 'threshold', 0) : undefined;
        const minEci = q.minEci !== undefined ? num(q, 'minEci', 0) : undefined;
        const input =
          metric === 'capability-compute'
            ? { eci: (eci ??= readEciModels()) }
            : { notable: (notable ??= readNotable()) };
        const r = named(() =>
          trend(
            {
              metric,
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
              ...(q.country ? { country: normaliseCountry(q.country) } : {}),
              frontierOnly: q.allModels !== 'true',
              ...(threshold !== undefined ? { threshold } : {}),
              ...(minEci !== undefined ? { minEci } : {}),
              method: (q.method ?? 'regression') as 'regression' | 'record-lows',
            },
            input,
          ),
        );
        if (q.format === 'svg') {
          const { trendChartSvg } = await import('../../evidence/chart.ts');
          const { trendChartInput } = await import('../../evidence/views.ts');
          return sendSvg(reply, trendChartSvg(trendChartInput(r)));
        }
        return r;
      },
    );
  };
}
