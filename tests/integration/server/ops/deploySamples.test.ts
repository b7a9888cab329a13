import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { readServerConfig } from '../../../../server/config';
import { opsRoutes } from '../../../../src-shared/ops/contract';
import { SIGNAL_PATH } from '../../../../src-shared/signaling/protocol';

const ENTRY = 'out/server/main.cjs';

/** What an operator's `.env` beside compose.yaml holds (docs/deploy/server.md): sample values of the right shape. */
const DOT_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: 'postgres-password-sample',
  REDIS_PASSWORD: 'redis-password-sample',
  TANDEM_SECRET_KEY: randomBytes(32).toString('base64'),
  TANDEM_SETUP_TOKEN: randomBytes(24).toString('hex'),
  TANDEM_METRICS_TOKEN: randomBytes(24).toString('hex'),
  TANDEM_RECORDINGS_S3: 's3://tandem-recordings/calls',
  TANDEM_S3_ACCESS_KEY_ID: 'AKIASAMPLE',
  TANDEM_S3_SECRET_ACCESS_KEY: randomBytes(30).toString('base64'),
};

/** Compose's interpolation: `${NAME}`, `${NAME:-default}`, `${NAME:?error}`; `$$` is a dollar sign. */
function interpolate(text: string): string {
  return text.replace(/\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}/g, (whole, name?: string, kind?: string, rest?: string) => {
    if (whole === '$$') return '$';
    const value = DOT_ENV[name!];
    if (value !== undefined) return value;
    if (kind === '-') return rest!;
    throw new Error(`compose.yaml needs ${name!}, which the sample .env does not hold`);
  });
}

const serviceSchema = z.object({
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  networks: z.union([z.array(z.string()), z.record(z.string(), z.object({ ipv4_address: z.string() }))]).optional(),
});
const compose = z
  .object({ services: z.record(z.string(), serviceSchema) })
  .parse(parse(readFileSync('docs/deploy/compose.yaml', 'utf8'), { merge: true }));
const nginx = readFileSync('docs/deploy/nginx.conf', 'utf8');

/** The endpoint's instances: each runs the built server with its flags and environment. */
const instances = Object.entries(compose.services)
  .filter(([, service]) => service.command?.includes(ENTRY))
  .map(([name, service]) => {
    const command = service.command!.map(interpolate);
    const env = Object.fromEntries(
      Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]),
    );
    return { name, service, args: command.slice(command.indexOf(ENTRY) + 1), env };
  });

/** The configuration the endpoint reads from `args` and `env`, or the error it stops with. */
function configOf(args: string[], env: NodeJS.ProcessEnv): unknown {
  try {
    return readServerConfig(args, env);
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

describe('the deployment samples (docs/deploy) match the endpoint they run', () => {
  it('compose.yaml runs several instances of the endpoint', () => {
    expect(instances.length).toBeGreaterThanOrEqual(2);
  });

  it.each(instances)(
    '$name: the endpoint accepts every flag and value of its command and environment',
    ({ args, env }) => {
      // Unknown flags and bad values throw (parseArgs is strict; zod checks each value).
      expect(() => readServerConfig(args, env)).not.toThrow();
    },
  );

  it.each(instances)('$name: every TANDEM_* variable it sets is one the endpoint reads', ({ args, env }) => {
    const full = configOf(args, env);
    for (const name of Object.keys(env).filter((key) => key.startsWith('TANDEM_'))) {
      const without = { ...env };
      delete without[name];
      // A variable the endpoint reads changes what it runs with, left out (unless it holds the
      // default) or emptied; one it does not read (misspelt, or not yet an option) changes nothing.
      const changed = [without, { ...env, [name]: '' }].some(
        (other) => !isDeepStrictEqual(configOf(args, other), full),
      );
      expect(changed, `${name} changes nothing: the endpoint does not read it`).toBe(true);
    }
  });

  it('nginx.conf balances over exactly these instances, on the ports they listen on, and is the proxy they trust', () => {
    const upstreams = [...nginx.matchAll(/^\s*server\s+([\w.-]+):(\d+)\b/gm)].map((m) => `${m[1]}:${m[2]}`);
    const listening = instances.map(({ name, args, env }) => `${name}:${readServerConfig(args, env).port}`);
    expect(upstreams.sort()).toEqual(listening.sort());
    const nginxService = Object.values(compose.services).find(
      (service) => service.networks && !Array.isArray(service.networks),
    );
    const nginxAddress = Object.values(nginxService!.networks as Record<string, { ipv4_address: string }>)[0]!
      .ipv4_address;
    for (const { args, env } of instances) expect(readServerConfig(args, env).trustProxy).toEqual([nginxAddress]);
  });

  it('nginx.conf passes the WebSocket upgrade on the signaling path, and keeps /metrics off the public side', () => {
    const location = (path: string) =>
      new RegExp(`location\\s+=\\s+${path.replaceAll('/', '\\/')}\\s+\\{([^}]*)\\}`).exec(nginx)?.[1] ?? '';
    const signal = location(SIGNAL_PATH);
    expect(signal).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(signal).toContain('proxy_set_header Connection "upgrade";');
    expect(signal).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
    expect(location(opsRoutes['system.metrics'].path)).toContain('return 404;');
  });

  it.each(instances)('$name: its health check asks the endpoint’s readiness route', ({ service }) => {
    expect(service.healthcheck?.test.join(' ')).toContain(opsRoutes['system.ready'].path);
  });
});
