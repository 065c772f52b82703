// `patchbay serve`: run the engine until SIGINT/SIGTERM, then close sockets, flush the trace
// queue and close the database, so that Ctrl-C never leaves a half-written file.
import { ConfigError, readConfig, settings } from '../config';
import { engineSettingsFromEnv, SettingsError, startPatchbay } from '../patchbay';
import { UsageError } from './cli-args';

export async function serveCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const lines = settings.map(
      (s) =>
        `  --${s.flag.padEnd(19)} ${s.env.padEnd(28)} ${s.help}${s.def === '' ? '' : ` (default ${s.def})`}`,
    );
    process.stdout.write(
      `Usage: patchbay serve [options]\n\nEach option can also be set by its environment variable:\n${lines.join('\n')}\n`,
    );
    return 0;
  }
  let config;
  let engineSettings;
  try {
    config = readConfig(argv, process.env);
    engineSettings = engineSettingsFromEnv({ ...process.env, ...config.engineEnv });
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof SettingsError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    )
      throw new UsageError((err as Error).message);
    throw err;
  }
  let engine;
  try {
    engine = await startPatchbay(config, undefined, engineSettings);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES')
      throw new Error(
        `cannot listen on ${e.address ?? ''}:${e.port ?? ''} (${e.code}); choose other ports with the flags of "patchbay serve --help"`,
        { cause: err },
      );
    throw err;
  }
  process.stdout.write(
    `Patchbay engine started\n` +
      `  SIP: udp+tcp ${config.sipHost}:${engine.sip.port}\n` +
      `  database: ${config.db}\n` +
      `Patchbay listening: ${engine.url}\n`,
  );
  if (engine.authRequired)
    process.stdout.write(
      engine.generatedPassword === undefined
        ? 'Sign-in required (HTTP is not on loopback): use the admin password, or an API token.\n'
        : `Sign-in required (HTTP is not on loopback). Admin password, shown once: ${engine.generatedPassword}\n` +
            '  (set your own with PATCHBAY_ADMIN_PASSWORD or --admin-password)\n',
    );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`\n${signal}: stopping…\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await engine.close();
  process.stdout.write('Patchbay stopped.\n');
  return 0;
}
