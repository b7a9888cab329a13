import { open, type CityResponse } from 'maxmind';
import { z } from 'zod';

/** The GeoIP database could not be opened at start: the operator's to fix (`--geoip`). */
export class GeoipError extends Error {}

/** The names a City or Country database gives (GeoIP2/GeoLite2, DB-IP and others of that shape), read defensively. */
const named = z.object({ names: z.record(z.string(), z.string()).optional() }).partial();
const placeSchema = z
  .object({
    city: named.optional(),
    subdivisions: z.array(named).optional(),
    country: named.optional(),
  })
  .loose();

/** Where an address is, as a supporter reads it: `Berlin, Germany`, or the country alone; null when unknown. */
export type Locate = (address: string) => string | null;

/**
 * LV-1's location from the source address (`--geoip FILE`, a MaxMind DB file such as GeoLite2-City
 * or DB-IP City Lite, read with `maxmind`): where the operator gives one, a help session's location
 * is the city and country of the address its device's requests come from (behind `--trust-proxy`,
 * from X-Forwarded-For) rather than what the device says about its time zone.
 */
export async function openGeoip(file: string): Promise<Locate> {
  let reader;
  try {
    reader = await open<CityResponse>(file);
  } catch (error) {
    throw new GeoipError(
      `The GeoIP database ${file} cannot be read (${(error as Error).message}): give --geoip a MaxMind DB file (.mmdb) such as GeoLite2-City.`,
    );
  }
  return (address) => {
    let found: unknown;
    try {
      found = reader.get(address);
    } catch {
      return null;
    }
    const place = placeSchema.safeParse(found ?? {});
    if (!place.success) return null;
    const english = (record: z.infer<typeof named> | undefined) => record?.names?.en?.trim() || undefined;
    const country = english(place.data.country);
    const where = english(place.data.city) ?? english(place.data.subdivisions?.[0]);
    const text = [where, country].filter(Boolean).join(', ');
    // A help session's location is at most 120 characters (presenceSchema).
    return text ? text.slice(0, 120) : null;
  };
}
