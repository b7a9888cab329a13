import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { databaseUrlSchema } from './db/openEndpointDb';
import { operatorSecretKey } from './security/secretKey';
import {
  recordingsS3EndpointSchema,
  recordingsS3RegionSchema,
  recordingsS3UrlSchema,
  type RecordingsS3,
} from './video/recordingBytesS3';

const configSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8443),
  dataDir: z.string().min(1).default('./tandem-cloud-data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  turnUrls: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((url) => url.trim())
            .filter(Boolean)
        : [],
    ),
  turnSecret: z.string().min(16, 'a TURN secret has at least 16 characters').optional(),
  turnTtlSeconds: z.coerce.number().int().min(60).max(86_400).default(3600),
  turnOnly: z.enum(['0', '1', 'true', 'false']).optional(),
  updatesDir: z.string().min(1).optional(),
  allowPrivateIntegrations: z.enum(['0', '1', 'true', 'false']).optional(),
  setupToken: z.string().min(16, 'a setup token has at least 16 characters').max(200).optional(),
  secretKeyFile: z.string().min(1).optional(),
  redis: z.url({ protocol: /^rediss?$/, error: 'a Redis URL starts with redis:// or rediss://' }).optional(),
  nodeUrl: z
    .union([z.literal('listen'), z.url({ protocol: /^https?$/, error: 'a node URL starts with http:// or https://' })])
    .optional(),
  instanceName: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'an instance name is 1–64 letters, digits, dots, dashes or underscores')
    .optional(),
  metricsToken: z.string().min(16, 'a metrics token has at least 16 characters').max(200).optional(),
  database: databaseUrlSchema.optional(),
  geoip: z.string().min(1).optional(),
  recordingsS3: recordingsS3UrlSchema.optional(),
  recordingsS3Endpoint: recordingsS3EndpointSchema.optional(),
  recordingsS3Region: recordingsS3RegionSchema.default('us-east-1'),
  recordingsS3PathStyle: z.enum(['0', '1', 'true', 'false']).optional(),
  s3AccessKeyId: z.string().min(1, 'TANDEM_S3_ACCESS_KEY_ID is empty').optional(),
  s3SecretAccessKey: z.string().min(1, 'TANDEM_S3_SECRET_ACCESS_KEY is empty').optional(),
  trustProxy: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
          error: (issue) => `"${String(issue.input)}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)`,
        }),
      ),
    ),
});
/** The recordings' bucket settings: read one by one, given to the endpoint as one `RecordingsS3`. */
const RECORDINGS_S3_FIELDS = [
  'recordingsS3',
  'recordingsS3Endpoint',
  'recordingsS3Region',
  'recordingsS3PathStyle',
  's3AccessKeyId',
  's3SecretAccessKey',
] as const;
type RecordingsS3Settings = Pick<z.infer<typeof configSchema>, (typeof RECORDINGS_S3_FIELDS)[number]>;

export type ServerConfig = Omit<
  z.infer<typeof configSchema>,
  | 'turnUrls'
  | 'turnSecret'
  | 'turnTtlSeconds'
  | 'turnOnly'
  | 'updatesDir'
  | 'allowPrivateIntegrations'
  | 'secretKeyFile'
  | keyof RecordingsS3Settings
> & {
  allowPrivateIntegrations: boolean;
  /** Seals TOTP, webhook and connector secrets at rest; see server/security/secretKey.ts. */
  secretKey: Buffer | undefined;
  turn: { urls: string[]; secret: string; ttlSeconds: number; relayOnly: boolean } | undefined;
  updatesDir: string | undefined;
  /** VS-6: recordings in an S3-compatible bucket instead of the data folder. */
  recordingsS3: RecordingsS3 | undefined;
};

