/**
 * Builds the web app into web/dist with Vite. `--if-needed` skips the build when web/dist is
 * newer than every source file (what `npm start` uses, so a fresh clone builds once).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = 0;
  for (const f of readdirSync(p)) m = Math.max(m, newest(join(p, f)));
  return m;
}

const out = join(here, 'dist', 'index.html');
const sources = [join(here, 'src'), join(here, 'index.html'), join(here, 'vite.config.ts')];
const fresh = existsSync(out) && statSync(out).mtimeMs >= Math.max(...sources.map(newest));
if (process.argv.includes('--if-needed') && fresh) {
  process.stdout.write('web app up to date (web/dist)\n');
} else {
  const { build } = await import('vite');
  await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'warn' });
  process.stdout.write('built the web app into web/dist\n');
}
