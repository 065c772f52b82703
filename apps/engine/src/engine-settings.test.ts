import { describe, expect, it } from 'vitest';
import { engineSettingsFromEnv, SettingsError } from './patchbay';

describe('engine settings from the environment', () => {
  it('defaults: 404, 30 days, 1 GiB, redaction on, no load shedding', () => {
    expect(engineSettingsFromEnv({})).toEqual({
      defaultResponse: { status: 404, reason: 'Not Found' },
      trace: { maxAgeMs: 30 * 86_400_000, maxDbBytes: 1024 ** 3, redactAuth: true },
      overloadShedAtPercent: 0,
    });
  });

  it('reads every variable', () => {
    expect(
      engineSettingsFromEnv({
        PATCHBAY_DEFAULT_RESPONSE: '480 Temporarily Unavailable',
        PATCHBAY_TRACE_MAX_AGE_DAYS: '0.5',
        PATCHBAY_TRACE_MAX_DB_MB: '0',
        PATCHBAY_TRACE_REDACT: 'off',
        PATCHBAY_OVERLOAD_SHED_AT: '60',
      }),
    ).toEqual({
      defaultResponse: { status: 480, reason: 'Temporarily Unavailable' },
      trace: { maxAgeMs: 43_200_000, maxDbBytes: 0, redactAuth: false },
      overloadShedAtPercent: 60,
    });
  });

  it('takes a bare code with its standard reason', () => {
    expect(engineSettingsFromEnv({ PATCHBAY_DEFAULT_RESPONSE: '480' }).defaultResponse).toEqual({
      status: 480,
      reason: 'Temporarily Unavailable',
    });
  });

  it.each([
    { PATCHBAY_DEFAULT_RESPONSE: '200 OK' },
    { PATCHBAY_DEFAULT_RESPONSE: 'busy' },
    { PATCHBAY_TRACE_MAX_AGE_DAYS: '-1' },
    { PATCHBAY_TRACE_MAX_DB_MB: 'lots' },
    { PATCHBAY_TRACE_REDACT: 'maybe' },
    { PATCHBAY_OVERLOAD_SHED_AT: '150' },
    { PATCHBAY_OVERLOAD_SHED_AT: 'half' },
  ])('refuses %o', (env) => {
    expect(() => engineSettingsFromEnv(env)).toThrow(SettingsError);
  });
});
