/**
 * The item specification the engine classifies (the CLI's `--spec` file, the API's `spec`).
 * Validation names the failing field as a JSON path and echoes the value (InputError).
 */
import { z } from 'zod';
import { NUMBER_FORMATS, type NumberFormat } from '../rules/definitions.ts';
import { InputError } from './errors.ts';

export interface ThroughputEntry {
  format: NumberFormat;
  /** Peak TOPS or TFLOPS as on the datasheet (2 × MacTOPS). */
  tops: number;
  /** True when the figure assumes structured sparsity; it is halved and flagged. */
  sparse?: boolean;
}

export interface ContainedItem {
  product?: string;
  spec?: Spec;
  quantity: number;
}

export interface Spec {
  name?: string;
  kind: 'ic' | 'computer' | 'hbm';
  /** 'Designed or marketed for use in datacenters' (Note 2 to 3A090). Unknown = treated as true. */
  datacenter?: boolean;
  throughput?: ThroughputEntry[];
  /** Applicable die area: all non-planar logic dies, mm². */
  dieAreaMm2?: number;
  /** Aggregate bidirectional I/O to ICs other than volatile memory, GB/s (2022 test). */
  ioBandwidthGBps?: number;
  /** Memory (DRAM/HBM) bandwidth, GB/s: 'total DRAM bandwidth' in 91 FR 1684; HBM stack bandwidth for 3A090.c. */
  memoryBandwidthGBps?: number;
  /** HBM package or stack area, mm² (3A090.c). */
  packageAreaMm2?: number;
  /** Computers and assemblies (4A090): what they contain. */
  contains?: ContainedItem[];
  /** Where the item is otherwise classified (e.g. "5A992"), to find its .z paragraph. */
  baseEccn?: string;
}

const positive = z.number().finite().nonnegative();

const throughputSchema = z.strictObject({
  format: z.enum(NUMBER_FORMATS as unknown as [NumberFormat, ...NumberFormat[]]),
  tops: positive,
  sparse: z.boolean().optional(),
});

const baseSpec = z.strictObject({
  name: z.string().max(200).optional(),
  kind: z.enum(['ic', 'computer', 'hbm']).default('ic'),
  datacenter: z.boolean().optional(),
  throughput: z.array(throughputSchema).max(64).optional(),
  dieAreaMm2: z.number().finite().positive().optional(),
  ioBandwidthGBps: positive.optional(),
  memoryBandwidthGBps: positive.optional(),
  packageAreaMm2: z.number().finite().positive().optional(),
  baseEccn: z
    .string()
    .regex(/^[0-9][A-E][0-9]{3}$/, 'an ECCN such as "5A992"')
    .optional(),
});

type SpecIn = z.input<typeof baseSpec> & { contains?: unknown };

export const specSchema: z.ZodType<Spec> = z.lazy(() =>
  baseSpec.extend({
    contains: z
      .array(
        z
          .strictObject({
            product: z.string().min(1).optional(),
            spec: specSchema.optional(),
            quantity: z.number().int().positive(),
          })
          .refine((c) => (c.product === undefined) !== (c.spec === undefined), {
            message: 'give exactly one of "product" or "spec"',
          }),
      )
      .max(1000)
      .optional(),
  }),
) as unknown as z.ZodType<Spec>;

/** Turns the first zod issue into an InputError naming the JSON path and the value found there. */
export function inputErrorFromZod(err: z.ZodError, input: unknown, prefix = ''): InputError {
  const issue = err.issues[0]!;
  const path = issue.path;
  let value: unknown = input;
  for (const key of path)
    value = value == null ? undefined : (value as Record<PropertyKey, unknown>)[key as PropertyKey];
  const field =
    prefix +
    path
      .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 && !prefix ? String(k) : `.${String(k)}`))
      .join('');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.join(', ')}`;
  return new InputError(field || prefix || '(input)', value, message);
}

export function parseSpec(input: unknown, field = 'spec'): Spec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError(field, input, 'expected a JSON object');
  }
  const r = specSchema.safeParse(input as SpecIn);
  if (!r.success) throw inputErrorFromZod(r.error, input, field);
  const spec = r.data;
  if (spec.kind === 'computer' && !spec.contains?.length && !spec.throughput?.length) {
    throw new InputError(
      `${field}.contains`,
      undefined,
      'a computer needs "contains" (its ICs) or "throughput"',
    );
  }
  if (spec.kind === 'hbm' && (spec.memoryBandwidthGBps === undefined || spec.packageAreaMm2 === undefined)) {
    throw new InputError(
      spec.memoryBandwidthGBps === undefined ? `${field}.memoryBandwidthGBps` : `${field}.packageAreaMm2`,
      undefined,
      'an HBM item needs memoryBandwidthGBps and packageAreaMm2',
    );
  }
  return spec;
}
