import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/** Resolves a host name to all its addresses; injectable so tests can play a rebinding DNS server. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Why an address is not where a company's webhooks go, or null for an ordinary public address.
 * Everything in the IANA special-purpose registries counts (loopback, private, shared, link-local,
 * documentation, benchmarking, multicast, reserved, NAT64, 6to4, Teredo …), as ipaddr.js knows
 * them; IPv4 inside IPv6 (mapped, or the old compatible form) is judged as the IPv4 it carries.
 */
export function internalRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    // ::a.b.c.d (IPv4-compatible, deprecated): some stacks still route it to a.b.c.d.
    else if (v6.parts.slice(0, 6).every((part) => part === 0) && v6.range() !== 'loopback') {
      return v6.range() === 'unspecified' ? 'unspecified' : 'IPv4-compatible';
    }
  }
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

export class RefusedTargetError extends Error {
  override readonly name = 'RefusedTargetError';
}

const refusal = (host: string, address: string, range: string) =>
  `${host} is an internal address (${address}, ${range}); this endpoint's operator allows those with --allow-private-integrations.`;

/**
 * SI-12: webhooks and connectors run on the cloud endpoint, so a company's administrator must
 * not be able to point them into the operator's own network. Returns why a target is refused,
 * or null. Used when a target is set; deliveries check again at connect time (see guardedAgent).
 */
export async function refusedTarget(
  url: string,
  allowInternal: boolean,
  resolve: Resolver = systemResolver,
): Promise<string | null> {
  if (allowInternal) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolve(host)).map((entry) => entry.address);
  } catch {
    return `${host} cannot be resolved.`;
  }
  if (addresses.length === 0) return `${host} cannot be resolved.`;
  for (const address of addresses) {
    const range = internalRange(address);
    if (range) return refusal(host, address, range);
  }
  return null;
}

/**
 * A `lookup` for net.connect that resolves once, refuses if any answer is internal, and hands
 * exactly the checked addresses to the connection. Checking and connecting on one resolution is
 * what defeats DNS rebinding (a name that answers public to the check and private to the fetch).
 */
function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const checked = (addresses: LookupAddress[]) => {
      if (addresses.length === 0) return callback(new RefusedTargetError(`${hostname} cannot be resolved.`), []);
      for (const { address } of addresses) {
        const range = internalRange(address);
        if (range) return callback(new RefusedTargetError(refusal(hostname, address, range)), []);
      }
      const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
      const usable = wanted ? addresses.filter((entry) => entry.family === wanted) : addresses;
      if (usable.length === 0) return callback(new RefusedTargetError(`${hostname} has no IPv${wanted} address.`), []);
      if (options.all) return callback(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    };
    // A failed lookup may be passing (a DNS hiccup): an ordinary error, so the delivery is retried.
    resolve(hostname).then(checked, () => callback(new Error(`${hostname} cannot be resolved.`), []));
  };
}

/**
 * An undici dispatcher whose every connection goes only to an address the guard accepted —
 * host names through {@link guardedLookup}, IP literals checked directly (net.connect does not
 * look those up). TLS keeps the host name for SNI and certificate checks.
 */
export function guardedAgent(resolve: Resolver = systemResolver): Agent {
  const connector = buildConnector({ lookup: guardedLookup(resolve) });
  return new Agent({
    connect: (options, callback) => {
      const literal = options.hostname.replace(/^\[|\]$/g, '');
      const range = isIP(literal) ? internalRange(literal) : null;
      if (range) return callback(new RefusedTargetError(refusal(literal, literal, range)), null);
      connector(options, callback);
    },
  });
}
