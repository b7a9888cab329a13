import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP server that records every request it receives and answers with `answer` — a
 * webhook receiver, a third party's API, or an attacker's host waiting for secrets.
 */
export async function recordingServer(
  answer: (request: RecordedRequest) => { status: number; body: unknown; headers?: Record<string, string> } = () => ({
    status: 200,
    body: {},
  }),
) {
  const received: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const recorded = { method: request.method!, path: request.url!, headers: request.headers, body };
      received.push(recorded);
      const { status, body: answerBody, headers } = answer(recorded);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(answerBody));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.address() as { port: number }).port,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** Everything any request carried, for "this secret never arrived here" checks. */
    everything: () => received.map((request) => JSON.stringify(request)).join('\n'),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
