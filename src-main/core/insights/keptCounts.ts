import type { SummaryFilter, SummaryOverview } from '../../../src-shared/domain/summary';
import type { DesktopDatabase } from '../db/desktopDatabase';
import type { SummaryReads } from './summaryReads';

/** How many overviews are kept (a filter each): enough for typing a word and deleting it again. */
const KEPT_OVERVIEWS = 64;

/**
 * The overview's counts and the filters' values, kept until the database changes. Both count over
 * every matching summary (the filters' values 20 ms, an overview 40–150 ms at 100,000), yet change
 * only with a write: the view asks for both on every visit, the same overview again whenever a
 * search is typed back. SQLite's `data_version` on this connection changes whenever another
 * connection (the one writer on main) has committed, so nothing kept is older than the last
 * write. Only for a connection that never writes: its own commits leave `data_version` as it was.
 */
export class KeptCounts {
  #version: number | null = null;
  readonly #overviews = new Map<string, SummaryOverview>();
  #facets: ReturnType<SummaryReads['facetValues']> | null = null;

  constructor(
    private readonly db: DesktopDatabase,
    private readonly reads: SummaryReads,
  ) {}

  overview(filter: SummaryFilter): SummaryOverview {
    this.#forgetIfChanged();
    const key = JSON.stringify(filter);
    let overview = this.#overviews.get(key);
    if (overview) this.#overviews.delete(key);
    else overview = this.reads.overview(filter);
    // Newest last: the first key is the one asked for longest ago.
    this.#overviews.set(key, overview);
    if (this.#overviews.size > KEPT_OVERVIEWS) this.#overviews.delete(this.#overviews.keys().next().value!);
    return overview;
  }

  facetValues(): ReturnType<SummaryReads['facetValues']> {
    this.#forgetIfChanged();
    this.#facets ??= this.reads.facetValues();
    return this.#facets;
  }

  #forgetIfChanged(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.#version) return;
    this.#version = version;
    this.#overviews.clear();
    this.#facets = null;
  }
}
