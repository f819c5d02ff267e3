/**
 * Policy-lab scenario files, validated with zod. A scenario is an id, a description, a base (a view
 * and a date range) and a list of changes to the measure set, each with a rationale and (where one
 * exists) a source. Validation errors name the field as a JSON path, e.g.
 * `changes[2].threshold.limit`, and echo the value found there (InputError → exit 2 in the CLI).
 *
 * The provision shapes mirror src/rules/model.ts exactly, so an added measure is a Measure.
 */
import { z } from 'zod';
import { isIsoDate } from '../engine/dates.ts';
import { InputError } from '../engine/errors.ts';
import { isValidDestination } from '../rules/countries.ts';
import type { DestinationScope, Measure, Provision } from '../rules/model.ts';
import type { Confidence, ISODate, View } from '../rules/types.ts';

const date = z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' });
const confidence = z.enum(['high', 'medium', 'low']);
const group = z.string().regex(/^[AD]:[0-9]$/, 'expected a country group such as "D:5" or "A:5"');
const country = z.string().refine((c) => isValidDestination(c), { message: 'expected an ISO 3166-1 alpha-2 code (e.g. "CN") or UA-xx region' });
const text = z.string().trim().min(1, 'must not be empty').max(4000);

export const scopeSchema = z.strictObject({
  worldwide: z.boolean().optional(),
  groups: z.array(group).max(20).optional(),
  countries: z.array(country).max(300).optional(),
  exceptGroups: z.array(group).max(20).optional(),
  exceptCountries: z.array(country).max(300).optional(),
});

const metric = z.enum(['tpp', 'performanceDensity', 'ioBandwidthGBps', 'memoryBandwidthDensity', 'memoryBandwidthGBps']);
const op = z.enum(['>=', '>', '<', '<=']);
const comparison = z.strictObject({ metric, op, limit: z.number().finite() });

/** Item keys provisions are matched against (see src/engine/decide.ts itemKeys). */
export const ITEM_KEYS = ['3A090.a', '3A090.b', '3A090.c', '4A090.a', '4A090.b', '.z.a', '.z.b', 'any', 'letter'] as const;
const itemKey = z.enum(ITEM_KEYS);
const items = z.array(itemKey).min(1).max(ITEM_KEYS.length);

const PROVISION_ID = /^[A-Z0-9][A-Za-z0-9-]*\/\S/;
const provisionBase = {
  id: z.string().regex(PROVISION_ID, 'expected "<MEASURE-ID>/<short name>"').max(200),
  cfr: text,
  from: date,
  to: date.optional(),
  supersedes: z.array(z.string().min(1)).max(50).optional(),
  text,
  confidence,
};

const provisionUnion = z.discriminatedUnion('type', [
  z.strictObject({
    ...provisionBase,
    type: z.literal('eccn-test'),
    itemKind: z.enum(['ic', 'hbm']),
    eccn: z.string().regex(/^[34]A090\.[abc]$/, 'expected 3A090.a/.b/.c or 4A090.a/.b'),
    paragraph: z.string().min(1).max(40),
    all: z.array(comparison).min(1).max(10),
  }),
  z.strictObject({
    ...provisionBase,
    type: z.literal('eccn-exclusion'),
    excludes: z.array(z.string().min(1)).min(1),
    datacenter: z.boolean(),
    all: z.array(comparison).min(1).max(10),
  }),
  z.strictObject({ ...provisionBase, type: z.literal('eccn-containment'), eccn: z.string().min(1), containsEccn: z.string().min(1) }),
  z.strictObject({ ...provisionBase, type: z.literal('eccn-z'), baseEccns: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ ...provisionBase, type: z.literal('eccn-flag'), appliesWhen: z.literal('advanced-logic-ic') }),
  z.strictObject({
    ...provisionBase,
    type: z.literal('license-requirement'),
    items,
    destinations: scopeSchema.optional(),
    endUserHeadquarters: scopeSchema.optional(),
    endUse: z.string().min(1).max(200).optional(),
    basis: z.enum(['item', 'end-user', 'end-use', 'embargo']),
  }),
  z.strictObject({
    ...provisionBase,
    type: z.literal('overlay'),
    products: z.array(z.string().min(1)).min(1).max(100),
    addressee: text,
    destinations: scopeSchema,
    endUserHeadquarters: scopeSchema.optional(),
  }),
  z.strictObject({
    ...provisionBase,
    type: z.literal('review-policy'),
    policy: z.enum(['presumption-of-denial', 'case-by-case', 'presumption-of-approval']),
    bases: z.array(z.enum(['item', 'end-user', 'letter', 'end-use', 'embargo'])).min(1),
    items,
    destinations: scopeSchema.optional(),
    endUserHeadquarters: scopeSchema.optional(),
    conditions: z.strictObject({ exportFrom: z.array(country).optional(), all: z.array(comparison).optional() }).optional(),
    priority: z.number().int().min(0).max(1000),
  }),
  z.strictObject({
    ...provisionBase,
    type: z.literal('license-exception'),
    code: z.string().regex(/^[A-Z]{2,5}$/, 'expected a licence exception code such as "NAC"'),
    aes: z.string().min(1).max(10),
    items,
    excludeDatacenterA: z.boolean().optional(),
    destinations: scopeSchema.optional(),
    endUserHeadquarters: scopeSchema.optional(),
    unavailableWithBases: z.array(z.string().min(1)).optional(),
    all: z.array(comparison).optional(),
    requiresEndUserHeadquartersIn: scopeSchema.optional(),
    conditions: z.array(text).max(30),
  }),
  z.strictObject({
    ...provisionBase,
    type: z.literal('note'),
    products: z.array(z.string().min(1)).max(100).optional(),
    destinations: scopeSchema.optional(),
  }),
]);

