import { peerMessageSchema } from '../../src-shared/signaling/peerMessages';
import { relayOnlySignal } from '../../src-shared/signaling/relayOnly';

/**
 * A relayed payload as the partner may see it. Under a relay-only policy (`--turn-only`) the hub
 * forwards only peer messages it can read and removes every non-relay address from their ICE
 * data, so neither side learns the other's address even if its partner's client ignored the
 * policy; the DTLS fingerprints the handshake binds are left as they are. `refused`: not a peer
 * message (the sender is told); otherwise a signal with nothing left to forward is dropped quietly.
 */
export function relayablePayload(
  payload: unknown,
  relayOnly: boolean,
): { ok: true; payload: unknown } | { ok: false; refused: boolean } {
  if (!relayOnly) return { ok: true, payload };
  const parsed = peerMessageSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, refused: true };
  if (parsed.data.kind !== 'signal') return { ok: true, payload: parsed.data };
  const signal = relayOnlySignal(parsed.data.signal);
  return signal === null ? { ok: false, refused: false } : { ok: true, payload: { ...parsed.data, signal } };
}
