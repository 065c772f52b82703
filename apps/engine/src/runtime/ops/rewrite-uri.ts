import { rewriteUri } from '@patchbay/shared/nodes';
import { isSipUri } from '@patchbay/shared/sip-uri';
import { defineOp, linkExpr } from '../define-op';

export const rewriteUriOp = defineOp(rewriteUri, (params, link) => {
  const uri = linkExpr(params.uri, 'string', link.nodeId);
  const invalidEdge = link.hasEdge('invalid');
  const invalid = (why: string) => {
    if (!invalidEdge) throw new Error(why);
    return 'invalid' as const;
  };
  return (call) => {
    const v = String(uri(call.cel()));
    call.note('uri', v);
    if (!isSipUri(v)) return invalid(`"${v}" is not a SIP URI`);
    try {
      call.setUri(v);
    } catch (err) {
      call.note('error', (err as Error).message);
      return invalid((err as Error).message);
    }
    return 'next';
  };
});
