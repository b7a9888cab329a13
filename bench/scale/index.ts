import { crossInstanceFigures } from './crossInstance';
import { presenceFigures } from './presence';
import { summaryPushFigures } from './summaryPush';

/*
 * bench/scale (issue 14): how far one endpoint instance goes and what several cost.
 * presence_sockets / memory_per_socket_kib: authenticated presence sockets one endpoint process
 * holds, in stages up to TANDEM_BENCH_SOCKETS (default 20,000), each stage bounded in time;
 * cross_instance_rtt_ms: a relayed signal across two instances through Redis against one instance;
 * summaries_push_per_s: pushes on PostgreSQL against SQLite.
 * TANDEM_BENCH_QUICK=1: small sizes, for working on the benchmark itself; TANDEM_BENCH_SCALE=presence
 * (or rtt, push) runs one part alone.
 */
const BENCH = 'scale';
const quick = process.env.TANDEM_BENCH_QUICK === '1';
const sockets = Number(process.env.TANDEM_BENCH_SOCKETS ?? (quick ? 1000 : 20_000));
const stages = [1000, 5000, 10_000, 20_000, 40_000].filter((stage) => stage < sockets).concat(sockets);

async function main(): Promise<void> {
  // The endpoint and each client process hold at most their open-file limit of sockets (`ulimit -n`).
  const only = process.env.TANDEM_BENCH_SCALE;
  if (!only || only === 'presence') await presenceFigures(BENCH, stages, quick ? 60 : 300);
  if (!only || only === 'rtt') await crossInstanceFigures(BENCH, quick ? 200 : 1000);
  if (!only || only === 'push') await summaryPushFigures(BENCH, quick ? 500 : 2000);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
