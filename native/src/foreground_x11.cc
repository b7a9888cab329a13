// Linux (X11): the focused window (or, with focus following the pointer, the one under it),
// walked up to the top-level client that carries WM_CLASS; its title from _NET_WM_NAME (UTF-8)
// or WM_NAME.
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "foreground.h"

namespace tandem {

namespace {

bool ClassOf(Display* display, Window window, std::string& out) {
  XClassHint hint;
  if (!XGetClassHint(display, window, &hint)) return false;
  out = hint.res_class ? hint.res_class : (hint.res_name ? hint.res_name : "");
  if (hint.res_name) XFree(hint.res_name);
  if (hint.res_class) XFree(hint.res_class);
  return true;
}

std::string TitleOf(Display* display, Window window) {
  Atom utf8 = XInternAtom(display, "UTF8_STRING", False);
  Atom netName = XInternAtom(display, "_NET_WM_NAME", False);
  Atom type;
  int format;
  unsigned long count, after;
  unsigned char* data = nullptr;
  if (XGetWindowProperty(display, window, netName, 0, 1024, False, utf8, &type, &format, &count, &after, &data) == Success && data) {
    std::string title(reinterpret_cast<char*>(data), count);
    XFree(data);
    if (!title.empty()) return title;
  }
  // WM_NAME may be STRING or COMPOUND_TEXT: let Xlib convert it to UTF-8.
  XTextProperty property;
  std::string title;
  if (XGetWMName(display, window, &property) && property.value) {
    char** list = nullptr;
    int count = 0;
    if (Xutf8TextPropertyToTextList(display, &property, &list, &count) >= Success && count > 0 && list) {
      title = list[0];
      XFreeStringList(list);
    }
    XFree(property.value);
  }
  return title;
}

}  // namespace

ForegroundWindow CurrentForegroundWindow(std::string& error) {
  ForegroundWindow result;
  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    error = "cannot open the X display (is DISPLAY set?)";
    return result;
  }
  Window focus = None;
  int revert = 0;
  XGetInputFocus(display, &focus, &revert);
  Window root = DefaultRootWindow(display);
  if (focus == PointerRoot || focus == None || focus == root) {
    // Focus follows the pointer: the top-level window under it is the one being worked in.
    Window rootReturn, child = None;
    int rx, ry, wx, wy;
    unsigned int mask;
    XQueryPointer(display, root, &rootReturn, &child, &rx, &ry, &wx, &wy, &mask);
    focus = child;
  }
  for (Window window = focus; window != None && window != root;) {
    std::string app;
    if (ClassOf(display, window, app)) {
      result.found = true;
      result.app = app;
      result.title = TitleOf(display, window);
      break;
    }
    // WM_CLASS may sit on a child of a frame: look below once, then walk up.
    Window rootReturn, parent;
    Window* children = nullptr;
    unsigned int count = 0;
    if (!XQueryTree(display, window, &rootReturn, &parent, &children, &count)) break;
    for (unsigned int i = 0; i < count && !result.found; ++i) {
      std::string childApp;
      if (ClassOf(display, children[i], childApp)) {
        result.found = true;
        result.app = childApp;
        result.title = TitleOf(display, children[i]);
      }
    }
    if (children) XFree(children);
    if (result.found) break;
    window = parent;
  }
  XCloseDisplay(display);
  return result;
}

}  // namespace tandem
