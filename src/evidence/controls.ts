/**
 * Rules beside the evidence: the export-control measures' dates and which controlled chips a
 * follower-country lab could buy without a licence at each date.
 *
 * Measures come from the project's own rules (src/rules/measures, `MEASURES`). The per-date chip
 * status for Chinese buyers comes from data/evidence/control-timeline.json (cited per row) until the
 * engine exposes a chip-status-per-date function; the answer says which origin was used.
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
  return {
    events,
    chips: fb.chips,
    origin: {
      measures: measuresOrigin,
      chips: 'data/evidence/control-timeline.json (engine chip-status-per-date not available yet)',
    },
  };
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