export const SERVER_USAGE = `Usage: npm run server -- [--host 127.0.0.1] [--port 8443] [--data-dir ./tandem-cloud-data] [--log-level info]
       [--turn-urls turn:turn.example.com:3478,turns:turn.example.com:5349 --turn-secret SECRET [--turn-ttl 3600]
        [--turn-only]]   (every session through the relay: the two computers never learn each other's addresses)
       [--updates-dir DIR]   (the update feed: DIR/stable, DIR/beta as the release workflow publishes them)
       [--allow-private-integrations]   (webhooks and connectors may reach loopback and private networks)
       [--setup-token TOKEN]   (the one-time token /api/v1/setup takes; default: one written to DATA_DIR/setup-token)
       [--trust-proxy 10.0.0.5,10.1.0.0/16]   (reverse proxies whose X-Forwarded-For is believed)
       [--secret-key-file FILE]   (base64 of 32 bytes, mode 600, not beside the database: seals stored secrets;
                                  or TANDEM_SECRET_KEY; required unless --host is loopback)
       [--redis redis://HOST:6379]   (several instances behind a load balancer share device routes,
                                     session codes and rate limits there; a password: TANDEM_REDIS_URL)
       [--node-url http://10.0.0.5:8080 | listen]   (with --redis: where the other instances reach this one
                                     directly, so signaling between them skips Redis's pub/sub; listen:
                                     the address this instance is bound to)
       [--instance-name NAME]   (this instance in logs and metrics; default HOST:PID)
       [--database postgres://USER@HOST:5432/tandem]   (PostgreSQL instead of SQLite in the data folder:
                                     what several instances share; a password: TANDEM_DATABASE_URL)
       [--geoip FILE]   (a MaxMind DB file, e.g. GeoLite2-City.mmdb: Live View shows the city and country of
                        each help session's source address instead of its time zone's)
       [--recordings-s3 s3://BUCKET/PREFIX [--recordings-s3-endpoint https://HOST:9000]
        [--recordings-s3-region us-east-1] [--recordings-s3-path-style]]   (video recordings in an
                        S3-compatible bucket instead of the data folder: the instances need not share a
                        disk; its key pair only from TANDEM_S3_ACCESS_KEY_ID and TANDEM_S3_SECRET_ACCESS_KEY)
       TANDEM_METRICS_TOKEN   (only from the environment: Prometheus reads /metrics with this bearer token)
Environment: TANDEM_SERVER_HOST, TANDEM_SERVER_PORT, TANDEM_SERVER_DATA_DIR, TANDEM_LOG_LEVEL,
             TANDEM_TURN_URLS, TANDEM_TURN_SECRET, TANDEM_TURN_TTL, TANDEM_TURN_ONLY, TANDEM_UPDATES_DIR,
             TANDEM_ALLOW_PRIVATE_INTEGRATIONS, TANDEM_SETUP_TOKEN, TANDEM_TRUST_PROXY,
             TANDEM_SECRET_KEY, TANDEM_SECRET_KEY_FILE, TANDEM_REDIS_URL, TANDEM_DATABASE_URL,
             TANDEM_INSTANCE_NAME, TANDEM_METRICS_TOKEN, TANDEM_GEOIP, TANDEM_NODE_URL,
             TANDEM_RECORDINGS_S3, TANDEM_RECORDINGS_S3_ENDPOINT, TANDEM_RECORDINGS_S3_REGION,
             TANDEM_RECORDINGS_S3_PATH_STYLE, TANDEM_S3_ACCESS_KEY_ID, TANDEM_S3_SECRET_ACCESS_KEY (flags win).
The operator's commands (each with --help): create-company (one more company), set-rollout (the
update channels' staged-rollout share), add-credits and set-plan (a company's AI credits and plan),
list-companies.`;

