import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

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
  // Each test worker (Playwright's TEST_WORKER_INDEX, Vitest's VITEST_POOL_ID) looks for a free
  // display in its own range, so two workers starting displays at once never take the same one.
  const worker = Number(process.env.TEST_WORKER_INDEX ?? process.env.VITEST_POOL_ID ?? 0) || 0;
  let number = 90 + worker * 20;
  while (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) number++;
  const display = `:${number}`;
  const child: ChildProcess = spawn(
    'Xvfb',
    [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 10_000;
  while (!existsSync(`/tmp/.X11-unix/X${number}`)) {
    if (child.exitCode !== null) throw new Error(`Xvfb ${display} exited (${child.exitCode}); is xvfb installed?`);
    if (Date.now() > deadline) throw new Error(`Xvfb ${display} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
