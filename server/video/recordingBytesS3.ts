import { ERRORS } from '@tus/server';
import { S3Store } from '@tus/s3-store';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ByteRange, RecordingBytes } from './recordingBytes';

/** `--recordings-s3 s3://BUCKET/PREFIX`: the bucket (S3's naming rules) and a key prefix, maybe none. */
export const recordingsS3UrlSchema = z
  .string()
  .regex(
    /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[\w!.*'()/-]*)?$/,
    'recordings in S3 are named s3://BUCKET or s3://BUCKET/PREFIX (a bucket: 3–63 lowercase letters, digits, dots or dashes)',
  )
  .transform((url) => {
    const [bucket, ...path] = url.slice('s3://'.length).split('/');
    const prefix = path.filter(Boolean).join('/');
    return { bucket: bucket!, prefix: prefix ? `${prefix}/` : '' };
  });

export const recordingsS3EndpointSchema = z
  .url({ protocol: /^https?$/, error: 'an S3 endpoint URL starts with http:// or https://' })
  .refine((url) => !new URL(url).username && !new URL(url).password, {
    error: 'an S3 endpoint URL holds no key: give it in TANDEM_S3_ACCESS_KEY_ID and TANDEM_S3_SECRET_ACCESS_KEY',
  });

export const recordingsS3RegionSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, 'an S3 region is lowercase letters, digits and dashes (e.g. eu-central-1)');

/** Recordings in an S3-compatible bucket instead of the data folder. */
export interface RecordingsS3 {
  readonly bucket: string;
  /** Put before every key ('' or ending in '/'). */
  readonly prefix: string;
  /** Another S3-compatible service than AWS's (MinIO, Ceph, …); none: AWS, by the region. */
  readonly endpoint: string | undefined;
  readonly region: string;
  /** The bucket in the URL's path rather than its host name (what most self-hosted services need). */
  readonly pathStyle: boolean;
  /** From the environment only; none: the AWS SDK's own chain (AWS_* variables, an instance role). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
}

/** The recordings' bucket cannot be used: the operator's to fix, so the endpoint does not start. */
export class RecordingsS3Error extends Error {}

/** An upload's ID in the tus URL: what the default naming makes (16 random bytes, hex). */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/**
 * @tus/s3-store with what the recordings need after an upload: its size and ranges of its bytes
 * (GetObject with Range), and removing a completed upload — S3Store's own `remove` aborts the
 * multipart upload first, which S3 answers with NoSuchUpload once it is completed, and stops there.
 */
class RecordingS3Store extends S3Store {
  async check(): Promise<void> {
    await this.client.headBucket({ Bucket: this.bucket });
  }

  async size(key: string): Promise<number> {
    return (await this.client.headObject({ Bucket: this.bucket, Key: key })).ContentLength ?? 0;
  }

  async readRange(key: string, range: ByteRange | undefined): Promise<Readable> {
    const { Body } = await this.client.getObject({
      Bucket: this.bucket,
      Key: key,
      ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
    });
    return Body as Readable;
  }

  override async remove(key: string): Promise<void> {
    await super.remove(key).catch((error: unknown) => {
      if (error !== ERRORS.FILE_NOT_FOUND) throw error;
    });
    const keys = [key, this.infoKey(key), this.partKey(key, true)];
    await this.client.deleteObjects({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } });
  }
}

/**
 * The recordings in an S3-compatible bucket, through @tus/s3-store: the instances need not share a
 * disk. Checked at start (the bucket answers to the key pair), so a wrong setting stops the start
 * rather than the first upload; the message names the bucket and endpoint, never the key.
 */
export async function s3RecordingBytes(config: RecordingsS3): Promise<RecordingBytes> {
  const datastore = new RecordingS3Store({
    s3ClientConfig: {
      bucket: config.bucket,
      region: config.region,
      forcePathStyle: config.pathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      // The SDK's default adds CRC32 trailers in aws-chunked bodies, which not every S3-compatible
      // service decodes (s3rver stores the framing as data); the whole upload's SHA-256 is checked anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
  });
  try {
    await datastore.check();
  } catch (error) {
    const where = `The recordings' S3 bucket "${config.bucket}"${config.endpoint ? ` at ${config.endpoint}` : ''}`;
    throw new RecordingsS3Error(`${where} cannot be used: ${s3Problem(error)}.`);
  }
  const { prefix } = config;
  return {
    datastore,
    // Each upload's key begins with the prefix; its URL carries only the random part after it.
    naming: prefix
      ? {
          namingFunction: () => `${prefix}${randomBytes(16).toString('hex')}`,
          generateUrl: (_req, { path, id }) => `${path}/${id.slice(prefix.length)}`,
          getFileIdFromRequest: (_req, id) => (id && UPLOAD_ID.test(id) ? `${prefix}${id}` : undefined),
        }
      : {},
    size: (key) => datastore.size(key),
    read: (key, range) => datastore.readRange(key, range),
    remove: (key) => datastore.remove(key),
  };
}

/** What went wrong, as the operator can act on it — from the status and code, never the request. */
function s3Problem(error: unknown): string {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 404) return 'there is no such bucket (create it, or check --recordings-s3)';
  if (status === 301 || status === 400) return 'it is in another region (check --recordings-s3-region)';
  if (status === 401 || status === 403) {
    return 'access is denied (check TANDEM_S3_ACCESS_KEY_ID and TANDEM_S3_SECRET_ACCESS_KEY, and the bucket policy)';
  }
  const code = (error as { code?: string }).code;
  if (code) return `it cannot be reached (${code}; check --recordings-s3-endpoint)`;
  return `it answered ${status ?? (error as Error).name} (check the --recordings-s3 settings)`;
}
