/** Input validation shared by the screening CLI commands (messages name the field and value). */
import { UsageError } from './errors.ts';
import { ENTITY_TYPES, LIST_FORMATS, type EntityType, type ListFormat } from '../screening/model.ts';

export function checkDate(v: string | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new UsageError(`${field}: expected a date YYYY-MM-DD (got ${JSON.stringify(v)})`);
  return v;
}

export async function checkCountry(v: string | undefined, field: string): Promise<string | undefined> {
  if (v === undefined || v === '') return undefined;
  const { isCountryCode, countryCode } = await import('../screening/countries.ts');
  if (isCountryCode(v)) return v.toUpperCase();
  const c = countryCode(v);
  if (c) return c;
  throw new UsageError(
    `${field}: expected an ISO 3166 two-letter country code such as CN (got ${JSON.stringify(v)})`,
  );
}

export function checkType(v: string | undefined, field: string): EntityType | undefined {
  if (v === undefined || v === '') return undefined;
  const t = v.toLowerCase() === 'individual' ? 'person' : v.toLowerCase();
  if (!(ENTITY_TYPES as readonly string[]).includes(t))
    throw new UsageError(`${field}: expected one of ${ENTITY_TYPES.join(', ')} (got ${JSON.stringify(v)})`);
  return t as EntityType;
}

export function checkFormat(v: string | undefined, field: string): ListFormat | undefined {
  if (v === undefined) return undefined;
  if (!(LIST_FORMATS as readonly string[]).includes(v))
    throw new UsageError(`${field}: expected one of ${LIST_FORMATS.join(', ')} (got ${JSON.stringify(v)})`);
  return v as ListFormat;
}

export function checkName(v: string, field: string): string {
  const s = v.trim();
  if (!s) throw new UsageError(`${field}: expected a non-empty name (got ${JSON.stringify(v)})`);
  if (s.length > 500)
    throw new UsageError(
      `${field}: name longer than 500 characters (got ${JSON.stringify(s.slice(0, 40) + '…')})`,
    );
  return s;
}

export function printJson(x: unknown): void {
  process.stdout.write(JSON.stringify(x, null, 2) + '\n');
}
