/*
 * bench/video-tools (issue 17): the video tools' figures, one part per tool, each a module whose
 * `run()` prints its figures (bench/support/figures.ts):
 * - tracking.ts: tracking_frame_ms, tracking_success_rate, tracking_center_error_px (synthetic suite);
 * - drawing.ts: drawing_propagation_ms (a stroke sent → drawn on the other side);
 * - upload.ts: upload_mib_s of a recording against a bare HTTP PUT of the same bytes.
 */
const parts: (() => Promise<{ run(): Promise<void> }>)[] = [
  () => import('./tracking'),
  () => import('./drawing'),
  () => import('./upload'),
];

async function main(): Promise<void> {
  for (const load of parts) await (await load()).run();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench/video-tools failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
