import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import golden from './fixtures/golden-cases.json' with { type: 'json' };
import { decide, type Decision } from '../src/engine/decide.ts';
import { InputError } from '../src/engine/errors.ts';
import { addDays } from '../src/engine/dates.ts';
import { LPP_TPP_PER_CONSIGNEE_YEAR } from '../src/rules/caps.ts';
import { baseRules } from '../src/rules/index.ts';

const tx = (o: Record<string, unknown>) => ({
  date: '2024-06-01',
  destination: 'CN',
  items: [{ product: 'NVIDIA H100 SXM', quantity: 8 }],
  ...o,
});
const lic = (o: Record<string, unknown>) => decide(tx(o)).licenseRequired;

describe('shared golden decide cases', () => {
  for (const c of golden.decide) {
    it(c.why, () => {
      const d = decide(c.transaction);
      const e = c.expect as { licenseRequired: boolean; reviewPolicy?: string; exceptionsInclude?: string };
      expect(d.licenseRequired).toBe(e.licenseRequired);
      if (e.reviewPolicy) expect(d.reviewPolicy).toBe(e.reviewPolicy);
      if (e.exceptionsInclude) expect(d.exceptions.map((x) => x.code)).toContain(e.exceptionsInclude);
      expect(d.reasons.length).toBeGreaterThan(0);
    });
  }
});

describe('country-group changes, day before / of / after', () => {
  it('Nicaragua enters D:1/D:5 on 2024-03-15 (89 FR 18780)', () => {
    expect(lic({ destination: 'NI', date: '2024-03-14' })).toBe(false);
    expect(lic({ destination: 'NI', date: '2024-03-15' })).toBe(true);
    expect(lic({ destination: 'NI', date: '2024-03-16' })).toBe(true);
    // As a D:5 destination, Nicaragua takes the presumption of denial and the notified NAC route.
    expect(decide(tx({ destination: 'NI', date: '2024-03-15' })).reviewPolicy).toBe('presumption-of-denial');
  });
  it('Cambodia leaves D:5 on 2026-02-03 but stays D:1: still licensed, policy relaxes from denial', () => {
    const p = (d: string) => decide(tx({ destination: 'KH', date: d }));
    expect(p('2026-02-02').reviewPolicy).toBe('presumption-of-denial');
    expect(p('2026-02-03').licenseRequired).toBe(true);
    expect(p('2026-02-03').reviewPolicy).toBe('case-by-case');
    expect(p('2026-02-04').reviewPolicy).toBe('case-by-case');
  });
  it('Cyprus leaves D:5 on 2024-05-30 (also A:6 throughout: out of the 2023 scope either way)', () => {
    expect(lic({ destination: 'CY', date: '2024-05-29' })).toBe(false);
    expect(lic({ destination: 'CY', date: '2024-05-30' })).toBe(false);
  });
  it('Hong Kong is decided as China; Macau is its own destination', () => {
    const hk = decide(tx({ destination: 'HK' }));
    expect(hk.destination).toBe('CN');
    expect(hk.licenseRequired).toBe(true);
    expect(hk.reasons.some((r) => r.citation.includes('85 FR 83765'))).toBe(true);
    expect(decide(tx({ destination: 'MO' })).destination).toBe('MO');
  });
});

