// Reading untrusted model JSON: nlohmann's parser driven through a checking SAX handler, so that
// hostile files fail with a format_error naming the field instead of exhausting the stack,
// escaping as nlohmann's own exception types, or quoting raw bytes in the message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace treatytext::detail {

/// Deepest nesting a model file may have: a model is 3 levels deep; the limit leaves room for
/// later additions and stops a file nested 100,000 deep before it is built (its recursive
/// dump() or comparison would exhaust the stack).
inline constexpr std::size_t kMaxModelDepth = 64;

/// Largest model file load_model reads (the vocabulary of 20 million terms takes ~400 MB).
inline constexpr std::size_t kMaxModelBytes = std::size_t{4} << 30;

/// Parses `text` as JSON with the checks a model file needs before its fields are read:
/// nesting at most kMaxModelDepth, no key twice in one object, every number within the range
/// of its type. Throws format_error naming the dotted field path ("idf[3]", "analyzer.case_fold")
/// and the byte offset; messages never contain the file's raw bytes (non-printable or non-ASCII
/// bytes are written as \xNN, so the message itself is always valid UTF-8).
nlohmann::json parse_model_json(std::string_view text);

/// `bytes` with every byte outside printable ASCII written as \xNN (at most `limit` input bytes,
/// then "..."): safe to put in an error message.
std::string printable(std::string_view bytes, std::size_t limit = 40);

}  // namespace treatytext::detail
