// Linux (X11): XTest sends keycodes, not characters. A character the current layout has (at
// its plain or shifted level) is typed with its own key, holding Shift where needed. Any other
// character is typed through a spare keycode temporarily mapped to its keysym (the Unicode keysym
// 0x01000000 + code point, or the Latin-1 one), as xdotool does. Eight spare keycodes take turns
// (across texts too), so an application that reads a key event late still finds the keysym it was
// sent with.
#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include <chrono>
#include <string>
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

// The spare keycodes this process types through, and which of them it maps next: kept across
// calls, so a character just typed is not remapped by the next text while an application may
// still read its key event.
constexpr size_t kSpareKeycodes = 8;
std::string g_spares_display;
std::vector<KeyCode> g_spares;
size_t g_next_spare = 0;

// A keycode one of Tandem's texts mapped (this process or an earlier one): its first two levels
// hold the same character keysym and every other level is empty or that keysym too. No layout
// maps a key that way, so such a keycode is free to map again — without this, every text left one
// keycode taken and typing stopped once the empty ones were used up (after ~20 texts in Xvfb).
bool MappedByUs(const KeySym* levels, int per) {
  const KeySym sym = levels[0];
  if (per < 2 || levels[1] != sym || !(sym >= 0x01000000 || (sym >= 0xA0 && sym <= 0xFF))) return false;
  for (int i = 2; i < per; ++i) {
    if (levels[i] != NoSymbol && levels[i] != sym) return false;
  }
  return true;
}

std::vector<KeyCode> SpareKeycodes(Display* display, size_t wanted) {
  int min = 0, max = 0;
  XDisplayKeycodes(display, &min, &max);
  int per = 0;
  KeySym* map = XGetKeyboardMapping(display, min, max - min + 1, &per);
  std::vector<KeyCode> spare;
  if (!map) return spare;
  for (int code = max; code >= min && spare.size() < wanted; --code) {
    const KeySym* levels = &map[(code - min) * per];
    bool empty = true;
    for (int i = 0; i < per; ++i) {
      if (levels[i] != NoSymbol) empty = false;
    }
    if (empty || MappedByUs(levels, per)) spare.push_back(static_cast<KeyCode>(code));
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
  if (g_spares.empty() || g_spares_display != DisplayString(display)) {
    g_spares = SpareKeycodes(display, kSpareKeycodes);
    g_spares_display = DisplayString(display);
  }
  // What this call mapped each spare to: Xlib's copy of the mapping was read when the display
  // opened, so a character mapped earlier is found above as the layout's own key, one mapped in
  // this call only here.
  std::vector<KeySym> mapped(g_spares.size(), NoSymbol);
  std::string result;
  for (char32_t cp : text) {
    const KeySym keysym = KeysymFor(cp);
    KeyCode own = XKeysymToKeycode(display, keysym);
    // Xlib's copy predates this call: a spare it names that this call mapped anew holds another character now.
    for (size_t i = 0; i < g_spares.size(); ++i) {
      if (g_spares[i] == own && mapped[i] != NoSymbol && mapped[i] != keysym) own = 0;
    }
    if (own != 0 && XkbKeycodeToKeysym(display, own, 0, 0) == keysym) {
      Tap(display, own, 0);
      continue;
    }
    if (own != 0 && shift != 0 && XkbKeycodeToKeysym(display, own, 0, 1) == keysym) {
      Tap(display, own, shift);
      continue;
    }
    if (g_spares.empty()) {
      result = "no spare keycode to map characters to";
      break;
    }
    // A spare that holds this character already is typed as it is; otherwise the next one in turn
    // is mapped to it, so the one mapped longest ago is the one that changes.
    size_t slot = 0;
    while (slot < mapped.size() && mapped[slot] != keysym) ++slot;
    const bool held = slot < mapped.size();
    if (!held) slot = g_next_spare++ % g_spares.size();
    const KeyCode code = g_spares[slot];
    if (!held) {
      mapped[slot] = keysym;
      KeySym syms[2] = {keysym, keysym};
      XChangeKeyboardMapping(display, code, 2, syms, 1);
      XSync(display, False);
      // Applications re-read the mapping on MappingNotify; give them a moment before the key.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
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
