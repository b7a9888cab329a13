{
  "targets": [
    {
      "target_name": "tandem_native",
      "sources": ["src/addon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17"],
      "conditions": [
        ["OS=='linux'", {
          "sources": ["src/unicode_x11.cc", "src/foreground_x11.cc"],
          "libraries": ["-lX11", "-lXtst"]
        }],
        ["OS=='mac'", {
          "sources": ["src/unicode_mac.cc", "src/foreground_mac.cc"],
          "libraries": ["-framework CoreGraphics", "-framework CoreFoundation"],
          "xcode_settings": { "CLANG_CXX_LANGUAGE_STANDARD": "c++17", "MACOSX_DEPLOYMENT_TARGET": "11.0" }
        }],
        ["OS=='win'", {
          "sources": ["src/unicode_win.cc", "src/foreground_win.cc"],
          "libraries": ["user32.lib"],
          "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/std:c++17"] } }
        }]
      ]
    }
  ]
}
