import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local and shared address space: not where a company's webhooks go. */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  internal.addSubnet(network, prefix, 'ipv6');

const isInternal = (address: string) => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, 'ipv4');
  return internal.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
};

/**
 * SI-12: webhooks and connectors run on the cloud endpoint, so a company's administrator must
 * not be able to point them into the operator's own network. Returns why a target is refused,
 * or null. The operator allows internal targets with --allow-private-integrations.
 */
export async function refusedTarget(url: string, allowInternal: boolean): Promise<string | null> {
  if (allowInternal) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return `${host} cannot be resolved.`;
  }
  const inside = addresses.find(isInternal);
  return inside
    ? `${host} is an internal address (${inside}); this endpoint's operator allows those with --allow-private-integrations.`
    : null;
}
