// Linux (X11): XTest sends keycodes, not characters. A character the current layout has (at
// its plain or shifted level) is typed with its own key, holding Shift where needed. Any other
// character is typed through a spare keycode temporarily mapped to its keysym (the Unicode keysym
// 0x01000000 + code point, or the Latin-1 one), as xdotool does. Two spare keycodes alternate, so
// an application that reads a key event late still finds the keysym it was sent with.
#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include <chrono>
#include <thread>
#include <vector>

#include "unicode.h"

namespace tandem {

namespace {

KeySym KeysymFor(char32_t cp) {
  if (cp == U'\n' || cp == U'\r') return XK_Return;
  if (cp == U'\t') return XK_Tab;
  if (cp == 0x08) return XK_BackSpace;
  if ((cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF)) return static_cast<KeySym>(cp);
  return static_cast<KeySym>(0x01000000 | cp);
}

std::vector<KeyCode> SpareKeycodes(Display* display, size_t wanted) {
  int min = 0, max = 0;
  XDisplayKeycodes(display, &min, &max);
  int per = 0;
  KeySym* map = XGetKeyboardMapping(display, min, max - min + 1, &per);
  std::vector<KeyCode> spare;
  if (!map) return spare;
  for (int code = max; code >= min && spare.size() < wanted; --code) {
    bool empty = true;
    for (int i = 0; i < per; ++i) {
      if (map[(code - min) * per + i] != NoSymbol) empty = false;
    }
    if (empty) spare.push_back(static_cast<KeyCode>(code));
  }
  XFree(map);
  return spare;
}

void Tap(Display* display, KeyCode code, KeyCode shift) {
  if (shift) XTestFakeKeyEvent(display, shift, True, CurrentTime);
  XTestFakeKeyEvent(display, code, True, CurrentTime);
  XTestFakeKeyEvent(display, code, False, CurrentTime);
  if (shift) XTestFakeKeyEvent(display, shift, False, CurrentTime);
  XSync(display, False);
}

}  // namespace

std::string TypeUnicode(const std::u32string& text) {
  Display* display = XOpenDisplay(nullptr);
  if (!display) return "cannot open the X display (is DISPLAY set?)";
  int event = 0, error = 0, major = 0, minor = 0;
  if (!XTestQueryExtension(display, &event, &error, &major, &minor)) {
    XCloseDisplay(display);
    return "the X server has no XTEST extension";
  }
  const KeyCode shift = XKeysymToKeycode(display, XK_Shift_L);
  const std::vector<KeyCode> spare = SpareKeycodes(display, 2);
  size_t next_spare = 0;
  std::string result;
  for (char32_t cp : text) {
    const KeySym keysym = KeysymFor(cp);
    const KeyCode own = XKeysymToKeycode(display, keysym);
    if (own != 0 && XkbKeycodeToKeysym(display, own, 0, 0) == keysym) {
      Tap(display, own, 0);
      continue;
    }
    if (own != 0 && shift != 0 && XkbKeycodeToKeysym(display, own, 0, 1) == keysym) {
      Tap(display, own, shift);
      continue;
    }
    if (spare.empty()) {
      result = "no spare keycode to map characters to";
      break;
    }
    const KeyCode code = spare[next_spare++ % spare.size()];
    KeySym syms[2] = {keysym, keysym};
    XChangeKeyboardMapping(display, code, 2, syms, 1);
    XSync(display, False);
    // Applications re-read the mapping on MappingNotify; give them a moment before the key.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    Tap(display, code, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The spare keycodes keep their last characters: an application that reads the last key event
  // late (a busy machine) must still find its keysym, and no physical key sends these codes. The
  // next call maps them afresh.
  XCloseDisplay(display);
  return result;
}

}  // namespace tandem
