// macOS: the frontmost normal window (layer 0) from the window list: its owner application and
// title. Titles need the Screen Recording permission, which Tandem asks for anyway to share.
#include <ApplicationServices/ApplicationServices.h>

#include <string>

#include "foreground.h"

namespace tandem {

namespace {

std::string ToUtf8(CFStringRef value) {
  if (!value) return "";
  CFIndex length = CFStringGetMaximumSizeForEncoding(CFStringGetLength(value), kCFStringEncodingUTF8) + 1;
  std::string out(length, '\0');
  if (!CFStringGetCString(value, out.data(), length, kCFStringEncodingUTF8)) return "";
  out.resize(strlen(out.c_str()));
  return out;
}

}  // namespace

ForegroundWindow CurrentForegroundWindow(std::string& error) {
  ForegroundWindow result;
  CFArrayRef windows = CGWindowListCopyWindowInfo(kCGWindowListOptionOnScreenOnly | kCGWindowListExcludeDesktopElements, kCGNullWindowID);
  if (!windows) {
    error = "the window list is not available";
    return result;
  }
  for (CFIndex i = 0; i < CFArrayGetCount(windows); ++i) {
    auto info = static_cast<CFDictionaryRef>(CFArrayGetValueAtIndex(windows, i));
    int layer = -1;
    auto layerRef = static_cast<CFNumberRef>(CFDictionaryGetValue(info, kCGWindowLayer));
    if (layerRef) CFNumberGetValue(layerRef, kCFNumberIntType, &layer);
    if (layer != 0) continue;
    result.found = true;
    result.app = ToUtf8(static_cast<CFStringRef>(CFDictionaryGetValue(info, kCGWindowOwnerName)));
    result.title = ToUtf8(static_cast<CFStringRef>(CFDictionaryGetValue(info, kCGWindowName)));
    break;
  }
  CFRelease(windows);
  return result;
}

}  // namespace tandem
