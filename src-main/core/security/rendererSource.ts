import { z } from 'zod';
import { TandemError } from '../../../src-shared/errors';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A development server is plain HTTP(S) on this machine; anything else is refused outright. */
const devServerUrlSchema = z
  .url({ protocol: /^https?$/ })
  .refine(
    (url) => URL.canParse(url) && LOOPBACK_HOSTS.has(new URL(url).hostname),
    'the development server must run on loopback',
  );

export interface RendererSource {
  /** What the main window loads. */
  url: string;
  /** The origins whose top-level page may use Tandem's IPC and be granted permissions. */
  trustedOrigins: string[];
  /** A packaged build was started with ELECTRON_RENDERER_URL set: it was not followed. */
  ignoredDevServer: boolean;
}

/**
 * Where the window's UI comes from. ELECTRON_RENDERER_URL (set by electron-vite's dev server)
 * is honoured only in development: in an installed app, anyone who can set an environment
 * variable for it could otherwise point the window — and with it full IPC access to the main
 * core — at a page of their own.
 */
export function rendererSource(input: {
  packaged: boolean;
  devServerUrl: string | undefined;
  appOrigin: string;
}): RendererSource {
  const own: RendererSource = {
    url: `${input.appOrigin}/`,
    trustedOrigins: [input.appOrigin],
    ignoredDevServer: false,
  };
  if (!input.devServerUrl) return own;
  if (input.packaged) return { ...own, ignoredDevServer: true };
  const parsed = devServerUrlSchema.safeParse(input.devServerUrl);
  if (!parsed.success) {
    throw new TandemError(
      'invalid_request',
      `ELECTRON_RENDERER_URL must be an http:// or https:// URL on localhost, 127.0.0.1 or [::1] (the development server), not "${input.devServerUrl}".`,
    );
  }
  return { url: parsed.data, trustedOrigins: [input.appOrigin, new URL(parsed.data).origin], ignoredDevServer: false };
}
