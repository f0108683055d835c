#include "treatytext/analyzer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <string>

#include "analyze/hash.hpp"
#include "analyze/stem.hpp"
#include "analyze/unicode.hpp"
#include "treatytext/detail/utf8.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace treatytext {
namespace {

using detail::CharKind;

// Classes of ASCII bytes, as bits so that the word loop can test "letter or digit" at once.
enum : std::uint8_t {
  kSeparator = 0,
  kLetter = 1,
  kDigit = 2,
  kApostrophe = 4,
  kHyphen = 8,
  kNumberSeparator = 16,  // '.' and ',' between digits
  kHigh = 32,             // a byte >= 0x80: decode and ask Unicode
};
constexpr std::uint8_t kWordByte = kLetter | kDigit;

// The stem cache holds short words only (a pathological 100 kB "word" is stemmed directly) and
// is emptied when it grows past these bounds, so memory stays bounded on any input.
constexpr std::size_t kMaxCachedWord = 64;
constexpr std::size_t kMaxCacheEntries = std::size_t{1} << 17;
constexpr std::size_t kMaxCacheBytes = std::size_t{8} << 20;
// Pooled contexts keep their buffers; buffers grown by a huge text are released instead.
constexpr std::size_t kMaxPooledContexts = 64;
constexpr std::size_t kMaxKeptBuffer = std::size_t{4} << 20;

// Length of the run of ASCII letters and digits at p (n bytes available); sets has_letter when
// the run holds a letter and, for a non-empty run, last_digit to whether it ends with a digit
// (taken from the masks already computed, rather than by reading the last byte back: that
// load waited on the run's length and stalled the splitter). Sixteen bytes at a time: most
// words end inside the first block.
inline std::size_t ascii_word_run(const unsigned char* p, std::size_t n, bool& has_letter,
                                  bool& last_digit) noexcept {
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128i a = _mm_set1_epi8('a'), z_span = _mm_set1_epi8(25);
  const __m128i zero = _mm_set1_epi8('0'), nine_span = _mm_set1_epi8(9), case_bit = _mm_set1_epi8(0x20);
  for (; k + 16 <= n; k += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    // x in [lo, lo + span] as unsigned bytes <=> min(x - lo, span) == x - lo
    const __m128i from_a = _mm_sub_epi8(_mm_or_si128(v, case_bit), a);
    const __m128i from_0 = _mm_sub_epi8(v, zero);
    const auto letters =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(from_a, z_span), from_a)));
    const auto digits =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(from_0, nine_span), from_0)));
    const unsigned word = letters | digits;
    if (word != 0xFFFFu) {
      const auto length = static_cast<unsigned>(__builtin_ctz(~word));
      has_letter |= (letters & ((1u << length) - 1)) != 0;
      if (length > 0) last_digit = ((digits >> (length - 1)) & 1u) != 0;
      return k + length;
    }
    has_letter |= letters != 0;
    last_digit = (digits & 0x8000u) != 0;
  }
#endif
  for (; k < n; ++k) {
    const unsigned char c = p[k];
    const bool letter = static_cast<unsigned char>((c | 0x20) - 'a') < 26;
    if (!letter && static_cast<unsigned char>(c - '0') >= 10) break;
    has_letter |= letter;
    last_digit = !letter;
  }
  return k;
}

// The splitter's decoding: the text is valid UTF-8 by contract (the bindings validate), but a
// caller that breaks it must not make us read past the end. A stray continuation byte or a
// truncated sequence reads as U+FFFD (a separator).
using detail::read_utf8;

struct Span {
  std::size_t start, end;
};

// What the splitter learned about a word while finding its end.
struct WordInfo {
  bool has_letter = false;
  bool unicode = false;         // contains non-ASCII word characters or joiners: utf8proc path
  bool wide_connector = false;  // contains ’ ‐ ‑ (written as ASCII ' and -)
};

