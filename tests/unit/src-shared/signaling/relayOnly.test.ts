import { describe, expect, it } from 'vitest';
import { isRelayCandidate, relayOnlySignal, stripNonRelayFromSdp } from '../../../../src-shared/signaling/relayOnly';

describe('relay-only signal data', () => {
  it('knows a relay candidate by its type, not by what else the line says', () => {
    expect(isRelayCandidate('candidate:4 1 udp 41885439 198.51.100.9 61000 typ relay raddr 0.0.0.0 rport 0')).toBe(
      true,
    );
    expect(isRelayCandidate('a=candidate:1 1 udp 1 10.0.0.5 5000 typ host generation 0 relay')).toBe(false);
    expect(isRelayCandidate('candidate:1 1 udp 1 10.0.0.5 5000 typ host x typ relay')).toBe(false);
    expect(isRelayCandidate('no type at all')).toBe(false);
  });

  it('keeps line endings, fingerprints and ICE credentials of an SDP', () => {
    const sdp = 'v=0\r\nc=IN IP6 2001:db8::7\r\na=ice-ufrag:ab\r\na=fingerprint:sha-256 AA:BB\r\n';
    expect(stripNonRelayFromSdp(sdp)).toBe(
      'v=0\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:ab\r\na=fingerprint:sha-256 AA:BB\r\n',
    );
  });

  it('passes the end-of-candidates marker and other signals unchanged', () => {
    const end = { type: 'candidate' as const, candidate: { candidate: '', sdpMid: '0' } };
    expect(relayOnlySignal(end)).toEqual(end);
    expect(relayOnlySignal({ renegotiate: true })).toEqual({ renegotiate: true });
  });
});
