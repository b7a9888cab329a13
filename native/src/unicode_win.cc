// Windows: SendInput with KEYEVENTF_UNICODE sends UTF-16 code units as characters, independent
// of the keyboard layout; characters beyond the BMP go as their surrogate pair.
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <vector>

#include "unicode.h"

namespace tandem {

namespace {

void AddUnit(std::vector<INPUT>& inputs, wchar_t unit) {
  INPUT down = {};
  down.type = INPUT_KEYBOARD;
  down.ki.wScan = unit;
  down.ki.dwFlags = KEYEVENTF_UNICODE;
  INPUT up = down;
  up.ki.dwFlags = KEYEVENTF_UNICODE | KEYEVENTF_KEYUP;
  inputs.push_back(down);
  inputs.push_back(up);
}

}  // namespace

std::string TypeUnicode(const std::u32string& text) {
  std::vector<INPUT> inputs;
  for (char32_t cp : text) {
    if (cp == U'\n') {
      INPUT down = {};
      down.type = INPUT_KEYBOARD;
      down.ki.wVk = VK_RETURN;
      INPUT up = down;
      up.ki.dwFlags = KEYEVENTF_KEYUP;
      inputs.push_back(down);
      inputs.push_back(up);
    } else if (cp >= 0x10000) {
      char32_t v = cp - 0x10000;
      AddUnit(inputs, static_cast<wchar_t>(0xD800 + (v >> 10)));
      AddUnit(inputs, static_cast<wchar_t>(0xDC00 + (v & 0x3FF)));
    } else {
      AddUnit(inputs, static_cast<wchar_t>(cp));
    }
  }
  if (inputs.empty()) return "";
  UINT sent = SendInput(static_cast<UINT>(inputs.size()), inputs.data(), sizeof(INPUT));
  if (sent != inputs.size()) return "SendInput was blocked (another desktop or a higher-integrity window has focus)";
  return "";
}

}  // namespace tandem
