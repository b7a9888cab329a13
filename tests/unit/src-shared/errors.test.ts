import { describe, expect, it } from 'vitest';
import { sessionFailureSchema } from '../../../src-shared/domain/session';
import { errorCodeSchema, TandemError, WAIT_CODES } from '../../../src-shared/errors';
import { errorsDe } from '../../../src-shared/errors.de';
import { errorsEn } from '../../../src-shared/errors.en';
import { hubErrorCodeSchema } from '../../../src-shared/signaling/protocol';

const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();
const codes = errorCodeSchema.options;

describe('the one error catalogue', () => {
  it('every code has a non-empty English and German text with the same placeholders', () => {
    for (const code of codes) {
      const english: string = errorsEn[code];
      const german: string = errorsDe[code];
      expect(english.trim(), `English text of ${code}`).not.toBe('');
      expect(german.trim(), `German text of ${code}`).not.toBe('');
      expect(german, `German text of ${code} is not the English one`).not.toBe(english);
      expect(placeholders(german), `placeholders of ${code}`).toEqual(placeholders(english));
    }
  });

  it('holds texts for exactly the codes (and the generic fallback), no stale keys', () => {
    const expected = [...codes, 'generic'].sort();
    expect(Object.keys(errorsEn).sort()).toEqual(expected);
    expect(Object.keys(errorsDe).sort()).toEqual(expected);
  });

  it('a code that comes with a wait says it through {{wait}}, and only those codes do', () => {
    for (const code of codes) {
      const expected = (WAIT_CODES as readonly string[]).includes(code) ? ['wait'] : [];
      expect(placeholders(errorsEn[code]), code).toEqual(expected);
    }
  });

  it('the hub’s and a connection attempt’s codes are part of the catalogue', () => {
    for (const code of [...hubErrorCodeSchema.options, ...sessionFailureSchema.shape.code.options])
      expect(codes).toContain(code);
  });

  it('keeps the wait across the IPC boundary', () => {
    const error = new TandemError('rate_limited', 'slow down', undefined, 12_000);
    expect(TandemError.fromShape(error.toShape())).toMatchObject({ code: 'rate_limited', retryAfterMs: 12_000 });
    expect(new TandemError('not_found', 'gone').toShape()).toEqual({ code: 'not_found', message: 'gone' });
  });
});
