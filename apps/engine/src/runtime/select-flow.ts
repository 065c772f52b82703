// Chooses the deployed flow whose Start matches a new request. For now Start matches on the
// method; when several flows match, the one with the smallest flow id wins, so the choice is
// stable across restarts (priorities come with richer matching).
import type { RequestView } from '../sip/sip-stack-types';
import type { LinkedProgram } from './link-program';

export function selectFlow(
  programs: readonly LinkedProgram[],
  request: RequestView,
): LinkedProgram | undefined {
  for (const p of programs) if (p.methods.has(request.method)) return p;
  return undefined;
}
