import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootCore } from '../../../../src-main/core/boot';
import {
  CoreEnvironmentError,
  MAX_UPLOAD_CHUNK_BYTES,
  MIN_UPLOAD_CHUNK_BYTES,
  readCoreEnvironment,
} from '../../../../src-main/core/coreEnvironment';

const read = (value: string | undefined) => readCoreEnvironment({ TANDEM_RECORDING_UPLOAD_CHUNK_BYTES: value });

describe('the core’s settings from the environment (desktop app and browser mode alike)', () => {
  it('reads the upload’s piece size, whole bytes from 16 KiB to 64 MiB; unset leaves the default', () => {
    expect(read(undefined)).toEqual({ recordingUploadChunkBytes: undefined });
    expect(readCoreEnvironment({})).toEqual({ recordingUploadChunkBytes: undefined });
    expect(read('1048576')).toEqual({ recordingUploadChunkBytes: 1024 * 1024 });
    expect(read(String(MIN_UPLOAD_CHUNK_BYTES))).toEqual({ recordingUploadChunkBytes: 16 * 1024 });
    expect(read(String(MAX_UPLOAD_CHUNK_BYTES))).toEqual({ recordingUploadChunkBytes: 64 * 1024 * 1024 });
  });

  it('refuses a piece size that is not a whole number, too small or too large, naming the variable and the range', () => {
    const refusals = [
      [
        '8M',
        'TANDEM_RECORDING_UPLOAD_CHUNK_BYTES must be a whole number of bytes from 16384 (16 KiB) to 67108864 (64 MiB), not "8M".',
      ],
      [
        '',
        'TANDEM_RECORDING_UPLOAD_CHUNK_BYTES must be a whole number of bytes from 16384 (16 KiB) to 67108864 (64 MiB), not "".',
      ],
      ['1e6', 'must be a whole number of bytes'],
      ['65536.5', 'must be a whole number of bytes'],
      ['-65536', 'must be a whole number of bytes'],
      ['16383', 'TANDEM_RECORDING_UPLOAD_CHUNK_BYTES is too small: at least 16384 bytes (16 KiB), not "16383".'],
      ['1024', 'is too small'],
      [
        String(MAX_UPLOAD_CHUNK_BYTES + 1),
        `TANDEM_RECORDING_UPLOAD_CHUNK_BYTES is too large: at most 67108864 bytes (64 MiB), not "${MAX_UPLOAD_CHUNK_BYTES + 1}".`,
      ],
    ] as const;
    for (const [value, message] of refusals) {
      expect(() => read(value), value).toThrow(CoreEnvironmentError);
      expect(() => read(value), value).toThrow(message);
    }
  });

  it('is read where both runtimes boot the core: the desktop app refuses a bad piece size before it opens anything', async () => {
    const dataDir = join(tmpdir(), `tandem-never-${process.pid}-${Date.now()}`);
    const before = process.env.TANDEM_RECORDING_UPLOAD_CHUNK_BYTES;
    process.env.TANDEM_RECORDING_UPLOAD_CHUNK_BYTES = '8 MiB';
    try {
      const booting = bootCore({
        dataDir,
        runtime: 'electron',
        version: '0.0.0',
        log: { warn: () => undefined, error: () => undefined, info: () => undefined } as never,
        startEmbeddedCloud: () => Promise.reject(new Error('not to be started')),
      });
      await expect(booting).rejects.toThrow(CoreEnvironmentError);
      await expect(booting).rejects.toThrow('TANDEM_RECORDING_UPLOAD_CHUNK_BYTES must be a whole number of bytes');
    } finally {
      if (before === undefined) delete process.env.TANDEM_RECORDING_UPLOAD_CHUNK_BYTES;
      else process.env.TANDEM_RECORDING_UPLOAD_CHUNK_BYTES = before;
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});
