import { spawn, type ChildProcess } from 'node:child_process';

export interface VirtualDisplay {
  display: string;
  width: number;
  height: number;
  stop(): Promise<void>;
  /**
   * For a process whose own X clients live until it exits (robotjs closes its display in an
   * exit handler and aborts if the server is gone): stop the server just after this process ends.
   */
  stopAfterExit(): void;
}

/**
 * A real X server for input injection (RS-6), started inside the test's own network namespace
 * (X's abstract sockets belong to it). -noreset keeps it up between clients.
 */
export async function startXvfb(width = 1280, height = 800): Promise<VirtualDisplay> {
  // -displayfd: Xvfb takes the first free display itself and writes its number once it listens —
  // two tests starting displays at the same moment (parallel workers) never race for one.
  const child: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  const display = await new Promise<string>((resolve, reject) => {
    let written = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb could not start (${error.message}); is xvfb installed?`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it listened`));
    });
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (!written.includes('\n')) return;
      clearTimeout(timer);
      resolve(`:${written.trim()}`);
    });
  });
  child.removeAllListeners('exit');
  return {
    display,
    width,
    height,
    stopAfterExit: () => {
      process.on('exit', () => {
        spawn('sh', ['-c', `sleep 1; kill ${child.pid}`], { detached: true, stdio: 'ignore' }).unref();
      });
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
