import { parse, write } from 'sdp-transform';
import { sdpCodecs } from '@patchbay/shared/nodes';
import { defineOp } from '../define-op';

export const sdpCodecsOp = defineOp(sdpCodecs, (params) => {
  const names = new Set(params.codecs.map((c) => c.toLowerCase()));
  const keep = params.mode === 'keep';
  return (call) => {
    const before = call.sdpBody;
    if (before.trim() === '') {
      call.note('sdp', 'none');
      return 'next';
    }
    const sdp = parse(before);
    const removed: string[] = [];
    for (const m of sdp.media) {
      const kept = m.rtp.filter((r) => names.has(r.codec.toLowerCase()) === keep);
      const payloads = new Set(kept.map((r) => r.payload));
      for (const r of m.rtp) if (!payloads.has(r.payload)) removed.push(r.codec);
      if (
        m.type === 'audio' &&
        kept.filter((r) => r.codec.toLowerCase() !== 'telephone-event').length === 0
      ) {
        call.note('removed', []);
        call.note('reason', 'no audio codec would be left');
        return 'no-codec';
      }
      m.rtp = kept;
      if (m.fmtp) m.fmtp = m.fmtp.filter((f) => payloads.has(f.payload));
      if (m.rtcpFb) m.rtcpFb = m.rtcpFb.filter((f) => f.payload === '*' || payloads.has(Number(f.payload)));
      m.payloads = String(m.payloads ?? '')
        .split(' ')
        .filter((p) => payloads.has(Number(p)))
        .join(' ');
    }
    call.note('removed', removed);
    if (removed.length > 0) call.setSdp(write(sdp));
    return 'next';
  };
});
