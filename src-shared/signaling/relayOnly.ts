import type { PeerSignal } from './peerMessages';

/**
 * With a relay-only policy (the endpoint's `--turn-only`) a peer must learn nothing but TURN
 * relay addresses. A well-behaved WebRTC stack with `iceTransportPolicy: 'relay'` gathers only
 * relay candidates, but the policy is applied on the sender's side: an old client, a client that
 * ignored it or a renegotiation made with another configuration would still hand the partner its
 * LAN (`host`), public (`srflx`) or peer-reflexive address. These functions remove every such
 * address from simple-peer's signal data without touching anything else in it — above all not the
 * `a=fingerprint` lines the end-to-end handshake binds (peerMessages.ts).
 */

/** `candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> …` */
function candidateType(candidate: string): string | null {
  const match = /(?:^|\s)typ\s+(\S+)/.exec(candidate);
  return match ? match[1]!.toLowerCase() : null;
}

/** An ICE candidate line (with or without the `a=` prefix) that may reach the partner. */
export function isRelayCandidate(candidate: string): boolean {
  return candidateType(candidate) === 'relay';
}

const UNSPECIFIED_V4 = '0.0.0.0';

/**
 * A relay candidate's related address (`raddr … rport …`) is the sender's public address as the
 * TURN server saw it (RFC 8445 §5.1.1.2): blank it, the ICE agent does not need it.
 */
function withoutRelatedAddress(candidate: string): string {
  return candidate.replace(/(\s)raddr\s+\S+\s+rport\s+\d+/, `$1raddr ${UNSPECIFIED_V4} rport 0`);
}

/**
 * Removes non-relay `a=candidate` lines, blanks relay candidates' related addresses and the
 * addresses in `c=` and `a=rtcp:` lines (ICE ignores them; browsers put the default candidate's
 * address there).
 */
export function stripNonRelayFromSdp(sdp: string): string {
  const newline = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('a=candidate:') || isRelayCandidate(line))
    .map((line) => {
      if (line.startsWith('a=candidate:')) return withoutRelatedAddress(line);
      if (line.startsWith('c=IN ')) return `c=IN IP4 ${UNSPECIFIED_V4}`;
      const rtcp = /^a=rtcp:(\d+)(?:\s.*)?$/.exec(line);
      if (rtcp) return `a=rtcp:${rtcp[1]} IN IP4 ${UNSPECIFIED_V4}`;
      return line;
    })
    .join(newline);
}

/**
 * The signal as it may travel under a relay-only policy, or null when nothing of it may
 * (a non-relay candidate). An empty candidate (end of candidates) carries no address and passes.
 */
export function relayOnlySignal(signal: PeerSignal): PeerSignal | null {
  if ('sdp' in signal) return { ...signal, sdp: stripNonRelayFromSdp(signal.sdp) };
  if ('type' in signal && signal.type === 'candidate') {
    const line = signal.candidate.candidate;
    if (line === '') return signal;
    if (!isRelayCandidate(line)) return null;
    return { ...signal, candidate: { ...signal.candidate, candidate: withoutRelatedAddress(line) } };
  }
  return signal;
}