// Writes terms into a TermList's arena through a pointer: the arena is sized ahead (with
// slack for 16-byte stores) and trimmed to the last sealed term when the writer goes away,
// so building a term costs no call into std::string.
class TermWriter {
 public:
  TermWriter(TermList& out, std::size_t expected) : out_(out), arena_(out.arena()), cursor_(arena_.size()) {
    arena_.resize(cursor_ + expected + kSlack);
  }
  ~TermWriter() { arena_.resize(cursor_); }
  TermWriter(const TermWriter&) = delete;
  TermWriter& operator=(const TermWriter&) = delete;

  /// Pointer to at least n writable bytes at the cursor (the cursor does not move).
  char* room(std::size_t n) {
    if (cursor_ + n + kSlack > arena_.size())
      arena_.resize(std::max(arena_.size() * 2, cursor_ + n + kSlack));
    return arena_.data() + cursor_;
  }
  [[nodiscard]] const char* cursor_data() const noexcept { return arena_.data() + cursor_; }
  /// Seals the `bytes` bytes at the cursor as a term and moves past them.
  void seal(std::size_t bytes) {
    cursor_ += bytes;
    out_.seal_at(cursor_);
  }

 private:
  static constexpr std::size_t kSlack = 32;
  TermList& out_;
  std::string& arena_;
  std::size_t cursor_;
};

// Per-call working state. Never shared by two calls at once: see Impl::Lease.
struct Context {
  detail::Stemmer stemmer;
  detail::StringTable stems;  // folded word -> stem, or dropped (a stop word)
  detail::UnicodeScratch scratch;
  TermList words;
  std::vector<Span> spans;
};

}  // namespace

std::string normalization_name(Normalization normalization) {
  switch (normalization) {
    case Normalization::none:
      return "none";
    case Normalization::nfc:
      return "nfc";
    case Normalization::nfkc:
      return "nfkc";
  }
  throw invalid_argument("unknown normalization value " + std::to_string(static_cast<int>(normalization)));
}

Normalization normalization_from_name(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower == "none") return Normalization::none;
  if (lower == "nfc") return Normalization::nfc;
  if (lower == "nfkc") return Normalization::nfkc;
  throw invalid_argument("unknown normalization '" + std::string(name) + "'; use 'none', 'nfc' or 'nfkc'");
}

void AnalyzerOptions::validate() const {
  if (static_cast<int>(normalization) > static_cast<int>(Normalization::nfkc))
    throw invalid_argument("AnalyzerOptions.normalization: unknown value " +
                           std::to_string(static_cast<int>(normalization)) + "; use none, nfc or nfkc");
  if (!stop_words.empty()) try {
      built_in_stop_words(stop_words);
    } catch (const invalid_argument& e) {
      throw invalid_argument(std::string("AnalyzerOptions.stop_words: ") + e.what());
    }
  for (std::size_t i = 0; i < extra_stop_words.size(); ++i) {
    const std::size_t bad = find_invalid_utf8(extra_stop_words[i]);
    if (bad != std::string_view::npos)
      throw invalid_argument("AnalyzerOptions.extra_stop_words[" + std::to_string(i) +
                             "]: invalid UTF-8 at byte " + std::to_string(bad));
  }
  if (!stem_language.empty()) detail::Stemmer probe(stem_language);  // throws, listing the languages
  if (ngram_min < 1 || ngram_max < ngram_min || ngram_max > kMaxNgram)
    throw invalid_argument("AnalyzerOptions.ngram_min/ngram_max: invalid n-gram range (" +
                           std::to_string(ngram_min) + ", " + std::to_string(ngram_max) +
                           "); need 1 <= ngram_min <= ngram_max <= " + std::to_string(kMaxNgram));
}

struct Analyzer::Impl {
  AnalyzerOptions options;
  std::array<std::uint8_t, 256> ascii_class{};
  std::array<char, 256> ascii_fold{};
  int unicode_options = 0;
  detail::StringTable stop_words;
  bool has_stop_words = false;
  bool stemming = false;

