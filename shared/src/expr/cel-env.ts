// The CEL environment of flow expressions: the variables (and their types) every expression can
// read, the extra functions we add, and compileExpr(), which parses and type-checks an expression
// once (at compile and again at link time) and returns a plain evaluator. Runs in the browser
// too (the editor checks expressions live): no Node APIs here.
//
// Library: @marcbachmann/cel-js (chosen over @bufbuild/cel:
// bufbuild has no public type checker and wants Maps for every map; marcbachmann checks types
// against declared schemas and evaluates 1.7–2.8× faster on our context).
import { Environment } from '@marcbachmann/cel-js';

/** A parsed URI, as expressions see it. Missing parts are '' (port 0), never absent. */
export interface CelUri {
  readonly scheme: string;
  readonly user: string;
  readonly host: string;
  readonly port: bigint;
  readonly params: Readonly<Record<string, string>>;
}

/** From / To / Contact, as expressions see them. Missing parts are ''. */
export interface CelAddress {
  readonly uri: string;
  readonly user: string;
  readonly host: string;
  readonly params: Readonly<Record<string, string>>;
  readonly displayName: string;
  readonly tag: string;
}

/** The SDP offer, taken apart; empty lists and '' when the request has no SDP. */
export interface CelSdp {
  readonly present: boolean;
  /** Codec names of every m-line, in order, as written in a=rtpmap (e.g. "PCMU", "opus"). */
  readonly codecs: readonly string[];
  /** The session-level (or first media) connection address (c=). */
  readonly address: string;
  /** Media kinds in order: "audio", "video" … */
  readonly media: readonly string[];
}

/** The typed context of every expression (documented in README "Expressions"). */
export interface CelContext {
  readonly request: {
    readonly method: string;
    /** The Request-URI as text, and taken apart. */
    readonly uriText: string;
    readonly uri: CelUri;
    /** Header values by lower-case canonical name ("call-id", "x-tenant"), one entry per value. */
    readonly headers: Readonly<Record<string, readonly string[]>>;
    readonly from: CelAddress;
    readonly to: CelAddress;
    readonly contact: CelAddress;
    readonly body: string;
    readonly sdp: CelSdp;
  };
  readonly source: { readonly ip: string; readonly port: bigint; readonly transport: string };
  /** Variables set by Set variable / HTTP request nodes during this call. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The outcome of the last relay / fork (status 0 before any). */
  readonly response: {
    readonly status: bigint;
    readonly reason: string;
    readonly headers: Readonly<Record<string, readonly string[]>>;
  };
  readonly now: Date;
}

const address = {
  uri: 'string',
  user: 'string',
  host: 'string',
  params: 'map<string, string>',
  displayName: 'string',
  tag: 'string',
};

/** Declared variables and their CEL types; the editor shows these as the expression help. */
export const celVariables = {
  request: {
    method: 'string',
    uriText: 'string',
    uri: { scheme: 'string', user: 'string', host: 'string', port: 'int', params: 'map<string, string>' },
    headers: 'map<string, list<string>>',
    from: address,
    to: address,
    contact: address,
    body: 'string',
    sdp: { present: 'bool', codecs: 'list<string>', address: 'string', media: 'list<string>' },
  },
  source: { ip: 'string', port: 'int', transport: 'string' },
  vars: 'map<string, dyn>',
  response: { status: 'int', reason: 'string', headers: 'map<string, list<string>>' },
  now: 'google.protobuf.Timestamp',
} as const;

export type CelReturn = 'bool' | 'string' | 'int' | 'any';

let env: Environment | undefined;

/** The one environment (built on first use, then frozen by clone-free reuse). */
export function celEnvironment(): Environment {
  if (env) return env;
  const e = new Environment({ homogeneousAggregateLiterals: false });
  for (const [name, type] of Object.entries(celVariables)) {
    if (typeof type === 'string') e.registerVariable(name, type);
    else e.registerVariable({ name, schema: type } as never);
  }
  // Strings extension functions that cel-js lacks (cel-go ext/strings names and meaning).
  e.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) =>
    a === '' ? s : s.split(a).join(b),
  );
  env = e;
  return e;
}

export type CelEvaluator = (ctx: CelContext) => unknown;

export type CompiledExpr =
  | { readonly ok: true; readonly type: string; readonly evaluate: CelEvaluator }
  | { readonly ok: false; readonly code: 'EXPR_SYNTAX' | 'EXPR_TYPE'; readonly message: string };

const TYPE_OK: Record<CelReturn, readonly string[]> = {
  bool: ['bool', 'dyn'],
  string: ['string', 'dyn'],
  int: ['int', 'dyn'],
  any: [],
};

/** Parse and type-check once; never throws on user input. */
export function compileExpr(source: string, returns: CelReturn = 'any'): CompiledExpr {
  const e = celEnvironment();
  if (source.trim() === '') return { ok: false, code: 'EXPR_SYNTAX', message: 'the expression is empty' };
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = e.parse(source);
  } catch (err) {
    return { ok: false, code: 'EXPR_SYNTAX', message: firstLine(err) };
  }
  let checked: ReturnType<Environment['check']>;
  try {
    checked = e.check(source);
  } catch (err) {
    return { ok: false, code: 'EXPR_TYPE', message: firstLine(err) };
  }
  if (!checked.valid)
    return {
      ok: false,
      code: checked.error?.name === 'ParseError' ? 'EXPR_SYNTAX' : 'EXPR_TYPE',
      message: firstLine(checked.error),
    };
  const type = String(checked.type);
  const allowed = TYPE_OK[returns];
  if (allowed.length > 0 && !allowed.includes(type))
    return { ok: false, code: 'EXPR_TYPE', message: `must give ${returns}, but gives ${type}` };
  const run = parsed as unknown as (ctx: unknown) => unknown;
  const evaluate: CelEvaluator =
    returns === 'any' || (allowed.includes(type) && type !== 'dyn')
      ? (ctx) => run(ctx)
      : (ctx) => {
          const v = run(ctx);
          if (!matches(returns, v)) throw new Error(`expression gave ${typeof v}, not ${returns}`);
          return v;
        };
  return { ok: true, type, evaluate };
}

function matches(returns: CelReturn, v: unknown): boolean {
  switch (returns) {
    case 'bool':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'any':
      return true;
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

/** A CEL value made JSON-safe for traces and HTTP bodies (bigint → number, Date → ISO text). */
export function celToJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
  if (Array.isArray(v)) return v.map(celToJson);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), celToJson(x)]));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = celToJson(x);
    return out;
  }
  return v;
}

/** A JSON value made CEL-friendly (whole numbers → int, so `vars.n + 1` type-checks at run time). */
export function jsonToCel(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(jsonToCel);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonToCel(x);
    return out;
  }
  return v;
}

/** A context with every field present and empty: for simulation defaults and tests. */
export function emptyCelContext(over: Partial<CelContext> = {}): CelContext {
  const addr: CelAddress = { uri: '', user: '', host: '', params: {}, displayName: '', tag: '' };
  return {
    request: {
      method: 'INVITE',
      uriText: '',
      uri: { scheme: 'sip', user: '', host: '', port: 0n, params: {} },
      headers: {},
      from: addr,
      to: addr,
      contact: addr,
      body: '',
      sdp: { present: false, codecs: [], address: '', media: [] },
    },
    source: { ip: '', port: 0n, transport: 'udp' },
    vars: {},
    response: { status: 0n, reason: '', headers: {} },
    now: new Date(0),
    ...over,
  };
}
