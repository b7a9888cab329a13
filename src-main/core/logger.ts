import { pino } from 'pino';

export type Logger = pino.Logger;

/** Keys whose values never reach a log line, wherever they appear in an object. */
export const REDACTED_KEYS = [
  'password',
  'oneTimePassword',
  'permanentPassword',
  'secret',
  'token',
  'apiKey',
  'authorization',
] as const;

export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.TANDEM_LOG_LEVEL ?? 'info',
      redact: { paths, censor: '[redacted]' },
    },
    options.destination,
  );
}
