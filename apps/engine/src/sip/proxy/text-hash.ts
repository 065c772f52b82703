// A fast non-cryptographic hash for branch parameters that must be derived from a request (loop
// detection, §16.6 step 8; stateless forwarding, §16.11). They only need the same input to give
// the same value and different inputs to differ with high probability; a cryptographic hash per
// forwarded request cost more than the rest of that work.

/** 64 bits of two FNV-1a lanes over the UTF-16 code units, as 16 hex digits. */
export function textHash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (a >>> 15), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
