/**
 * exportctl serve [--port 8080] [--host 127.0.0.1] [--db LOCATION] [--no-auth] …
 * Starts the HTTP API and the web app. On first start with no API key, creates an admin key and
 * prints it once with the URL. --no-auth is refused unless the server binds to loopback.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';

interface ServeOpts {
  port: string;
  host: string;
  db?: string;
  auth: boolean;
  rateLimit: string;
  bodyLimit: string;
  answerMemo: string;
  corsOrigin?: string[];
  web?: string;
  log?: boolean;
}

function int(v: string, field: string, min: number, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new UsageError(`${field}: expected a whole number ${min}..${max} (got ${JSON.stringify(v)})`);
  return n;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP API (/v1, /openapi.json, /docs) and the web app')
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--db <location>', 'ledger: SQLite file or postgres://… (default $EXPORTCTL_DATABASE_URL or $EXPORTCTL_HOME/ledger.sqlite)')
    .option('--no-auth', 'no API keys (every request acts as admin); refused unless --host is loopback')
    .option('--rate-limit <n>', 'requests per minute per API key (or per IP without a key); 0 = off', '600')
    .option('--body-limit <bytes>', 'largest JSON body', String(256 * 1024))
    .option('--cors-origin <origin...>', 'browser origins allowed to call the API (default: none, CORS off)')
    .option('--web <dir>', 'built web app to serve (default web/dist)')
    .option('--answer-memo <MiB>', 'memory for kept answers to decide requests that name no party (the same question gets the same bytes again); 0 = off', '32')
    .option('--log', 'log every request (JSON lines on stdout)')
    .action(async (o: ServeOpts) => {
      const port = int(o.port, '--port', 0, 65535);
      const rateLimit = int(o.rateLimit, '--rate-limit', 0, 10_000_000);
      const bodyLimit = int(o.bodyLimit, '--body-limit', 1024, 100 * 1024 * 1024);
      const answerMemoBytes = int(o.answerMemo, '--answer-memo', 0, 4096) * 1024 * 1024;
      for (const c of o.corsOrigin ?? []) if (!/^https?:\/\/[^/\s]+$/.test(c)) throw new UsageError(`--cors-origin: expected an origin like https://app.example.com (got ${JSON.stringify(c)})`);
      const { isLoopback, buildServer } = await import('../../api/server.ts');
      if (!o.auth && !isLoopback(o.host)) throw new UsageError(`--no-auth: refused because --host ${o.host} is not loopback (use 127.0.0.1, or keep auth on)`);
      const { KeyStore, apiHome } = await import('../../api/keys.ts');
      const keys = o.auth ? await KeyStore.open() : undefined;
      let firstKey: string | undefined;
      if (keys && keys.activeCount() === 0) firstKey = keys.create('admin', 'initial admin (created on first start)').key;
      const { existsSync } = await import('node:fs');
      const { DEFAULT_WEB_ROOT } = await import('../../api/server.ts');
      const webRoot = o.web ?? DEFAULT_WEB_ROOT;
      if (o.web && !existsSync(o.web)) throw new UsageError(`--web: no such directory (got ${JSON.stringify(o.web)})`);
      let server;
      try {
        server = await buildServer({ host: o.host, auth: o.auth, keys, home: apiHome(), db: o.db, rateLimit, bodyLimit, answerMemoBytes, corsOrigins: o.corsOrigin, webRoot, logger: !!o.log });
      } catch (e) {
        keys?.close();
        throw new UsageError(`serve: ${(e as Error).message}`);
      }
      try {
        await server.app.listen({ port, host: o.host });
      } catch (e) {
        await server.close();
        throw new UsageError(`--port: cannot listen on ${o.host}:${port} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      const addr = server.app.server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host === '0.0.0.0' ? '127.0.0.1' : o.host;
      const url = `http://${shownHost}:${actual}/`;
      const lines = [`exportctl serving on ${url}`, `  API docs: ${url}docs   OpenAPI: ${url}openapi.json`];
      if (!existsSync(webRoot + '/index.html')) lines.push('  web app not built: run `npm run build:web` (npm start does it for you)');
      if (firstKey) {
        lines.push('', '  First start: created an admin API key. It is shown ONCE; keep it:', `    ${firstKey}`, '  Log in to the web app with it, or send it as "Authorization: Bearer <key>".', '  More keys: exportctl keys create --role analyst');
      } else if (!o.auth) lines.push('  --no-auth: API keys are not checked (loopback only)');
      else lines.push('  Log in with an API key (exportctl keys create --role analyst prints a new one).');
      process.stdout.write(lines.join('\n') + '\n');
      // Warm the chip timeline so the first visit to the Chips page is quick.
      setTimeout(() => void import('../../api/chips.ts').then((m) => m.chipTimeline('CN', 'enforced')).catch(() => undefined), 50);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
