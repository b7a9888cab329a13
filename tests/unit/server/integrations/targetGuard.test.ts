import { describe, expect, it } from 'vitest';
import { internalRange, refusedTarget, type Resolver } from '../../../../server/integrations/targetGuard';

describe('the SSRF guard’s address ranges (IANA special-purpose registries)', () => {
  it.each([
    ['0.1.2.3', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['172.16.5.4', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.254', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['224.0.0.251', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'IPv4-compatible'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['64:ff9b:1::1', 'rfc6052'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2002:7f00:1::1', '6to4'],
    ['2001:0:4136:e378::1', 'teredo'],
    ['100::1', 'discard'],
  ])('%s is internal (%s)', (address, range) => {
    expect(internalRange(address)).toBe(range);
  });

  it.each(['93.184.216.34', '1.1.1.1', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])(
    '%s is public',
    (address) => {
      expect(internalRange(address)).toBeNull();
    },
  );

  it('refuses a name when any of its addresses is internal, and says which', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '198.18.0.5', family: 4 },
    ];
    expect(await refusedTarget('https://mixed.example/hook', false, resolve)).toBe(
      'mixed.example is an internal address (198.18.0.5, reserved); this endpoint’s operator allows those with --allow-private-integrations.'.replace(
        '’',
        "'",
      ),
    );
    expect(await refusedTarget('https://gone.example/hook', false, async () => [])).toBe(
      'gone.example cannot be resolved.',
    );
  });
});
