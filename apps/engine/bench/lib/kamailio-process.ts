// Starts Kamailio in the foreground (-DD -E) with bench/kamailio/kamailio.cfg, listening on a free
// UDP port of 127.0.0.1 and relaying to the SIPp UAS; its CPU time is the sum over its processes.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniquePort } from './ports';
import { sleep, startTracked } from './processes';
import { cpuSeconds, processTree, udpPortBound } from './proc-stats';
import type { SystemUnderTest } from './sut';

const CFG = join(dirname(fileURLToPath(import.meta.url)), '../kamailio/kamailio.cfg');

/** Path of the kamailio binary, or undefined when it is not installed. */
export function findKamailio(): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/usr/local/sbin']);
  return dirs.map((d) => join(d, 'kamailio')).find((p) => existsSync(p));
}

export function kamailioVersion(bin: string): string {
  try {
    return /version: (.*)/.exec(execFileSync(bin, ['-v'], { encoding: 'utf8' }))?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function startKamailio(
  bin: string,
  uasPort: number,
  children: number,
): Promise<SystemUnderTest> {
  const sipPort = await uniquePort();
  const runDir = mkdtempSync(join(tmpdir(), 'patchbay-bench-kamailio-'));
  const args = ['-f', CFG, '-DD', '-E', '-n', String(children), '-m', '512', '-M', '16', '-Y', runDir];
  args.push('-l', `udp:127.0.0.1:${sipPort}`, '-A', `UAS_URI="sip:callee@127.0.0.1:${uasPort}"`);
  const proc = startTracked('kamailio', bin, args);
  for (let i = 0; i < 100 && !udpPortBound(sipPort); i++) await sleep(50);
  await sleep(300); // workers forked after the bind
  const alive = (): boolean => proc.child.exitCode === null && proc.child.signalCode === null;
  if (!alive() || !udpPortBound(sipPort)) {
    await proc.stop();
    throw new Error(`kamailio did not start:\n${proc.output()}`);
  }
  return {
    name: 'kamailio',
    sipPort,
    cpuSeconds: () => cpuSeconds(processTree(proc.pid)),
    alive,
    output: () => proc.output(),
    stop: () => proc.stop(5000),
  };
}

/** Kamailio config text, for the report. */
export function kamailioConfig(): string {
  return readFileSync(CFG, 'utf8');
}