  mutable std::mutex pool_mutex;
  mutable std::vector<std::unique_ptr<Context>> pool;

  // Borrows a context from the pool on first use and gives it back at scope exit, so the
  // common ASCII-only, unstemmed call never touches the mutex.
  class Lease {
   public:
    explicit Lease(const Impl& impl) : impl_(impl) {}
    ~Lease() {
      if (context_) impl_.release(std::move(context_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Context& get() {
      if (!context_) context_ = impl_.acquire();
      return *context_;
    }

   private:
    const Impl& impl_;
    std::unique_ptr<Context> context_;
  };

  explicit Impl(AnalyzerOptions opts) : options(std::move(opts)) {
    options.validate();
    for (int c = 0; c < 256; ++c) {
      std::uint8_t cls = kSeparator;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) cls = kLetter;
      if (c >= '0' && c <= '9') cls = kDigit;
      if (c == '\'' && options.keep_apostrophes) cls = kApostrophe;
      if (c == '-' && options.keep_hyphens) cls = kHyphen;
      if (c == '.' || c == ',') cls = kNumberSeparator;
      if (c >= 0x80) cls = kHigh;
      ascii_class[static_cast<std::size_t>(c)] = cls;
      const bool upper = c >= 'A' && c <= 'Z';
      ascii_fold[static_cast<std::size_t>(c)] = static_cast<char>(upper && options.case_fold ? c + 32 : c);
    }
    unicode_options = detail::utf8proc_options_for(static_cast<int>(options.normalization), options.case_fold,
                                                   options.strip_accents);
    stemming = !options.stem_language.empty();
    build_stop_words();
  }

  // Stop words go through the same normalization as the text's words, so "Über" or "party’s"
  // in a user list matches what the analyzer produces.
  void build_stop_words() {
    std::vector<std::string_view> words;
    if (!options.stop_words.empty())
      for (const std::string& w : built_in_stop_words(options.stop_words)) words.emplace_back(w);
    for (const std::string& w : options.extra_stop_words) words.emplace_back(w);
    detail::UnicodeScratch scratch;
    std::string normalized;
    for (std::string_view word : words) {
      normalized.clear();
      detail::normalize_word(word, unicode_options, scratch, normalized);
      if (normalized.empty()) continue;
      const auto hash = detail::StringTable::key(normalized);
      if (stop_words.find(normalized, hash) == detail::StringTable::Found::absent)
        stop_words.insert(normalized, hash, {});
    }
    has_stop_words = stop_words.size() > 0;
  }

  std::unique_ptr<Context> acquire() const {
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        std::unique_ptr<Context> context = std::move(pool.back());
        pool.pop_back();
        return context;
      }
    }
    auto context = std::make_unique<Context>();
    if (stemming) context->stemmer = detail::Stemmer(options.stem_language);
    return context;
  }

  void release(std::unique_ptr<Context> context) const {
    if (context->words.arena().capacity() > kMaxKeptBuffer ||
        context->spans.capacity() > kMaxKeptBuffer / 16) {
      context->words = TermList{};
      context->spans = {};
    }
    if (context->scratch.utf8.capacity() > kMaxKeptBuffer) context->scratch = {};
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (pool.size() < kMaxPooledContexts) pool.push_back(std::move(context));
  }

  [[nodiscard]] CharKind kind_of(char32_t cp) const noexcept {
    return detail::char_kind(cp, options.keep_apostrophes, options.keep_hyphens);
  }

  // Whether a written term holds a letter, or (with keep_numbers) at least a digit or number.
  [[nodiscard]] bool still_a_word(std::string_view term) const noexcept {
    bool word = false;
    for (std::size_t pos = 0; pos < term.size();) {
      const auto c = static_cast<unsigned char>(term[pos]);
      CharKind kind = CharKind::separator;
      if (c < 0x80) {
        kind = ascii_class[c] == kLetter  ? CharKind::letter
               : ascii_class[c] == kDigit ? CharKind::digit
                                          : CharKind::separator;
        ++pos;
      } else {
        kind = kind_of(read_utf8(term, pos));
      }
      if (kind == CharKind::letter) return true;
      word |= detail::starts_word(kind);
    }
    return word && options.keep_numbers;
  }

