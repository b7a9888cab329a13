import { z } from 'zod';
import type { CoreOptions } from './core';

/**
 * The smallest piece of a recording's upload the core sends. tus sets no minimum, but each PATCH
 * costs its headers and a round trip to the endpoint: below this, an hour's recording (about a
 * GiB) would take tens of thousands of requests. It fits the tightest body limit a proxy sensibly has.
 */
export const MIN_UPLOAD_CHUNK_BYTES = 16 * 1024;
/** The largest: tus-js-client holds each piece of a file stream in memory while it sends it. */
export const MAX_UPLOAD_CHUNK_BYTES = 64 * 1024 ** 2;

const NAME = 'TANDEM_RECORDING_UPLOAD_CHUNK_BYTES';
const range = `from ${MIN_UPLOAD_CHUNK_BYTES} (16 KiB) to ${MAX_UPLOAD_CHUNK_BYTES} (64 MiB)`;

/** The environment the core reads, in the desktop app and browser mode alike. */
const coreEnvironmentSchema = z.object({
  [NAME]: z
    .string()
    .regex(/^\d+$/, `must be a whole number of bytes ${range}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(MIN_UPLOAD_CHUNK_BYTES, `is too small: at least ${MIN_UPLOAD_CHUNK_BYTES} bytes (16 KiB)`)
        .max(MAX_UPLOAD_CHUNK_BYTES, `is too large: at most ${MAX_UPLOAD_CHUNK_BYTES} bytes (64 MiB)`),
    )
    .optional(),
});

/** A setting in the environment the core cannot use; its message names the variable and what to give. */
export class CoreEnvironmentError extends Error {}

/**
 * The core's options that come from the environment (bootCore reads them for both runtimes):
 * `TANDEM_RECORDING_UPLOAD_CHUNK_BYTES`, the largest body of one PATCH of a recording's upload, for
 * a proxy whose body limit is below the default piece (RECORDING_UPLOAD_CHUNK_BYTES).
 */
export function readCoreEnvironment(env: NodeJS.ProcessEnv): Pick<CoreOptions, 'recordingUploadChunkBytes'> {
  const parsed = coreEnvironmentSchema.safeParse({ [NAME]: env[NAME] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CoreEnvironmentError(`${NAME} ${issue.message}, not "${env[NAME]}".`);
  }
  return { recordingUploadChunkBytes: parsed.data[NAME] };
}
