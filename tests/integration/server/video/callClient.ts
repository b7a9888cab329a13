import WebSocket from 'ws';
import { callServerFrameSchema, VIDEO_CALL_PATH, type CallServerFrame } from '../../../../src-shared/video/live';
import { videoParties } from '../../../support/videoParties';

/** A side's call socket, as a browser holds it: every frame kept; `closed` resolves with the close code. */
export async function callSocket(baseUrl: string) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${VIDEO_CALL_PATH}`);
  const frames: CallServerFrame[] = [];
  const waiting = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(callServerFrameSchema.parse(JSON.parse(String(data))));
    for (const check of waiting) check();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let read = 0;
  /** The next frame after the ones already read (of `type`, skipping others, when given). */
  const next = <T extends CallServerFrame['type']>(type?: T) =>
    new Promise<Extract<CallServerFrame, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${type ?? 'frame'} after ${JSON.stringify(frames)}`)),
        10_000,
      );
      const check = () => {
        while (frames.length > read) {
          const frame = frames[read++]!;
          if (type && frame.type !== type) continue;
          waiting.delete(check);
          clearTimeout(timer);
          resolve(frame as Extract<CallServerFrame, { type: T }>);
          return;
        }
      };
      waiting.add(check);
      check();
    });
  const send = (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  const join = (token: string, sessionId: string) => send({ type: 'join', token, sessionId });
  return { socket, frames, next, closed, send, join };
}
export type CallSide = Awaited<ReturnType<typeof callSocket>>;

/** An SDP as a browser makes it, reduced to what the endpoint reads: its DTLS fingerprint. */
export function sdpWith(type: 'offer' | 'answer', fingerprintByte: string) {
  const fingerprint = Array.from({ length: 32 }, () => fingerprintByte).join(':');
  return {
    type,
    sdp: `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ${fingerprint}\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n`,
  };
}

/**
 * Acme with a device and its code user, an employee who conducts calls (assigned), one who is not
 * assigned, and one assigned whose role lost `video.conduct` since; Globex with its own device.
 */
export async function callParties(baseUrl: () => string, dataDir: string, operatorEnv: NodeJS.ProcessEnv = {}) {
  const parties = videoParties(baseUrl, dataDir, operatorEnv);
  const { call } = parties;
  const acme = await parties.company('Acme Service', 'acme.test');
  const press = await parties.device(acme.manager, 'Press 4');
  const pump = await parties.device(acme.manager, 'Pump 2');
  const conductor = async (email: string) => {
    const role = await call(
      'POST',
      '/api/v1/admin/roles',
      { name: `Role of ${email}`, permissions: ['video.conduct'] },
      acme.admin,
    );
    const created = await call(
      'POST',
      '/api/v1/admin/users',
      { email, name: email.split('@')[0], password: 'a long password', roleId: role.body!.id },
      acme.admin,
    );
    if (created.status !== 201) throw new Error(`user: HTTP ${created.status}`);
    const signedIn = await call('POST', '/api/v1/auth/sign-in', { email, password: 'a long password' });
    return { token: signedIn.body!.token as string, id: created.body!.id as string, roleId: role.body!.id as string };
  };
  const agent = await conductor('agent@acme.test');
  const bystander = await conductor('bystander@acme.test');
  const demoted = await conductor('demoted@acme.test');
  const atPress = await parties.codeUser(press.code);
  const atPump = await parties.codeUser(pump.code);
  const globex = await parties.company('Globex', 'globex.test');
  const globexDevice = await parties.device(globex.manager, 'Globex lathe');
  const atGlobex = await parties.codeUser(globexDevice.code);

  /** A session created directly (CONFIRMED) on the device, assigned as given. */
  const session = async (deviceId = press.id, assigneeIds = [agent.id, demoted.id]) => {
    const created = await call(
      'POST',
      '/api/v1/video/sessions',
      { deviceId, reason: 'The press stops after a minute', assigneeIds },
      acme.manager,
    );
    if (created.status !== 201) throw new Error(`session: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    return created.body!.id as string;
  };
  const status = async (id: string) =>
    (await call('GET', `/api/v1/video/sessions/${id}`, undefined, agent.token)).body!.status as string;
  return {
    ...parties,
    acme,
    globex,
    press,
    pump,
    agent,
    bystander,
    demoted,
    atPress,
    atPump,
    atGlobex,
    session,
    status,
  };
}
