// Python batches of documents (str or bytes items) as a DocumentSource the core reads with the
// GIL released. Nothing is copied or cached while the batch is read: ASCII str and bytes items
// are UTF-8 already and are read in place; any other str is read in its own (PEP 393) storage
// and encoded to UTF-8 by the worker thread that counts it, into a buffer the thread reuses.
// (PyUnicode_AsUTF8AndSize would instead cache a UTF-8 copy inside every non-ASCII str for the
// object's whole life: memory the caller never asked for, as large as the text.)
#pragma once

#include <pybind11/pybind11.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "interrupt.hpp"
#include "treatytext/detail/utf8.hpp"
#include "treatytext/error.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace treatytext::python {

namespace py = pybind11;

namespace detail {

#if defined(__SSE2__)
// Narrows the 16 code units at s to bytes stored at w (16 bytes, whatever their values) and
// returns how many of them, from the first, are ASCII (16 = all): those bytes are their UTF-8.
template <typename Unit>
inline unsigned ascii_prefix16(const Unit* s, char* w) noexcept {
  const __m128i zero = _mm_setzero_si128();
  __m128i bytes;
  __m128i ascii;  // 0xFF per ASCII unit
  if constexpr (sizeof(Unit) == 1) {
    bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    ascii = _mm_cmpgt_epi8(bytes, _mm_set1_epi8(-1));
  } else if constexpr (sizeof(Unit) == 2) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 8));
    const __m128i high = _mm_set1_epi16(static_cast<short>(0xFF80));
    ascii = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_and_si128(a, high), zero),
                            _mm_cmpeq_epi16(_mm_and_si128(b, high), zero));
    bytes = _mm_packus_epi16(a, b);
  } else {
    __m128i v[4];
    __m128i ok[4];
    const __m128i high = _mm_set1_epi32(static_cast<int>(0xFFFFFF80U));
    for (int k = 0; k < 4; ++k) {
      v[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4 * k));
      ok[k] = _mm_cmpeq_epi32(_mm_and_si128(v[k], high), zero);
    }
    ascii = _mm_packs_epi16(_mm_packs_epi32(ok[0], ok[1]), _mm_packs_epi32(ok[2], ok[3]));
    bytes = _mm_packus_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3]));
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(w), bytes);
  const auto other = static_cast<unsigned>(~_mm_movemask_epi8(ascii)) & 0xFFFFU;
  return other == 0 ? 16U : static_cast<unsigned>(std::countr_zero(other));
}
#endif

/// Encodes n code units of a PEP 393 buffer (Latin-1, UCS-2 or UCS-4) as UTF-8
/// at w, which must have room for 2 bytes per Latin-1 unit, 3 per UCS-2 unit, 4 per UCS-4 unit
/// (the 16-byte stores of the ASCII runs fit within that room); returns the end, or nullptr at a
/// surrogate code point (which has no UTF-8 form), unless kSurrogatePass: surrogates are then
/// written as 3 bytes, as Python's "surrogatepass" does. Runs of ASCII, most of most texts, go
/// sixteen units at a time.
template <bool kSurrogatePass = false, typename Unit>
char* encode_utf8(const Unit* s, std::size_t n, char* w) noexcept {
  std::size_t i = 0;
  // Only units that are not ASCII can be surrogates, so the check costs nothing on ASCII runs.
  const auto put = [&w](std::uint32_t cp) {
    if (!kSurrogatePass && sizeof(Unit) > 1 && cp - 0xD800U < 0x800U) return false;
    w = treatytext::detail::write_utf8(w, static_cast<char32_t>(cp));
    return true;
  };
#if defined(__SSE2__)
  while (i + 16 <= n) {
    const unsigned ascii = ascii_prefix16(s + i, w);
    w += ascii;
    i += ascii;
    if (ascii < 16 && !put(static_cast<std::uint32_t>(s[i++]))) return nullptr;
  }
#endif
  for (; i < n; ++i)
    if (!put(static_cast<std::uint32_t>(s[i]))) return nullptr;
  return w;
}

