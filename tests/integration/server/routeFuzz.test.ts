import fc from 'fast-check';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountStore } from '../../../server/accounts/accountStore';
import { OPENAPI_PATH, type RunningServer } from '../../../server/app';
import { endpointRoutes } from '../../../src-shared/http/routeTable';
import { startServer } from '../../support/testServer';
import { deviceRequestHeaders, endpointInstanceId } from '../../support/deviceRequest';
import { tempDir } from '../../support/tempDir';

/**
 * Every route of the endpoint, called by a signed-in administrator (who holds every permission)
 * from a registered device of the company that signs every request (so the device routes are
 * reached too), or — on a video code user's routes — by a code user of one of its video devices,
 * with malformed bodies, path parameters and query strings: no crash, no 5xx, no hang, and every
 * refusal is a typed error the client can show. Bounded: a fixed number of calls
 * per route, each with its own time limit.
 */

const CALLS_PER_ROUTE = 12;
const CALL_TIMEOUT_MS = 5_000;
const DEVICE_ID = '246813579';
const ADMIN = { company: 'Fuzz Inc', name: 'Fay Fuzz', email: 'fay@fuzz.example', password: 'a long passphrase' };

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
}

interface Operation {
  method: string;
  path: string;
  /** The route's JSON body schema: bodies shaped like it pass validation and reach the handler. */
  body: JsonSchema | undefined;
}

/** Strings an attacker would put in a path segment, a query or a field. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../etc/passwd',
    '%2e%2e%2f',
    '0',
    '-1',
    '999999999',
    '123456789',
    '00000000-0000-0000-0000-000000000000',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '=HYPERLINK("http://evil.example")',
    '\u0000',
    '🙂'.repeat(30),
    'x'.repeat(5000),
    'NaN',
    'true',
    '{}',
  ),
);

const hostileBody = fc.oneof(
  fc.json({ maxDepth: 3 }).map((text) => ({ raw: text })),
  fc
    .constantFrom('{', '[', 'null', '"x"', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}')
    .map((raw) => ({ raw })),
  fc
    .dictionary(hostileString, fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null)), {
      maxKeys: 6,
    })
    .map((object) => ({ raw: JSON.stringify(object) })),
);

/**
 * Values of the schema's shape with hostile contents: they get past the validator, so the handler
 * itself meets the odd string, the boundary number and the unknown ID.
 */
function shaped(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => shaped(variant, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      if (depth > 3 || properties.length === 0) return fc.constant({});
      return fc.record(Object.fromEntries(properties.map(([key, value]) => [key, shaped(value, depth + 1)])), {
        requiredKeys: (schema.required ?? []).filter((key) => key in (schema.properties ?? {})),
      });
    }
    case 'array':
      return fc.array(schema.items ? shaped(schema.items, depth + 1) : fc.constant(null), { maxLength: 4 });
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }),
        fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 2 ** 31),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      if (schema.format === 'email') return fc.constantFrom('fay@fuzz.example', 'other@elsewhere.example', 'a@b.c');
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time') return fc.constantFrom('2026-11-29T00:00:00.000Z', '1970-01-01T00:00:00.000Z');
      if (schema.format === 'uri') return fc.constantFrom('https://example.com/hook', 'http://127.0.0.1:1/x');
      return hostileString;
    default:
      return fc.oneof(hostileString, fc.integer(), fc.constant(null));
  }
}

/** The routes a video code user calls, as the OpenAPI document writes them (`{id}` for `:id`). */
const codeUserRoutes = new Set(
  Object.values(endpointRoutes)
    .filter((route) => route.auth === 'code-user')
    .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
);

function fillPath(template: string, values: string[]): string {
  let index = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[index++ % values.length] ?? 'x'));
}

