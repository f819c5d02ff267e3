/**
 * Rules beside the evidence: the export-control measures' dates and which controlled chips a
 * follower-country lab could buy without a licence at each date.
 *
 * Measures come from the project's own rules (src/rules/measures, `MEASURES`). The per-date chip
 * status for Chinese buyers comes from the engine: `decide()` for an export of one unit from the US
 * to CN (enforced view) evaluated on every day the rules change. If the rules or the engine cannot
 * be loaded, both fall back to data/evidence/control-timeline.json (cited per row); the answer says
 * which origin was used.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Confidence, ISODate } from '../rules/types.ts';
import { DEFAULT_FILES } from './readers.ts';

export interface ControlEvent {
  id: string;
  title: string;
  kind?: string;
  date: ISODate;
  citation: string;
  confidence: Confidence;
}

export type ChipStatus = 'no-licence' | 'licence-required' | 'case-by-case';

export interface ChipWindow {
  chip: string;
  status: ChipStatus;
  from: ISODate;
  to?: ISODate;
  citation: string;
  confidence: Confidence;
  note?: string;
}

export interface ControlTimeline {
  events: ControlEvent[];
  chips: ChipWindow[];
  origin: { measures: string; chips: string };
}

interface FallbackFile {
  measures: {
    id: string;
    title: string;
    fr?: string;
    source?: string;
    effective: string;
    confidence: Confidence;
    note?: string;
  }[];
  chips: ChipWindow[];
}

const SKIP_KINDS = new Set(['bill-not-enacted', 'draft-rule-withdrawn']);

/** Pure: turn the rules' Measure records into dated events (bills and withdrawn drafts left out). */
export function eventsFromMeasures(
  measures: readonly {
    id: string;
    title: string;
    kind?: string;
    frCitation?: string;
    sources?: string[];
    effective: string;
    confidence: Confidence;
  }[],
): ControlEvent[] {
  return measures
    .filter((m) => !m.kind || !SKIP_KINDS.has(m.kind))
    .map((m) => ({
      id: m.id,
      title: m.title,
      ...(m.kind ? { kind: m.kind } : {}),
      date: m.effective,
      citation: m.frCitation ?? m.sources?.[0] ?? '',
      confidence: m.confidence,
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Chips whose status the overlay shows (catalog names/aliases). */
export const OVERLAY_CHIPS = ['A100', 'H100', 'A800', 'H800', 'H20', 'H200'] as const;

/**
 * Chip windows from the engine: decide() for 1 unit US → CN on each rule boundary day since 2022-08-01,
 * merged into windows of equal status. Throws if the engine or rules cannot be loaded.
 */
export async function engineChipWindows(chips: readonly string[] = OVERLAY_CHIPS): Promise<ChipWindow[]> {
  const here = dirname(fileURLToPath(import.meta.url));
  const url = (p: string) => pathToFileURL(join(here, '..', p)).href;
  const { decide } = (await import(url('engine/decide.ts'))) as {
    decide: (
      input: unknown,
      opts?: { explain?: boolean },
    ) => { outcome: string; reviewPolicy: string | null; measures: string[]; confidence: Confidence };
  };
  const { boundaryDays } = (await import(url('engine/active.ts'))) as {
    boundaryDays: (rules: unknown, view: 'enforced' | 'as-written') => string[];
  };
  const { baseRules } = (await import(url('rules/index.ts'))) as { baseRules: () => unknown };
  const start = '2022-08-01';
  const days = [start, ...boundaryDays(baseRules(), 'enforced').filter((d) => d > start)];
  const out: ChipWindow[] = [];
  for (const chip of chips) {
    let cur: ChipWindow | undefined;
    for (const d of days) {
      const r = decide(
        { date: d, destination: 'CN', items: [{ product: chip, quantity: 1 }] },
        { explain: false },
      );
      const status: ChipStatus =
        r.outcome === 'no-license-required'
          ? 'no-licence'
          : r.reviewPolicy === 'case-by-case' || r.reviewPolicy === 'presumption-of-approval'
            ? 'case-by-case'
            : 'licence-required';
      if (cur && cur.status === status) continue;
      if (cur) cur.to = d;
      cur = {
        chip,
        status,
        from: d,
        citation: r.measures.length
          ? `engine decide(): ${r.measures.join(', ')}`
          : 'engine decide(): no measure applies',
        confidence: r.confidence,
      };
      out.push(cur);
    }
  }
  return out;
}

export async function loadControlTimeline(fallbackFile = DEFAULT_FILES.timeline): Promise<ControlTimeline> {
  const fb = JSON.parse(readFileSync(fallbackFile, 'utf8')) as FallbackFile;
  let events: ControlEvent[] | undefined;
  let measuresOrigin = 'data/evidence/control-timeline.json (fallback)';
  const here = dirname(fileURLToPath(import.meta.url));
  const idx = join(here, '..', 'rules', 'measures', 'index.ts');
  if (existsSync(idx)) {
    try {
      const mod = (await import(pathToFileURL(idx).href)) as {
        MEASURES?: Parameters<typeof eventsFromMeasures>[0];
      };
      if (Array.isArray(mod.MEASURES) && mod.MEASURES.length) {
        events = eventsFromMeasures(mod.MEASURES);
        measuresOrigin = 'src/rules/measures (MEASURES)';
      }
    } catch {
      events = undefined; // the rules module failed to load: use the fallback table
    }
  }
  events ??= fb.measures.map((m) => ({
    id: m.id,
    title: m.title,
    date: m.effective,
    citation: m.fr ?? m.source ?? '',
    confidence: m.confidence,
  }));
  let chips: ChipWindow[] = fb.chips;
  let chipsOrigin = 'data/evidence/control-timeline.json (fallback: the engine could not be loaded)';
  try {
    chips = await engineChipWindows();
    chipsOrigin = 'engine decide() for US → CN, enforced view, on each rule boundary day';
  } catch (e) {
    if (process.env.EXPORTCTL_DEBUG)
      process.stderr.write(`evidence: engine chip status unavailable: ${(e as Error).message}\n`);
    chips = fb.chips; // engine unavailable: the cited fallback table
  }
  return { events, chips, origin: { measures: measuresOrigin, chips: chipsOrigin } };
}

/** Chips and their status for a Chinese buyer on day d (a window holds when from <= d < to). */
export function chipsAt(
  chips: ChipWindow[],
  d: ISODate,
): { chip: string; status: ChipStatus; citation: string; confidence: Confidence; note?: string }[] {
  return chips
    .filter((c) => c.from <= d && (!c.to || d < c.to))
    .map((c) => ({
      chip: c.chip,
      status: c.status,
      citation: c.citation,
      confidence: c.confidence,
      ...(c.note ? { note: c.note } : {}),
    }));
}

export function eventsBetween(events: ControlEvent[], from: ISODate, to: ISODate): ControlEvent[] {
  return events.filter((e) => e.date >= from && e.date <= to);
}

/** "H800 legal until 2023-11-17" style lines for the chips that were legal without a licence at some point. */
export function legalWindows(chips: ChipWindow[]): string[] {
  return chips
    .filter((c) => c.status === 'no-licence')
    .map((c) => `${c.chip}: no licence needed ${c.from} → ${c.to ?? 'now'} (${c.citation})`);
}
