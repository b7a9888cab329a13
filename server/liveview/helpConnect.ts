import type { FastifyBaseLogger } from 'fastify';
import type { HelpSessionEvent } from '../../src-shared/liveview/contract';
import type { ClientMessage, HubErrorCode } from '../../src-shared/signaling/protocol';
import type { AccountStore } from '../accounts/accountStore';
import type { DeviceStore } from '../devices/deviceStore';
import type { FeatureSocket, HubFeature, RequestChange, SignalingHub } from '../signaling/hub';
import type { RequestState } from '../signaling/requestTable';
import type { HelpGrants } from './helpGrant';
import type { HelpSessionStore } from './helpSessionStore';

type ConnectionAction = Extract<HelpSessionEvent['action'], `connection_${string}`>;

/**
 * LV-2 / LV-3 on the hub: a supporter's core presents a grant (`helpGrant.ts`) in `connect-help`.
 * The hub stays the judge: the grant must be this endpoint's, for this socket's device and not
 * expired; its user must still be of the company with `liveview.view`; the help session must still
 * be open, of that company, on a device of that company. Only then is its device asked — with the
 * supporter's verified name and company, and the handshake's secret — and nothing of the end
 * user's screen flows before that device accepts. Each step of the connection goes on the help
 * session's record (LV-8).
 */
export class HelpConnectFeature implements HubFeature {
  readonly types = ['connect-help'] as const;

  constructor(
    private readonly parts: {
      hub: Pick<SignalingHub, 'connectHelp' | 'onRequest'>;
      grants: HelpGrants;
      helpSessions: HelpSessionStore;
      accounts: Pick<AccountStore, 'byId'>;
      devices: Pick<DeviceStore, 'companyOf'>;
      log: FastifyBaseLogger;
    },
  ) {
    parts.hub.onRequest((request, change) => {
      if (request.help) this.#recordChange(request, change);
    });
  }

  async handle(socket: FeatureSocket, message: ClientMessage): Promise<void> {
    if (message.type !== 'connect-help') return;
    const { grants, helpSessions, accounts, devices, hub } = this.parts;
    const refuse = (code: HubErrorCode, text: string) =>
      socket.send({ type: 'error', code, message: text, requestId: message.requestId });
    const checked = grants.check(message.grant, socket.deviceId);
    if (!checked.ok) {
      return refuse(
        checked.code,
        checked.code === 'help_grant_expired'
          ? 'This help connection grant has expired; ask the endpoint for a new one.'
          : 'This endpoint did not issue this help connection grant for this device.',
      );
    }
    const { holder, secret } = checked;
    const user = await accounts.byId(holder.userId);
    if (!user || user.disabled || user.companyId !== holder.companyId || !user.permissions.includes('liveview.view')) {
      return refuse('forbidden', 'The grant’s user may no longer connect to help sessions.');
    }
    const helpSession = await helpSessions.openById(holder.companyId, holder.helpSessionId);
    if (!helpSession || (await devices.companyOf(helpSession.deviceId)) !== holder.companyId) {
      return refuse('help_session_gone', 'This help session is no longer open.');
    }
    const { codeSkipsAccept } = await helpSessions.settings(holder.companyId);
    const record = {
      kind: holder.kind,
      companyId: holder.companyId,
      helpSessionId: helpSession.id,
      code: helpSession.code,
      hostName: helpSession.deviceName,
      supporterUserId: holder.userId,
      supporterActor: holder.actor,
    };
    const asked = await hub.connectHelp(
      socket,
      {
        ...message,
        // The end user reads who asks as the endpoint verified it, not as the supporter's computer claims.
        supporter: { ...message.supporter, name: holder.name, company: holder.companyName },
      },
      {
        target: helpSession.deviceId,
        incoming: {
          kind: holder.kind,
          helpSessionId: helpSession.id,
          reason: holder.reason,
          secret,
          skipAccept: holder.kind === 'code' && codeSkipsAccept,
        },
        record,
      },
    );
    if (!asked) return;
    await helpSessions.recordConnection(
      record,
      helpSession.deviceId,
      'connection_requested',
      { kind: 'user', id: holder.userId, name: holder.actor },
      {
        requestId: message.requestId,
        by: holder.kind,
        ...(holder.reason ? { reason: holder.reason } : {}),
        supporterDeviceId: socket.deviceId,
      },
    );
  }

  closed(): void {}

  /** Accepted, or ended (denied, unanswered, failed before it started, or ended after): on the record, by whom. */
  #recordChange(request: RequestState, change: RequestChange): void {
    const record = request.help!;
    const host = { kind: 'device' as const, id: request.host, name: record.hostName };
    const supporter = { kind: 'user' as const, id: record.supporterUserId, name: record.supporterActor };
    let action: ConnectionAction;
    let actor: { kind: 'device' | 'user'; id: string; name: string } = host;
    const detail: Record<string, unknown> = { requestId: request.requestId };
    if (change.kind === 'started') action = 'connection_accepted';
    else {
      detail.reason = change.reason;
      if (change.by === null) detail.by = 'endpoint';
      if (change.by === request.supporter) actor = supporter;
      action = request.started
        ? 'connection_ended'
        : change.reason === 'denied'
          ? 'connection_denied'
          : change.reason === 'timeout'
            ? 'connection_timed_out'
            : 'connection_failed';
    }
    this.parts.helpSessions
      .recordConnection(record, request.host, action, actor, detail)
      .catch((error: unknown) => this.parts.log.warn({ err: error }, 'recording a help connection step failed'));
  }
}
