import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from './core';
import { securePrivateTree } from './security/privateFiles';

export interface EmbeddedCloud {
  readonly url: string;
  close(): Promise<void>;
}

export interface BootOptions extends Omit<CoreOptions, 'cloud'> {
  /** The company's cloud endpoint; without one, an embedded endpoint starts on loopback. */
  cloudUrl?: string | undefined;
  startEmbeddedCloud(dataDir: string): Promise<EmbeddedCloud>;
}

export interface BootedCore {
  readonly core: Core;
  readonly cloudUrl: string;
  shutdown(): Promise<void>;
}

/** Starts the core the same way for the desktop app and for browser mode. */
export async function bootCore(options: BootOptions): Promise<BootedCore> {
  // Before anything reads or writes there: the folder and all in it become owner-only.
  const { tightened, failed } = securePrivateTree(options.dataDir);
  if (tightened.length > 0) {
    options.log.warn({ count: tightened.length }, 'data folder was readable by other users; permissions tightened');
  }
  if (failed.length > 0) {
    options.log.error({ paths: failed }, 'could not make these paths in the data folder owner-only');
  }
  const embedded = options.cloudUrl ? null : await options.startEmbeddedCloud(join(options.dataDir, 'cloud'));
  const cloudUrl = options.cloudUrl ?? embedded!.url;
  try {
    const core = await createCore({ ...options, cloud: { url: cloudUrl, embedded: embedded !== null } });
    options.log.info({ cloudUrl, embedded: embedded !== null, dataDir: options.dataDir }, 'core started');
    return {
      core,
      cloudUrl,
      async shutdown() {
        core.close();
        await embedded?.close();
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}
