import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { networkSource, SourceKeys } from '../../../../server/signaling/sourceKeys';

const DAY = 24 * 60 * 60 * 1000;

describe('source keys', () => {
  it('follow the network origin: an IPv4 address, or an IPv6 /64', () => {
    expect(networkSource('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkSource('2001:db8:1:2:aaaa::1')).toBe(networkSource('2001:db8:1:2:bbbb::2'));
    expect(networkSource('2001:db8:1:2::1')).not.toBe(networkSource('2001:db8:1:3::1'));
  });

  it('change at midnight UTC and differ per host and per secret', () => {
    let now = Date.UTC(2026, 10, 29, 12);
    const secret = randomBytes(32);
    const keys = new SourceKeys(secret, () => now);
    const noon = keys.keyFor('100000001', '203.0.113.7');
    now = Date.UTC(2026, 10, 29, 23, 59);
    expect(keys.keyFor('100000001', '203.0.113.7')).toBe(noon);
    expect(keys.keyFor('100000002', '203.0.113.7')).not.toBe(noon);
    expect(new SourceKeys(randomBytes(32), () => now).keyFor('100000001', '203.0.113.7')).not.toBe(noon);
    now += DAY;
    expect(keys.keyFor('100000001', '203.0.113.7')).not.toBe(noon);
  });
});
