// Digest calculation against the RFCs' own worked examples.
import { describe, expect, it } from 'vitest';
import { authorizationValue, digestResponse, parseChallenge } from './digest';

describe('digest', () => {
  it('RFC 2617 §3.5 example (MD5, qop=auth)', () => {
    const ch = parseChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(ch).toMatchObject({ realm: 'testrealm@host.com', qop: 'auth', algorithm: 'MD5' });
    const r = digestResponse(ch!, {
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: '0a4f113b',
      nc: '00000001',
    });
    expect(r).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('RFC 7616 §3.9.1 example (SHA-256 and MD5, qop=auth)', () => {
    const input = {
      username: 'Mufasa',
      password: 'Circle of Life',
      method: 'GET',
      uri: '/dir/index.html',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      nc: '00000001',
    };
    const base =
      'realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
    const sha = parseChallenge(`Digest ${base}, algorithm=SHA-256`)!;
    expect(digestResponse(sha, input)).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
    const md5 = parseChallenge(`Digest ${base}, algorithm=MD5`)!;
    expect(digestResponse(md5, input)).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('builds the header with cnonce, nc and opaque, and refuses what it cannot answer', () => {
    const ch = parseChallenge('Digest realm="r", nonce="n", qop="auth", opaque="o"')!;
    const v = authorizationValue(ch, { username: 'u', password: 'p', method: 'MESSAGE', uri: 'sip:b@h' });
    expect(v).toMatch(/^Digest username="u", realm="r", nonce="n", uri="sip:b@h", response="[0-9a-f]{32}"/);
    expect(v).toMatch(/qop=auth, nc=00000001/);
    expect(v).toMatch(/opaque="o"/);
    expect(parseChallenge('Basic realm="r"')).toBeUndefined();
    expect(parseChallenge('Digest realm="r", nonce="n", qop="auth-int"')).toBeUndefined();
    expect(parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-512-256')).toBeUndefined();
  });
});
