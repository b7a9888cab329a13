#pragma once
#include <string>

namespace tandem {

// Types the UTF-32 code points into the focused window of the interactive session.
// Returns an empty string on success, otherwise why it failed.
std::string TypeUnicode(const std::u32string& text);

}  // namespace tandem
