import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../../../src-shared/session/controlMessages';
import { FileTransfers, type Transfer } from '../../../../src-renderer/session/fileTransfers';
import type { PeerLink } from '../../../../src-renderer/session/peerLink';

/**
 * Two sides of a transfer joined by in-memory channels that behave like the real ones in the way
 * that matters here: `control` and `file` are separate, so their messages can arrive in any order.
 */
function joined(options: { holdChunks?: boolean; corrupt?: boolean } = {}) {
  const updates: Record<'sender' | 'receiver', Map<string, Transfer>> = { sender: new Map(), receiver: new Map() };
  const sender = new FileTransfers((t) => updates.sender.set(t.id, t));
  const receiver = new FileTransfers((t) => updates.receiver.set(t.id, t));
  const heldChunks: [Uint8Array, Uint8Array][] = [];
  const link = (side: 'sender' | 'receiver'): PeerLink =>
    ({
      sendControl(message: ControlMessage) {
        const [other, map] = side === 'sender' ? [receiver, updates.receiver] : [sender, updates.sender];
        other.onControl('r1', links[side === 'sender' ? 'receiver' : 'sender'], message, (id) => map.get(id));
      },
      async sendFileChunk(id: Uint8Array, data: Uint8Array) {
        const chunk = options.corrupt ? data.map((byte) => byte ^ 1) : data.slice();
        if (options.holdChunks) heldChunks.push([id, chunk]);
        else receiver.onChunk(id, chunk);
      },
    }) as unknown as PeerLink;
  const links = { sender: link('sender'), receiver: link('receiver') };
  return {
    sender,
    receiver,
    links,
    updates,
    release: () => heldChunks.splice(0).forEach(([id, d]) => receiver.onChunk(id, d)),
  };
}

const fileOf = (bytes: Buffer, name = 'setup.log') => new File([new Uint8Array(bytes)], name);

describe('file transfers', () => {
  it('deliver every byte and report progress, verified by SHA-256', async () => {
    const { sender, links, updates } = joined();
    const bytes = randomBytes(200 * 1024 + 7);
    await sender.send('r1', links.sender, fileOf(bytes));
    const [received] = [...updates.receiver.values()];
    expect(received).toMatchObject({ state: 'done', bytes: bytes.length, name: 'setup.log' });
    expect(received!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect([...updates.sender.values()][0]!.state).toBe('done');
    const saved = Buffer.from(await (await fetch(received!.url!)).arrayBuffer());
    expect(saved.equals(bytes)).toBe(true);
  });

  it('wait for the last chunks when the digest overtakes them', async () => {
    const { sender, links, updates, release } = joined({ holdChunks: true });
    await sender.send('r1', links.sender, fileOf(randomBytes(150 * 1024)));
    expect([...updates.receiver.values()][0]!.state).toBe('receiving');
    release();
    expect([...updates.receiver.values()][0]!.state).toBe('done');
  });

  it('fail, on both sides, when the bytes do not match the sender’s digest', async () => {
    const { sender, links, updates } = joined({ corrupt: true });
    await sender.send('r1', links.sender, fileOf(randomBytes(70 * 1024)));
    expect([...updates.receiver.values()][0]).toMatchObject({ state: 'failed', url: null });
    expect([...updates.sender.values()][0]!.state).toBe('failed');
  });

  it('stop on both sides when the receiver cancels', async () => {
    const { sender, receiver, links, updates, release } = joined({ holdChunks: true });
    const sending = sender.send('r1', links.sender, fileOf(randomBytes(300 * 1024)));
    await sending;
    const incoming = [...updates.receiver.values()][0]!;
    receiver.cancel(incoming, links.receiver);
    release();
    expect([...updates.receiver.values()][0]!.state).toBe('cancelled');
    expect([...updates.sender.values()][0]!.state).toBe('cancelled');
  });
});
