import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { lines, textOf } from '../support/lines';

/**
 * Windows only (project `windows`, run by .github/workflows/test.yml on a Windows runner): Tandem's
 * native addon types Unicode text through SendInput into a real window this test opens, and reads
 * back which application is in front. Needs an interactive desktop, as GitHub's runners have.
 */

const native = createRequire(import.meta.url)('@tandem/native') as {
  typeUnicode(text: string): void;
  foregroundWindow(): { app: string; title: string } | null;
};

const TITLE = 'Tandem input test — Übersicht';

/** A WinForms window with one focused text box; prints READY, then the box's text on every change. */
const SCRIPT = `
Add-Type -AssemblyName System.Windows.Forms
$form = New-Object System.Windows.Forms.Form
$form.Text = '${TITLE}'
$form.TopMost = $true
$box = New-Object System.Windows.Forms.TextBox
$box.Multiline = $true
$box.Dock = 'Fill'
$form.Controls.Add($box)
$box.Add_TextChanged({
  [Console]::Out.WriteLine('TEXT ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($box.Text)))
  [Console]::Out.Flush()
})
$form.Add_Shown({
  $form.Activate()
  [void]$box.Focus()
  [Console]::Out.WriteLine('READY')
  [Console]::Out.Flush()
})
[System.Windows.Forms.Application]::Run($form)
`;

function openWindow() {
  return lines(
    spawn('powershell.exe', [
      '-NoProfile',
      '-STA',
      '-EncodedCommand',
      Buffer.from(SCRIPT, 'utf16le').toString('base64'),
    ]),
  );
}

describe('the native addon on Windows', () => {
  const opened: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of opened.splice(0)) child.kill();
  });

  it('types Unicode text — accents, Greek, symbols, an emoji, a new line — into the focused window', async () => {
    const window = openWindow();
    opened.push(window.child);
    await window.next((line) => line === 'READY');
    const typed = 'Grüße, Ω ✓ 😀\nzweite Zeile';
    native.typeUnicode(typed);
    // A multi-line text box turns Enter into CR LF.
    const expected = typed.replace('\n', '\r\n');
    const last = await window.next((line) => line.startsWith('TEXT ') && textOf(line) === expected);
    expect(textOf(last)).toBe(expected);
  }, 60_000);

  it('reads the application and the Unicode title of the window in front', async () => {
    const window = openWindow();
    opened.push(window.child);
    await window.next((line) => line === 'READY');
    const front = native.foregroundWindow();
    expect(front?.app.toLowerCase()).toBe('powershell.exe');
    expect(front?.title).toBe(TITLE);
  }, 60_000);
});
