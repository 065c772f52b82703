// The CLI as a person runs it: `patchbay serve` in a child process, the client commands against
// it, and Ctrl-C (SIGINT) stopping it cleanly with the database intact.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { freePorts } from '../../test/sipp/free-port';
import { tempDir } from '../../test/temp-dir';

const BIN = fileURLToPath(new URL('../../bin/patchbay.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../../shared/src/compiler/fixtures/', import.meta.url));
const TORTURE = fileURLToPath(new URL('../sip/message/testdata/rfc4475/', import.meta.url));

let dir: ReturnType<typeof tempDir>;
let server: ChildProcess;
let api: string;
let output = '';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATCHBAY_API: api },
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = tempDir();
  const [sipPort, httpPort] = await freePorts(2);
  api = `http://127.0.0.1:${httpPort}`;
  server = spawn(process.execPath, [BIN, 'serve', '--sip-host', '127.0.0.1', '--sip-port', String(sipPort)], {
    env: {
      ...process.env,
      PATCHBAY_HTTP_PORT: String(httpPort),
      PATCHBAY_DB: join(dir.path, 'data', 'p.db'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const end = Date.now() + 20_000;
  while (!output.includes('Patchbay listening:') && Date.now() < end)
    await new Promise((r) => setTimeout(r, 50));
  expect(output).toContain(`Patchbay listening: ${api}`);
});

afterAll(() => {
  if (server.exitCode === null) server.kill('SIGKILL');
  dir.remove();
});

describe('patchbay CLI', () => {
  it('deploys a flow file, lists flows, and refuses an invalid one naming node and field', () => {
    const ok = cli('deploy', join(FIXTURES, 'relay-with-busy.flow.json'));
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('Deployed main-trunk version 1');
    expect(cli('deploy', join(FIXTURES, 'relay-with-busy.flow.json'), '--json').stdout).toContain(
      '"version":2',
    );

    const flows = cli('flows');
    expect(flows.code).toBe(0);
    expect(flows.stdout).toMatch(/main-trunk\s+Main trunk\s+v2/);

    const bad = JSON.parse(
      spawnSync('cat', [join(FIXTURES, 'relay-with-busy.flow.json')], { encoding: 'utf8' }).stdout,
    ) as { nodes: Array<{ id: string; params: Record<string, unknown> }> };
    bad.nodes.find((n) => n.id === 'relay')!.params = { target: 'nowhere' };
    const file = join(dir.path, 'bad.flow.json');
    writeFileSync(file, JSON.stringify(bad));
    const refused = cli('deploy', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('node relay · target');
    expect(refused.stderr).toContain('PARAM_INVALID');
  });

  it('lists calls and says so when there are none; reports an unknown call', () => {
    expect(cli('calls').stdout).toBe('No calls yet.\n');
    expect(JSON.parse(cli('calls', '--json').stdout)).toEqual([]);
    const missing = cli('trace', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('CALL_NOT_FOUND');
  });

  it('parses SIP messages: JSON and exit 0, or the reason and exit 1', () => {
    const good = cli('sip', 'parse', join(TORTURE, 'wsinv.dat'));
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ kind: 'request', startLine: { method: 'INVITE' } });
    const bad = cli('sip', 'parse', join(TORTURE, 'badvers.dat'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid SIP message/);
  });

  it('explains usage errors and an unreachable engine', () => {
    expect(cli('frobnicate').code).toBe(2);
    const r = spawnSync(process.execPath, [BIN, 'flows', '--api', 'http://127.0.0.1:1'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot reach the engine');
  });

  it('stops cleanly on SIGINT, leaving a consistent database', async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('Patchbay stopped.');
    const db = new Database(join(dir.path, 'data', 'p.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT COUNT(*) AS n FROM programs').get()).toEqual({ n: 2 });
    db.close();
  });
});
