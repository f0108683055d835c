// Python batches of documents (str or bytes items) as a DocumentSource the core reads with the
// GIL released. Nothing is copied or cached while the batch is read: ASCII str and bytes items
// are UTF-8 already and are read in place; any other str is read in its own (PEP 393) storage
// and encoded to UTF-8 by the worker thread that counts it, into a buffer the thread reuses.
// (PyUnicode_AsUTF8AndSize would instead cache a UTF-8 copy inside every non-ASCII str for the
// object's whole life: memory the caller never asked for, as large as the text.)
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/text.hpp"

namespace treatytext::python {

namespace py = pybind11;

namespace detail {

// True when the 8 code units at p are all below 0x80 (read as whole words).
template <typename Unit>
inline bool all_ascii(const Unit* p) noexcept {
  constexpr std::uint64_t kHigh = sizeof(Unit) == 1   ? 0x8080808080808080ULL
                                  : sizeof(Unit) == 2 ? 0xFF80FF80FF80FF80ULL
                                                      : 0xFFFFFF80FFFFFF80ULL;
  std::uint64_t words[sizeof(Unit)];
  std::memcpy(words, p, sizeof(words));  // 8 code units
  std::uint64_t any = 0;
  for (const std::uint64_t w : words) any |= w & kHigh;
  return any == 0;
}

/// Encodes n code units of a PEP 393 buffer (Latin-1, UCS-2 or UCS-4; no surrogates) as UTF-8
/// at w, which must have room for 4 bytes per unit (3 for UCS-2, 2 for Latin-1); returns the
/// end. Runs of ASCII, most of most texts, go eight units at a time.
template <typename Unit>
char* encode_utf8(const Unit* s, std::size_t n, char* w) noexcept {
  std::size_t i = 0;
  while (i < n) {
    while (i + 8 <= n && all_ascii(s + i)) {
      for (std::size_t k = 0; k < 8; ++k) w[k] = static_cast<char>(s[i + k]);
      w += 8;
      i += 8;
    }
    if (i >= n) break;
    const auto cp = static_cast<std::uint32_t>(s[i++]);
    if (cp < 0x80) {
      *w++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
      *w++ = static_cast<char>(0xC0 | (cp >> 6));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *w++ = static_cast<char>(0xE0 | (cp >> 12));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *w++ = static_cast<char>(0xF0 | (cp >> 18));
      *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return w;
}

/// The index of the first surrogate code point (U+D800..U+DFFF) of a UCS-2 or UCS-4 buffer, or
/// n. Such a str has no UTF-8 form.
template <typename Unit>
std::size_t find_surrogate(const Unit* s, std::size_t n) noexcept {
  constexpr std::size_t kBlock = 256;
  for (std::size_t base = 0; base < n; base += kBlock) {
    const std::size_t end = base + kBlock < n ? base + kBlock : n;
    bool any = false;  // branch-free over a block, so that the scan vectorizes
    for (std::size_t i = base; i < end; ++i) any |= static_cast<std::uint32_t>(s[i]) - 0xD800U < 0x800U;
    if (any)
      for (std::size_t i = base; i < end; ++i)
        if (static_cast<std::uint32_t>(s[i]) - 0xD800U < 0x800U) return i;
  }
  return n;
}

}  // namespace detail

/// Where a str keeps its text: UTF-8 in place (kind 0: ASCII str, or bytes), or its PEP 393
/// storage of `length` code points of 1, 2 or 4 bytes (kind).
struct TextStorage {
  const void* data;
  std::size_t length;  // bytes for kind 0, else code points
  int kind;

  /// Room the UTF-8 form needs at most.
  [[nodiscard]] std::size_t max_utf8() const noexcept { return length * (kind == 1 ? 2 : kind == 2 ? 3 : 4); }
  /// Writes the UTF-8 form of a kind 1, 2 or 4 storage at out (max_utf8() bytes of room);
  /// returns the end.
  char* encode(char* out) const noexcept {
    if (kind == 1) return detail::encode_utf8(static_cast<const std::uint8_t*>(data), length, out);
    if (kind == 2) return detail::encode_utf8(static_cast<const std::uint16_t*>(data), length, out);
    return detail::encode_utf8(static_cast<const std::uint32_t*>(data), length, out);
  }
};

/// The storage of a str (GIL held). Raises ValueError naming where() for a str that holds a
/// lone surrogate, which has no UTF-8 form.
template <typename Where>
TextStorage str_storage(PyObject* item, Where&& where) {
#if PY_VERSION_HEX < 0x030C0000
  if (PyUnicode_READY(item) < 0) throw py::error_already_set();
#endif
  const void* data = PyUnicode_DATA(item);
  const auto length = static_cast<std::size_t>(PyUnicode_GET_LENGTH(item));
  if (PyUnicode_IS_ASCII(item)) return TextStorage{data, length, 0};
  const int kind = static_cast<int>(PyUnicode_KIND(item));
  std::size_t bad = length;
  if (kind == PyUnicode_2BYTE_KIND)
    bad = detail::find_surrogate(static_cast<const std::uint16_t*>(data), length);
  if (kind == PyUnicode_4BYTE_KIND)
    bad = detail::find_surrogate(static_cast<const std::uint32_t*>(data), length);
  if (bad < length) {
    char code[16];
    std::snprintf(code, sizeof(code), "U+%04X", static_cast<unsigned>(PyUnicode_READ(kind, data, bad)));
    throw py::value_error(where() + " cannot be encoded as UTF-8: it holds a lone surrogate (" + code +
                          ") at index " + std::to_string(bad));
  }
  return TextStorage{data, length, kind};
}

/// Appends the UTF-8 form of a str to `out` without caching it in the object (GIL held);
/// raises ValueError naming `where` for a str holding a lone surrogate.
inline void append_str_utf8(PyObject* item, const std::string& where, std::string& out) {
  const TextStorage storage = str_storage(item, [&] { return where; });
  if (storage.kind == 0) {
    out.append(static_cast<const char*>(storage.data), storage.length);
    return;
  }
  const std::size_t start = out.size();
  out.resize(start + storage.max_utf8());
  char* end = storage.encode(out.data() + start);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

/// The documents of a Python sequence of str or bytes, read by the core on demand. Built with
/// the GIL held; size(), weight() and text() may then run without it, on several threads (each
/// with its own buffer). The tuple it keeps holds a reference to every item, so another Python
/// thread cannot free one while the core reads it; a str is immutable, so its storage does not
/// move meanwhile.
class PythonDocuments final : public DocumentSource {
 public:
  /// Raises TypeError for a single str or bytes, and naming the index of an item that is neither;
  /// ValueError naming the index for a str holding a lone surrogate (it has no UTF-8 form) and,
  /// for bytes that are not valid UTF-8, the core's message prefixed by the index
  /// ("documents[3]: invalid UTF-8 at byte 17: ...").
  explicit PythonDocuments(const py::handle& documents, const char* name = "documents") {
    if (PyUnicode_Check(documents.ptr()) || PyBytes_Check(documents.ptr()))
      throw py::type_error(std::string(name) +
                           " must be a sequence of texts, not a single str or bytes object");
    PyObject* tuple = PySequence_Tuple(documents.ptr());
    if (tuple == nullptr) throw py::error_already_set();
    owner_ = py::reinterpret_steal<py::tuple>(tuple);
    const auto n = PyTuple_GET_SIZE(tuple);
    docs_.reserve(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) {
      PyObject* item = PyTuple_GET_ITEM(tuple, i);
      if (PyUnicode_Check(item)) {
        docs_.push_back(str_storage(item, [&] { return where(name, i); }));
      } else if (PyBytes_Check(item)) {
        const std::string_view view(PyBytes_AS_STRING(item),
                                    static_cast<std::size_t>(PyBytes_GET_SIZE(item)));
        if (find_invalid_utf8(view) != std::string_view::npos) {
          try {
            (void)validate_utf8(view, InvalidUtf8::strict);
          } catch (const encoding_error& e) {
            throw encoding_error(where(name, i) + ": " + e.what(), e.byte_offset());
          }
        }
        docs_.push_back(TextStorage{view.data(), view.size(), 0});
      } else {
        throw py::type_error(where(name, i) + " must be str or bytes, got " +
                             std::string(Py_TYPE(item)->tp_name));
      }
    }
  }

  [[nodiscard]] std::size_t size() const override { return docs_.size(); }
  /// Code units (bytes for UTF-8 items): close enough to the UTF-8 size to balance threads.
  [[nodiscard]] std::size_t weight(std::size_t i) const override { return docs_[i].length; }
  [[nodiscard]] std::string_view text(std::size_t i, std::string& buffer) const override {
    const TextStorage& d = docs_[i];
    if (d.kind == 0) return {static_cast<const char*>(d.data), d.length};
    // The buffer only grows, so a thread's conversions reuse one allocation.
    if (buffer.size() < d.max_utf8()) buffer.resize(d.max_utf8());
    const char* end = d.encode(buffer.data());
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
  }

  /// The items, kept alive by this object.
  [[nodiscard]] const py::tuple& items() const noexcept { return owner_; }

 private:
  static std::string where(const char* name, Py_ssize_t i) {
    return std::string(name) + "[" + std::to_string(i) + "]";
  }

  py::tuple owner_;
  std::vector<TextStorage> docs_;
};

/// A Python str from UTF-8 bytes produced by the core (terms of valid text).
inline py::str to_python_str(std::string_view text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

}  // namespace treatytext::python
