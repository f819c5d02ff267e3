/**
 * JSON Schemas of the API's requests and responses (they feed validation and /openapi.json).
 * Request schemas check shape and types; the engine's own validation (zod, in src/engine) does
 * the fine checks and names the field, so an answer is the same as the CLI's for the same input.
 * Query parameters are declared as strings (no type coercion anywhere) and parsed by the routes.
 */
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const errorSchema = {
  type: 'object',
  description: 'A 4xx/5xx answer: the message, and the offending field (JSON path) and value when known',
  properties: {
    error: { type: 'string' },
    field: { type: 'string' },
    value: {},
    requestId: { type: 'string' },
  },
  required: ['error'],
} as const;

/** Any JSON object (documented, not filtered: the engine's objects go out as they are). */
export function anyObject(description: string) {
  return { type: 'object', description, additionalProperties: true } as const;
}

export const errorResponses = {
  400: { ...errorSchema, description: 'Bad input: names the field and the value' },
  401: { ...errorSchema, description: 'Missing or invalid API key' },
  403: { ...errorSchema, description: 'The key’s role is not allowed to do this' },
  429: { ...errorSchema, description: 'Rate limit exceeded' },
} as const;

const viewSchema = { type: 'string', enum: ['enforced', 'as-written'], description: 'enforced (default) or as-written' } as const;
const dateSchema = { type: 'string', description: 'YYYY-MM-DD', examples: ['2025-06-01'] } as const;
const country = { type: 'string', description: 'ISO 3166-1 alpha-2 code, e.g. CN' } as const;

export const specSchemaDoc = {
  type: 'object',
  description: 'An item specification (see docs/classify.md): kind, throughput entries, die area, bandwidths…',
  additionalProperties: true,
} as const;

export const classifyBody = {
  type: 'object',
  description: 'Classify a catalog product or a spec on a date. Give exactly one of product or spec.',
  required: ['date'],
  additionalProperties: false,
  properties: {
    date: dateSchema,
    view: viewSchema,
    product: { type: 'string', description: 'catalog name or alias, e.g. "NVIDIA H100 SXM"' },
    spec: specSchemaDoc,
  },
} as const;

export const transactionSchema = {
  type: 'object',
  description: 'A transaction (the same JSON as `exportctl decide --file`)',
  required: ['date', 'destination', 'items'],
  additionalProperties: false,
  properties: {
    date: dateSchema,
    exportFrom: country,
    destination: country,
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['quantity'],
        properties: {
          product: { type: 'string' },
          spec: specSchemaDoc,
          quantity: { type: 'integer', minimum: 1 },
        },
      },
    },
    endUser: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        country,
        headquarters: country,
        ultimateParentHeadquarters: country,
      },
    },
    endUse: { type: 'string', description: 'e.g. supercomputer, advanced-node-ic-production' },
    view: viewSchema,
    parties: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'name'],
        properties: {
          role: { type: 'string', enum: ['endUser', 'consignee', 'purchaser', 'intermediateConsignee'] },
          name: { type: 'string' },
          country,
        },
      },
    },
    reference: { type: 'string' },
  },
} as const;

export const dateViewQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { date: dateSchema, view: viewSchema },
} as const;

export const screenBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 500, description: 'party name' },
    country: { type: 'string', description: 'party country (ISO-2): a qualifier, mismatches lower the score' },
    type: { type: 'string', enum: ['person', 'entity', 'vessel', 'aircraft'] },
    asOf: { ...dateSchema, description: 'screening date: the list snapshots in force that day (default today)' },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
  },
} as const;

export const matchBody = {
  type: 'object',
  required: ['a', 'b'],
  additionalProperties: false,
  properties: {
    a: { type: 'string', maxLength: 500 },
    b: { type: 'string', maxLength: 500 },
    type: { type: 'string', enum: ['person', 'entity', 'vessel', 'aircraft'] },
  },
} as const;

export const reviewBody = {
  type: 'object',
  required: ['entityId', 'name', 'decision', 'reason'],
  additionalProperties: false,
  properties: {
    entityId: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1, maxLength: 500, description: 'the party name as screened' },
    country: { type: 'string' },
    type: { type: 'string', enum: ['person', 'entity', 'vessel', 'aircraft'] },
    decision: { type: 'string', enum: ['false-positive', 'confirmed'] },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    reviewer: { type: 'string', maxLength: 200, description: 'default: the API key’s name or id' },
    asOf: dateSchema,
  },
} as const;

export const ledgerDecisionBody = {
  type: 'object',
  required: ['transaction'],
  additionalProperties: false,
  properties: {
    transaction: transactionSchema,
    ref: { type: 'string', maxLength: 200, description: 'idempotency key: a second record with the same ref is refused' },
  },
} as const;

export const shipmentBody = {
  type: 'object',
  required: ['date', 'product', 'quantity', 'destination', 'consignee', 'license'],
  additionalProperties: false,
  properties: {
    date: dateSchema,
    product: { type: 'string' },
    quantity: { type: 'integer', minimum: 1 },
    destination: country,
    consignee: { type: 'string' },
    endUser: { type: 'string' },
    endUserCountry: country,
    endUserHeadquarters: country,
    license: { type: 'string', description: 'NLR, LPP, UVEU, a licence number…' },
    tppPerUnit: { type: 'number', exclusiveMinimum: 0 },
    tier: { type: 'string', enum: ['1', '2', '3'] },
    strict: { type: 'boolean', description: 'refuse (409) a shipment that would cross or add to an exceeded cap' },
    ref: { type: 'string', maxLength: 200 },
  },
} as const;

export const keyCreateBody = {
  type: 'object',
  required: ['role'],
  additionalProperties: false,
  properties: {
    role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] },
    name: { type: 'string', maxLength: 200 },
    expires: { type: 'string', maxLength: 20, description: 'when the key stops working: "90d" or a date YYYY-MM-DD (00:00 UTC)' },
  },
} as const;
