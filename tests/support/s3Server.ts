import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import S3rver, { type S3rverContext, type S3rverMiddleware } from 's3rver';
import S3Error from 's3rver/lib/models/error';
import { tempDir } from './tempDir';

export const S3_TEST_BUCKET = 'tandem-recordings';
/** s3rver's own key pair. It refuses another access key ID; a SigV4 signature it does not check. */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3TestServer {
  /** The endpoint URL (path-style: the bucket is the URL's first segment). */
  readonly url: string;
  /** The folder s3rver keeps the bucket in: `objects()` lists what it holds. */
  objects(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * A local S3 server (s3rver) on 127.0.0.1 at a free port, its bucket in a temp folder. s3rver
 * implements multipart uploads but not two of their calls @tus/s3-store makes: ListParts (`GET
 * ?uploadId`, on every write and offset) and AbortMultipartUpload (`DELETE ?uploadId`); both answer
 * 405 MethodNotAllowed. They are added here, before s3rver's router, over the parts s3rver itself
 * wrote (one file per part, its MD5 beside it) — as S3 documents them, including NoSuchUpload once
 * the upload is completed, which is how @tus/s3-store learns an upload is whole.
 */
export async function startS3Server(): Promise<S3TestServer> {
  const dir = tempDir('tandem-s3-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir.path,
    silent: true,
    configureBuckets: [{ name: S3_TEST_BUCKET }],
  });
  server.middleware.splice(server.middleware.length - 1, 0, multipartCalls(server));
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    objects: async () => (await readdir(join(dir.path, S3_TEST_BUCKET), { recursive: true })).sort(),
    stop: async () => {
      await server.close();
      dir.cleanup();
    },
  };
}

function multipartCalls(server: S3rver): S3rverMiddleware {
  return async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (!uploadId || !['GET', 'DELETE'].includes(ctx.method)) return next();
    // s3rver checks the access key ID in its router, after this: here too.
    if (!ctx.headers.authorization?.includes(`Credential=${S3_TEST_CREDENTIALS.accessKeyId}/`)) {
      throw new S3Error('AccessDenied', 'Access Denied');
    }
    const [, bucket, ...key] = ctx.path.split('/');
    const folder = join(server.store.getResourcePath(bucket!, undefined, 'uploads'), uploadId);
    const storedKey = await readFile(join(folder, 'key'), 'utf8').catch(() => null);
    if (storedKey === null || storedKey !== decodeURIComponent(key.join('/'))) {
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    }
    if (ctx.method === 'DELETE') {
      await rm(folder, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    listParts(ctx, bucket!, storedKey, uploadId, await parts(folder));
  };
}

async function parts(folder: string) {
  const numbers = (await readdir(folder)).filter((name) => /^\d+$/.test(name)).map(Number);
  return Promise.all(
    numbers
      .sort((a, b) => a - b)
      .map(async (number) => {
        const file = join(folder, String(number));
        const { size, mtime } = await stat(file);
        return { number, size, mtime, md5: await readFile(`${file}.md5`, 'utf8') };
      }),
  );
}

function listParts(
  ctx: S3rverContext,
  bucket: string,
  key: string,
  uploadId: string,
  all: Awaited<ReturnType<typeof parts>>,
) {
  const marker = Number(ctx.query['part-number-marker'] ?? 0);
  const listed = all.filter((part) => part.number > marker);
  ctx.body = {
    ListPartsResult: {
      '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: listed.at(-1)?.number ?? marker,
      MaxParts: 10_000,
      IsTruncated: false,
      Part: listed.map((part) => ({
        PartNumber: part.number,
        LastModified: part.mtime.toISOString(),
        ETag: JSON.stringify(part.md5),
        Size: part.size,
      })),
    },
  };
}
