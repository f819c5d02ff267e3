/**
 * Bad input to the ledger and batch services. It is an InputError (the engine's, one layer below),
 * so the CLI exits 2 and an API answers 400, but it keeps the service's own full message, which
 * already names the option or column and the value.
 */
import { InputError } from '../engine/errors.ts';

export class LedgerInputError extends InputError {
  constructor(field: string, value: unknown, message: string) {
    super(field, value, message);
    this.message = message;
    this.name = 'LedgerInputError';
  }
}
