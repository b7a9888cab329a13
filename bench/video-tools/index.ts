/*
 * bench/video-tools (issue 17): the video tools' figures, one part per tool, each a module whose
 * `run()` prints its figures (bench/support/figures.ts):
 * - tracking.ts: tracking_frame_ms, tracking_success_rate, tracking_center_error_px (synthetic suite);
 * - drawing.ts: drawing_propagation_ms (a stroke sent → drawn on the other side);
 * - upload.ts: upload_mib_s of a recording against a bare HTTP PUT of the same bytes.
 */
const parts: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  tracking: () => import('./tracking'),
  drawing: () => import('./drawing'),
  upload: () => import('./upload'),
};

/** TANDEM_BENCH_VIDEO_TOOLS=tracking (or drawing, upload; comma-separated) runs those parts alone. */
async function main(): Promise<void> {
  const only = process.env.TANDEM_BENCH_VIDEO_TOOLS?.split(',').filter(Boolean);
  const unknown = only?.filter((name) => !(name in parts)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `TANDEM_BENCH_VIDEO_TOOLS names no part ${unknown.join(', ')}: use ${Object.keys(parts).join(', ')}.`,
    );
  }
  for (const [name, load] of Object.entries(parts)) if (!only || only.includes(name)) await (await load()).run();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/video-tools failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
