// Signs update feeds for the company endpoints' --updates-dir: `node --import tsx
// scripts/sign-update-feed.ts dist/latest.yml dist/latest-mac.yml …`, with the release key's PEM
// in TANDEM_UPDATE_SIGNING_KEY (the release workflow's secret; never in the repository).
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { signRelease } from '../src-main/core/updates/updateSignature';
import { updateInfoSchema } from '../src-shared/domain/updates';

const pem = process.env.TANDEM_UPDATE_SIGNING_KEY;
if (!pem) {
  process.stderr.write('Set TANDEM_UPDATE_SIGNING_KEY to the Ed25519 release key (PEM).\n');
  process.exit(2);
}
const key = createPrivateKey(pem);
for (const file of process.argv.slice(2)) {
  const info = updateInfoSchema.parse(parse(readFileSync(file, 'utf8')));
  writeFileSync(file, stringify({ ...info, tandemSignature: signRelease(info, key) }));
  process.stdout.write(`signed ${file} (${info.version})\n`);
}
