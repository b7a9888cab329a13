import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Permission } from '../../../src-shared/domain/accounts';
import { TandemError } from '../../../src-shared/errors';
import type { CoreServices } from '../coreServices';
import type { CoreModule } from '../ipc/coreModule';
import type { Session } from '../session/session';
import { insightsAccessControl } from './accessControl';
import { rewriteInLanguage, summaryInputFrom, SummaryExporter } from './export/summaryExporter';
import { DESKTOP_DB_FILE } from '../db/desktopDatabase';
import { SummaryCache, type CachedSummary } from './summaryCache';
import { inlineReader, workerReader } from './summaryReader';
import { companyCreditGate, summarizerChoice } from './summarizerChoice';
import { SummarizerSettingsStore } from './summarizerSettings';
import { deviceChannel, firstChannel, SummarySync, userChannel } from './summarySync';

type InsightsChannel =
  | 'insights.accessControl'
  | 'insights.summarizer'
  | 'insights.setSummarizer'
  | 'insights.syncStatus'
  | 'insights.syncNow'
  | 'insights.list'
  | 'insights.overview'
  | 'insights.facets'
  | 'insights.detail'
  | 'insights.update'
  | 'insights.delete'
  | 'insights.resolveConflict'
  | 'insights.export'
  | 'insights.cancelExport'
  | 'insights.exportChunk';

const summaryItem = (summary: CachedSummary) => ({
  id: summary.id,
  requestId: summary.requestId,
  createdAt: summary.createdAt,
  updatedAt: summary.updatedAt,
  version: summary.version,
  pending: summary.pending,
  conflict: summary.conflict,
  fields: summary.fields,
});

/**
 * Session Insights on this device: writing a logged session's summary when it ends, the local
 * cache and its sync with the cloud endpoint, reading and editing under the user's permissions,
 * and exports.
 */
