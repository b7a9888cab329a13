// TEST ONLY — never shipped, never used to build. The few declarations of Apple's
// ApplicationServices (CoreFoundation + CoreGraphics) that native/src/*_mac.cc uses, written from
// Apple's public headers (macOS 11 SDK), so that clang on Linux can check those sources for syntax,
// names, argument counts and types (scripts/native-cross.mjs macos).
//
// What this proves: the macOS sources parse, call only these functions with the right number and
// kind of arguments, and have no warnings. What it does not prove: that the declarations match the
// real SDK bit for bit (they are copied, not imported), that the code links, or that it works — the
// macOS runner of .github/workflows/test.yml builds against the real SDK and runs it.
#pragma once

// CoreFoundation.h brings in the C library headers; code written against it relies on that.
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern "C" {

// ---- CoreFoundation --------------------------------------------------------------------------
typedef unsigned char Boolean;
typedef long CFIndex;
typedef unsigned short UniChar;
typedef unsigned long UniCharCount;
typedef const void* CFTypeRef;
typedef const struct __CFString* CFStringRef;
typedef const struct __CFArray* CFArrayRef;
typedef const struct __CFDictionary* CFDictionaryRef;
typedef const struct __CFNumber* CFNumberRef;
typedef uint32_t CFStringEncoding;
enum : CFStringEncoding { kCFStringEncodingUTF8 = 0x08000100 };
typedef CFIndex CFNumberType;
enum : CFNumberType { kCFNumberSInt32Type = 3, kCFNumberIntType = 9 };

void CFRelease(CFTypeRef cf);
CFIndex CFArrayGetCount(CFArrayRef theArray);
const void* CFArrayGetValueAtIndex(CFArrayRef theArray, CFIndex idx);
const void* CFDictionaryGetValue(CFDictionaryRef theDict, const void* key);
Boolean CFNumberGetValue(CFNumberRef number, CFNumberType theType, void* valuePtr);
CFIndex CFStringGetLength(CFStringRef theString);
CFIndex CFStringGetMaximumSizeForEncoding(CFIndex length, CFStringEncoding encoding);
Boolean CFStringGetCString(CFStringRef theString, char* buffer, CFIndex bufferSize, CFStringEncoding encoding);

// ---- CoreGraphics: events --------------------------------------------------------------------
typedef struct __CGEvent* CGEventRef;
typedef struct __CGEventSource* CGEventSourceRef;
typedef uint16_t CGKeyCode;
enum CGEventTapLocation : uint32_t { kCGHIDEventTap = 0, kCGSessionEventTap, kCGAnnotatedSessionEventTap };

CGEventRef CGEventCreateKeyboardEvent(CGEventSourceRef source, CGKeyCode virtualKey, bool keyDown);
void CGEventKeyboardSetUnicodeString(CGEventRef event, UniCharCount stringLength, const UniChar* unicodeString);
void CGEventPost(CGEventTapLocation tap, CGEventRef event);

// ---- CoreGraphics: windows -------------------------------------------------------------------
typedef uint32_t CGWindowID;
typedef uint32_t CGWindowListOption;
enum : CGWindowListOption {
  kCGWindowListOptionAll = 0,
  kCGWindowListOptionOnScreenOnly = 1 << 0,
  kCGWindowListOptionOnScreenAboveWindow = 1 << 1,
  kCGWindowListOptionOnScreenBelowWindow = 1 << 2,
  kCGWindowListOptionIncludingWindow = 1 << 3,
  kCGWindowListExcludeDesktopElements = 1 << 4,
};
#define kCGNullWindowID ((CGWindowID)0)

CFArrayRef CGWindowListCopyWindowInfo(CGWindowListOption option, CGWindowID relativeToWindow);
extern const CFStringRef kCGWindowLayer;
extern const CFStringRef kCGWindowOwnerName;
extern const CFStringRef kCGWindowName;

}  // extern "C"
