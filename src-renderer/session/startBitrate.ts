/**
 * The bandwidth estimate a connection starts from. Chromium starts at 300 kbit/s and paces what
 * it sends to that: the first key frame of a 1920 × 1080 screen then takes about 100 ms to cross
 * even a fast network, which is most of the wait from the connection up to the first picture.
 * Starting higher lets that frame through in a few packets' time; the estimate then follows the
 * network as before (down within a second where the link is slower). Chromium reads it from the
 * codec's `x-google-start-bitrate` in the description it receives, so both sides put it in theirs.
 */
export const START_BITRATE_KBPS = 2000;

const VIDEO_CODECS = /^a=rtpmap:(\d+) (VP8|VP9|H264|AV1)\/90000/;

export function withStartBitrate(sdp: string, kbps = START_BITRATE_KBPS): string {
  const lines = sdp.split('\r\n');
  const types = new Set(lines.flatMap((line) => VIDEO_CODECS.exec(line)?.[1] ?? []));
  const parameter = `x-google-start-bitrate=${kbps}`;
  const out: string[] = [];
  for (const line of lines) {
    const fmtp = /^a=fmtp:(\d+) /.exec(line);
    if (fmtp && types.has(fmtp[1]!)) {
      out.push(line.includes('x-google-start-bitrate') ? line : `${line};${parameter}`);
      types.delete(fmtp[1]!);
      continue;
    }
    out.push(line);
  }
  // Codecs without parameters of their own (VP8) get a line of their own after their rtpmap.
  return out
    .flatMap((line) => {
      const type = VIDEO_CODECS.exec(line)?.[1];
      return type && types.has(type) ? [line, `a=fmtp:${type} ${parameter}`] : [line];
    })
    .join('\r\n');
}
