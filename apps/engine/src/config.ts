// Configuration of `patchbay serve`: each setting is a flag and an environment variable
// (DESIGN.md "Configuration"); a flag wins over the environment, which wins over the default.
import { parseArgs } from 'node:util';
import type { AuthMode } from './api/auth/auth-policy';

export interface Config {
  readonly sipHost: string;
  readonly sipPort: number;
  readonly httpHost: string;
  readonly httpPort: number;
  readonly db: string;
  /** auto: authentication required unless the HTTP listener is on loopback. */
  readonly auth?: AuthMode;
  /** Sets (replaces) the editor's admin password; empty keeps the stored one. */
  readonly adminPassword?: string | undefined;
  /** The engine settings (PATCHBAY_DEFAULT_RESPONSE, PATCHBAY_TRACE_*) as flags or environment gave them. */
  readonly engineEnv?: Readonly<Record<string, string>>;
}

export const settings = [
  {
    key: 'sipHost',
    flag: 'sip-host',
    env: 'PATCHBAY_SIP_HOST',
    def: '0.0.0.0',
    help: 'address for SIP over UDP and TCP',
  },
  {
    key: 'sipPort',
    flag: 'sip-port',
    env: 'PATCHBAY_SIP_PORT',
    def: '5060',
    help: 'port for SIP over UDP and TCP',
  },
  {
    key: 'httpHost',
    flag: 'http-host',
    env: 'PATCHBAY_HTTP_HOST',
    def: '127.0.0.1',
    help: 'address for the editor and API',
  },
  {
    key: 'httpPort',
    flag: 'http-port',
    env: 'PATCHBAY_HTTP_PORT',
    def: '8080',
    help: 'port for the editor and API',
  },
  {
    key: 'db',
    flag: 'db',
    env: 'PATCHBAY_DB',
    def: './data/patchbay.db',
    help: 'SQLite database file (traced messages go to <file>-packs)',
  },
  {
    key: 'auth',
    flag: 'auth',
    env: 'PATCHBAY_AUTH',
    def: 'auto',
    help: 'auto | on | off: require sign-in (auto: unless HTTP is on loopback)',
  },
  {
    key: 'adminPassword',
    flag: 'admin-password',
    env: 'PATCHBAY_ADMIN_PASSWORD',
    def: '',
    help: 'set the editor admin password',
  },
  // Engine settings read by engineSettingsFromEnv() (patchbay.ts); the flags feed the same names.
  {
    key: 'defaultResponse',
    flag: 'default-response',
    env: 'PATCHBAY_DEFAULT_RESPONSE',
    def: '404 Not Found',
    help: 'answer to requests no flow takes ("CODE Reason")',
  },
  {
    key: 'traceMaxAgeDays',
    flag: 'trace-max-age-days',
    env: 'PATCHBAY_TRACE_MAX_AGE_DAYS',
    def: '30',
    help: 'delete calls older than this',
  },
  {
    key: 'traceMaxDbMb',
    flag: 'trace-max-db-mb',
    env: 'PATCHBAY_TRACE_MAX_DB_MB',
    def: '1024',
    help: 'delete the oldest calls when the database and its pack files grow past this',
  },
  {
    key: 'traceRedact',
    flag: 'trace-redact',
    env: 'PATCHBAY_TRACE_REDACT',
    def: 'on',
    help: 'on | off: hide Authorization values in stored messages',
  },
  {
    key: 'overloadShedAt',
    flag: 'overload-shed-at',
    env: 'PATCHBAY_OVERLOAD_SHED_AT',
    def: '0',
    help: 'answer a share of new requests 503 while the UDP receive queue is over this % full; 0: never',
  },
] as const;

export class ConfigError extends Error {}

export function readConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(settings.map((s) => [s.flag, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const raw = (s: (typeof settings)[number]): string => {
    const v = values[s.flag] ?? env[s.env] ?? s.def;
    return typeof v === 'string' ? v : s.def;
  };
  const port = (s: (typeof settings)[number]): number => {
    const text = raw(s);
    const n = Number(text);
    if (!/^\d+$/.test(text) || n > 65535)
      throw new ConfigError(`--${s.flag} / ${s.env}: "${text}" is not a port number (0–65535)`);
    return n;
  };
  const [sipHost, sipPort, httpHost, httpPort, db, auth, adminPassword, ...engine] = settings;
  const authMode = raw(auth);
  if (authMode !== 'auto' && authMode !== 'on' && authMode !== 'off')
    throw new ConfigError(`--auth / PATCHBAY_AUTH: "${authMode}" is not one of auto, on, off`);
  const password = raw(adminPassword);
  return {
    sipHost: raw(sipHost),
    sipPort: port(sipPort),
    httpHost: raw(httpHost),
    httpPort: port(httpPort),
    db: raw(db),
    auth: authMode,
    adminPassword: password === '' ? undefined : password,
    engineEnv: Object.fromEntries(engine.map((s) => [s.env, raw(s)])),
  };
}
