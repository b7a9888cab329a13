import WebSocket from 'ws';
import { serverMessageSchema, type ServerMessage } from '../../../../src-shared/signaling/protocol';

/** A console tab's socket, every frame kept; `closed` resolves with the close code. */
export async function consoleSocket(baseUrl: string, path: string, token: string | null) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`);
  const frames: ServerMessage[] = [];
  const waiting = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(serverMessageSchema.parse(JSON.parse(String(data))));
    for (const check of waiting) check();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  if (token) socket.send(JSON.stringify({ type: 'auth', token }));
  let read = 0;
  /** The next frame after the ones already read. */
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame after ${JSON.stringify(frames)}`)), 10_000);
      const check = () => {
        if (frames.length <= read) return;
        waiting.delete(check);
        clearTimeout(timer);
        resolve(frames[read++]!);
      };
      waiting.add(check);
      check();
    });
  return { socket, frames, next, closed };
}
