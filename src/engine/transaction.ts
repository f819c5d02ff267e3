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
  // The zod schema costs about 5 µs a call, a third of a whole decision. Common inputs (catalog
  // products, no parties) are checked by a hand-written pass of the very same rules first; any
  // doubt (a spec, parties, a bad value, an odd key) goes to the schema, which stays the single
  // source of the accepted language and of every error message.
  const fast = quickValid(input as Record<string, unknown>);
  if (fast) return fast;
  return parseTransactionWithSchema(input);
}

/** The schema path alone (the reference the fast path is tested against). */
export function parseTransactionWithSchema(input: unknown): Transaction {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError('(transaction)', input, 'expected a JSON object');
  }
  const r = schema.safeParse(input);
  if (!r.success) throw inputErrorFromZod(r.error, input);
  return normalize(r.data);
}

type Parsed = z.output<typeof schema>;

const TOP_KEYS = new Set(['date', 'exportFrom', 'destination', 'items', 'endUser', 'endUse', 'view', 'reference']);
const END_USER_KEYS = ['name', 'country', 'headquarters', 'ultimateParentHeadquarters'] as const;

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
const optString = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max);
const optCountry = (v: unknown) => v === undefined || isValidDestination(v);

/**
 * The schema's rules for the common shape, returning what `normalize` would make of the schema's
 * output (same keys, same order) — or null to let the schema decide. Never accepts what the schema
 * rejects: test/transaction.fast.test.ts checks both paths on generated inputs. Objects are built
 * as literals of one shape (no keyed stores) so that V8 keeps them fast.
 */
function quickValid(t: Record<string, unknown>): Transaction | null {
  if (!isPlain(t)) return null;
  for (const k in t) if (!TOP_KEYS.has(k) || !Object.prototype.hasOwnProperty.call(t, k)) return null;
  const { date, exportFrom, destination, endUse, reference, view } = t;
  if (!isIsoDate(date)) return null;
  if (!optCountry(exportFrom) || !isValidDestination(destination)) return null;
  if (!optString(endUse, 200) || !optString(reference, 200)) return null;
  if (view !== undefined && view !== 'enforced' && view !== 'as-written') return null;
  const items = t.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > 10_000) return null;
  const outItems: Transaction['items'] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const it: unknown = items[i];
    if (!isPlain(it)) return null;
    let n = 0;
    for (const k in it) {
      if ((k !== 'product' && k !== 'quantity') || !Object.prototype.hasOwnProperty.call(it, k)) return null;
      n++;
    }
    const { product, quantity } = it;
    if (n !== 2 || typeof product !== 'string' || product.length < 1) return null;
    if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0 || quantity > 1e9)
      return null;
    outItems[i] = { product, quantity };
  }
  let endUser: Transaction['endUser'];
  if (t.endUser !== undefined) {
    const e = t.endUser;
    if (!isPlain(e)) return null;
    for (const k in e)
      if (!(END_USER_KEYS as readonly string[]).includes(k) || !Object.prototype.hasOwnProperty.call(e, k))
        return null;
    const { name, country, headquarters, ultimateParentHeadquarters: uph } = e;
    if (!optString(name, 500) || !optCountry(country) || !optCountry(headquarters) || !optCountry(uph))
      return null;
    // normalize() spreads the schema's endUser (keys in schema order) and then sets the three codes.
    const codes = { country: up(country), headquarters: up(headquarters), ultimateParentHeadquarters: up(uph) };
    endUser = 'name' in e ? { name: name as string | undefined, ...codes } : codes;
  }
  return {
    date,
    exportFrom: up(exportFrom as string | undefined) ?? 'US',
    destination: normalizeDestination(destination),
    destinationGiven: destination.trim().toUpperCase(),
    items: outItems,
    endUser,
    endUse: endUse as string | undefined,
    view: (view as View | undefined) ?? 'enforced',
    parties: undefined,
    reference: reference as string | undefined,
  };
}

const up = (c: unknown) => (c === undefined ? undefined : normalizeDestination(c as string));

function normalize(t: Parsed): Transaction {
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
