// The media type of a Content-Type value: RFC 3261 §20.15 — type and subtype are
// case-insensitive and may be followed by parameters ("application/SDP; charset=UTF-8").

/** Lower-case type/subtype without parameters; '' for none. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether the value names an SDP session description (RFC 4566). */
export function isSdpType(contentType: string | undefined): boolean {
  return mediaType(contentType) === 'application/sdp';
}
