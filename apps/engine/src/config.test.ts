import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

describe('readConfig', () => {
  it('defaults to DESIGN.md values', () => {
    expect(readConfig([], {})).toEqual({
      sipHost: '0.0.0.0',
      sipPort: 5060,
      httpHost: '127.0.0.1',
      httpPort: 8080,
      db: './data/patchbay.db',
      auth: 'auto',
      adminPassword: undefined,
      engineEnv: expect.any(Object),
    });
  });

  it('takes environment variables, and flags over them', () => {
    const env = {
      PATCHBAY_SIP_PORT: '5070',
      PATCHBAY_HTTP_PORT: '9000',
      PATCHBAY_DB: '/tmp/x.db',
      PATCHBAY_SIP_HOST: '127.0.0.1',
    };
    expect(readConfig(['--http-port', '9100', '--http-host=::1'], env)).toEqual({
      sipHost: '127.0.0.1',
      sipPort: 5070,
      httpHost: '::1',
      httpPort: 9100,
      db: '/tmp/x.db',
      auth: 'auto',
      adminPassword: undefined,
      engineEnv: expect.any(Object),
    });
  });

  it('rejects ports that are not ports, and unknown flags', () => {
    expect(() => readConfig(['--sip-port', '70000'], {})).toThrow(ConfigError);
    expect(() => readConfig([], { PATCHBAY_HTTP_PORT: 'eighty' })).toThrow(/PATCHBAY_HTTP_PORT/);
    expect(() => readConfig(['--sip-prot', '5060'], {})).toThrow(/sip-prot/);
    expect(() => readConfig(['--auth', 'maybe'], {})).toThrow(/PATCHBAY_AUTH/);
  });

  it('passes the engine settings on under their environment names, flags first', () => {
    const c = readConfig(['--default-response', '480 Temporarily Unavailable'], {
      PATCHBAY_TRACE_MAX_AGE_DAYS: '7',
    });
    expect(c.engineEnv).toEqual({
      PATCHBAY_DEFAULT_RESPONSE: '480 Temporarily Unavailable',
      PATCHBAY_TRACE_MAX_AGE_DAYS: '7',
      PATCHBAY_TRACE_MAX_DB_MB: '1024',
      PATCHBAY_TRACE_REDACT: 'on',
      PATCHBAY_OVERLOAD_SHED_AT: '0',
    });
  });
});