/// The index of the first surrogate code point (U+D800..U+DFFF) of a buffer, or n.
template <typename Unit>
std::size_t find_surrogate(const Unit* s, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (static_cast<std::uint32_t>(s[i]) - 0xD800U < 0x800U) return i;
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
  /// returns the end, or nullptr when the text holds a lone surrogate (with kSurrogatePass,
  /// surrogates are written as 3 bytes instead).
  template <bool kSurrogatePass = false>
  char* encode(char* out) const noexcept {
    if (kind == 1)
      return detail::encode_utf8<kSurrogatePass>(static_cast<const std::uint8_t*>(data), length, out);
    if (kind == 2)
      return detail::encode_utf8<kSurrogatePass>(static_cast<const std::uint16_t*>(data), length, out);
    return detail::encode_utf8<kSurrogatePass>(static_cast<const std::uint32_t*>(data), length, out);
  }
  /// The index of the first lone surrogate, or length.
  [[nodiscard]] std::size_t first_surrogate() const noexcept {
    if (kind == 2) return detail::find_surrogate(static_cast<const std::uint16_t*>(data), length);
    if (kind == 4) return detail::find_surrogate(static_cast<const std::uint32_t*>(data), length);
    return length;
  }
};

/// The storage of a str, read in place (GIL held).
inline TextStorage str_storage(PyObject* item) {
#if PY_VERSION_HEX < 0x030C0000
  if (PyUnicode_READY(item) < 0) throw py::error_already_set();
#endif
  const void* data = PyUnicode_DATA(item);
  const auto length = static_cast<std::size_t>(PyUnicode_GET_LENGTH(item));
  if (PyUnicode_IS_ASCII(item)) return TextStorage{data, length, 0};
  return TextStorage{data, length, static_cast<int>(PyUnicode_KIND(item))};
}

/// The ValueError for a str that holds a lone surrogate at `index` (it has no UTF-8 form).
inline py::value_error surrogate_error(const std::string& where, const TextStorage& text, std::size_t index) {
  char code[16];
  std::snprintf(code, sizeof(code), "U+%04X",
                static_cast<unsigned>(PyUnicode_READ(text.kind, text.data, index)));
  return py::value_error(where + " cannot be encoded as UTF-8: it holds a lone surrogate (" + code +
                         ") at index " + std::to_string(index));
}

/// Appends the UTF-8 form of a str to `out` without caching it in the object (GIL held);
/// raises ValueError naming `where` for a str holding a lone surrogate.
inline void append_str_utf8(PyObject* item, const std::string& where, std::string& out) {
  const TextStorage storage = str_storage(item);
  if (storage.kind == 0) {
    out.append(static_cast<const char*>(storage.data), storage.length);
    return;
  }
  const std::size_t start = out.size();
  out.resize(start + storage.max_utf8());
  char* end = storage.encode(out.data() + start);
  if (end == nullptr) throw surrogate_error(where, storage, storage.first_surrogate());
  out.resize(static_cast<std::size_t>(end - out.data()));
}

/// The documents of a Python sequence of str or bytes, read by the core on demand. Built with
/// the GIL held; size(), weight() and text() may then run without it, on several threads (each
/// with its own buffer): run the core through run(). The tuple it keeps holds a reference to
/// every item, so another Python thread cannot free one while the core reads it; a str is
/// immutable, so its storage does not move meanwhile.
/// treatytext._core.TextLines: a bytes object of UTF-8 text whose lines are documents
/// (LineSource), held and read in place, so that a block of a file reaches the core with no
/// str per line. Neither copied nor moved: the lines are views into `data`.
struct TextLines {
  /// `lines` must be the LineSource of `bytes`' buffer.
  TextLines(py::bytes bytes, LineSource lines) : data(std::move(bytes)), lines(std::move(lines)) {}
  TextLines(const TextLines&) = delete;
  TextLines& operator=(const TextLines&) = delete;

  py::bytes data;
  LineSource lines;
};

class PythonDocuments final : public DocumentSource {
 public:
  /// Batches from this size (code units) on run on a helper thread that Ctrl-C can stop; below
  /// it a batch takes a few milliseconds, less than starting the thread would be worth.
  static constexpr std::size_t kInterruptibleBytes = 256 * 1024;

  /// Thrown by text() for a str holding a lone surrogate; run() turns it into a ValueError.
  class Unencodable : public invalid_argument {
   public:
    using invalid_argument::invalid_argument;
  };