describe('measure dates, day before / of / after', () => {
  const around = (day: string, f: (d: string) => unknown) => [
    f(addDays(day, -1)),
    f(day),
    f(addDays(day, 1)),
  ];
  it('AC-2022-10 (2022-10-07): A100 to China by rule; before it, by the August letter', () => {
    const d = decide(tx({ date: '2022-10-06', items: [{ product: 'NVIDIA A100 SXM', quantity: 1 }] }));
    expect(d.licenseRequired).toBe(true);
    expect(d.lines[0]!.requirements[0]!.basis).toBe('letter');
    expect(
      around('2022-10-07', (x) => lic({ date: x, items: [{ product: 'NVIDIA L40S', quantity: 1 }] })),
    ).toEqual([false, false, false]);
  });
  it('IIL-2022-08 (2022-08-26): the letter for the A100 to China', () => {
    expect(
      around('2022-08-26', (x) => lic({ date: x, items: [{ product: 'NVIDIA A100 SXM', quantity: 1 }] })),
    ).toEqual([false, true, true]);
  });
  it('MAC-2023-01 (2023-01-17): Macau', () => {
    expect(around('2023-01-17', (x) => lic({ date: x, destination: 'MO' }))).toEqual([false, true, true]);
  });
  it('ACS-2023-10-EARLY (2023-10-23) and ACS-2023-10 (2023-11-17): A800 to China', () => {
    const a800 = (x: string) => lic({ date: x, items: [{ product: 'NVIDIA A800', quantity: 1 }] });
    expect(around('2023-10-23', a800)).toEqual([false, true, true]);
    expect(around('2023-11-17', a800)).toEqual([true, true, true]);
    // The letter named five products only: the L4 waited for the rule.
    const l4 = (x: string) => lic({ date: x, items: [{ product: 'NVIDIA L4', quantity: 1 }] });
    expect(around('2023-11-17', l4)).toEqual([false, true, true]);
  });
  it('ACS-2023-10: Saudi Arabia (D:4) from 2023-11-17 (the L4 was not named by the early letter)', () => {
    expect(
      around('2023-11-17', (x) =>
        lic({ date: x, destination: 'SA', items: [{ product: 'NVIDIA L4', quantity: 1 }] }),
      ),
    ).toEqual([false, true, true]);
    // The H100 was: BIS's letter reached the 2023 destinations from 2023-10-23.
    expect(lic({ date: '2023-10-22', destination: 'SA' })).toBe(false);
    expect(lic({ date: '2023-10-23', destination: 'SA' })).toBe(true);
  });
  it('ACS-2023-10 headquarters rule from 2023-11-17', () => {
    expect(
      around('2023-11-17', (x) => lic({ date: x, destination: 'DE', endUser: { headquarters: 'CN' } })),
    ).toEqual([false, true, true]);
  });
  it('COR-2024-04 (2024-04-04): NAC without notice becomes ACA for D:1/D:4 destinations', () => {
    const codes = (x: string) =>
      decide(
        tx({ date: x, destination: 'VN', items: [{ product: 'NVIDIA GeForce RTX 4090', quantity: 1 }] }),
      ).exceptions.map((e) => `${e.code}/${e.aes}`);
    expect(codes('2024-04-03')).toEqual(['NAC/C67']);
    expect(codes('2024-04-04')).toEqual(['ACA/C68']);
    expect(codes('2024-04-05')).toEqual(['ACA/C68']);
  });
  it('FDP-2024-12: 3A090.c licence requirement from its compliance date 2024-12-31', () => {
    const hbm = { spec: { kind: 'hbm', memoryBandwidthGBps: 819, packageAreaMm2: 110 }, quantity: 10 };
    expect(around('2024-12-31', (x) => lic({ date: x, items: [hbm] }))).toEqual([false, true, true]);
    expect(lic({ date: '2025-02-01', destination: 'DE', items: [hbm] })).toBe(false);
    const low = { spec: { kind: 'hbm', memoryBandwidthGBps: 330, packageAreaMm2: 110 }, quantity: 10 };
    expect(decide(tx({ date: '2025-02-01', items: [low] })).exceptions.map((e) => e.code)).toEqual(['HBM']);
  });
  it('H20-2025-04 (2025-04-09): the letter for the H20', () => {
    expect(
      around('2025-04-09', (x) => lic({ date: x, items: [{ product: 'NVIDIA H20', quantity: 1 }] })),
    ).toEqual([false, true, true]);
  });
  it('H200-2026-01 (2026-01-15): policy to China becomes case-by-case for the H200 exported from the US', () => {
    const p = (x: string, from = 'US') =>
      decide(tx({ date: x, exportFrom: from, items: [{ product: 'NVIDIA H200', quantity: 8 }] }))
        .reviewPolicy;
    expect(around('2026-01-15', (x) => p(x))).toEqual([
      'presumption-of-denial',
      'case-by-case',
      'case-by-case',
    ]);
    expect(p('2026-03-01', 'SG')).toBe('presumption-of-denial'); // reexports stay denial
    // An end user headquartered in China but located elsewhere stays presumption of denial.
    expect(
      decide(
        tx({
          date: '2026-03-01',
          destination: 'MY',
          endUser: { headquarters: 'CN' },
          items: [{ product: 'NVIDIA H200', quantity: 8 }],
        }),
      ).reviewPolicy,
    ).toBe('presumption-of-denial');
  });
  it('AID-2025-01 (as-written): worldwide requirement from the compliance date 2025-05-15; never in the enforced view', () => {
    const de = (x: string, view: string) => lic({ date: x, destination: 'DE', view });
    expect(around('2025-05-15', (x) => de(x, 'as-written'))).toEqual([false, true, true]);
    expect(around('2025-05-15', (x) => de(x, 'enforced'))).toEqual([false, false, false]);
    const d = decide(tx({ date: '2025-06-01', destination: 'DE', view: 'as-written' }));
    expect(d.tier).toBe('Tier 1');
    expect(d.exceptions.map((e) => e.code).sort()).toEqual(['ACM', 'AIA', 'LPP']);
    const sg = decide(tx({ date: '2025-06-01', destination: 'SG', view: 'as-written' }));
    expect(sg.tier).toBe('Tier 2');
    expect(sg.reviewPolicy).toBe('presumption-of-approval');
    expect(sg.exceptions.map((e) => e.code)).toContain('LPP');
    expect(decide(tx({ date: '2025-06-01', view: 'as-written' })).tier).toBe('Tier 3');
  });
  it('AIA is withdrawn when the end user is known to be headquartered outside Tier 1', () => {
    const d = decide(
      tx({ date: '2025-06-01', destination: 'DE', view: 'as-written', endUser: { headquarters: 'IN' } }),
    );
    expect(d.exceptions.map((e) => e.code)).not.toContain('AIA');
  });
});