  // Whether a word character (or, after joiners, a mark) starts at text[pos].
  [[nodiscard]] bool word_char_at(std::string_view text, std::size_t pos,
                                  bool allow_mark = false) const noexcept {
    if (pos >= text.size()) return false;
    const auto c = static_cast<unsigned char>(text[pos]);
    if (ascii_class[c] & kWordByte) return true;
    if (c < 0x80) return false;
    const CharKind kind = kind_of(read_utf8(text, pos));
    return detail::starts_word(kind) || (allow_mark && kind == CharKind::mark);
  }

  [[nodiscard]] bool digit_at(std::string_view text, std::size_t pos) const noexcept {
    if (pos >= text.size()) return false;
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) return ascii_class[c] == kDigit;
    return kind_of(read_utf8(text, pos)) == CharKind::digit;
  }

  // Returns the end of the word starting at `start` (a word character) and what it contains.
  std::size_t scan_word(std::string_view text, std::size_t start, WordInfo& info) const noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t j = start;
    bool last_digit = false;
    for (;;) {
      bool run_last_digit = false;
      const std::size_t run_end = j + ascii_word_run(s + j, n - j, info.has_letter, run_last_digit);
      if (run_end > j) {
        j = run_end;
        last_digit = run_last_digit;
      }
      if (j >= n) return j;
      const std::uint8_t cls = ascii_class[s[j]];
      if (cls == kApostrophe || cls == kHyphen) {
        if (!word_char_at(text, j + 1)) return j;
        ++j;
        last_digit = false;
        continue;
      }
      if (cls == kNumberSeparator) {
        if (!last_digit || !digit_at(text, j + 1)) return j;
        ++j;
        continue;
      }
      if (cls != kHigh) return j;
      std::size_t next = j;
      const CharKind kind = kind_of(read_utf8(text, next));
      switch (kind) {
        case CharKind::letter:
          info.has_letter = true;
          [[fallthrough]];
        case CharKind::number:
        case CharKind::mark:
          info.unicode = true;
          last_digit = false;
          j = next;
          continue;
        case CharKind::digit:
          info.unicode = true;
          last_digit = true;
          j = next;
          continue;
        case CharKind::apostrophe:
        case CharKind::hyphen:
          if (!word_char_at(text, next)) return j;
          info.wide_connector = true;
          last_digit = false;
          j = next;
          continue;
        case CharKind::joiner: {
          std::size_t after = next;
          while (after < n && s[after] >= 0x80) {
            std::size_t probe = after;
            if (kind_of(read_utf8(text, probe)) != CharKind::joiner) break;
            after = probe;
          }
          if (!word_char_at(text, after, /*allow_mark=*/true)) return j;
          info.unicode = true;
          j = after;
          continue;
        }
        case CharKind::separator:
          return j;
      }
      return j;
    }
  }

  // Writes the normalized word at the writer's cursor; returns its length in code points
  // (its length in bytes is left in `bytes`).
  std::size_t write_word(std::string_view text, std::size_t start, std::size_t end, const WordInfo& info,
                         Lease& lease, TermWriter& writer, std::size_t& bytes) const {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    if (info.unicode) {
      detail::UnicodeScratch& scratch = lease.get().scratch;
      scratch.out.clear();
      const std::size_t code_points =
          detail::normalize_word(text.substr(start, end - start), unicode_options, scratch, scratch.out);
      bytes = scratch.out.size();
      std::memcpy(writer.room(bytes), scratch.out.data(), bytes);
      return code_points;
    }
    const std::size_t length = end - start;
    char* w = writer.room(length + 16);
    if (!info.wide_connector) {
      bytes = length;
#if defined(__SSE2__)
      // Sixteen bytes at a time while the source has them; the writer has 16 bytes of slack.
      std::size_t k = 0;
      const __m128i upper_a = _mm_set1_epi8('A'), z_span = _mm_set1_epi8(25);
      const __m128i case_bit = _mm_set1_epi8(options.case_fold ? 0x20 : 0);
      for (; k < length && start + k + 16 <= text.size(); k += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + start + k));
        const __m128i from_a = _mm_sub_epi8(v, upper_a);
        const __m128i upper = _mm_cmpeq_epi8(_mm_min_epu8(from_a, z_span), from_a);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w + k), _mm_or_si128(v, _mm_and_si128(upper, case_bit)));
      }
      for (; k < length; ++k) w[k] = ascii_fold[s[start + k]];
