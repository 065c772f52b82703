/** The start line of a SIP message (up to the first CR or LF, at most 300 bytes), for lists. */
export function firstLine(bytes: Uint8Array): string {
  const max = Math.min(bytes.length, 300);
  let end = 0;
  while (end < max && bytes[end] !== 0x0d && bytes[end] !== 0x0a) end++;
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
}
