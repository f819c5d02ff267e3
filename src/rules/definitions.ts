/**
 * Technical notes to ECCN 3A090 (15 CFR part 774 Supp. 1): the definitions the metrics use.
 * The formulas live in src/engine/metrics.ts; the numbers live here with their citations.
 *
 * Checked against the eCFR extract of 2026-07-23 (shared/data/ecfr, via reference/primary_text.md
 * §1.1): TPP = 2 × MacTOPS × bit length, aggregated over processing units; the highest TPP over the
 * supported bit lengths is evaluated; dense values are used where an IC handles sparse and dense;
 * PD = TPP ÷ applicable die area (mm², non-planar logic dies); memory bandwidth density = GB/s ÷ mm².
 */
import type { Citation, Confidence } from './types.ts';

export type NumberFormat =
  'fp64' | 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'fp6' | 'fp4' | 'int4';
export const NUMBER_FORMATS: readonly NumberFormat[] = [
  'fp64',
  'fp32',
  'tf32',
  'fp16',
  'bf16',
  'fp8',
  'int8',
  'fp6',
  'fp4',
  'int4',
];

const TECH_NOTE: Citation = {
  measure: 'ACS-2023-10',
  fr: '88 FR 73458',
  cfr: '15 CFR part 774 Supp. 1, ECCN 3A090, Technical Note on TPP (Technical Note 2 to 3A090.a and .b)',
};

export interface Definition<T> {
  value: T;
  citation: Citation;
  confidence: Confidence;
  note?: string;
}

/**
 * 'Bit length of the operation' is the largest bit length of the inputs to the multiply.
 * Each format's bit length is its storage width. TF32 is the exception: its operands carry 19
 * significant bits (1 sign, 8 exponent, 10 mantissa) but are stored in 32-bit registers, and the
 * rule text does not settle which counts. We leave TF32 out of the TPP maximum by default and
 * report what it would give at 19 and at 32 bits (see tf32Policy).
 */
export const BIT_LENGTH: Definition<Record<NumberFormat, number>> = {
  value: { fp64: 64, fp32: 32, tf32: 19, fp16: 16, bf16: 16, fp8: 8, int8: 8, fp6: 6, fp4: 4, int4: 4 },
  citation: { ...TECH_NOTE, cfr: TECH_NOTE.cfr + ", 'bit length of the operation'" },
  confidence: 'medium',
  note: "The phrase 'largest bit length of the inputs to the multiply' is from the eCFR text; the per-format widths are the formats' own definitions.",
};

export type Tf32Policy = 'exclude' | 'as-19-bit' | 'as-32-bit';
export const DEFAULT_TF32_POLICY: Definition<Tf32Policy> = {
  value: 'exclude',
  citation: { source: 'exportctl convention (docs/metrics.md); shared/reference/chips.md §1' },
  confidence: 'low',
  note: 'TF32 left out of the maximum; the alternatives are reported when they would change TPP.',
};

/** TPP = 2 × MacTOPS × bit length. Datasheet TOPS already count one MAC as 2 operations. */
export const MAC_OPS_FACTOR: Definition<number> = {
  value: 2,
  citation: TECH_NOTE,
  confidence: 'high',
  note: 'One multiply-accumulate counts as two operations, so 2 × MacTOPS equals the datasheet TOPS figure.',
};

/** Where only a sparse (2:4 structured sparsity) figure is known, the dense figure is half of it. */
export const SPARSITY_FACTOR: Definition<number> = {
  value: 2,
  citation: {
    ...TECH_NOTE,
    cfr: '15 CFR part 774 Supp. 1, ECCN 3A090, Technical Note: use dense values, no sparsity',
  },
  confidence: 'medium',
  note: 'The rule says to use dense values; halving a 2:4-sparse datasheet figure is the usual estimate and is flagged.',
};

/** One H100-equivalent: the TPP of an NVIDIA H100 SXM (1,979 dense FP8 TFLOPS × 8 bits). */
export const H100_EQUIVALENT_TPP: Definition<number> = {
  value: 15_832,
  citation: {
    source:
      'shared/reference/rules.md §5 ("one H100-equivalent = 15,832 TPP"); 90 FR 4544 caps are commonly converted at this rate',
  },
  confidence: 'medium',
  note: 'A convention of analysts and press, not a regulatory term.',
};

export const PD_DEFINITION: Definition<string> = {
  value:
    "performance density = TPP ÷ 'applicable die area' (mm², all logic dies on a non-planar transistor node)",
  citation: { ...TECH_NOTE, cfr: '15 CFR part 774 Supp. 1, ECCN 3A090, Technical Note: performance density' },
  confidence: 'high',
};

export const MEMORY_BANDWIDTH_DENSITY_DEFINITION: Definition<string> = {
  value: "'memory bandwidth density' = memory bandwidth (GB/s) ÷ package or stack area (mm²)",
  citation: {
    measure: 'FDP-2024-12',
    fr: '89 FR 96790',
    cfr: '15 CFR part 774 Supp. 1, ECCN 3A090.c, Technical Note',
  },
  confidence: 'high',
};
