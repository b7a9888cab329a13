// Windows: the foreground window's title and its process's image name (e.g. "OUTLOOK.EXE").
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <string>

#include "foreground.h"

namespace tandem {

namespace {

std::string Utf8(const std::wstring& wide) {
  if (wide.empty()) return "";
  int size = WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), static_cast<int>(wide.size()), nullptr, 0, nullptr, nullptr);
  std::string out(size, '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), static_cast<int>(wide.size()), out.data(), size, nullptr, nullptr);
  return out;
}

}  // namespace

ForegroundWindow CurrentForegroundWindow(std::string& error) {
  ForegroundWindow result;
  HWND window = GetForegroundWindow();
  if (!window) return result;
  wchar_t title[512] = {0};
  GetWindowTextW(window, title, 512);
  DWORD pid = 0;
  GetWindowThreadProcessId(window, &pid);
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  std::wstring image;
  if (process) {
    wchar_t path[MAX_PATH] = {0};
    DWORD size = MAX_PATH;
    if (QueryFullProcessImageNameW(process, 0, path, &size)) {
      image.assign(path, size);
      size_t slash = image.find_last_of(L"\\\\/");
      if (slash != std::wstring::npos) image = image.substr(slash + 1);
    }
    CloseHandle(process);
  } else {
    error = "cannot open the foreground process";
  }
  result.found = true;
  result.app = Utf8(image);
  result.title = Utf8(title);
  return result;
}

}  // namespace tandem
