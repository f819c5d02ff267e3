/**
 * exportctl decide [--json] (--file FILE | --file -)
 * Reads a transaction, screens its parties against the loaded lists when it names any (see
 * src/services/decide.ts), and prints the decision with its reasons.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { printJson, readJsonArg } from '../io.ts';

export function register(program: Command): void {
  program
    .command('decide')
    .description('Decide a transaction: licence required?, exceptions, review policy, with citations')
    .option('--file <FILE>', 'transaction JSON file, or - for stdin')
    .option('--json', 'print one JSON object')
    .option('--date <YYYY-MM-DD>', 'override the transaction date')
    .option('--view <view>', 'override the view: enforced or as-written')
    .action(async (o: { file?: string; json?: boolean; date?: string; view?: string }) => {
      if (!o.file) throw new UsageError('--file: give a transaction JSON file, or - for stdin');
      const tx = readJsonArg(o.file, '--file') as Record<string, unknown>;
      if (tx && typeof tx === 'object' && !Array.isArray(tx)) {
        if (o.date !== undefined) tx.date = o.date;
        if (o.view !== undefined) tx.view = o.view;
      }
      const { decideWithParties } = await import('../../services/decide.ts');
      const d = await decideWithParties(tx);
      if (o.json) printJson(d);
      else process.stdout.write((await import('../render.ts')).renderDecision(d));
    });
}
