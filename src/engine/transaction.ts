/** The decide input (the CLI's `--file`, the API's body), validated with named fields. */
import { z } from 'zod';
import { InputError } from './errors.ts';
import { inputErrorFromZod, specSchema, type Spec } from './spec.ts';
import { isIsoDate } from './dates.ts';
import { isValidDestination, normalizeDestination } from '../rules/countries.ts';
import type { ISODate, View } from '../rules/types.ts';

export interface Party {
  role: 'endUser' | 'consignee' | 'purchaser' | 'intermediateConsignee';
  name: string;
  country?: string;
}

export interface Transaction {
  date: ISODate;
  exportFrom: string;
  destination: string;
  /** The destination as given ("HK" is decided as "CN"). */
  destinationGiven: string;
  items: { product?: string; spec?: Spec; quantity: number }[];
  endUser?: { name?: string; country?: string; headquarters?: string; ultimateParentHeadquarters?: string };
  endUse?: string;
  view: View;
  parties?: Party[];
  /** Free reference (order id); kept in the ledger, not used by the rules. */
  reference?: string;
}

const country = (what: string) =>
  z
    .string()
    .refine((c) => isValidDestination(c), {
      message: `expected an ISO 3166-1 alpha-2 ${what} code (e.g. "CN")`,
    });

const schema = z.strictObject({
  date: z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' }),
  exportFrom: country('country').optional(),
  destination: country('destination'),
  items: z
    .array(
      z
        .strictObject({
          product: z.string().min(1).optional(),
          spec: specSchema.optional(),
          quantity: z
            .number()
            .int('expected a whole number')
            .positive('expected a positive quantity')
            .max(1e9),
        })
        .refine((i) => (i.product === undefined) !== (i.spec === undefined), {
          message: 'give exactly one of "product" or "spec"',
        }),
    )
    .min(1, 'at least one item')
    .max(10_000),
  endUser: z
    .strictObject({
      name: z.string().max(500).optional(),
      country: country('country').optional(),
      headquarters: country('country').optional(),
      ultimateParentHeadquarters: country('country').optional(),
    })
    .optional(),
  endUse: z.string().max(200).optional(),
  view: z.enum(['enforced', 'as-written']).optional(),
  parties: z
    .array(
      z.strictObject({
        role: z.enum(['endUser', 'consignee', 'purchaser', 'intermediateConsignee']),
        name: z.string().min(1).max(500),
        country: country('country').optional(),
      }),
    )
    .max(20)
    .optional(),
  reference: z.string().max(200).optional(),
});

export function parseTransaction(input: unknown): Transaction {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError('(transaction)', input, 'expected a JSON object');
  }
  const r = schema.safeParse(input);
  if (!r.success) throw inputErrorFromZod(r.error, input);
  const t = r.data;
  const up = (c?: string) => (c === undefined ? undefined : normalizeDestination(c));
  return {
    date: t.date,
    exportFrom: up(t.exportFrom) ?? 'US',
    destination: up(t.destination)!,
    destinationGiven: t.destination.trim().toUpperCase(),
    items: t.items,
    endUser: t.endUser && {
      ...t.endUser,
      country: up(t.endUser.country),
      headquarters: up(t.endUser.headquarters),
      ultimateParentHeadquarters: up(t.endUser.ultimateParentHeadquarters),
    },
    endUse: t.endUse,
    view: t.view ?? 'enforced',
    parties: t.parties,
    reference: t.reference,
  };
}

/** End uses the §744.23 provisions recognise. */
export const KNOWN_END_USES = ['supercomputer', 'advanced-node-ic-production'] as const;
