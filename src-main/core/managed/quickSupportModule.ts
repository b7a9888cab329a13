import { quickSupportModuleSchema, type QuickSupportModule } from '../../../src-shared/domain/accounts';
import { TandemError } from '../../../src-shared/errors';

/**
 * AC-3: the custom QuickSupport module this host runs (its ID set at start), fetched from the
 * cloud endpoint once it answers. Null until then, and always null for a host without one.
 */
export function quickSupportModuleLoader(cloudUrl: string, moduleId: string | undefined) {
  let loaded: QuickSupportModule | null = null;
  const load = async (): Promise<void> => {
    if (!moduleId) return;
    const response = await fetch(new URL(`/api/v1/quicksupport-modules/${encodeURIComponent(moduleId)}`, cloudUrl), {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new TandemError('invalid_request', `The QuickSupport module "${moduleId}" is unknown.`);
    loaded = quickSupportModuleSchema.parse(await response.json());
  };
  return {
    load,
    current: () => loaded,
    /** Asked by the UI: a module not loaded yet is fetched now, and a failure reaches the caller. */
    async get(): Promise<QuickSupportModule | null> {
      if (moduleId && !loaded) await load();
      return loaded;
    },
  };
}