describe('other requirements', () => {
  it('embargoed destinations need a licence for any item, citing part 746, policy of denial', () => {
    const d = decide(tx({ destination: 'IR', items: [{ product: 'NVIDIA T4', quantity: 1 }] }));
    expect(d.licenseRequired).toBe(true);
    expect(d.reviewPolicy).toBe('presumption-of-denial');
    expect(d.lines[0]!.requirements[0]!.citation).toMatch(/746\.7/);
    expect(
      decide(tx({ destination: 'UA-43', items: [{ product: 'NVIDIA T4', quantity: 1 }] })).licenseRequired,
    ).toBe(true);
  });
  it('declared supercomputer end use in China catches even uncontrolled items', () => {
    const d = decide(tx({ endUse: 'supercomputer', items: [{ product: 'NVIDIA T4', quantity: 100 }] }));
    expect(d.licenseRequired).toBe(true);
    expect(d.lines[0]!.requirements[0]!.citation).toMatch(/744\.23/);
    expect(
      decide(tx({ endUse: 'research', items: [{ product: 'NVIDIA T4', quantity: 1 }] })).warnings.join(),
    ).toMatch(/not one the rules recognise/);
  });
  it('datacenter 3A090.a items never get NAC/ACA; non-datacenter ones do', () => {
    expect(decide(tx({})).exceptions).toEqual([]);
    expect(
      decide(tx({ items: [{ product: 'NVIDIA GeForce RTX 4090', quantity: 1 }] })).exceptions.map(
        (e) => e.code,
      ),
    ).toEqual(['NAC']);
    expect(
      decide(tx({ destination: 'SA', items: [{ product: 'NVIDIA L40', quantity: 1 }] })).exceptions.map(
        (e) => e.code,
      ),
    ).toEqual(['ACA']);
  });
  it('NAC lists its conditions (advance notice) and AES code', () => {
    const e = decide(tx({ items: [{ product: 'NVIDIA GeForce RTX 4090', quantity: 1 }] })).exceptions[0]!;
    expect(e.aes).toBe('C67');
    expect(e.conditions.join(' ')).toMatch(/25 calendar days/);
  });
  it('a letter-based requirement has no stated review policy before 2026 (null, with a reason)', () => {
    const d = decide(tx({ date: '2025-05-01', items: [{ product: 'NVIDIA H20', quantity: 1 }] }));
    expect(d.reviewPolicy).toBeNull();
    expect(d.lines[0]!.reasons.some((r) => /no review policy/.test(r.text))).toBe(true);
  });
  it('warns when headquarters are missing where they matter, and after the newest measure', () => {
    expect(decide(tx({ destination: 'DE' })).warnings.join()).toMatch(/headquarters not given/);
    expect(decide(tx({ destination: 'CN' })).warnings.join()).not.toMatch(/headquarters not given/);
    // Only once a headquarters-based requirement is in force (ACS-2023-10, 2023-11-17).
    expect(decide(tx({ destination: 'DE', date: '2023-11-16' })).warnings.join()).not.toMatch(
      /headquarters not given/,
    );
    expect(decide(tx({ destination: 'DE', date: '2023-11-17' })).warnings.join()).toMatch(
      /headquarters not given/,
    );
    // The Affiliates rule: suspended until 2026-11-09, status unknown from 2026-11-10.
    expect(decide(tx({ date: '2026-11-09' })).warnings.join()).toMatch(/Affiliates.*suspended/);
    expect(decide(tx({ date: '2026-11-10' })).warnings.join()).toMatch(/Affiliates.*unknown/);
    expect(decide(tx({ date: '2026-11-30' })).warnings.join()).toMatch(/Affiliates/);
    expect(decide(tx({ date: '2027-01-01' })).warnings.join()).toMatch(/may have changed/);
  });
  it('several lines: strictest line wins; totals add up', () => {
    const d = decide(
      tx({
        destination: 'DE',
        endUser: { headquarters: 'DE' },
        items: [
          { product: 'NVIDIA H100 SXM', quantity: 2 },
          { product: 'NVIDIA H20', quantity: 3 },
        ],
      }),
    );
    expect(d.outcome).toBe('no-license-required');
    expect(d.totals.quantity).toBe(5);
    expect(d.totals.tpp).toBe(2 * 15832 + 3 * 2368);
    const cn = decide(
      tx({
        items: [
          { product: 'NVIDIA GeForce RTX 4090', quantity: 1 },
          { product: 'NVIDIA H100 SXM', quantity: 1 },
        ],
      }),
    );
    expect(cn.outcome).toBe('license-required');
    expect(cn.exceptions).toEqual([]);
  });
  it('bad input names the field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ destination: 'ZZ' }, 'destination'],
      [{ date: '2024-02-30' }, 'date'],
      [{ items: [{ product: 'NVIDIA H100 SXM', quantity: 0 }] }, 'items[0].quantity'],
      [{ items: [{ product: 'NVIDIA H100 SXM', quantity: 1.5 }] }, 'items[0].quantity'],
      [{ items: [{ product: 'Nvidia Q9000', quantity: 1 }] }, 'items[0].product'],
      [{ items: [] }, 'items'],
      [{ endUser: { headquarters: 'China' } }, 'endUser.headquarters'],
      [{ view: 'lax' }, 'view'],
      [{ colour: 'red' }, '(input)'],
    ];
    for (const [o, field] of bad) {
      try {
        decide(tx(o));
        throw new Error('accepted ' + JSON.stringify(o));
      } catch (e) {
        expect(e, JSON.stringify(o)).toBeInstanceOf(InputError);
        expect((e as InputError).field).toBe(field);
      }
    }
  });
});

