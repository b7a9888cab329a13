import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FILE_CHUNK_BYTES, FILE_MAX_BYTES, bytesToUuid, uuidToBytes } from '../../src-shared/session/controlMessages';
import type { ControlMessage } from '../../src-shared/session/controlMessages';
import type { PeerLink } from './peerLink';

export interface Transfer {
  id: string;
  requestId: string;
  direction: 'out' | 'in';
  name: string;
  size: number;
  bytes: number;
  state: 'sending' | 'receiving' | 'verifying' | 'done' | 'failed' | 'cancelled';
  /** Received and verified: a link the user can save. */
  url: string | null;
  sha256: string | null;
}

interface Incoming {
  transfer: Transfer;
  hash: ReturnType<typeof sha256.create>;
  chunks: Uint8Array[];
  /** The sender's digest; it travels on the control channel and may overtake the last chunks. */
  expected: string | null;
  link: PeerLink;
}

/**
 * RS-8: files both ways over the `file` channel with progress, cancel, back-pressure (in
 * PeerLink) and a SHA-256 check of everything received against what the sender hashed.
 */
export class FileTransfers {
  readonly #incoming = new Map<string, Incoming>();
  readonly #cancelled = new Set<string>();

  constructor(private readonly update: (transfer: Transfer) => void) {}

  async send(requestId: string, link: PeerLink, file: File): Promise<void> {
    const id = crypto.randomUUID();
    const transfer: Transfer = {
      id,
      requestId,
      direction: 'out',
      name: file.name,
      size: file.size,
      bytes: 0,
      state: 'sending',
      url: null,
      sha256: null,
    };
    if (file.size > FILE_MAX_BYTES) {
      this.update({ ...transfer, state: 'failed' });
      return;
    }
    this.update(transfer);
    link.sendControl({ type: 'file-offer', id, name: file.name, size: file.size });
    const hash = sha256.create();
    const idBytes = uuidToBytes(id);
    try {
      for (let offset = 0; offset < file.size; offset += FILE_CHUNK_BYTES) {
        if (this.#cancelled.has(id)) return;
        const chunk = new Uint8Array(await file.slice(offset, offset + FILE_CHUNK_BYTES).arrayBuffer());
        hash.update(chunk);
        await link.sendFileChunk(idBytes, chunk);
        transfer.bytes = Math.min(file.size, offset + chunk.byteLength);
        this.update({ ...transfer });
      }
      transfer.sha256 = bytesToHex(hash.digest());
      // The receiver's verdict may come back at once: be "verifying" before asking for it.
      this.update({ ...transfer, state: 'verifying' });
      link.sendControl({ type: 'file-done', id, sha256: transfer.sha256 });
    } catch {
      this.update({ ...transfer, state: 'failed' });
    }
  }

  cancel(transfer: Transfer, link: PeerLink | undefined): void {
    this.#cancelled.add(transfer.id);
    link?.sendControl({
      type: 'file-cancel',
      id: transfer.id,
      by: transfer.direction === 'out' ? 'sender' : 'receiver',
    });
    this.#incoming.delete(transfer.id);
    this.update({ ...transfer, state: 'cancelled' });
  }

  /** Control messages about files, from the partner. */
  onControl(
    requestId: string,
    link: PeerLink,
    message: ControlMessage,
    known: (id: string) => Transfer | undefined,
  ): void {
    switch (message.type) {
      case 'file-offer': {
        const transfer: Transfer = {
          id: message.id,
          requestId,
          direction: 'in',
          name: message.name,
          size: message.size,
          bytes: 0,
          state: 'receiving',
          url: null,
          sha256: null,
        };
        this.#incoming.set(message.id, { transfer, hash: sha256.create(), chunks: [], expected: null, link });
        this.update(transfer);
        return;
      }
      case 'file-done': {
        const incoming = this.#incoming.get(message.id);
        if (!incoming) return;
        incoming.expected = message.sha256;
        this.#finishIfComplete(incoming);
        return;
      }
      case 'file-result': {
        const transfer = known(message.id);
        if (transfer?.direction === 'out') this.update({ ...transfer, state: message.ok ? 'done' : 'failed' });
        return;
      }
      case 'file-cancel': {
        this.#cancelled.add(message.id);
        this.#incoming.delete(message.id);
        const transfer = known(message.id);
        if (transfer) this.update({ ...transfer, state: 'cancelled' });
        return;
      }
      default:
        return;
    }
  }

  /** A chunk from the `file` channel; anything for an unknown or oversized transfer is dropped. */
  onChunk(idBytes: Uint8Array, data: Uint8Array): void {
    const incoming = this.#incoming.get(bytesToUuid(idBytes));
    if (!incoming) return;
    const transfer = incoming.transfer;
    if (transfer.bytes + data.byteLength > transfer.size) {
      this.#incoming.delete(transfer.id);
      this.update({ ...transfer, state: 'failed' });
      return;
    }
    incoming.hash.update(data);
    incoming.chunks.push(data.slice());
    transfer.bytes += data.byteLength;
    this.update({ ...transfer });
    this.#finishIfComplete(incoming);
  }

  /** Every byte and the sender's digest are here: compare, tell the sender, offer the file. */
  #finishIfComplete(incoming: Incoming): void {
    const { transfer } = incoming;
    if (incoming.expected === null || transfer.bytes !== transfer.size) return;
    this.#incoming.delete(transfer.id);
    const digest = bytesToHex(incoming.hash.digest());
    const ok = digest === incoming.expected;
    incoming.link.sendControl({ type: 'file-result', id: transfer.id, ok });
    const blob = ok ? new Blob(incoming.chunks as BlobPart[], { type: 'application/octet-stream' }) : null;
    this.update({
      ...transfer,
      state: ok ? 'done' : 'failed',
      sha256: digest,
      url: blob ? URL.createObjectURL(blob) : null,
    });
  }
}
