#pragma once
#include <string>

namespace tandem {

struct ForegroundWindow {
  bool found = false;
  std::string app;    // the application (X11 WM_CLASS class, the process image name, the owner app)
  std::string title;  // the window title, UTF-8
};

// The window the end user is working in right now. Never reads window contents.
ForegroundWindow CurrentForegroundWindow(std::string& error);

}  // namespace tandem
