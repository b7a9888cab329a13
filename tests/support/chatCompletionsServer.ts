import { createServer, type IncomingMessage } from 'node:http';

/** A local server that speaks OpenAI's chat-completions protocol, scripted per test. */
export function chatServer(
  respond: (
    body: Record<string, unknown>,
    request: IncomingMessage,
    call: number,
  ) => { status: number; body?: unknown; delayMs?: number },
) {
  const requests: { body: Record<string, unknown>; authorization: string | undefined }[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => (raw += chunk));
    request.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ body, authorization: request.headers.authorization });
      const answer = respond(body, request, requests.length);
      setTimeout(() => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(answer.body ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  return { server, requests };
}

export const completion = (content: string) => ({
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

/** A chat-completions service on loopback that always answers with `answer` as its JSON content. */
export async function aiService(answer: unknown) {
  const chat = chatServer(() => ({ status: 200, body: completion(JSON.stringify(answer)) }));
  await new Promise<void>((resolve) => chat.server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(chat.server.address() as { port: number }).port}/v1`,
    requests: chat.requests,
    close: async () => {
      chat.server.closeAllConnections();
      await new Promise((resolve) => chat.server.close(resolve));
    },
  };
}
