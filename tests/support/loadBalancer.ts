import { connect, createServer, type Socket } from 'node:net';

export interface LoadBalancer {
  /** `http://127.0.0.1:<port>`: what the devices are told the endpoint is. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of several endpoint instances, as nginx or HAProxy stand in
 * front of them in production: each new connection goes to the next instance in turn
 * (`rotate: false`: always the first one alive, the others standing by), an instance that
 * refuses a connection is skipped (the client never sees the refusal), and when an instance goes
 * away the connections it carried are closed, so the clients reconnect — through here, to one
 * that is alive. Nothing is buffered or parsed: HTTP and WebSocket pass through alike.
 */
export async function startLoadBalancer(
  instanceUrls: readonly string[],
  { rotate = true }: { rotate?: boolean } = {},
): Promise<LoadBalancer> {
  const ports = instanceUrls.map((url) => Number(new URL(url).port));
  const sockets = new Set<Socket>();
  let turn = 0;

  const forward = (client: Socket, tried: number, first: number) => {
    if (tried === ports.length) return client.destroy();
    const upstream = connect(ports[(first + tried) % ports.length]!, '127.0.0.1');
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    let connected = false;
    // Refused: try the next instance. Failing later closes the connection below: the client reconnects.
    upstream.on('error', () => connected || forward(client, tried + 1, first));
    upstream.once('connect', () => {
      connected = true;
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    forward(client, 0, rotate ? turn++ % ports.length : 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