#else
      for (std::size_t k = 0; k < length; ++k) w[k] = ascii_fold[s[start + k]];
#endif
      return length;
    }
    std::size_t out = 0;
    for (std::size_t p = start; p < end;) {
      if (s[p] < 0x80) {
        w[out++] = ascii_fold[s[p++]];
      } else {  // E2 80 99 (’) or E2 80 90/91 (‐ ‑): the only non-ASCII bytes of such a word
        w[out++] = s[p + 2] == 0x99 ? '\'' : '-';
        p += 3;
      }
    }
    bytes = out;
    return out;
  }

  // Drops stop words, then stems through the context's cache. The term is the `bytes` bytes
  // at the writer's cursor; returns its new length, or npos when it is dropped.
  std::size_t filter_and_stem(TermWriter& writer, std::size_t bytes, Lease& lease) const {
    const std::string_view term(writer.cursor_data(), bytes);
    if (!stemming) {
      const bool keep = !has_stop_words || stop_words.find(term, detail::StringTable::key(term)) ==
                                               detail::StringTable::Found::absent;
      return keep ? bytes : std::string_view::npos;
    }
    const auto hash = detail::StringTable::key(term);
    Context& context = lease.get();
    std::string_view stem;
    bool cached = false;
    if (term.size() <= kMaxCachedWord) {
      switch (context.stems.find(term, hash, &stem)) {
        case detail::StringTable::Found::dropped:
          return std::string_view::npos;
        case detail::StringTable::Found::value:
          cached = true;
          break;
        case detail::StringTable::Found::absent:
          if (context.stems.size() >= kMaxCacheEntries || context.stems.arena_bytes() >= kMaxCacheBytes)
            context.stems.clear();
          break;
      }
    }
    if (!cached) {
      const bool stop = has_stop_words && stop_words.find(term, hash) != detail::StringTable::Found::absent;
      if (!stop) stem = context.stemmer.stem(term);
      if (term.size() <= kMaxCachedWord) context.stems.insert(term, hash, stem, stop);
      if (stop) return std::string_view::npos;
    }
    std::memcpy(writer.room(stem.size()), stem.data(), stem.size());
    return stem.size();
  }

  // Splits text into words, normalizes and filters them, and appends the kept ones to `out`
  // (and their source spans to `spans` when given).
  void split(std::string_view text, Lease& lease, TermList& out, std::vector<Span>* spans) const {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    TermWriter writer(out, n);
    std::size_t i = 0;
    while (i < n) {
      while (i < n && (ascii_class[s[i]] & (kWordByte | kHigh)) == 0) ++i;
      if (i >= n) break;
      if (ascii_class[s[i]] == kHigh) {
        std::size_t next = i;
        if (!detail::starts_word(kind_of(read_utf8(text, next)))) {
          i = next;
          continue;
        }
      }
      WordInfo info;
      const std::size_t start = i;
      const std::size_t end = scan_word(text, start, info);
      i = end;
      if (!options.keep_numbers && !info.has_letter) continue;
      std::size_t bytes = 0;
      const std::size_t length = write_word(text, start, end, info, lease, writer, bytes);
      if (length == 0 || length < options.min_length) continue;
      bytes = filter_and_stem(writer, bytes, lease);
      if (bytes == std::string_view::npos) continue;
      // Normalization and stemming can take away what made the word a word: NFKC drops a
      // filler (U+115F) and leaves a lone combining mark, or leaves only digits; Porter stems
      // "s" to "". What remains must still be a word (with a letter unless keep_numbers).
      if ((info.unicode || stemming) && !still_a_word({writer.cursor_data(), bytes})) continue;
      writer.seal(bytes);
      if (spans) spans->push_back({start, end});
    }
  }

  // Joins words into n-grams, scikit-learn's order: all unigrams (when ngram_min == 1), then
  // all bigrams, and so on, each group in text order.
  void join_ngrams(const TermList& words, const std::vector<Span>* word_spans, TermList& out,
                   std::vector<Span>* spans) const {
    const std::size_t count = words.size();
    if (options.ngram_min == 1) {
      for (std::size_t i = 0; i < count; ++i) out.push_back(words[i]);
      if (spans) spans->insert(spans->end(), word_spans->begin(), word_spans->end());
    }
    for (std::size_t n = static_cast<std::size_t>(std::max(2, options.ngram_min));
         n <= static_cast<std::size_t>(options.ngram_max) && n <= count; ++n) {
      for (std::size_t i = 0; i + n <= count; ++i) {
        std::string& arena = out.arena();
        arena.append(words[i]);
        for (std::size_t k = 1; k < n; ++k) {
          arena += ' ';
          arena.append(words[i + k]);
        }
        out.seal();
        if (spans) spans->push_back({(*word_spans)[i].start, (*word_spans)[i + n - 1].end});
      }
    }
  }
};

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(const Analyzer& other)
    : impl_(other.impl_ ? std::make_unique<Impl>(other.impl_->options) : nullptr) {}
