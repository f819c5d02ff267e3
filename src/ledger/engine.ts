/**
 * The decision engine as the ledger and batch runner see it: the contract of src/engine/decide.ts,
 * loaded lazily. EXPORTCTL_DECIDE_MODULE (a file path or URL exporting the same `decide` and
 * `rulesVersion`) swaps in another engine; the tests use it for a deterministic fake.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Reason } from '../rules/types.ts';

export interface DecisionLine {
  product?: string;
  quantity: number;
  eccn: string | null;
  licenseRequired: boolean;
  tpp: number | null;
  h100Equivalents: number | null;
  reasons: Reason[];
}

export interface Decision {
  licenseRequired: boolean;
  outcome: 'no-license-required' | 'license-exception-available' | 'license-required';
  reviewPolicy: 'presumption-of-denial' | 'case-by-case' | 'presumption-of-approval' | null;
  exceptions: { code: string; aes?: string; conditions: string[] }[];
  lines: DecisionLine[];
  totals: { quantity: number; tpp: number; h100Equivalents: number };
  reasons: Reason[];
  measures: string[];
  confidence: 'high' | 'medium' | 'low';
  warnings: string[];
  rulesVersion: string;
  tier?: string;
}

export interface Transaction {
  date: string;
  exportFrom?: string;
  destination: string;
  items: ({ product: string; quantity: number } | { spec: unknown; quantity: number })[];
  endUser?: { name?: string; country?: string; headquarters?: string; ultimateParentHeadquarters?: string };
  endUse?: string;
  view?: 'enforced' | 'as-written';
}

export interface Engine {
  decide(tx: Transaction, opts?: { explain?: boolean }): Decision;
  rulesVersion(): string;
  /** The module the engine came from (recorded in batch runs). */
  module: string;
}

export function engineModuleUrl(): string {
  const m = process.env.EXPORTCTL_DECIDE_MODULE;
  if (!m) return new URL('../engine/decide.ts', import.meta.url).href;
  if (/^(file|data):/.test(m)) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

const cache = new Map<string, Promise<Engine>>();

export function loadEngine(url = engineModuleUrl()): Promise<Engine> {
  let p = cache.get(url);
  if (!p) {
    p = import(url).then((mod: Partial<Engine>) => {
      if (typeof mod.decide !== 'function')
        throw new Error(`decision engine ${url} does not export decide()`);
      const rv = typeof mod.rulesVersion === 'function' ? mod.rulesVersion : () => 'unknown';
      return { decide: mod.decide, rulesVersion: rv, module: url };
    });
    cache.set(url, p);
  }
  return p;
}
