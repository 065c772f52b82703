// Split a comma-separated header value (RFC 3261 §7.3.1) into its elements, ignoring commas inside
// quoted strings and <...> (a URI may legally contain a comma).

export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '<') inAngle = true;
    else if (c === '>') inAngle = false;
    else if (c === ',' && !inAngle) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}
