/**
 * parseTransaction checks common inputs by hand before falling back to the zod schema. The two
 * paths must agree on every input: the same Transaction (same JSON, same key order) or the same
 * error naming the same field.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTransaction, parseTransactionWithSchema } from '../src/engine/transaction.ts';

function outcome(f: () => unknown): string {
  try {
    return 'ok ' + JSON.stringify(f());
  } catch (e) {
    return 'error ' + (e as Error).message;
  }
}

const odd = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  ' cn',
  'hk',
  'XX',
  'UA-43',
  0,
  -1,
  1.5,
  1e9,
  1e9 + 1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  'x'.repeat(201),
  'x'.repeat(501),
  [],
  {},
  '2024-02-30',
  '2024-02-29',
  'as-written',
  'enforced',
  'other',
);
const country = fc.oneof(fc.constantFrom('CN', 'DE', 'hk', 'MO', 'ae', 'UA-43', 'US'), odd);
const item = fc.oneof(
  fc.record(
    {
      product: fc.oneof(fc.constantFrom('H100 SXM5 80GB', 'NVIDIA H20', 'nope', ''), odd),
      quantity: fc.oneof(fc.integer({ min: 1, max: 1000 }), odd),
      spec: fc.constantFrom<unknown>({ kind: 'ic', tppDeclared: 5000 }, undefined),
      extra: odd,
    },
    { requiredKeys: [] },
  ),
  odd,
);
const tx = fc.record(
  {
    date: fc.oneof(fc.constantFrom('2024-01-15', '2025-06-01', '2026-03-01'), odd),
    exportFrom: country,
    destination: country,
    items: fc.oneof(fc.array(item, { minLength: 0, maxLength: 3 }), odd),
    endUser: fc.oneof(
      fc.record(
        { name: fc.oneof(fc.string(), odd), headquarters: country, country, ultimateParentHeadquarters: country, x: odd },
        { requiredKeys: [] },
      ),
      odd,
    ),
    endUse: fc.oneof(fc.constantFrom('supercomputer', 'other'), odd),
    view: fc.oneof(fc.constantFrom('enforced', 'as-written'), odd),
    reference: fc.oneof(fc.string(), odd),
    parties: fc.constantFrom<unknown>(undefined, [{ role: 'consignee', name: 'A' }]),
    bogus: odd,
  },
  { requiredKeys: [] },
);

describe('parseTransaction fast path', () => {
  it('agrees with the schema on generated inputs (valid and invalid)', () => {
    fc.assert(
      fc.property(tx, (t) => {
        expect(outcome(() => parseTransaction(t))).toBe(outcome(() => parseTransactionWithSchema(t)));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on the common valid shape', () => {
    const t = {
      date: '2025-06-01',
      destination: 'hk',
      items: [{ product: 'H100 SXM5 80GB', quantity: 8 }],
      endUser: { name: 'Example Co', headquarters: 'cn' },
      view: 'as-written',
    };
    const a = parseTransaction(t);
    expect(JSON.stringify(a)).toBe(JSON.stringify(parseTransactionWithSchema(t)));
    expect(a.destination).toBe('CN');
    expect(a.endUser?.headquarters).toBe('CN');
  });

  it('a prototype-polluted or class instance input goes to the schema', () => {
    class T {
      date = '2025-06-01';
      destination = 'CN';
      items = [{ product: 'H100 SXM5 80GB', quantity: 1 }];
    }
    expect(outcome(() => parseTransaction(new T()))).toBe(outcome(() => parseTransactionWithSchema(new T())));
  });
});
