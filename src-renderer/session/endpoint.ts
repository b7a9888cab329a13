/**
 * This window's WebRTC identity: one certificate, made at start, whose fingerprint the core
 * binds into every password handshake. Peer connections use exactly this certificate.
 */
let certificate: Promise<RTCCertificate> | null = null;

export function localCertificate(): Promise<RTCCertificate> {
  certificate ??= RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);
  return certificate;
}

export function fingerprintOf(cert: RTCCertificate): string {
  const sha = cert.getFingerprints().find((fp) => fp.algorithm === 'sha-256');
  if (!sha?.value) throw new Error('This browser made a certificate without a sha-256 fingerprint.');
  return `sha-256 ${sha.value.toUpperCase()}`;
}
