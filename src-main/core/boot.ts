import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createCore, type Core, type CoreOptions } from './core';
import { readCoreEnvironment } from './coreEnvironment';
import { CoreEvents } from './events';
import { securePrivateTree } from './security/privateFiles';

export interface EmbeddedCloud {
  readonly url: string;
  close(): Promise<void>;
}

export interface BootOptions extends Omit<CoreOptions, 'cloud' | 'events' | 'endpoint'> {
  /**
   * The company's cloud endpoint as IT or the command line set it (then the user cannot change
   * it); without one, the address the user chose in Settings, else an embedded endpoint on loopback.
   */
  cloudUrl?: string | undefined;
  startEmbeddedCloud(dataDir: string): Promise<EmbeddedCloud>;
}

export interface BootedCore {
  /** Stays the same object while the core behind it restarts on another endpoint. */
  readonly core: Core;
  readonly cloudUrl: string;
  shutdown(): Promise<void>;
}

/** The endpoint the user chose in Settings → Company account, kept beside the database. */
const ENDPOINT_FILE = 'endpoint.json';
const chosenSchema = z.object({ url: z.url() });

function readChosen(dataDir: string): string | null {
  const file = join(dataDir, ENDPOINT_FILE);
  if (!existsSync(file)) return null;
  const parsed = chosenSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.url : null;
}

function writeChosen(dataDir: string, url: string | null): void {
  const file = join(dataDir, ENDPOINT_FILE);
  if (url === null) rmSync(file, { force: true });
  else writeFileSync(file, JSON.stringify({ url }), { mode: 0o600 });
}

/**
 * Starts the core the same way for the desktop app and for browser mode. The core runs against
 * one endpoint; choosing another in Settings restarts it there (its events and the object the
 * window talks to stay the same), starting or stopping the embedded endpoint as needed.
 */
export async function bootCore(options: BootOptions): Promise<BootedCore> {
  // What the environment sets, read here so the desktop app and browser mode both honour it; a bad
  // value stops the start with a message naming it.
  const environment = readCoreEnvironment(process.env);
  // Before anything reads or writes there: the folder and all in it become owner-only.
  const { tightened, failed } = securePrivateTree(options.dataDir);
  if (tightened.length > 0) {
    options.log.warn({ count: tightened.length }, 'data folder was readable by other users; permissions tightened');
  }
  if (failed.length > 0) {
    options.log.error({ paths: failed }, 'could not make these paths in the data folder owner-only');
  }
  const events = new CoreEvents();
  // What runs now: the core, its endpoint's address, and the embedded endpoint when it is the one.
  const running: { core: Core | null; url: string; embedded: EmbeddedCloud | null } = {
    core: null,
    url: '',
    embedded: null,
  };

  const start = async (chosen: string | null): Promise<Core> => {
    const url = options.cloudUrl ?? chosen;
    if (url && running.embedded) {
      await running.embedded.close();
      running.embedded = null;
    }
    if (!url && !running.embedded) running.embedded = await options.startEmbeddedCloud(join(options.dataDir, 'cloud'));
    const cloudUrl = url ?? running.embedded!.url;
    running.url = cloudUrl;
    const core = await createCore({
      ...options,
      recordingUploadChunkBytes: options.recordingUploadChunkBytes ?? environment.recordingUploadChunkBytes,
      events,
      cloud: { url: cloudUrl, embedded: !url },
      endpoint: {
        fixed: options.cloudUrl !== undefined,
        choose: (next) => {
          // Answer the window first, then move: the restart closes the database this call used.
          setImmediate(() => void switchTo(next));
        },
      },
    });
    options.log.info({ cloudUrl, embedded: !url, dataDir: options.dataDir }, 'core started');
    return core;
  };

  const current = (): Core => running.core!;
  // What a window told the core about itself (its WebRTC certificate): the next core hears it too,
  // or the window could not start a session after moving to another endpoint.
  let windowEndpoint: unknown = null;
  const dispatch: Core['dispatch'] = async (channel, payload) => {
    const result = await current().dispatch(channel, payload);
    if (channel === 'session.registerEndpoint' && result.ok) windowEndpoint = payload;
    return result;
  };
  const switchTo = async (next: string | null): Promise<void> => {
    writeChosen(options.dataDir, next);
    await current().close();
    try {
      running.core = await start(next);
    } catch (error) {
      options.log.error({ err: error }, 'could not start on the chosen endpoint; back to the embedded one');
      writeChosen(options.dataDir, null);
      running.core = await start(null);
    }
    if (windowEndpoint) await running.core.dispatch('session.registerEndpoint', windowEndpoint);
    // Every window hears where the app is now (the status check announces it).
    await running.core.dispatch('cloud.status', { refresh: true });
  };

  try {
    running.core = await start(readChosen(options.dataDir));
  } catch (error) {
    await running.embedded?.close();
    throw error;
  }
  const core: Core = {
    dispatch,
    events,
    get db() {
      return current().db;
    },
    get settings() {
      return current().settings;
    },
    get sessions() {
      return current().sessions;
    },
    get signaling() {
      return current().signaling;
    },
    close: () => current().close(),
  };
  return {
    core,
    get cloudUrl() {
      return running.url;
    },
    async shutdown() {
      await current().close();
      await running.embedded?.close();
    },
  };
}
