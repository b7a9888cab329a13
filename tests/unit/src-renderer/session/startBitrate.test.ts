import { describe, expect, it } from 'vitest';
import { START_BITRATE_KBPS, withStartBitrate } from '../../../../src-renderer/session/startBitrate';

/** A video section as Chromium offers it: VP8 without parameters, its rtx, H264 with its own. */
const OFFER = [
  'v=0',
  'a=fingerprint:sha-256 AB:CD',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 H264/90000',
  'a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  '',
].join('\r\n');

describe('the start bitrate put into every video codec of a description', () => {
  it('gives a codec without parameters a line of its own and appends to one with parameters', () => {
    const lines = withStartBitrate(OFFER).split('\r\n');
    const parameter = `x-google-start-bitrate=${START_BITRATE_KBPS}`;
    expect(lines[lines.indexOf('a=rtpmap:96 VP8/90000') + 1]).toBe(`a=fmtp:96 ${parameter}`);
    expect(lines).toContain(
      `a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f;${parameter}`,
    );
  });

  it('leaves everything else as it was: retransmission, the fingerprint, the data channel, the line ends', () => {
    const changed = withStartBitrate(OFFER);
    expect(changed).toContain('a=fmtp:97 apt=96\r\n');
    expect(changed).toContain('a=fingerprint:sha-256 AB:CD\r\n');
    expect(changed.endsWith('webrtc-datachannel\r\n')).toBe(true);
    expect(changed.split('\r\n').length).toBe(OFFER.split('\r\n').length + 1);
  });

  it('puts it in only once, however often the description passes', () => {
    expect(withStartBitrate(withStartBitrate(OFFER))).toBe(withStartBitrate(OFFER));
  });
});
