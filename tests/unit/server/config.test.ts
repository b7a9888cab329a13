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
});
