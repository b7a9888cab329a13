import { readSetupToken } from '../../../server/accounts/setupToken';

/** Each endpoint a test started, with the setup token it wrote to its data folder at first start. */
const tokens = new Map<string, string>();

export function rememberSetupToken(cloudUrl: string, dataDir: string): void {
  tokens.set(cloudUrl, readSetupToken(dataDir));
}

/** What the operator of this endpoint would read from its data folder to set it up. */
export function setupTokenFor(cloudUrl: string): string {
  const token = tokens.get(cloudUrl);
  if (!token) throw new Error(`No setup token is known for ${cloudUrl}: start it with Stage.cloud().`);
  return token;
}
