import { describe, expect, it } from 'vitest';
import { SessionCodes, type CodeState } from '../../../../server/signaling/sessionCodes';

const code = (supporter: string, expiresAt = 1_000): CodeState => ({
  supporter,
  info: { name: 'Sam', company: '' },
  access: 'full',
  createdAt: 0,
  expiresAt,
});

describe('session codes', () => {
  it('gives up after a bounded number of draws when every drawn route is taken, instead of spinning', () => {
    let draws = 0;
    const codes = new SessionCodes({ perDevice: 5, total: 100 }, () => {
      draws++;
      return 424_242;
    });
    expect(codes.create(code('100000001'))).toEqual({ ok: true, route: '424242', replaced: null });
    const before = draws;
    expect(codes.create(code('100000002'))).toEqual({ ok: false });
    expect(draws - before).toBeLessThanOrEqual(24);
    expect(codes.size).toBe(1);
  });

  it('refuses new codes once the endpoint holds its maximum, and makes room as codes expire', () => {
    let next = 0;
    const codes = new SessionCodes({ perDevice: 5, total: 3 }, () => next++);
    for (const device of ['1', '2', '3']) expect(codes.create(code(device, 500)).ok).toBe(true);
    expect(codes.create(code('4'))).toEqual({ ok: false });
    codes.sweep(500);
    expect(codes.size).toBe(0);
    expect(codes.create(code('4')).ok).toBe(true);
  });

  it('keeps a device’s newest codes: the sixth replaces the oldest, even when the endpoint is full', () => {
    let next = 0;
    const codes = new SessionCodes({ perDevice: 5, total: 5 }, () => next++);
    const routes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = codes.create(code('100000001'));
      if (created.ok) routes.push(created.route);
    }
    const sixth = codes.create(code('100000001'));
    expect(sixth).toMatchObject({ ok: true, replaced: routes[0] });
    expect(codes.get(routes[0]!)).toBeUndefined();
    expect(codes.size).toBe(5);
  });
});
