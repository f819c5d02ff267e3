/**
 * exportctl keys create --role viewer|analyst|admin [--name N] [--expires 90d|YYYY-MM-DD] [--json]   prints the key once
 * exportctl keys list [--json]
 * exportctl keys revoke ID
 * Keys live hashed (SHA-256) in $EXPORTCTL_HOME/api.sqlite; the server reads the same file.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

export function register(program: Command): void {
  const keys = program.command('keys').description('API keys for `exportctl serve`: create (printed once), list, revoke');

  keys
    .command('create')
    .description('Create an API key with a role; the key is printed once and stored only as a hash')
    .requiredOption('--role <role>', 'viewer (reads), analyst (reads + writes), admin (everything, keys too)')
    .option('--name <name>', 'a label, e.g. who holds the key')
    .option('--expires <when>', 'when the key stops working: a number of days ("90d") or a date YYYY-MM-DD (00:00 UTC); default: never')
    .option('--json', 'print JSON')
    .action(async (o: { role: string; name?: string; expires?: string; json?: boolean }) => {
      const { KeyStore, isRole, parseExpiry, ROLES } = await import('../../api/keys.ts');
      if (!isRole(o.role)) throw new UsageError(`--role: expected one of ${ROLES.join(', ')} (got ${JSON.stringify(o.role)})`);
      if (o.name !== undefined && o.name.length > 200) throw new UsageError(`--name: at most 200 characters (got ${o.name.length})`);
      let expiresAt: string | null = null;
      try {
        expiresAt = o.expires === undefined ? null : parseExpiry(o.expires, '--expires');
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const ks = await KeyStore.open();
      try {
        const k = ks.create(o.role, o.name ?? '', expiresAt);
        if (o.json) process.stdout.write(JSON.stringify(k, null, 2) + '\n');
        else
          process.stdout.write(
            `${k.key}\n(${k.role} key ${k.id}${k.name ? ` "${k.name}"` : ''}${k.expiresAt ? `, expires ${k.expiresAt}` : ''}; shown once, stored only as a hash: keep it now)\n`,
          );
      } finally {
        ks.close();
      }
    });

  keys
    .command('list')
    .description('List keys (ids, roles, names, dates; never the keys)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { KeyStore, keyStatus } = await import('../../api/keys.ts');
      const ks = await KeyStore.open();
      try {
        const all = ks.list();
        if (o.json) return void process.stdout.write(JSON.stringify(all, null, 2) + '\n');
        if (all.length === 0) process.stdout.write('no keys (the server creates an admin key on first start)\n');
        const status = (k: (typeof all)[number]) => {
          const st = keyStatus(k);
          if (st === 'revoked') return `revoked ${k.revokedAt}`;
          if (st === 'expired') return `expired ${k.expiresAt}`;
          return k.expiresAt ? `active, expires ${k.expiresAt}` : 'active';
        };
        for (const k of all) process.stdout.write(`${k.id}  ${k.role.padEnd(8)} ${k.createdAt}  ${status(k).padEnd(40)}  ${k.name}\n`);
      } finally {
        ks.close();
      }
    });

  keys
    .command('revoke')
    .description('Revoke a key by id (the 8 hex characters after exk_)')
    .argument('<id>', 'key id')
    .action(async (id: string) => {
      if (!/^[0-9a-f]{8}$/.test(id)) throw new UsageError(`id: expected 8 hex characters, as shown by \`keys list\` (got ${JSON.stringify(id)})`);
      const { KeyStore } = await import('../../api/keys.ts');
      const ks = await KeyStore.open();
      try {
        if (!ks.revoke(id)) throw new UsageError(`id: no active key ${id}`);
        process.stdout.write(`revoked ${id}\n`);
      } finally {
        ks.close();
      }
    });
}
