import { pino } from 'pino';
import { redact, redactText } from '../../src-shared/logging/redact';

export type Logger = pino.Logger;

/**
 * Every log call passes through the shared redaction before pino sees it: secret fields at any
 * depth, secrets inside the message and its format arguments, and errors' messages and stacks;
 * the written line is scrubbed once more.
 */
export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.TANDEM_LOG_LEVEL ?? 'info',
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg: unknown) => redact(arg)) as Parameters<pino.LogFn>);
        },
        // The finished line once more: a child logger's bindings and anything a serializer added
        // never went through logMethod.
        streamWrite: (line) => redactText(line),
      },
    },
    options.destination,
  );
}
