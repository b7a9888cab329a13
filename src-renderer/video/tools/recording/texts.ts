/**
 * The recording's texts (VS-6), for the app (i18next) and the code user's page (its own texts)
 * alike: plain strings with `{{name}}` placeholders, filled by `fillText`.
 */
export const recordingTextsEn = {
  record: 'Record',
  asking: 'Waiting for {{name}} to agree to the recording…',
  promptTitle: 'Record this call?',
  promptBody:
    '{{name}} asks to record this call: both videos, the drawings and the sound. Recording starts only once everyone agrees, and anyone can stop it at any time.',
  accept: 'Accept recording',
  decline: 'Decline',
  on: 'Recording',
  onLong: 'This call is being recorded. Anyone can stop the recording.',
  stop: 'Stop recording',
  withdraw: 'Withdraw request',
  declined: 'The recording was declined.',
  stopped: 'The recording was stopped.',
  needsApp:
    'Recording needs the Tandem desktop app: the web console cannot keep a recording safe on disk while the call runs.',
  recorderError: 'The recording could not be made on this computer ({{error}}); it was stopped.',
  upload: {
    recording: 'Recording to this computer…',
    finishing: 'Finishing the recording…',
    waiting: 'Recording kept on this computer: it is uploaded when the call ends.',
    uploading: 'Uploading the recording… {{percent}} %',
    paused: 'Uploading the recording paused at {{percent}} %: the service cannot be reached. Tandem tries again.',
    uploaded: 'Recording uploaded.',
    failed: 'The recording could not be uploaded: {{error}}',
    progress: 'Upload of the recording',
  },
  list: {
    title: 'Recordings',
    empty: 'No recordings.',
    recorded: 'Recorded {{when}} by {{name}}',
    duration: 'Duration',
    size: 'Size',
    play: 'Play recording of {{when}}',
    waiting: 'Not uploaded yet',
    notRun: 'Not recorded (declined or withdrawn)',
    player: 'Recording of {{when}}',
  },
};

export type RecordingTexts = typeof recordingTextsEn;

export const recordingTextsDe: RecordingTexts = {
  record: 'Aufzeichnen',
  asking: 'Warten, bis {{name}} der Aufzeichnung zustimmt…',
  promptTitle: 'Diesen Anruf aufzeichnen?',
  promptBody:
    '{{name}} möchte diesen Anruf aufzeichnen: beide Videos, die Zeichnungen und den Ton. Die Aufzeichnung beginnt erst, wenn alle zustimmen, und jeder kann sie jederzeit beenden.',
  accept: 'Aufzeichnung zulassen',
  decline: 'Ablehnen',
  on: 'Aufzeichnung läuft',
  onLong: 'Dieser Anruf wird aufgezeichnet. Jeder kann die Aufzeichnung beenden.',
  stop: 'Aufzeichnung beenden',
  withdraw: 'Anfrage zurückziehen',
  declined: 'Die Aufzeichnung wurde abgelehnt.',
  stopped: 'Die Aufzeichnung wurde beendet.',
  needsApp:
    'Zum Aufzeichnen braucht es die Tandem-Desktop-App: Die Webkonsole kann eine Aufzeichnung während des Anrufs nicht sicher auf der Festplatte ablegen.',
  recorderError: 'Die Aufzeichnung konnte auf diesem Computer nicht erstellt werden ({{error}}); sie wurde beendet.',
  upload: {
    recording: 'Aufzeichnung auf diesem Computer…',
    finishing: 'Aufzeichnung wird abgeschlossen…',
    waiting: 'Aufzeichnung auf diesem Computer gespeichert: Sie wird nach dem Anruf hochgeladen.',
    uploading: 'Aufzeichnung wird hochgeladen… {{percent}} %',
    paused:
      'Hochladen der Aufzeichnung bei {{percent}} % angehalten: Der Dienst ist nicht erreichbar. Tandem versucht es erneut.',
    uploaded: 'Aufzeichnung hochgeladen.',
    failed: 'Die Aufzeichnung konnte nicht hochgeladen werden: {{error}}',
    progress: 'Hochladen der Aufzeichnung',
  },
  list: {
    title: 'Aufzeichnungen',
    empty: 'Keine Aufzeichnungen.',
    recorded: 'Aufgezeichnet {{when}} von {{name}}',
    duration: 'Dauer',
    size: 'Größe',
    play: 'Aufzeichnung vom {{when}} abspielen',
    waiting: 'Noch nicht hochgeladen',
    notRun: 'Nicht aufgezeichnet (abgelehnt oder zurückgezogen)',
    player: 'Aufzeichnung vom {{when}}',
  },
};

export const recordingTexts = (language: string): RecordingTexts =>
  language.startsWith('de') ? recordingTextsDe : recordingTextsEn;

/** `{{name}}` placeholders filled. */
export function fillText(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => String(values[name] ?? whole));
}
