import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { lines, textOf } from '../support/lines';

/**
 * macOS only (project `macos`, run by .github/workflows/test.yml on a macOS runner): Tandem's
 * native addon types Unicode text through CGEvent into a real window this test opens, and reads
 * back which application is in front.
 *
 * Accessibility caveat: macOS delivers synthetic key events only from a process the user allowed
 * under System Settings → Privacy & Security → Accessibility (for the runner, its shell). GitHub's
 * macOS images grant that to the runner; on a machine without it, the first test fails with the
 * addon's own message rather than passing silently. Window titles need Screen Recording.
 */

const native = createRequire(import.meta.url)('@tandem/native') as {
  typeUnicode(text: string): void;
  foregroundWindow(): { app: string; title: string } | null;
};

const TITLE = 'Tandem input test — Übersicht';

/** A Cocoa window (JavaScript for Automation) with a focused text field; prints READY, then its text on change. */
const SCRIPT = `
ObjC.import('Cocoa');
const app = $.NSApplication.sharedApplication;
app.setActivationPolicy($.NSApplicationActivationPolicyRegular);
const window = $.NSWindow.alloc.initWithContentRectStyleMaskBackingDefer(
  $.NSMakeRect(200, 200, 480, 160), $.NSWindowStyleMaskTitled, $.NSBackingStoreBuffered, false);
window.title = ${JSON.stringify(TITLE)};
const field = $.NSTextField.alloc.initWithFrame($.NSMakeRect(20, 20, 440, 120));
window.contentView.addSubview(field);
window.makeKeyAndOrderFront(null);
app.activateIgnoringOtherApps(true);
window.makeFirstResponder(field);
const out = $.NSFileHandle.fileHandleWithStandardOutput;
const say = (text) => out.writeData($(text + '\\n').dataUsingEncoding($.NSUTF8StringEncoding));
say('READY');
let last = '';
for (let i = 0; i < 600; i++) {
  $.NSRunLoop.currentRunLoop.runUntilDate($.NSDate.dateWithTimeIntervalSinceNow(0.1));
  const editor = window.fieldEditorForObject(true, field);
  const now = ObjC.unwrap(editor.string);
  if (now !== last) {
    last = now;
    say('TEXT ' + ObjC.unwrap($(now).dataUsingEncoding($.NSUTF8StringEncoding).base64EncodedStringWithOptions(0)));
  }
}
`;

function openWindow() {
  return lines(spawn('osascript', ['-l', 'JavaScript', '-e', SCRIPT]));
}

describe('the native addon on macOS', () => {
  const opened: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of opened.splice(0)) child.kill();
  });

  it('types Unicode text — accents, Greek, symbols, an emoji — into the focused window', async () => {
    const window = openWindow();
    opened.push(window.child);
    await window.next((line) => line === 'READY');
    const typed = 'Grüße, Ω ✓ 😀';
    native.typeUnicode(typed);
    const last = await window.next((line) => line.startsWith('TEXT ') && textOf(line) === typed);
    expect(textOf(last)).toBe(typed);
  }, 60_000);

  it('reads the application in front and its window title', async () => {
    const window = openWindow();
    opened.push(window.child);
    await window.next((line) => line === 'READY');
    const front = native.foregroundWindow();
    expect(front?.app).toBe('osascript');
    expect(front?.title).toBe(TITLE);
  }, 60_000);
});
