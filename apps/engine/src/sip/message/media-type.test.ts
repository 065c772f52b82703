import { describe, expect, it } from 'vitest';
import { isSdpType, mediaType } from './media-type';

describe('mediaType', () => {
  it('drops parameters and case', () => {
    expect(mediaType(' Application/SDP ; charset=UTF-8')).toBe('application/sdp');
    expect(mediaType(undefined)).toBe('');
    expect(isSdpType('application/sdp')).toBe(true);
    expect(isSdpType('application/sdpx')).toBe(false);
    expect(isSdpType('text/plain')).toBe(false);
  });
});