describe('every route with valid credentials and hostile input (fuzzed)', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let operations: Operation[];
  let token: string;
  /** A code user of a video device of the company: the fuzzed IDs never name that device, so it stays valid. */
  let codeUserToken: string;

  let accounts: AccountStore;
  let adminId: string;
  let deviceKey: KeyObject;
  let audience: string;

  /** A fresh session for the administrator; a fuzzed sign-out, revocation or TOTP change ends the last one. */
  async function signIn(): Promise<string> {
    return (await accounts.startSession(adminId)).token;
  }

  beforeAll(async () => {
    dir = tempDir();
    server = await startServer({ dataDir: dir.path, logger: false });
    accounts = new AccountStore(server.data, server.secrets);
    adminId = (await accounts.createCompany(ADMIN)).userId;
    token = await signIn();
    // A device of the company, signing every call as the desktop does.
    const keys = generateKeyPairSync('ed25519');
    deviceKey = keys.privateKey;
    audience = await endpointInstanceId(server.url);
    const registered = await fetch(`${server.url}/api/v1/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: DEVICE_ID,
        publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }),
        platform: 'linux',
        name: 'fuzz',
      }),
    });
    expect(registered.status).toBe(200);
    const joined = await fetch(`${server.url}/api/v1/devices/me/join-company`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...deviceRequestHeaders(DEVICE_ID, deviceKey, {
          method: 'POST',
          path: '/api/v1/devices/me/join-company',
          audience,
        }),
      },
    });
    expect(joined.status).toBe(200);
    const video = await fetch(`${server.url}/api/v1/video/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fuzzed press' }),
    });
    expect(video.status).toBe(201);
    const joinedVideo = await fetch(`${server.url}/api/v1/video/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: ((await video.json()) as { code: string }).code }),
    });
    expect(joinedVideo.status).toBe(200);
    codeUserToken = ((await joinedVideo.json()) as { token: string }).token;
    const document = (await (await fetch(`${server.url}${OPENAPI_PATH}`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => {
          const operation = methods[method] as {
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          };
          return {
            method: method.toUpperCase(),
            path,
            body: operation.requestBody?.content?.['application/json']?.schema,
          };
        }),
    );
  });

  afterAll(async () => {
    await server.close();
    dir.cleanup();
  });

  it('lists the routes it fuzzes from the OpenAPI document', () => {
    // The admin, user, summary, integration and device routes are all there to be fuzzed.
    const paths = operations.map((operation) => operation.path);
    for (const expected of [
      '/api/v1/auth/sign-in',
      '/api/v1/summaries/push',
      '/api/v1/admin/users',
      '/api/v1/devices/me/summaries/push',
      '/api/v1/devices/me/help-session',
      '/api/v1/liveview/help-sessions',
      '/api/v1/liveview/connect-by-code',
      '/api/v1/video/me/tickets',
      '/api/v1/video/sessions',
      '/api/v1/video/sessions/{id}',
      '/api/v1/video/sessions/{id}/assignees',
      '/api/v1/video/sessions/{id}/events',
      '/api/v1/video/settings',
      '/api/v1/video/me/sessions',
      '/api/v1/video/me/sessions/{id}/cancel',
      '/api/v1/video/employees',
    ]) {
      expect(paths).toContain(expected);
    }
    expect(operations.length).toBeGreaterThan(30);
  });

  it('never answers a signed-in administrator on a signed device with a 5xx, a hang or an untyped error', async () => {
    const failures: string[] = [];
    const samples = fc.sample(
      fc.record({
        params: fc.array(hostileString, { minLength: 1, maxLength: 3 }),
        query: fc.dictionary(fc.constantFrom('since', 'limit', 'q', 'cursor', 'from', 'to', 'x'), hostileString, {
          maxKeys: 3,
        }),
        body: hostileBody,
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
      }),
      { numRuns: CALLS_PER_ROUTE * operations.length, seed: 20261129 },
    );
    let sample = 0;
    /** Routes that accepted at least one fuzzed call: proof the fuzz got past the validators. */
    const reached = new Set<string>();
    for (const operation of operations) {
      for (let call = 0; call < CALLS_PER_ROUTE; call++) {
        const input = samples[sample++]!;
        // Every other call sends a body of the route's own shape, so the handler is reached.
        const body =
          operation.body && call % 2 === 0
            ? JSON.stringify(fc.sample(shaped(operation.body), { numRuns: 1, seed: sample })[0])
            : input.body.raw;
        const contentType = operation.body && call % 2 === 0 ? 'application/json' : input.contentType;
        const query = new URLSearchParams(input.query).toString();
        const target = `${fillPath(operation.path, input.params)}${query ? `?${query}` : ''}`;
        const url = `${server.url}${target}`;
        const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
        const asCodeUser = codeUserRoutes.has(`${operation.method} ${operation.path}`);
        let response: Response;
        try {
          response = await fetch(url, {
            method: operation.method,
            headers: {
              authorization: `Bearer ${asCodeUser ? codeUserToken : token}`,
              ...deviceRequestHeaders(DEVICE_ID, deviceKey, {
                method: operation.method,
                path: target,
                audience,
                ...(hasBody ? { body } : {}),
              }),
              ...(hasBody ? { 'content-type': contentType } : {}),
            },
            body: hasBody ? body : undefined,
            signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
          });
        } catch (error) {
          failures.push(`${operation.method} ${url}: no answer (${String(error)})`);
          continue;
        }
        const text = await response.text();
        if (response.status < 300) reached.add(`${operation.method} ${operation.path}`);
        if (response.status >= 500)
          failures.push(`${operation.method} ${url}: ${response.status} ${text.slice(0, 200)}`);
        if (response.status >= 400 && !/"code"\s*:/.test(text)) {
          failures.push(`${operation.method} ${url}: ${response.status} without an error code: ${text.slice(0, 200)}`);
        }
        // A fuzzed sign-out or revocation ends this session: sign in again and go on.
        if (response.status === 401 && !asCodeUser) token = await signIn();
        if (response.status === 401 && asCodeUser)
          failures.push(`${operation.method} ${url}: code user refused: ${text}`);
      }
    }
    expect(failures).toEqual([]);
    expect(reached.size).toBeGreaterThan(operations.length / 3);
    // The device's own routes were reached with its signature, not only refused.
    expect([...reached].some((route) => route.includes('/devices/me/'))).toBe(true);
    // And the code user's, with their token.
    expect([...reached].some((route) => route.includes('/video/me/'))).toBe(true);
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    expect(health.status).toBe(200);
  }, 180_000);
});