export const provisionSchema = provisionUnion.superRefine((p, ctx) => {
  if (p.to !== undefined && p.to <= p.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after "from" (${p.from}); "to" is the first day the provision no longer binds` });
});

const enforcement = z
  .strictObject({ from: date, to: date.optional(), enforced: z.boolean(), basis: text })
  .refine((e) => e.to === undefined || e.to > e.from, { message: '"to" must be after "from"', path: ['to'] });

const MEASURE_KINDS = [
  'interim-final-rule',
  'final-rule',
  'is-informed-letter',
  'guidance',
  'non-enforcement-announcement',
  'bill-not-enacted',
  'proclamation',
  'deal',
  'decision',
  'draft-rule-withdrawn',
] as const;

export const measureSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9-]*$/, 'expected an upper-case id such as "LAB-H20-2024-01"').max(60),
  title: text,
  kind: z.enum(MEASURE_KINDS),
  frCitation: z.string().optional(),
  frDocument: z.string().optional(),
  rin: z.string().optional(),
  released: date.optional(),
  published: date.optional(),
  effective: date,
  compliance: z.array(z.strictObject({ date, scope: text })).optional(),
  enforcement: z.array(enforcement).optional(),
  sources: z.array(text).min(1, 'at least one source'),
  confidence,
  summary: text,
  provisions: z.array(provisionSchema).max(500),
});

/** A condition the lab attaches to licences and/or licence exceptions (e.g. location verification). */
export const conditionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug').max(60),
    text,
    items,
    appliesTo: z.array(z.enum(['license', 'exception'])).min(1),
    destinations: scopeSchema.optional(),
    from: date,
    to: date.optional(),
    confidence,
  })
  .refine((c) => c.to === undefined || c.to > c.from, { message: 'must be after "from"', path: ['to'] });

const changeBase = { rationale: text, source: z.string().trim().min(1).max(2000).optional() };
const measureId = z.string().min(1).max(60);
const provisionId = z.string().min(1).max(200);

const changeUnion = z.discriminatedUnion('type', [
  z.strictObject({ ...changeBase, type: z.literal('add-measure'), measure: measureSchema }),
  z.strictObject({ ...changeBase, type: z.literal('remove-measure'), measure: measureId }),
  z.strictObject({
    ...changeBase,
    type: z.literal('modify-measure'),
    measure: measureId,
    set: z
      .strictObject({
        title: text.optional(),
        summary: text.optional(),
        effective: date.optional(),
        confidence: confidence.optional(),
        enforcement: z.array(enforcement).optional(),
      })
      .refine((s) => Object.keys(s).length > 0, { message: 'set at least one field' }),
  }),
  z.strictObject({ ...changeBase, type: z.literal('add-provision'), measure: measureId, provision: provisionSchema }),
  z.strictObject({ ...changeBase, type: z.literal('remove-provision'), provision: provisionId }),
  z.strictObject({
    ...changeBase,
    type: z.literal('modify-provision'),
    provision: provisionId,
    set: z
      .strictObject({
        from: date.optional(),
        to: date.nullable().optional(),
        text: text.optional(),
        confidence: confidence.optional(),
        items: items.optional(),
        products: z.array(z.string().min(1)).min(1).max(100).optional(),
        destinations: scopeSchema.optional(),
        endUserHeadquarters: scopeSchema.nullable().optional(),
        policy: z.enum(['presumption-of-denial', 'case-by-case', 'presumption-of-approval']).optional(),
        priority: z.number().int().min(0).max(1000).optional(),
        all: z.array(comparison).min(1).max(10).optional(),
        supersedes: z.array(z.string().min(1)).max(50).optional(),
      })
      .refine((s) => Object.keys(s).length > 0, { message: 'set at least one field' }),
  }),
  z.strictObject({
    ...changeBase,
    type: z.literal('threshold'),
    provision: provisionId,
    threshold: z.strictObject({ metric, op: op.optional(), limit: z.number().finite() }),
  }),
  z.strictObject({
    ...changeBase,
    type: z.literal('membership'),
    membership: z
      .strictObject({
        action: z.enum(['add', 'remove']),
        iso2: z.string().regex(/^[A-Z]{2}$/, 'expected an upper-case ISO 3166-1 alpha-2 code'),
        group,
        from: date,
        to: date.optional(),
      })
      .refine((m) => m.to === undefined || m.to > m.from, { message: 'must be after "from"', path: ['to'] }),
  }),
  z.strictObject({
    ...changeBase,
    type: z.literal('overlay'),
    measure: measureId,
    overlay: z.strictObject({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9().-]*$/, 'expected a short name (letters, digits, - . ( ))').max(60),
      products: z.array(z.string().min(1)).min(1).max(100),
      addressee: text,
      destinations: scopeSchema,
      endUserHeadquarters: scopeSchema.optional(),
      cfr: text.optional(),
      from: date,
      to: date.optional(),
      text,
      confidence,
    }),
  }),
  z.strictObject({ ...changeBase, type: z.literal('condition'), measure: measureId, condition: conditionSchema }),
]);

export const changeSchema = changeUnion;

export const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case slug such as "h20-2024-01"').max(60),
  title: text,
  description: text,
  hypothetical: z.boolean().default(false),
  base: z
    .strictObject({ view: z.enum(['enforced', 'as-written']), from: date, to: date })
    .refine((b) => b.to > b.from, { message: 'must be after "from"', path: ['to'] }),
  sources: z.array(text).max(50).optional(),
  changes: z.array(changeSchema).max(500).default([]),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Change = z.output<typeof changeSchema>;
export type LabCondition = z.output<typeof conditionSchema>;

/**
 * Validates a parsed scenario document; throws InputError naming the field as a JSON path
 * (`changes[2].threshold.limit`). `source` (a file name) is added to the message when given.
 */
export function parseScenario(input: unknown, source?: string): Scenario {
  const where = source ? ` [scenario ${source}]` : '';
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new InputError('(scenario)', input, `expected an object (a scenario document)${where}`);
  const r = scenarioSchema.safeParse(input);
  if (!r.success) {
    const f = firstIssue(r.error, input);
    throw new InputError(f.field, f.value, f.message + where);
  }
  return r.data;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const k of path) value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[k];
  return value;
}

/** The first zod issue as field/value/message; for an unknown `type`, lists the allowed ones. */
function firstIssue(err: z.ZodError, input: unknown): { field: string; value: unknown; message: string } {
  const issue = err.issues[0]!;
  if (issue.code === 'invalid_union') {
    const path = issue.path[issue.path.length - 1] === 'type' ? issue.path.slice(0, -1) : issue.path;
    const isProvision = path.includes('provisions') || path[path.length - 1] === 'provision';
    const allowed = isProvision
      ? 'eccn-test, eccn-exclusion, eccn-containment, eccn-z, eccn-flag, license-requirement, overlay, review-policy, license-exception, note'
      : 'add-measure, remove-measure, modify-measure, add-provision, remove-provision, modify-provision, threshold, membership, overlay, condition';
    const v = valueAt(input, path);
    const t = v && typeof v === 'object' ? (v as Record<string, unknown>).type : undefined;
    return { field: (fieldOf(path) || '(scenario)') + '.type', value: t, message: `expected one of: ${allowed}` };
  }
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.join(', ')}`;
  return { field: fieldOf(issue.path) || '(scenario)', value: valueAt(input, issue.path), message };
}

// Compile-time checks that the schemas produce the engine's own types.
type Assert<T extends true> = T;
export type _MeasureMatches = Assert<z.output<typeof measureSchema> extends Measure ? true : false>;
export type _ProvisionMatches = Assert<z.output<typeof provisionSchema> extends Provision ? true : false>;
export type _ScopeMatches = Assert<z.output<typeof scopeSchema> extends DestinationScope ? true : false>;
export type { Confidence, ISODate, View };
