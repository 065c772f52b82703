import { describe, expect, it } from 'vitest';
import { elapsedMs, formatDay, formatDuration, formatMicros, formatOffset } from './format';

describe('format', () => {
  it('formats durations at the right scale', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.23 s');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
  });

  it('formats microseconds with a thousands separator', () => {
    expect(formatMicros(1234.4)).toBe('1,234 µs');
  });

  it('formats ladder offsets', () => {
    expect(formatOffset(12.34)).toBe('+12.3 ms');
    expect(formatOffset(2500)).toBe('+2.500 s');
  });

  it('measures elapsed time, or null while it runs', () => {
    expect(elapsedMs('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.500Z')).toBe(1500);
    expect(elapsedMs('2025-01-01T00:00:00.000Z', null)).toBeNull();
  });

  it('says today for today', () => {
    const now = new Date('2025-03-04T10:00:00');
    expect(formatDay('2025-03-04T08:00:00', now)).toBe('today');
    expect(formatDay('2025-03-01T08:00:00', now)).not.toBe('today');
  });
});
