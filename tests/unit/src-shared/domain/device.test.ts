import { describe, expect, it } from 'vitest';
import { deviceIdSchema, formatDeviceId, normalizeDeviceId } from '../../../../src-shared/domain/device';

describe('device IDs', () => {
  it('are shown in groups of three', () => {
    expect(formatDeviceId('123456789')).toBe('123 456 789');
    expect(formatDeviceId('1234')).toBe('123 4');
  });

  it('accept what people type or paste', () => {
    expect(normalizeDeviceId(' 123 456-789 ')).toBe('123456789');
  });

  it('have nine digits and do not start with zero', () => {
    expect(deviceIdSchema.safeParse('123456789').success).toBe(true);
    expect(deviceIdSchema.safeParse('023456789').success).toBe(false);
    expect(deviceIdSchema.safeParse('12345678').success).toBe(false);
    expect(deviceIdSchema.safeParse('12345678a').success).toBe(false);
  });
});
