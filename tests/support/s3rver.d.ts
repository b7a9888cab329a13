/** The parts of s3rver (a local S3 server, a dev dependency without types) the tests use. */
declare module 's3rver' {
  /** Koa's context, as far as a middleware added to s3rver reads and answers it. */
  export interface S3rverContext {
    method: string;
    path: string;
    query: Record<string, string | undefined>;
    headers: Record<string, string | undefined>;
    status: number;
    body: unknown;
  }
  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => Promise<void>;

  export default class S3rver {
    constructor(options: {
      address?: string;
      port?: number;
      directory: string;
      silent?: boolean;
      configureBuckets?: { name: string }[];
    });
    /** Koa's middleware, in order: s3rver's own ends with its router. */
    readonly middleware: S3rverMiddleware[];
    readonly store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}

declare module 's3rver/lib/models/error' {
  /** An S3 error: s3rver answers it as S3's XML error with this code and the status S3 gives it. */
  export default class S3Error extends Error {
    constructor(code: string, message?: string, detail?: Record<string, unknown>);
  }
}
