// macOS: a keyboard event carrying a Unicode string types that string whatever the layout.
// Needs the Accessibility permission (System Settings → Privacy & Security → Accessibility).
#include <ApplicationServices/ApplicationServices.h>

#include <vector>

#include "unicode.h"

namespace tandem {

std::string TypeUnicode(const std::u32string& text) {
  for (char32_t cp : text) {
    std::vector<UniChar> units;
    if (cp >= 0x10000) {
      char32_t v = cp - 0x10000;
      units.push_back(static_cast<UniChar>(0xD800 + (v >> 10)));
      units.push_back(static_cast<UniChar>(0xDC00 + (v & 0x3FF)));
    } else {
      units.push_back(static_cast<UniChar>(cp == U'\n' ? U'\r' : cp));
    }
    CGEventRef down = CGEventCreateKeyboardEvent(nullptr, 0, true);
    CGEventRef up = CGEventCreateKeyboardEvent(nullptr, 0, false);
    if (!down || !up) {
      if (down) CFRelease(down);
      if (up) CFRelease(up);
      return "cannot create keyboard events (is the Accessibility permission granted?)";
    }
    CGEventKeyboardSetUnicodeString(down, units.size(), units.data());
    CGEventKeyboardSetUnicodeString(up, units.size(), units.data());
    CGEventPost(kCGHIDEventTap, down);
    CGEventPost(kCGHIDEventTap, up);
    CFRelease(down);
    CFRelease(up);
  }
  return "";
}

}  // namespace tandem
