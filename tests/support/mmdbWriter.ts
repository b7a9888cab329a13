/**
 * A small MaxMind DB (.mmdb, format 2.0) writer for tests: an IPv4 database of a few networks, in
 * the shape of GeoLite2-City, that the `maxmind` reader the endpoint uses opens like a real one.
 * npm has no writer (MaxMind's are Perl and Go), and no real GeoIP database may be downloaded here.
 * https://maxmind.github.io/MaxMind-DB/ describes the format.
 */

type Value = string | number | bigint | Value[] | { [key: string]: Value };

/** A field's control byte(s): its type (extended past 7) and its size, then the payload. */
function field(type: number, size: number, payload: Buffer): Buffer {
  const head: number[] = [];
  let sizeBits: number;
  const extra: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 285) {
    sizeBits = 29;
    extra.push(size - 29);
  } else if (size < 65_821) {
    sizeBits = 30;
    extra.push((size - 285) >> 8, (size - 285) & 0xff);
  } else {
    sizeBits = 31;
    const rest = size - 65_821;
    extra.push((rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff);
  }
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.concat([Buffer.from(head), Buffer.from(extra), payload]);
}

function unsigned(type: number, value: bigint): Buffer {
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  return field(type, bytes.length, Buffer.from(bytes));
}

function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return field(2, text.length, text);
  }
  if (typeof value === 'bigint') return unsigned(9, value);
  if (typeof value === 'number') return unsigned(value < 0x10000 ? 5 : 6, BigInt(value));
  if (Array.isArray(value)) return Buffer.concat([field(11, value.length, Buffer.alloc(0)), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([
    field(7, entries.length, Buffer.alloc(0)),
    ...entries.flatMap(([key, each]) => [encode(key), encode(each)]),
  ]);
}

type Record = { node: number } | { data: number } | null;

/** An IPv4 City-shaped database: each `a.b.c.d/len` network answers its record. */
export function writeMmdb(networks: readonly { network: string; record: { [key: string]: Value } }[]): Buffer {
  const nodes: [Record, Record][] = [[null, null]];
  const data: Buffer[] = [];
  let dataLength = 0;
  for (const { network, record } of networks) {
    const [address, length] = network.split('/') as [string, string];
    const bits = address
      .split('.')
      .map((octet) => Number(octet).toString(2).padStart(8, '0'))
      .join('');
    const encoded = encode(record);
    const offset = dataLength;
    data.push(encoded);
    dataLength += encoded.length;
    let node = 0;
    for (let i = 0; i < Number(length); i++) {
      const side = Number(bits[i]);
      if (i === Number(length) - 1) {
        nodes[node]![side] = { data: offset };
        break;
      }
      const next = nodes[node]![side];
      if (next && 'node' in next) node = next.node;
      else {
        nodes.push([null, null]);
        nodes[node]![side] = { node: nodes.length - 1 };
        node = nodes.length - 1;
      }
    }
  }
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  const recordValue = (record: Record) =>
    record === null ? nodeCount : 'node' in record ? record.node : nodeCount + 16 + record.data;
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(recordValue(left), i * 6, 3);
    tree.writeUIntBE(recordValue(right), i * 6 + 3, 3);
  });
  const metadata = encode({
    node_count: nodeCount,
    record_size: 24,
    ip_version: 4,
    database_type: 'Tandem-Test-City',
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(Math.floor(Date.now() / 1000)),
    description: { en: 'Tandem test City database' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com'),
    metadata,
  ]);
}
