import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ReadyProcess<T> {
  readonly child: ChildProcess;
  readonly ready: T;
  readonly output: string[];
  /** SIGTERM, then the exit code (or the signal's name). */
  stop(): Promise<number | string>;
}

/**
 * Spawns a Tandem entry point and waits for its machine-readable JSON line (`{"event": ...}`),
 * failing with everything it printed if it exits or stays silent first.
 */
export function spawnUntil<T>(
  command: string,
  args: string[],
  event: string,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ReadyProcess<T>> {
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => {
    output.push(line);
    if (process.env.TANDEM_ECHO_PROCESSES) process.stderr.write(`[${args[0]}:${child.pid}!] ${line}\n`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not report "${event}" in time:\n${output.join('\n')}`));
    }, options.timeoutMs ?? 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${code}) before "${event}":\n${output.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (process.env.TANDEM_ECHO_PROCESSES) process.stdout.write(`[${args[0]}:${child.pid}] ${line}\n`);
      let parsed: { event?: unknown };
      try {
        parsed = JSON.parse(line) as { event?: unknown };
      } catch {
        return;
      }
      if (parsed.event !== event) return;
      clearTimeout(timer);
      resolve({
        child,
        ready: parsed as T,
        output,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
