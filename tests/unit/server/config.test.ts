import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../../server/config';

describe('the endpoint configuration: Redis for several instances', () => {
  it('takes Redis from --redis or TANDEM_REDIS_URL (the flag wins); none means one instance in memory', () => {
    expect(readServerConfig(['--redis', 'redis://10.0.0.9:6379'], {}).redis).toBe('redis://10.0.0.9:6379');
    expect(readServerConfig([], { TANDEM_REDIS_URL: 'rediss://:pw@redis.internal:6380/2' }).redis).toBe(
      'rediss://:pw@redis.internal:6380/2',
    );
    expect(
      readServerConfig(['--redis', 'redis://flag:6379'], { TANDEM_REDIS_URL: 'redis://environment:6379' }).redis,
    ).toBe('redis://flag:6379');
    expect(readServerConfig([], {}).redis).toBeUndefined();
  });

  it('refuses an address that is not Redis, without repeating it (it may hold a password)', () => {
    let message = '';
    try {
      readServerConfig([], { TANDEM_REDIS_URL: 'https://user:s3cret-pass@cache.example.com' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/redis: a Redis URL starts with redis:\/\/ or rediss:\/\//);
    expect(message).not.toContain('s3cret-pass');
  });

  it('takes the address other instances reach this one at (--node-url or TANDEM_NODE_URL), only with Redis', () => {
    const redis = ['--redis', 'redis://10.0.0.9:6379'];
    expect(readServerConfig([...redis, '--node-url', 'http://10.0.0.5:8443'], {}).nodeUrl).toBe('http://10.0.0.5:8443');
    expect(readServerConfig(redis, { TANDEM_NODE_URL: 'listen' }).nodeUrl).toBe('listen');
    expect(() => readServerConfig(['--node-url', 'http://10.0.0.5:8443'], {})).toThrow(/--node-url needs --redis/);
    expect(() => readServerConfig([...redis, '--node-url', 'ftp://10.0.0.5'], {})).toThrow(
      /a node URL starts with http:\/\/ or https:\/\//,
    );
    // `listen` names the bound address: a wildcard one reaches nobody.
    expect(() => readServerConfig([...redis, '--host', '0.0.0.0', '--node-url', 'listen'], {})).toThrow(
      /--node-url listen needs a --host the other instances can reach/,
    );
  });
});
