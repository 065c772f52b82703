// RequestEdits (sip-stack-types.ts) on the copy the proxy forwards (RFC 3261 §16.6 step 1).
// Checks: set/add/remove header reach the forwarded copy and not the request as received (nor
// the responses built from it); the proxy's own headers are refused; setUri validates and keeps
// the relay target as next hop; setBody keeps Content-Type/Content-Length in step.

import { describe, expect, it } from 'vitest';
import type { ProxiedRequest } from '../sip-stack-types';
import { invite, makeHarness } from './proxy-harness';

describe('RequestEdits', () => {
  it('edits the forwarded copy only', async () => {
    const h = makeHarness((req) => {
      req.edits.setHeader('Subject', 'first');
      req.edits.setHeader('subject', 'second');
      req.edits.addHeader('X-Tag', 'a');
      req.edits.addHeader('X-Tag', 'b');
      req.edits.removeHeader('Contact');
      void req.relay('sip:bob@192.0.2.30').then(() => req.sendBestResponse());
    });
    h.receive(invite({ extra: 'Subject: original\n' }));
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0];
    expect(sent?.headers.getAll('subject')).toEqual(['second']);
    expect(sent?.headers.getAll('x-tag')).toEqual(['a', 'b']);
    expect(sent?.headers.get('contact')).toBeUndefined();
    expect(sent?.uri).toBe('sip:bob@192.0.2.30');
    expect(h.seen[0]?.request.header('subject')).toBe('original');
    expect(h.seen[0]?.request.header('contact')).toBeDefined();
  });

  it.each([
    'Via',
    'v',
    'Route',
    'Record-Route',
    'CSeq',
    'Call-ID',
    'i',
    'Max-Forwards',
    'Content-Length',
    'l',
  ])('refuses to touch %s', async (name) => {
    let req: ProxiedRequest | undefined;
    const h = makeHarness((r) => (req = r));
    h.receive(invite());
    await h.flush();
    expect(() => req?.edits.setHeader(name, 'x')).toThrow(/managed by the proxy core/);
    expect(() => req?.edits.addHeader(name, 'x')).toThrow(/managed by the proxy core/);
    expect(() => req?.edits.removeHeader(name)).toThrow(/managed by the proxy core/);
  });

  it('refuses header injection and bad names', async () => {
    let req: ProxiedRequest | undefined;
    const h = makeHarness((r) => (req = r));
    h.receive(invite());
    await h.flush();
    expect(() => req?.edits.setHeader('Subject', 'a\r\nVia: evil')).toThrow(/CR, LF/);
    expect(() => req?.edits.addHeader('Bad Name', 'x')).toThrow(/invalid header name/);
  });

  it('sets the Request-URI; the relay target then only picks the next hop', async () => {
    const h = makeHarness((req) => {
      expect(() => req.edits.setUri('sip:bob@<bad>')).toThrow(/invalid Request-URI/);
      req.edits.setUri('sip:+15551234@carrier.example;user=phone');
      void req.relay('sip:192.0.2.40:5070');
    });
    h.receive(invite());
    await h.flush();
    const sent = h.sentTo('192.0.2.40', 'INVITE')[0];
    expect(sent?.uri).toBe('sip:+15551234@carrier.example;user=phone');
    expect(h.transport.sent.find((s) => s.msg === sent)?.target.port).toBe(5070);
  });

  it('replaces the body and keeps Content-Type and Content-Length in step', async () => {
    const h = makeHarness((req) => {
      req.edits.setBody(Buffer.from('hello'), 'text/plain');
      void req.relay('sip:bob@192.0.2.30');
    });
    h.receive(invite({ body: 'v=0\r\n' }));
    await h.flush();
    const sent = h.sentTo('192.0.2.30', 'INVITE')[0];
    expect(sent?.headers.get('content-type')).toBe('text/plain');
    expect(sent?.headers.get('content-length')).toBe('5');
    expect(Buffer.from(sent?.body ?? []).toString()).toBe('hello');
    expect(h.seen[0]?.request.sdp?.version).toBe(0);
  });
});
