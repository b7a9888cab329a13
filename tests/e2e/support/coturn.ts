import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';

/** True once a STUN Binding Request to the port gets a Binding Success Response. */
function stunAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0);
    request.writeUInt16BE(0, 2);
    request.writeUInt32BE(0x2112a442, 4);
    randomBytes(12).copy(request, 8);
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.on('message', (message) => done(message.readUInt16BE(0) === 0x0101));
    socket.on('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}

export interface Coturn {
  url: string;
  secret: string;
  /** Everything coturn logged: allocations show up here. */
  log: string[];
  stop(): Promise<void>;
}

/** A real coturn on 127.0.0.1 with the shared-secret REST scheme the cloud endpoint hands out. */
export async function startCoturn(port = 3478): Promise<Coturn> {
  const secret = randomBytes(24).toString('hex');
  // stdbuf: coturn's log goes through C stdio, which a pipe would hold back until exit.
  const child = spawn(
    'stdbuf',
    [
      '-oL',
      '-eL',
      'turnserver',
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--min-port=49160',
      '--max-port=49200',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=tandem.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      // Test peers live on loopback, which coturn refuses to relay to unless told.
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
      '--verbose',
      '--userdb=/tmp/tandem-turndb-unused',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => log.push(line));
  const deadline = Date.now() + 10_000;
  while (!(await stunAnswers(port))) {
    if (child.exitCode !== null)
      throw new Error(`coturn exited (${child.exitCode}); is it installed?\n${log.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`coturn did not answer STUN on ${port}:\n${log.join('\n')}`);
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