/** Flags win over environment variables, which win over defaults. */
export function readServerConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string' },
      'turn-urls': { type: 'string' },
      'turn-secret': { type: 'string' },
      'turn-ttl': { type: 'string' },
      'turn-only': { type: 'boolean' },
      'updates-dir': { type: 'string' },
      'allow-private-integrations': { type: 'boolean' },
      'setup-token': { type: 'string' },
      'trust-proxy': { type: 'string' },
      'secret-key-file': { type: 'string' },
      redis: { type: 'string' },
      'node-url': { type: 'string' },
      'instance-name': { type: 'string' },
      database: { type: 'string' },
      geoip: { type: 'string' },
      'recordings-s3': { type: 'string' },
      'recordings-s3-endpoint': { type: 'string' },
      'recordings-s3-region': { type: 'string' },
      'recordings-s3-path-style': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new ConfigHelp();
  const parsed = configSchema.safeParse({
    host: values.host ?? env.TANDEM_SERVER_HOST,
    port: values.port ?? env.TANDEM_SERVER_PORT,
    dataDir: values['data-dir'] ?? env.TANDEM_SERVER_DATA_DIR,
    logLevel: values['log-level'] ?? env.TANDEM_LOG_LEVEL,
    turnUrls: values['turn-urls'] ?? env.TANDEM_TURN_URLS,
    turnSecret: values['turn-secret'] ?? env.TANDEM_TURN_SECRET,
    turnTtlSeconds: values['turn-ttl'] ?? env.TANDEM_TURN_TTL,
    turnOnly: values['turn-only'] ? 'true' : env.TANDEM_TURN_ONLY,
    updatesDir: values['updates-dir'] ?? env.TANDEM_UPDATES_DIR,
    allowPrivateIntegrations: values['allow-private-integrations'] ? 'true' : env.TANDEM_ALLOW_PRIVATE_INTEGRATIONS,
    setupToken: values['setup-token'] ?? env.TANDEM_SETUP_TOKEN,
    trustProxy: values['trust-proxy'] ?? env.TANDEM_TRUST_PROXY,
    secretKeyFile: values['secret-key-file'] ?? env.TANDEM_SECRET_KEY_FILE,
    redis: values.redis ?? env.TANDEM_REDIS_URL,
    nodeUrl: values['node-url'] ?? env.TANDEM_NODE_URL,
    instanceName: values['instance-name'] ?? env.TANDEM_INSTANCE_NAME,
    // Like the secret key, never a flag: flags show in the process list.
    metricsToken: env.TANDEM_METRICS_TOKEN,
    database: values.database ?? env.TANDEM_DATABASE_URL,
    geoip: values.geoip ?? env.TANDEM_GEOIP,
    recordingsS3: values['recordings-s3'] ?? env.TANDEM_RECORDINGS_S3,
    recordingsS3Endpoint: values['recordings-s3-endpoint'] ?? env.TANDEM_RECORDINGS_S3_ENDPOINT,
    recordingsS3Region: values['recordings-s3-region'] ?? env.TANDEM_RECORDINGS_S3_REGION,
    recordingsS3PathStyle: values['recordings-s3-path-style'] ? 'true' : env.TANDEM_RECORDINGS_S3_PATH_STYLE,
    // Like the secret key, never a flag: flags show in the process list.
    s3AccessKeyId: env.TANDEM_S3_ACCESS_KEY_ID,
    s3SecretAccessKey: env.TANDEM_S3_SECRET_ACCESS_KEY,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`The server's configuration is invalid:\n${problems}\n${SERVER_USAGE}`);
  }
  const {
    turnUrls,
    turnSecret,
    turnTtlSeconds,
    turnOnly,
    updatesDir,
    allowPrivateIntegrations,
    secretKeyFile,
    ...others
  } = parsed.data;
  const [s3Settings, rest] = split(others, RECORDINGS_S3_FIELDS);
  // A key is taken from the environment or a file, never a flag: flags show in the process list.
  const secretKey = operatorSecretKey({
    value: secretKeyFile && values['secret-key-file'] ? undefined : env.TANDEM_SECRET_KEY,
    file: secretKeyFile ? resolve(secretKeyFile) : undefined,
  });
  if (rest.nodeUrl && !rest.redis)
    throw new Error(`--node-url needs --redis (the instances it links).\n${SERVER_USAGE}`);
  if (rest.nodeUrl === 'listen' && ['0.0.0.0', '::'].includes(rest.host)) {
    throw new Error(
      `--node-url listen needs a --host the other instances can reach, not ${rest.host}: give the URL instead.\n${SERVER_USAGE}`,
    );
  }
  const relayOnly = turnOnly === '1' || turnOnly === 'true';
  if (relayOnly && turnUrls.length === 0) throw new Error(`--turn-only needs --turn-urls.\n${SERVER_USAGE}`);
  if (turnUrls.length > 0 && !turnSecret) {
    throw new Error(`--turn-urls needs --turn-secret (coturn's static-auth-secret).\n${SERVER_USAGE}`);
  }
  const turn =
    turnUrls.length > 0 && turnSecret
      ? { urls: turnUrls, secret: turnSecret, ttlSeconds: turnTtlSeconds, relayOnly }
      : undefined;
  return {
    ...rest,
    recordingsS3: recordingsS3Config(s3Settings),
    dataDir: resolve(rest.dataDir),
    geoip: rest.geoip ? resolve(rest.geoip) : undefined,
    turn,
    updatesDir: updatesDir ? resolve(updatesDir) : undefined,
    allowPrivateIntegrations: allowPrivateIntegrations === '1' || allowPrivateIntegrations === 'true',
    secretKey,
  };
}

/** The recordings' bucket, when one is named; its other settings and key pair need it. */
function recordingsS3Config(options: RecordingsS3Settings): RecordingsS3 | undefined {
  const { recordingsS3, recordingsS3Endpoint, recordingsS3PathStyle, s3AccessKeyId, s3SecretAccessKey } = options;
  if (!recordingsS3) {
    if (recordingsS3Endpoint || recordingsS3PathStyle || s3AccessKeyId || s3SecretAccessKey) {
      throw new Error(
        `--recordings-s3-endpoint, --recordings-s3-path-style and TANDEM_S3_* need --recordings-s3 (the bucket).\n${SERVER_USAGE}`,
      );
    }
    return undefined;
  }
  if (!s3AccessKeyId !== !s3SecretAccessKey) {
    throw new Error(
      `TANDEM_S3_ACCESS_KEY_ID and TANDEM_S3_SECRET_ACCESS_KEY go together (or neither: the AWS SDK's own AWS_* variables or instance role).\n${SERVER_USAGE}`,
    );
  }
  return {
    ...recordingsS3,
    endpoint: recordingsS3Endpoint,
    region: options.recordingsS3Region,
    pathStyle: recordingsS3PathStyle === '1' || recordingsS3PathStyle === 'true',
    credentials:
      s3AccessKeyId && s3SecretAccessKey
        ? { accessKeyId: s3AccessKeyId, secretAccessKey: s3SecretAccessKey }
        : undefined,
  };
}

/** `object`'s `keys`, and the rest of it. */
function split<T extends object, K extends keyof T>(object: T, keys: readonly K[]): [Pick<T, K>, Omit<T, K>] {
  const picked = {} as Pick<T, K>;
  const rest: Partial<T> = { ...object };
  for (const key of keys) {
    picked[key] = object[key];
    delete rest[key];
  }
  return [picked, rest as Omit<T, K>];
}

export class ConfigHelp extends Error {
  constructor() {
    super(SERVER_USAGE);
  }
}
