/**
 * Bad input to a pure engine function: names the field (a JSON path such as "items[0].quantity")
 * and the value received. Interfaces turn it into exit code 2 (CLI) or HTTP 400 (API).
 */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(`${field}: ${message} (got ${InputError.show(value)})`);
    this.name = 'InputError';
  }

  static show(value: unknown): string {
    if (value === undefined) return 'nothing';
    try {
      const s = JSON.stringify(value);
      return s === undefined ? String(value) : s.length > 80 ? s.slice(0, 77) + '...' : s;
    } catch {
      return String(value);
    }
  }
}