  /// Raises TypeError for a single str or bytes, and naming the index of an item that is neither;
  /// for bytes that are not valid UTF-8, ValueError with the core's message prefixed by the index
  /// ("documents[3]: invalid UTF-8 at byte 17: ...").
  explicit PythonDocuments(const py::handle& documents, const char* name = "documents") : name_(name) {
    if (PyUnicode_Check(documents.ptr()) || PyBytes_Check(documents.ptr()))
      throw py::type_error(name_ + " must be a sequence of texts, not a single str or bytes object");
    if (py::isinstance<TextLines>(documents)) {  // read in place, validated when it was made
      owner_ = py::make_tuple(documents);
      lines_ = &documents.cast<const TextLines&>().lines;
      return;
    }
    PyObject* tuple = PySequence_Tuple(documents.ptr());
    if (tuple == nullptr) throw py::error_already_set();
    owner_ = py::reinterpret_steal<py::tuple>(tuple);
    const auto n = PyTuple_GET_SIZE(tuple);
    docs_.reserve(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) {
      PyObject* item = PyTuple_GET_ITEM(tuple, i);
      if (PyUnicode_Check(item)) {
        docs_.push_back(str_storage(item));
      } else if (PyBytes_Check(item)) {
        const std::string_view view(PyBytes_AS_STRING(item),
                                    static_cast<std::size_t>(PyBytes_GET_SIZE(item)));
        if (find_invalid_utf8(view) != std::string_view::npos) {
          try {
            (void)validate_utf8(view, InvalidUtf8::strict);
          } catch (const encoding_error& e) {
            throw encoding_error(where(static_cast<std::size_t>(i)) + ": " + e.what(), e.byte_offset());
          }
        }
        docs_.push_back(TextStorage{view.data(), view.size(), 0});
      } else {
        throw py::type_error(where(static_cast<std::size_t>(i)) + " must be str or bytes, got " +
                             std::string(Py_TYPE(item)->tp_name));
      }
    }
  }

  [[nodiscard]] std::size_t size() const override {
    return lines_ != nullptr ? lines_->size() : docs_.size();
  }
  /// Code units (bytes for UTF-8 items): close enough to the UTF-8 size to balance threads.
  [[nodiscard]] std::size_t weight(std::size_t i) const override {
    return lines_ != nullptr ? lines_->weight(i) : docs_[i].length;
  }
  [[nodiscard]] std::string_view text(std::size_t i, std::string& buffer) const override {
    if (lines_ != nullptr) return lines_->line(i);
    const TextStorage& d = docs_[i];
    if (d.kind == 0) return {static_cast<const char*>(d.data), d.length};
    // The buffer only grows, so a thread's conversions reuse one allocation.
    if (buffer.size() < d.max_utf8()) buffer.resize(d.max_utf8());
    const char* end = d.encode(buffer.data());
    if (end == nullptr)
      throw Unencodable(where(i) + " cannot be encoded as UTF-8: it holds a lone surrogate");
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
  }

  /// Runs f() with the GIL released and returns its result. A str holding a lone surrogate is
  /// found while the core reads it (the check costs nothing on ASCII), so with several threads
  /// any one of several such documents may stop the work; the ValueError then names the first
  /// of them in document order, and the code point and its index, whatever the thread count.
  template <typename F>
  auto run(F&& f) const {
    try {
      // Small batches run in place; larger ones can be stopped with Ctrl-C (interrupt.hpp).
      std::size_t bytes = lines_ != nullptr ? lines_->buffer().size() : 0;
      for (const TextStorage& d : docs_) bytes += d.length;
      if (bytes >= kInterruptibleBytes) return interruptible(std::forward<F>(f));
      py::gil_scoped_release release;
      return f();
    } catch (const Unencodable&) {
      for (std::size_t i = 0; i < docs_.size(); ++i) {
        const std::size_t bad = docs_[i].first_surrogate();
        if (bad < docs_[i].length) throw surrogate_error(where(i), docs_[i], bad);
      }
      throw;
    }
  }

 private:
  [[nodiscard]] std::string where(std::size_t i) const { return name_ + "[" + std::to_string(i) + "]"; }

  std::string name_;
  py::tuple owner_;
  std::vector<TextStorage> docs_;
  const LineSource* lines_ = nullptr;  // documents given as TextLines
};

/// A Python str from UTF-8 bytes produced by the core (terms of valid text).
inline py::str to_python_str(std::string_view text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

}  // namespace treatytext::python
