import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, type ServerOptions } from '../../../../server/app';
import { GeoipError } from '../../../../server/liveview/geoip';
import { companyParties } from '../../../support/companyParties';
import { deviceRequestHeaders, endpointInstanceId } from '../../../support/deviceRequest';
import { writeMmdb } from '../../../support/mmdbWriter';
import { startServer } from '../../../support/testServer';
import { tempDir } from '../../../support/tempDir';

const HELP = '/api/v1/devices/me/help-session';
const LIST = '/api/v1/liveview/help-sessions';

/** Documentation-style public addresses, placed by the test's own GeoIP database. */
const LONDON = '81.2.69.142';
const ENGLAND = '2.125.160.217';
const NOWHERE = '198.51.100.7';

const presence = {
  status: 'active',
  foregroundApp: 'Outlook',
  deviceName: 'Erika-PC',
  os: { name: 'Windows', version: '11' },
  // What the device says: its time zone's city.
  location: 'Vienna',
  tags: ['erika@acme.test'],
} as const;

describe('Live View places help sessions by their source address when the operator gives a GeoIP database (--geoip)', () => {
  let server: RunningServer | undefined;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    dir?.cleanup();
  });

  async function endpoint(options: Partial<ServerOptions>) {
    dir = tempDir();
    const geoip = join(dir.path, 'city.mmdb');
    writeFileSync(
      geoip,
      writeMmdb([
        {
          network: '81.2.69.0/24',
          record: { city: { names: { en: 'London', de: 'London' } }, country: { names: { en: 'United Kingdom' } } },
        },
        {
          network: '2.125.160.216/29',
          record: { subdivisions: [{ names: { en: 'England' } }], country: { names: { en: 'United Kingdom' } } },
        },
      ]),
    );
    server = await startServer({ dataDir: join(dir.path, 'data'), logger: false, geoip, ...options });
    const parties = companyParties(() => server!.url, join(dir.path, 'data'));
    const acme = await parties.company('Acme', 'ada@acme.test');
    const sam = await parties.user(acme.admin, 'sam@acme.test', ['liveview.view']);
    const erika = await parties.device(acme.admin);
    /** A signed device request as it reaches the endpoint through a proxy that says who sent it. */
    const fromAddress = async (method: string, path: string, body: unknown, address: string) => {
      const payload = JSON.stringify(body);
      const headers = deviceRequestHeaders(erika.deviceId, erika.privateKey as KeyObject, {
        method,
        path,
        audience: await endpointInstanceId(server!.url),
        body: payload,
      });
      const response = await fetch(`${server!.url}${path}`, {
        method,
        headers: { ...headers, 'x-forwarded-for': address },
        body: payload,
      });
      return response.status;
    };
    const location = async () =>
      ((await parties.call('GET', LIST, undefined, sam)).body!.helpSessions as { location: string | null }[])[0]!
        .location;
    return { fromAddress, location };
  }

  it('shows the city and country of the address behind the trusted proxy, the region where no city is known, and the device’s own where the address is unknown', async () => {
    const { fromAddress, location } = await endpoint({ trustProxy: ['127.0.0.1'] });
    const ask = { acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() }, presence };
    expect(await fromAddress('POST', HELP, ask, LONDON)).toBe(200);
    expect(await location()).toBe('London, United Kingdom');

    expect(await fromAddress('PUT', `${HELP}/presence`, presence, ENGLAND)).toBe(200);
    expect(await location()).toBe('England, United Kingdom');

    expect(await fromAddress('PUT', `${HELP}/presence`, presence, NOWHERE)).toBe(200);
    expect(await location()).toBe('Vienna');
  });

  it('believes X-Forwarded-For only from a trusted proxy: anyone else is placed by their own address', async () => {
    const { fromAddress, location } = await endpoint({});
    const ask = { acknowledgement: { textVersion: 'lv-ack-1', acknowledgedAt: new Date().toISOString() }, presence };
    expect(await fromAddress('POST', HELP, ask, LONDON)).toBe(200);
    // The request came from 127.0.0.1, which the database does not place: the device's own location stays.
    expect(await location()).toBe('Vienna');
  });

  it('refuses to start with a file that is not a GeoIP database, and says what to give instead', async () => {
    dir = tempDir();
    const notADatabase = join(dir.path, 'city.mmdb');
    writeFileSync(notADatabase, 'not a MaxMind database');
    const refusal = await startServer({ dataDir: join(dir.path, 'data'), logger: false, geoip: notADatabase }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(GeoipError);
    expect((refusal as Error).message).toContain(`The GeoIP database ${notADatabase} cannot be read`);
    expect((refusal as Error).message).toContain('MaxMind DB file (.mmdb)');
  });
});
