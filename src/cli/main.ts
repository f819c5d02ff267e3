/**
 * exportctl CLI entry. Each file in ./commands registers its own subcommands, so the command
 * families (classify, decide, screen, ledger, evidence, lab, serve…) stay in separate modules.
 * Exit codes: 0 answer, 1 a check failed (e.g. ledger verify), 2 bad input.
 */
import { Command, CommanderError } from 'commander';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from './errors.ts';
import { InputError } from '../engine/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildProgram(): Promise<Command> {
  const program = new Command('exportctl')
    .description('US export controls on AI compute: classify, decide, screen, account, explain')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  const dir = join(here, 'commands');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
        return 0;
      return 2; // commander already printed the message (unknown option, missing argument…)
    }
    if (err instanceof UsageError || err instanceof InputError) {
      process.stderr.write(`exportctl: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`exportctl: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return 3;
  }
}

const isEntry = process.argv[1] && /main\.ts$/.test(process.argv[1]);
if (isEntry) {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
