// A small, dependency-free check of SIP/SIPS URIs for the compiler and the editor, which must
// not import the engine's full RFC 3261 parser. It accepts what a routing target looks like:
// sip:[user@]host[:port][;params], host being a name, an IPv4 address or a [IPv6] reference.

export interface SipUriLite {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly host: string;
  readonly port: number | undefined;
  readonly params: Readonly<Record<string, string>>;
}

const URI_RE =
  /^(sips?):(?:([^@\s;?]+)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\d{1,5}))?((?:;[^;?\s]+)*)$/;

export function parseSipUriLite(text: string): SipUriLite | undefined {
  const m = URI_RE.exec(text.trim());
  if (!m) return undefined;
  const [, scheme, user, host, portText, paramText] = m;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const params: Record<string, string> = {};
  for (const part of (paramText ?? '').split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq === -1) params[part.toLowerCase()] = '';
    else params[part.slice(0, eq).toLowerCase()] = part.slice(eq + 1);
  }
  return { scheme: scheme as 'sip' | 'sips', user, host: host as string, port, params };
}

export function isSipUri(text: string): boolean {
  return parseSipUriLite(text) !== undefined;
}
