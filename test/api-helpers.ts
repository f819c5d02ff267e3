/** Shared set-up for the API tests: a server on a temporary EXPORTCTL_HOME with an in-memory key store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, type Server, type ServerOptions } from '../src/api/server.ts';
import { KeyStore } from '../src/api/keys.ts';

export interface TestServer extends Server {
  home: string;
  keys: KeyStore;
  admin: string;
  analyst: string;
  viewer: string;
  cleanup(): Promise<void>;
}

export async function testServer(opts: ServerOptions = {}): Promise<TestServer> {
  const home = mkdtempSync(join(tmpdir(), 'exportctl-api-'));
  const keys = await KeyStore.open(':memory:');
  const admin = keys.create('admin', 'test admin').key;
  const analyst = keys.create('analyst', 'test analyst').key;
  const viewer = keys.create('viewer', 'test viewer').key;
  const s = await buildServer({ home, keys, webRoot: null, rateLimit: 0, ...opts });
  return {
    ...s,
    home,
    keys,
    admin,
    analyst,
    viewer,
    cleanup: async () => {
      await s.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