export function insightsModule(
  options: Pick<
    CoreServices,
    | 'db'
    | 'protector'
    | 'eventLog'
    | 'settings'
    | 'managed'
    | 'account'
    | 'cloud'
    | 'device'
    | 'signaling'
    | 'facts'
    | 'events'
    | 'log'
  > & {
    dataDir: string;
    /** How often summaries sync when nothing else triggers it (default 60 s). */
    syncPeriodMs: number | undefined;
    /** The built read worker (summaryReadWorker): the Insights view's reads run there, off the main thread. */
    readWorkerFile: string | undefined;
  },
): CoreModule<InsightsChannel> & {
  summarize: (session: Session, language: 'en' | 'de') => void;
  sync: () => void;
} {
  const { account, cloud, device, events, eventLog, log } = options;
  const summaries = new SummaryCache(options.db);
  const reader = options.readWorkerFile
    ? workerReader({
        file: join(options.dataDir, DESKTOP_DB_FILE),
        workerFile: options.readWorkerFile,
        log,
        fallback: summaries,
      })
    : inlineReader(summaries);
  /** SI-7 in the app as in the API: the signed-in user (offline: as last confirmed) needs the permission. */
  const requirePermission = async (permission: Permission) => {
    const me = await account.current();
    if (!me) throw new TandemError('signed_out', 'Sign in with your company account first.');
    if (!me.permissions.includes(permission))
      throw new TandemError('forbidden', `Your role does not include the permission "${permission}".`);
    return me;
  };
  /**
   * Reading the cache needs *view* when signed in; signed out, what this device holds stays
   * readable. Asked on every list, count and keystroke, so it reads the user as last confirmed
   * (sign-in, account status and every sync run refresh it) instead of asking the endpoint.
   */
  const mayView = () => {
    const me = account.lastKnown();
    if (me && !me.permissions.includes('insights.view'))
      throw new TandemError('forbidden', 'Your role does not include the permission "insights.view".');
  };
  const summarizerSettings = new SummarizerSettingsStore(options.db, options.protector);
  const creditGate = companyCreditGate(account, cloud);
  const { chosenAi, summarizerFor } = summarizerChoice(summarizerSettings, log);
  const exporter = new SummaryExporter({
    reader,
    dir: join(options.dataDir, 'exports'),
    // SI-10: the chosen summarizer writes a summary anew in the export's language where it can —
    // never over an edit, and only from a session log this computer kept.
    regenerate: async (summary, language) => {
      const sessionLog = eventLog.forSession(summary.requestId);
      if (summary.fields.summarizer === 'builtin') return rewriteInLanguage(summary, sessionLog, device.id, language);
      if (summary.edited || sessionLog.length === 0) return null;
      // The session's credit was spent on its summary: a translation neither charges nor refunds it.
      const ai = chosenAi({ reserve: creditGate.reserve, refund: async () => undefined });
      if (!ai) return null;
      const fields = await ai.summarize(summaryInputFrom(summary, sessionLog, device.id), language);
      return fields.summarizer === 'openai-compatible'
        ? { ...fields, participants: summary.fields.participants }
        : null;
    },
    progress: (progress) => events.emit('insights.export', progress),
    log,
  });
  // A signed-in user syncs; without one, a device of a company still hands in its own summaries.
  const syncTransport = firstChannel(userChannel(account, cloud), deviceChannel(cloud));
  const summarySync = new SummarySync(summaries, syncTransport, {
    log,
    changed: (status) => events.emit('insights.sync', status),
    cacheChanged: () => events.emit('insights.changed', { reason: 'synced' }),
    periodMs: options.syncPeriodMs ?? 60_000,
  });
  const sync = () => void summarySync.sync();
  // The cloud endpoint is reachable again (signaling reconnected): sync what waited.
  options.signaling.on('state', (state) => {
    if (state === 'online') sync();
  });

  /** A logged session ended on the side that owns its summary: write it with the chosen summarizer. */
  const summarize = (session: Session, language: 'en' | 'de') => {
    const { displayName } = options.settings.get();
    const input = {
      sessionId: session.requestId,
      log: eventLog.forSession(session.requestId),
      perspective: session.role,
      supporterName:
        session.role === 'supporter'
          ? (displayName ?? account.lastKnown()?.name ?? userInfo().username)
          : session.partner.name,
      endUserName: null,
      device: { id: session.role === 'host' ? device.id : session.partner.deviceId, os: session.hostOs },
      startedAt: new Date(session.startedAt ?? Date.now()).toISOString(),
      endedAt: new Date().toISOString(),
    };
    void summarizerFor(creditGate)
      .summarize(input, language)
      .then((fields) => {
        summaries.add(session.requestId, session.consent?.decision.ownerCompanyId ?? null, fields);
        events.emit('insights.changed', { reason: 'added' });
        sync();
      })
      .catch((error: unknown) => log.error({ err: error }, 'The session summary could not be written'));
  };

  return {
    summarize,
    sync,
    handlers: {
      'insights.accessControl': async () => {
        const facts = await options.facts();
        return {
          ...insightsAccessControl(
            facts?.policySettings ?? null,
            options.managed,
            options.settings.get().insightsLogging,
          ),
          policySessionInsights: facts?.policySettings?.sessionInsights ?? null,
        };
      },
      'insights.summarizer': () => summarizerSettings.get(),
      'insights.setSummarizer': ({ summarizer, apiKey }) => summarizerSettings.set(summarizer, apiKey),
      'insights.syncStatus': () => summarySync.status(),
      'insights.syncNow': async () => {
        await summarySync.sync();
        return summarySync.status();
      },
      'insights.list': async (request) => {
        mayView();
        const page = await reader.read('list', request);
        return { total: page.total, totalIsLowerBound: page.totalIsLowerBound, items: page.items.map(summaryItem) };
      },
      'insights.overview': (filter) => {
        mayView();
        return reader.read('overview', filter);
      },
      'insights.facets': () => {
        mayView();
        return reader.read('facetValues');
      },
      'insights.detail': async ({ id }) => {
        mayView();
        const [summary, theirs, history] = await Promise.all([
          reader.read('get', id),
          reader.read('conflictWith', id),
          reader.read('history', id),
        ]);
        if (!summary) throw new TandemError('not_found', 'This summary no longer exists.');
        return {
          summary: summaryItem(summary),
          history,
          conflict: theirs && {
            version: theirs.version,
            updatedAt: theirs.updatedAt,
            updatedBy: theirs.updatedBy ?? null,
            deleted: theirs.deleted,
            fields: theirs.fields,
            deletedHere: summary.deletedHere,
          },
        };
      },
      'insights.update': async ({ id, changes }) => {
        const me = await requirePermission('insights.edit');
        const current = summaries.get(id);
        if (!current) throw new TandemError('not_found', 'This summary no longer exists.');
        const updated = summaries.update(id, { ...current.fields, ...changes }, new Date(), me.name);
        events.emit('insights.changed', { reason: 'updated' });
        sync();
        return summaryItem(updated);
      },
      'insights.delete': async ({ id }) => {
        await requirePermission('insights.delete');
        summaries.remove(id);
        events.emit('insights.changed', { reason: 'deleted' });
        sync();
        return {};
      },
      'insights.resolveConflict': async ({ id, keep }) => {
        // A delete made here is resolved by whoever may delete; an edit by whoever may edit.
        const me = await requirePermission(summaries.get(id)?.deletedHere ? 'insights.delete' : 'insights.edit');
        summaries.resolveConflict(id, keep, me.companyId);
        events.emit('insights.changed', { reason: 'updated' });
        sync();
        return {};
      },
      'insights.export': async (request) => {
        await requirePermission('insights.export');
        return { exportId: exporter.start(request) };
      },
      'insights.cancelExport': ({ exportId }) => {
        exporter.cancel(exportId);
        return {};
      },
      'insights.exportChunk': async ({ exportId, offset }) => {
        const { data, next } = await exporter.read(exportId, offset);
        return { data: data.toString('base64'), next };
      },
    },
    start: sync,
    close: () => {
      reader.close();
      summarySync.close();
      exporter.close();
    },
  };
}