Analyzer& Analyzer::operator=(const Analyzer& other) {
  if (this != &other) impl_ = other.impl_ ? std::make_unique<Impl>(other.impl_->options) : nullptr;
  return *this;
}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const Analyzer::Impl& Analyzer::impl() const {
  if (!impl_) throw invalid_argument("this Analyzer was moved from; assign a new one before use");
  return *impl_;
}

const AnalyzerOptions& Analyzer::options() const { return impl().options; }

void Analyzer::analyze(std::string_view text, TermList& out) const {
  const Impl& im = impl();
  out.clear();
  Impl::Lease lease(im);
  if (im.options.ngram_max == 1) {
    im.split(text, lease, out, nullptr);
    return;
  }
  Context& context = lease.get();
  context.words.clear();
  im.split(text, lease, context.words, nullptr);
  im.join_ngrams(context.words, nullptr, out, nullptr);
}

std::vector<Token> Analyzer::tokenize(std::string_view text) const {
  const Impl& im = impl();
  Impl::Lease lease(im);
  Context& context = lease.get();
  context.words.clear();
  context.spans.clear();
  im.split(text, lease, context.words, &context.spans);
  TermList grams;
  std::vector<Span> gram_spans;
  const TermList* terms = &context.words;
  const std::vector<Span>* spans = &context.spans;
  if (im.options.ngram_max > 1) {
    im.join_ngrams(context.words, &context.spans, grams, &gram_spans);
    terms = &grams;
    spans = &gram_spans;
  }
  std::vector<Token> tokens;
  tokens.reserve(terms->size());
  for (std::size_t i = 0; i < terms->size(); ++i)
    tokens.push_back(Token{std::string((*terms)[i]), (*spans)[i].start, (*spans)[i].end});
  return tokens;
}

void Analyzer::analyze_many(std::span<const std::string_view> texts, std::vector<TermList>& out,
                            int n_threads) const {
  impl();  // fail early on a moved-from analyzer
  out.resize(texts.size());
  parallel_for(texts.size(), n_threads, [&](std::size_t begin, std::size_t end, int /*worker*/) {
    for (std::size_t i = begin; i < end; ++i) analyze(texts[i], out[i]);
  });
}

}  // namespace treatytext
