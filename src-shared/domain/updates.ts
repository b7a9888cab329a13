import { z } from 'zod';

export const updateChannelSchema = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof updateChannelSchema>;

/** electron-updater's feed file names: `latest.yml` for stable, `beta.yml` for beta, with a platform suffix. */
export const feedFileSchema = z.string().regex(/^(latest|beta)(-mac|-linux|-linux-arm64)?\.yml$/);

/** DP-3: what an update feed (`latest.yml` and friends) says, as far as Tandem checks it. */
export const updateInfoSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+(-[\w.]+)?$/),
    files: z
      .array(z.object({ url: z.string().min(1), sha512: z.string().min(1), size: z.number().int().optional() }).loose())
      .min(1),
    path: z.string().optional(),
    sha512: z.string().optional(),
    releaseDate: z.string(),
    releaseNotes: z.string().nullable().optional(),
    /** Set by the cloud endpoint for a staged rollout: the share of devices that take it now. */
    stagingPercentage: z.number().min(0).max(100).optional(),
    /** Ed25519 over the release's canonical form (everything but the rollout), base64. */
    tandemSignature: z.string().optional(),
  })
  .loose();
export type UpdateInfo = z.infer<typeof updateInfoSchema>;

/** What the app tells the window about updates (DP-3). */
export const updateStatusSchema = z.object({
  state: z.enum(['unsupported', 'idle', 'downloading', 'ready', 'refused', 'error']),
  channel: updateChannelSchema,
  version: z.string().nullable(),
  releaseNotes: z.string().nullable(),
  /** false where IT's policy does not let users postpone: the update installs at the next start. */
  canPostpone: z.boolean(),
  message: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