// Property tests over real catalog products, destinations and dates.
const PRODUCTS = [
  'NVIDIA H100 SXM',
  'NVIDIA A800',
  'NVIDIA H20',
  'NVIDIA L4',
  'NVIDIA L40',
  'NVIDIA GeForce RTX 4090',
  'NVIDIA GeForce RTX 4090D',
  'AMD Instinct MI325X',
  'NVIDIA B200',
  'NVIDIA T4',
];
const DESTS = [
  'CN',
  'MO',
  'DE',
  'SA',
  'AE',
  'IL',
  'VN',
  'IN',
  'SG',
  'RU',
  'NI',
  'KH',
  'US',
  'JP',
  'MY',
  'BR',
];
const item = fc.record({
  product: fc.constantFrom(...PRODUCTS),
  quantity: fc.integer({ min: 1, max: 1000 }),
});
const day = fc
  .date({ min: new Date('2022-08-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const view = fc.constantFrom('enforced', 'as-written');
const OUT = { 'no-license-required': 0, 'license-exception-available': 1, 'license-required': 2 } as const;
const POL = (p: string | null) =>
  p === null ? 0 : p === 'presumption-of-approval' ? 1 : p === 'case-by-case' ? 2 : 3;
const stricter = (a: Decision, b: Decision) =>
  (b.licenseRequired || !a.licenseRequired) && OUT[b.outcome] >= OUT[a.outcome];

describe('decision invariants (fast-check)', () => {
  it('adding an end user headquartered in D:5 never relaxes a decision', () => {
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(...DESTS),
        fc.array(item, { minLength: 1, maxLength: 3 }),
        view,
        (date, destination, items, v) => {
          const a = decide({ date, destination, items, view: v }, { explain: false });
          const b = decide(
            { date, destination, items, view: v, endUser: { headquarters: 'CN' } },
            { explain: false },
          );
          return (
            stricter(a, b) &&
            (!a.licenseRequired ||
              POL(b.reviewPolicy) >= POL(a.reviewPolicy) ||
              b.reviewPolicy === 'case-by-case')
          );
        },
      ),
      { numRuns: 300 },
    );
  });
  it('adding a line never relaxes a transaction', () => {
    fc.assert(
      fc.property(
        day,
        fc.constantFrom(...DESTS),
        fc.array(item, { minLength: 1, maxLength: 3 }),
        item,
        view,
        (date, destination, items, extra, v) => {
          const a = decide({ date, destination, items, view: v }, { explain: false });
          const b = decide({ date, destination, items: [...items, extra], view: v }, { explain: false });
          return stricter(a, b) && (!a.licenseRequired || POL(b.reviewPolicy) >= POL(a.reviewPolicy));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('the two views agree for dates before 2025-01-13', () => {
    const early = fc
      .date({
        min: new Date('2022-08-01T00:00:00Z'),
        max: new Date('2025-01-12T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        early,
        fc.constantFrom(...DESTS),
        fc.array(item, { minLength: 1, maxLength: 3 }),
        (date, destination, items) => {
          const a = decide({ date, destination, items, view: 'enforced' }, { explain: false });
          const b = decide({ date, destination, items, view: 'as-written' }, { explain: false });
          return (
            a.licenseRequired === b.licenseRequired &&
            a.outcome === b.outcome &&
            a.reviewPolicy === b.reviewPolicy &&
            JSON.stringify(a.exceptions) === JSON.stringify(b.exceptions)
          );
        },
      ),
      { numRuns: 300 },
    );
  });
  it('any JSON input yields a decision or an InputError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          decide(v);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('every reason cites its source', () => {
  // "Every answer explains itself": a reason without a citation (or with a placeholder such as
  // "—") leaves the reader with a verdict and nothing to check it against.
  const cited = (c: string | undefined) => !!c && !/^[\s—–-]*$/.test(c);
  it('on random transactions: every reason of the answer and of each line has a citation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('2022-08-31', '2022-10-07', '2023-11-17', '2025-01-13', '2025-06-01', '2026-03-01'),
        fc.constantFrom('CN', 'DE', 'US', 'AE', 'IN', 'MO', 'HK', 'RU', 'JP'),
        fc.constantFrom('NVIDIA H100 SXM', 'NVIDIA L4', 'NVIDIA H20', 'NVIDIA T4', 'AMD Instinct MI300X', 'NVIDIA GeForce RTX 4090'),
        fc.integer({ min: 1, max: 100_000 }),
        (date, destination, product, quantity) => {
          const d = decide({ date, destination, items: [{ product, quantity }] });
          for (const r of [...d.reasons, ...d.lines.flatMap((l) => l.reasons)]) {
            expect(cited(r.citation), `${r.citation}: ${r.text}`).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a transaction that needs no licence says what the verdict rests on', () => {
    const d = decide({ date: '2025-06-01', destination: 'DE', items: [{ product: 'NVIDIA H100 SXM', quantity: 8 }] });
    expect(d.licenseRequired).toBe(false);
    expect(d.reasons.at(-1)!.citation).toBe('15 CFR part 774 Supp. 1; 15 CFR 742.6; 15 CFR part 744');
    const domestic = decide({ date: '2025-06-01', destination: 'US', items: [{ product: 'NVIDIA H100 SXM', quantity: 8 }] });
    expect(domestic.reasons.some((r) => r.citation === '15 CFR 734.13 (export defined)')).toBe(true);
  });
});

describe('License Exception LPP: the TPP quota per consignee (15 CFR 740.29, as written)', () => {
  // A spec of exactly 10,000 TPP (1,250 dense FP8 TOPS × 8): 3A090.a.1, so quantities give exact totals.
  const spec = { kind: 'ic', datacenter: true, throughput: [{ format: 'fp8', tops: 1250 }], dieAreaMm2: 800 };
  const quota = LPP_TPP_PER_CONSIGNEE_YEAR.value;
  const perUnit = 10_000;
  const tx = (items: { quantity: number }[]) =>
    decide({ date: '2025-06-01', view: 'as-written', destination: 'IN', items: items.map((i) => ({ spec, ...i })) });
  const codes = (d: Decision) => d.exceptions.map((e) => e.code);

  it('a shipment at the quota may go under LPP; one unit more may not, and the answer says why', () => {
    const at = tx([{ quantity: quota / perUnit }]);
    expect(at.totals.tpp).toBe(quota);
    expect(codes(at)).toContain('LPP');
    const over = tx([{ quantity: quota / perUnit + 1 }]);
    expect(codes(over)).not.toContain('LPP');
    expect(over.lines[0]!.exceptions.map((e) => e.code)).not.toContain('LPP');
    const why = over.lines[0]!.reasons.find((r) => /LPP is not available/.test(r.text))!;
    expect(why.text).toContain('26,910,000 TPP');
    expect(why.text).toContain('26,900,000 TPP');
    expect(why.citation).toMatch(/90 FR 4544; 15 CFR 740\.29/);
    // Other exceptions are unaffected: ACM is still offered, so an exception is still available.
    expect(over.outcome).toBe('license-exception-available');
  });

  it('lines each within the quota but together above it: LPP is off for the shipment, not for each line', () => {
    const half = quota / perUnit / 2;
    const d = tx([{ quantity: half }, { quantity: half + 1 }]);
    for (const l of d.lines) expect(l.exceptions.map((e) => e.code)).toContain('LPP');
    expect(codes(d)).not.toContain('LPP');
    expect(d.reasons.some((r) => /LPP is not available: this shipment alone is 26,910,000 TPP/.test(r.text))).toBe(true);
  });

  it('property: LPP is offered exactly when the rest of its conditions hold and the shipment is within the quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 0, max: 3000 }), (a, b) => {
        const items = [{ quantity: a }, ...(b ? [{ quantity: b }] : [])];
        const d = tx(items);
        expect(codes(d).includes('LPP')).toBe((a + b) * perUnit <= quota);
      }),
      { numRuns: 200 },
    );
  });

  it('the quota binds from its own date: a rule set that opens LPP earlier offers it above the quota until then', () => {
    // Move AI Diffusion's provisions to 2025-01-01 (the quota fact starts 2025-01-13).
    const base = baseRules();
    const early = {
      ...base,
      id: 'test-early-lpp',
      measures: base.measures.map((m) =>
        m.id !== 'AID-2025-01'
          ? m
          : { ...m, provisions: m.provisions.map((p) => (p.from === '2025-05-15' ? { ...p, from: '2025-01-01' } : p)) },
      ),
    };
    const over = (date: string) =>
      decide({ date, view: 'as-written', destination: 'IN', items: [{ spec, quantity: quota / perUnit + 1 }] }, { rules: early });
    expect(LPP_TPP_PER_CONSIGNEE_YEAR.from).toBe('2025-01-13');
    expect(codes(over('2025-01-12'))).toContain('LPP');
    expect(codes(over('2025-01-13'))).not.toContain('LPP');
    expect(codes(over('2025-01-14'))).not.toContain('LPP');
  });

  it('the quota is the as-written rule: the enforced view needs no licence to India at all', () => {
    const d = decide({ date: '2025-06-01', destination: 'IN', items: [{ spec, quantity: 5000 }] });
    expect(d.licenseRequired).toBe(false);
  });
});
