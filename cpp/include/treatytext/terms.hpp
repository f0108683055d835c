// The hand-off between an analyzer and the counting stage: a batch of terms in one arena,
// so that tokenizing a document allocates nothing per token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext {

/// The terms of one document, in order, stored back to back in one string.
class TermList {
 public:
  /// Removes every term (keeps the capacity, for reuse across documents).
  void clear() noexcept {
    arena_.clear();
    ends_.clear();
  }
  /// Appends one term (its bytes are copied).
  void push_back(std::string_view term) {
    arena_.append(term);
    ends_.push_back(arena_.size());
  }
  /// The number of terms, whether there are none, and term i (valid until the list changes).
  [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
  [[nodiscard]] bool empty() const noexcept { return ends_.empty(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(arena_).substr(begin, ends_[i] - begin);
  }
  /// Direct access for analyzers that build a term in place: append bytes, then seal().
  std::string& arena() noexcept { return arena_; }
  void seal() { ends_.push_back(arena_.size()); }  // ends the term at the arena's end
  /// Seals a term ending at byte `end` (<= arena().size()). For analyzers that pre-size the
  /// arena, write terms through a pointer and trim the spare room (arena().resize()) when done.
  void seal_at(std::size_t end) { ends_.push_back(end); }
  /// Length of the unsealed tail (bytes appended since the last term).
  [[nodiscard]] std::size_t open_length() const noexcept {
    return arena_.size() - (ends_.empty() ? 0 : ends_.back());
  }

 private:
  std::string arena_;
  std::vector<std::size_t> ends_;
};

/// Documents read on demand, so that a caller can convert each one (e.g. from a Python str)
/// inside the worker threads instead of holding a converted copy of the whole batch. text() is
/// called concurrently, each thread with its own buffer.
class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  /// The number of documents.
  [[nodiscard]] virtual std::size_t size() const = 0;
  /// A cost estimate (bytes) used to balance documents over threads.
  [[nodiscard]] virtual std::size_t weight(std::size_t i) const = 0;
  /// The UTF-8 text of document i, stored in `buffer` or elsewhere; valid until the next call
  /// with the same buffer.
  [[nodiscard]] virtual std::string_view text(std::size_t i, std::string& buffer) const = 0;
};

/// A DocumentSource over string_views that outlive it.
class ViewSource final : public DocumentSource {
 public:
  explicit ViewSource(std::span<const std::string_view> documents) : documents_(documents) {}
  [[nodiscard]] std::size_t size() const override { return documents_.size(); }
  [[nodiscard]] std::size_t weight(std::size_t i) const override { return documents_[i].size(); }
  [[nodiscard]] std::string_view text(std::size_t i, std::string&) const override { return documents_[i]; }

 private:
  std::span<const std::string_view> documents_;
};

/// The lines of one UTF-8 buffer as documents (a text file or a block of one, with one
/// document per line), read in place: no string per line. Lines end as Python's text files
/// (universal newlines) and dask's read_text end them: at "\n", "\r\n" or a lone "\r", which
/// the line does not include; the text after the last line end is a last line unless it is
/// empty. So "a\r\nb\rc\n" holds the three lines "a", "b" and "c". The buffer must outlive
/// the source.
class LineSource final : public DocumentSource {
 public:
  /// Splits `buffer` into lines and checks that it is valid UTF-8; throws encoding_error
  /// naming the line (from 0), the byte in the buffer and the byte in the line ("line 3 (byte
  /// 120 of the buffer): invalid UTF-8 at byte 7 (0xff) ...").
  explicit LineSource(std::string_view buffer);
  [[nodiscard]] std::size_t size() const override { return ends_.size(); }
  [[nodiscard]] std::size_t weight(std::size_t i) const override { return line(i).size(); }
  [[nodiscard]] std::string_view text(std::size_t i, std::string&) const override { return line(i); }
  /// Line i, without its line end (i < size()).
  [[nodiscard]] std::string_view line(std::size_t i) const noexcept {
    return buffer_.substr(starts_[i], ends_[i] - starts_[i]);
  }
  [[nodiscard]] std::string_view buffer() const noexcept { return buffer_; }
  /// Bytes held besides the buffer (the line offsets).
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return (starts_.capacity() + ends_.capacity()) * sizeof(std::size_t);
  }

 private:
  std::string_view buffer_;
  std::vector<std::size_t> starts_;  // line i is [starts_[i], ends_[i])
  std::vector<std::size_t> ends_;
};

/// Anything that turns a document into terms: treatytext's Analyzer, the scikit-learn
/// compatible analyzer, or pre-tokenized input. Implementations must be safe to call
/// concurrently from several threads on one const object.
class TermProducer {
 public:
  virtual ~TermProducer() = default;
  /// Replaces the content of `out` with the terms of `document` (UTF-8, already validated).
  virtual void analyze(std::string_view document, TermList& out) const = 0;
};

}  // namespace treatytext
