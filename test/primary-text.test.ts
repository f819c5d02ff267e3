/**
 * The law is the spec: every comparison of the 3A090 tests in force on the eCFR issue date must
 * read the same in the eCFR text of that date (data/ecfr, issue 2026-07-23): same number, same
 * operator ("or more" = >=, "less than" = <, "greater than" = >).
 */
import { describe, expect, it } from 'vitest';
import ecfr from '../data/ecfr/ccl_advanced_computing_2026-07-23.json' with { type: 'json' };
import { activeOn } from '../src/engine/active.ts';
import { baseRules } from '../src/rules/index.ts';

type Para = { paragraph: string | null; kind: string; text: string };
const entry = (
  ecfr as unknown as { entries: { eccn: string; paragraphs?: Para[]; items?: Para[] }[] }
).entries.find((e) => e.eccn === '3A090')!;
const paras = (entry.paragraphs ?? entry.items ?? []) as Para[];
const text = (p: string) => paras.filter((x) => x.paragraph === p && x.kind === 'item').map((x) => x.text);

const phrase = (metric: string, op: string, limit: number): RegExp => {
  const n = String(limit).replace('.', '\\.');
  const name =
    metric === 'tpp'
      ? "'total processing performance'"
      : metric === 'performanceDensity'
        ? "'performance density'"
        : '';
  if (metric === 'memoryBandwidthDensity')
    return new RegExp(`greater than ${n} gigabytes per second per square millimeter`);
  if (op === '>=') return new RegExp(`${name}[^.;]*?\\b${n} or more|\\b${n} or more`);
  if (op === '<') return new RegExp(`less than ${n}\\b`);
  if (op === '>') return new RegExp(`greater than ${n}\\b`);
  return new RegExp(`${n}`);
};

describe('3A090 thresholds match the eCFR text of 2026-07-23', () => {
  const active = activeOn(baseRules(), '2026-07-23', 'as-written');
  for (const t of active.tests) {
    it(`${t.paragraph} (${t.id})`, () => {
      const id = t.paragraph.replace('3A090.', '');
      const texts = text(id);
      expect(texts.length, `paragraph ${id} found in the eCFR extract`).toBeGreaterThan(0);
      for (const c of t.all) {
        expect(
          texts.some((s) => phrase(c.metric, c.op, c.limit).test(s)),
          `${c.metric} ${c.op} ${c.limit} in "${texts.join(' / ')}"`,
        ).toBe(true);
      }
    });
  }
  it('Note 2 (datacenter note) reads as encoded', () => {
    const note = paras.find((p) =>
      /do not apply to items that are not designed or marketed for use in datacenters/.test(p.text),
    );
    expect(note?.text).toMatch(/'total processing performance' of 4800 or more/);
  });
  it('TPP technical note: 2 × MacTOPS × bit length; dense values', () => {
    expect(paras.some((p) => /2 × 'MacTOPS' × 'bit length of the operation'/.test(p.text))).toBe(true);
    expect(paras.some((p) => /dense matrices \(e\.g\., without sparsity\)/.test(p.text))).toBe(true);
  });
});
