// The whole engine in-process for integration tests: free ports on 127.0.0.1, a fresh SQLite
// file, no editor; plus a JSON caller for its API and a poll for what is written off the SIP path.
import { join } from 'node:path';
import type { Config } from '../src/config';
import { startPatchbay, type EngineSettings, type Patchbay } from '../src/patchbay';
import { freePorts } from './sipp/free-port';
import { tempDir } from './temp-dir';

export interface TestEngine {
  readonly engine: Patchbay;
  /** Path of the SQLite file. */
  readonly db: string;
  /** Call the API; a 4xx/5xx throws with the error envelope in the message. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Close the engine and remove its files. */
  stop(): Promise<void>;
}

export const TEST_SETTINGS: EngineSettings = {
  defaultResponse: { status: 404, reason: 'Not Found' },
  trace: {},
  overloadShedAtPercent: 0,
};

export async function startTestEngine(
  config: Partial<Pick<Config, 'auth' | 'adminPassword' | 'httpHost'>> = {},
  settings: EngineSettings = TEST_SETTINGS,
): Promise<TestEngine> {
  const dir = tempDir();
  const db = join(dir.path, 'p.db');
  const [sipPort, httpPort] = await freePorts(2);
  let engine: Patchbay;
  try {
    engine = await startPatchbay(
      { sipHost: '127.0.0.1', sipPort: sipPort!, httpHost: '127.0.0.1', httpPort: httpPort!, db, ...config },
      null,
      settings,
    );
  } catch (err) {
    dir.remove();
    throw err;
  }
  return {
    engine,
    db,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(engine.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const data = (text === '' ? undefined : JSON.parse(text)) as T;
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return data;
    },
    async stop() {
      await engine.close();
      dir.remove();
    },
  };
}

/** Poll `read` until `ok` holds or `ms` pass; returns the last value either way. */
export async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
