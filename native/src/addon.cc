#include <napi.h>

#include "foreground.h"
#include "unicode.h"

namespace {

// JavaScript strings are UTF-16; surrogate pairs become one code point, a lone surrogate U+FFFD.
std::u32string ToCodePoints(const std::u16string& utf16) {
  std::u32string out;
  out.reserve(utf16.size());
  for (size_t i = 0; i < utf16.size(); ++i) {
    char32_t unit = utf16[i];
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < utf16.size() && utf16[i + 1] >= 0xDC00 && utf16[i + 1] <= 0xDFFF) {
      out.push_back(0x10000 + ((unit - 0xD800) << 10) + (utf16[i + 1] - 0xDC00));
      ++i;
    } else if (unit >= 0xD800 && unit <= 0xDFFF) {
      out.push_back(0xFFFD);
    } else {
      out.push_back(unit);
    }
  }
  return out;
}

Napi::Value TypeUnicode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "typeUnicode(text: string)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::string error = tandem::TypeUnicode(ToCodePoints(info[0].As<Napi::String>().Utf16Value()));
  if (!error.empty()) Napi::Error::New(env, error).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value ForegroundWindow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string error;
  tandem::ForegroundWindow window = tandem::CurrentForegroundWindow(error);
  if (!error.empty() && !window.found) {
    Napi::Error::New(env, error).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!window.found) return env.Null();
  Napi::Object result = Napi::Object::New(env);
  result.Set("app", window.app);
  result.Set("title", window.title);
  return result;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("typeUnicode", Napi::Function::New(env, TypeUnicode));
  exports.Set("foregroundWindow", Napi::Function::New(env, ForegroundWindow));
  return exports;
}

}  // namespace

NODE_API_MODULE(tandem_native, Init)
