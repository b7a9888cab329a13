import { loadOpenCv, runSequence } from '../../tests/support/trackingRun';
import { loadSuite } from '../../tests/support/trackingSuite';
import { printFigure } from '../support/figures';

/*
 * Tracking (issue 17, VS-6) on the synthetic suite (tests/fixtures/tracking, 640×480): the tracker
 * of src-renderer/video/tools/tracking/ in this Node process (OpenCV.js, the same WebAssembly as in
 * the app's worker), the box drawn on each sequence's first frame from its ground truth.
 * tracking_frame_ms: the tracker's work per frame (rendering the frames is not counted), every frame
 *   of every sequence. Target: p95 ≤ 25 ms on the 2-core CI machine.
 * tracking_success_rate: per sequence, the share of frames where the object can be seen with the
 *   highlight on it (IoU ≥ 0.5; a frame said lost there is a miss); p50 over the sequences. Target ≥ 0.9.
 * tracking_center_error_px: the distance of the highlight's centre from the object's, every frame
 *   it is shown. Target: median ≤ 5 px.
 * `extra.sequences`: per sequence success, the success while the object is partly covered or cut
 * off, median centre error, per stretch the object is hidden (more than half covered or out of
 * the picture) frames to lost (target ≤ 5) and to re-acquire once it is back (target ≤ 10),
 * frames on the twin (where there is one; target 0), ms per frame.
 */
const BENCH = 'video-tools';

export async function run(): Promise<void> {
  const { cv } = await loadOpenCv();
  const reports = loadSuite().sequences.map((_, index) => runSequence(cv, index));
  const round = (value: number) => Math.round(value * 100) / 100;
  const sequences = reports.map((report) => {
    const sorted = [...report.msPerFrame].sort((a, b) => a - b);
    return {
      name: report.name,
      success: round(report.success),
      ...(report.partlyHiddenSuccess !== null && { partly_hidden_success: round(report.partlyHiddenSuccess) }),
      median_center_error_px: round(report.medianCentreErrorPx),
      frames_to_lost: report.hidings.map((hiding) => hiding.framesToLost),
      frames_to_reacquire: report.hidings.map((hiding) => hiding.framesToReacquire),
      ...(loadSuite().sequences.find((sequence) => sequence.name === report.name)?.decoy && {
        frames_on_decoy: report.onDecoy,
      }),
      ms_per_frame_p50: round(sorted[Math.floor((sorted.length - 1) / 2)]!),
      ms_per_frame_p95: round(sorted[Math.ceil(0.95 * sorted.length) - 1]!),
    };
  });
  const frames = reports.reduce((sum, report) => sum + report.frames, 0);
  printFigure({
    bench: BENCH,
    metric: 'tracking_frame_ms',
    unit: 'ms',
    samples: reports.flatMap((report) => report.msPerFrame),
    extra: { frames, width: 640, height: 480, sequences },
  });
  printFigure({
    bench: BENCH,
    metric: 'tracking_success_rate',
    unit: 'ratio',
    samples: reports.map((report) => report.success),
    extra: { iou_at_least: 0.5, sequences: reports.length },
  });
  printFigure({
    bench: BENCH,
    metric: 'tracking_center_error_px',
    unit: 'px',
    samples: reports.flatMap((report) => report.centreErrorsPx),
  });
}
