// SklearnAnalyzer: scikit-learn's word / char / char_wb analyzers over the composed character
// table. The word path is one fused loop (lowercase, strip, classify, cut tokens, drop stop
// words) writing tokens back to back into one buffer; nothing is allocated per token.
#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sklearn/internal.hpp"
#include "treatytext/error.hpp"
#include "treatytext/vocabulary.hpp"

namespace treatytext {

using sk::kExpansion;
using sk::kOffsetMask;
using sk::kSigma;
using sk::kSpaceClass;
using sk::kWordClass;

void SklearnAnalyzerOptions::validate() const {
  if (ngram_min < 1)
    throw invalid_argument("SklearnAnalyzerOptions.ngram_min must be at least 1, got " +
                           std::to_string(ngram_min));
  if (ngram_max < ngram_min)
    throw invalid_argument("SklearnAnalyzerOptions: ngram_min (" + std::to_string(ngram_min) +
                           ") is larger than ngram_max (" + std::to_string(ngram_max) + ")");
  if (min_token_length < 1)
    throw invalid_argument("SklearnAnalyzerOptions.min_token_length must be at least 1, got " +
                           std::to_string(min_token_length));
}

struct SklearnAnalyzer::Impl {
  std::shared_ptr<const PythonText> text;
  SklearnAnalyzerOptions options;
  const PythonText::Tables* tables = nullptr;
  Vocabulary stop_words;
  bool has_stop_words = false;

  // CPython's rule: U+03A3 lowercases to a final sigma when a Cased character precedes it and
  // none follows it, skipping Case_Ignorable characters both ways (in the original text).
  [[nodiscard]] bool final_sigma(std::string_view doc, std::size_t at, std::size_t after) const {
    const auto* begin = reinterpret_cast<const unsigned char*>(doc.data());
    const auto* end = begin + doc.size();
    bool cased_before = false;
    std::size_t i = at;
    while (i > 0) {
      std::size_t j = i - 1;
      while (j > 0 && (begin[j] & 0xC0) == 0x80 && i - j < 4) --j;
      const unsigned char* p = begin + j;
      const char32_t cp = treatytext::detail::read_utf8(p, end);
      const auto f = text->flags(cp);
      i = j;
      if (f & PythonTextData::kCaseIgnorable) continue;
      cased_before = (f & PythonTextData::kCased) != 0;
      break;
    }
    if (!cased_before) return false;
    const unsigned char* p = begin + after;
    while (p < end) {
      const auto f = text->flags(treatytext::detail::read_utf8(p, end));
      if (f & PythonTextData::kCaseIgnorable) continue;
      return (f & PythonTextData::kCased) == 0;
    }
    return true;
  }

  // The expansion of a mapped code point: [count, bytes, items...].
  [[nodiscard]] const std::uint32_t* expansion(std::uint32_t entry, std::string_view doc, std::size_t at,
                                               std::size_t after) const {
    const std::uint32_t* x = &tables->pool[entry & kOffsetMask];
    if ((entry & kSigma) && final_sigma(doc, at, after)) x += 2 + x[0];
    return x;
  }

  [[nodiscard]] bool is_stop_word(std::string_view term) const noexcept {
    return stop_words.find(term) != kNoTerm;
  }

  void words(std::string_view doc, SklearnScratch& s) const;
  void word_ngrams(SklearnScratch& s) const;
  void preprocess(std::string_view doc, SklearnScratch& s, bool collapse_spaces) const;
  void char_ngrams(SklearnScratch& s) const;
  void char_wb_ngrams(SklearnScratch& s) const;
};

// Tokens = maximal runs of word characters of at least min_token_length code points, in the
// lowercased and stripped text (what re.findall(r"(?u)\b\w\w+\b", preprocess(doc)) returns).
// Tokens are written to s.text (separators may be written too) and recorded as spans.
void SklearnAnalyzer::Impl::words(std::string_view doc, SklearnScratch& s) const {
  const auto& t = *tables;
  const auto* p = reinterpret_cast<const unsigned char*>(doc.data());
  const auto* const begin = p;
  const auto* const end = p + doc.size();
  // Invariant: room left >= input left + 64, so ASCII and unmapped characters never check.
  if (s.text.size() < doc.size() + 64) s.text.resize(doc.size() + 64 + doc.size() / 4);
  char* base = s.text.data();
  char* limit = base + s.text.size();
  char* w = base;
  char* run = base;  // start of the current run of word characters
  int run_cps = 0;   // its length in code points (0: not in a run)
  const int min_length = options.min_token_length;
  const bool stops = has_stop_words;
  s.spans.clear();
  // Always inlined: as a call, it would force w, run and run_cps out of registers.
  auto emit = [&](const char* from, const char* to, int cps) __attribute__((always_inline)) {
    if (cps >= min_length &&
        !(stops && is_stop_word(std::string_view(from, static_cast<std::size_t>(to - from)))))
      s.spans.emplace_back(static_cast<std::size_t>(from - base), static_cast<std::size_t>(to - from));
  };
  auto close = [&]() __attribute__((always_inline)) {
    emit(run, w, run_cps);
    run = w;
    run_cps = 0;
  };
  // A local copy: stores through char* may alias anything, which would make the compiler
  // reload a table reached through a pointer after every byte written.
  std::array<char, 128> word_byte;
  std::memcpy(word_byte.data(), t.word_byte.data(), 128);
  while (p < end) {
#if defined(__SSE2__)
    // 16 ASCII bytes at a time when ASCII follows the standard rules (it does in CPython):
    // classify, lowercase and store the block, then walk the run boundaries in its bit mask.
    if (t.ascii_standard && end - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      if (_mm_movemask_epi8(v) == 0) {
        const auto in = [&](char lo, char hi) {
          return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                               _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
        };
        const __m128i upper = in('A', 'Z');
        const __m128i word = _mm_or_si128(_mm_or_si128(in('0', '9'), in('a', 'z')),
                                          _mm_or_si128(upper, _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
        const __m128i out =
            t.ascii_lowercase ? _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))) : v;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), out);
        const auto m = static_cast<std::uint32_t>(_mm_movemask_epi8(word));
        const std::uint32_t bits = (m << 1) | (run_cps != 0 ? 1u : 0u);  // bit 0: the byte before
        std::uint32_t starts = bits & ~(bits << 1) & 0x1FFFEu;
        std::uint32_t ends = bits & ~(bits >> 1) & 0xFFFFu;
        while (ends != 0) {
          const int j = __builtin_ctz(ends);  // the run ends before block byte j
          ends &= ends - 1;
          if (run_cps != 0) {
            emit(run, w + j, run_cps + j);
            run_cps = 0;
          } else {
            const int k = __builtin_ctz(starts) - 1;
            starts &= starts - 1;
            emit(w + k, w + j, j - k);
          }
        }
        if (starts != 0) {
          const int k = __builtin_ctz(starts) - 1;
          run = w + k;
          run_cps = 16 - k;
        } else if (run_cps != 0) {
          run_cps += 16;
        }
        w += 16;
        p += 16;
        if (run_cps == 0) run = w;
        continue;
      }
    }
#endif
    const unsigned char c = *p;
    if (c < 0x80) {
      const char m = word_byte[c];
      if (m != 0) {
        *w++ = m;
        ++run_cps;
      } else if (run_cps != 0) {
        close();
      }
      ++p;
      if (run_cps == 0) run = w;
      continue;
    }
    const unsigned char* at = p;
    const char32_t cp = treatytext::detail::read_utf8(p, end);
    const std::uint32_t e = t.entry(cp);
    if (!(e & kExpansion)) {
      if ((e & 3) == kWordClass) {
        while (at < p) *w++ = static_cast<char>(*at++);
        ++run_cps;
      } else if (run_cps != 0) {
        close();
      }
      if (run_cps == 0) run = w;
      continue;
    }
    const std::uint32_t* x =
        expansion(e, doc, static_cast<std::size_t>(at - begin), static_cast<std::size_t>(p - begin));
    const auto need = static_cast<std::size_t>(x[1]) + static_cast<std::size_t>(end - p) + 64;
    if (static_cast<std::size_t>(limit - w) < need) {
      const auto used = static_cast<std::size_t>(w - base);
      const auto run_at = static_cast<std::size_t>(run - base);
      s.text.resize(2 * (used + need));
      base = s.text.data();
      limit = base + s.text.size();
      w = base + used;
      run = base + run_at;
    }
    for (std::uint32_t i = 0; i < x[0]; ++i) {
      const std::uint32_t item = x[2 + i];
      if ((item & 3) == kWordClass) {
        w = treatytext::detail::write_utf8(w, item >> 2);
        ++run_cps;
      } else if (run_cps != 0) {
        close();
      }
    }
    if (run_cps == 0) run = w;
  }
  if (run_cps != 0) close();
  s.terms.clear();
  for (const auto& [offset, length] : s.spans) s.terms.emplace_back(base + offset, length);
  if (options.ngram_max > 1) word_ngrams(s);
}

// scikit-learn's _word_ngrams: unigrams when ngram_min == 1, then n-grams joined by ' ' for
// n = max(2, ngram_min) .. min(ngram_max, number of tokens).
void SklearnAnalyzer::Impl::word_ngrams(SklearnScratch& s) const {
  const std::size_t n_tokens = s.spans.size();
  const auto min_n = static_cast<std::size_t>(options.ngram_min);
  const auto max_n = std::min(static_cast<std::size_t>(options.ngram_max), n_tokens);
  std::size_t token_bytes = 0;
  for (const auto& span : s.spans) token_bytes += span.second;
  std::size_t need = 0;
  for (std::size_t n = std::max<std::size_t>(2, min_n); n <= max_n; ++n) need += n * (token_bytes + n_tokens);
  if (s.extra.size() < need + 16) s.extra.resize(need + 16);  // + padding, see SklearnScratch
  const char* tokens = s.text.data();
  char* w = s.extra.data();
  if (min_n > 1) s.terms.clear();
  for (std::size_t n = std::max<std::size_t>(2, min_n); n <= max_n; ++n) {
    for (std::size_t i = 0; i + n <= n_tokens; ++i) {
      char* const start = w;
      for (std::size_t k = i; k < i + n; ++k) {
        if (k > i) *w++ = ' ';
        std::memcpy(w, tokens + s.spans[k].first, s.spans[k].second);
        w += s.spans[k].second;
      }
      s.terms.emplace_back(start, static_cast<std::size_t>(w - start));
    }
  }
}

// The preprocessed text as code points: UTF-8 in s.text, the byte offset of each code point
// (plus the end) in s.positions, whitespace flags in s.spaces. With collapse_spaces, runs of
// two or more whitespace characters become one ' ' (scikit-learn's _white_spaces.sub(" ", ...)).
void SklearnAnalyzer::Impl::preprocess(std::string_view doc, SklearnScratch& s, bool collapse_spaces) const {
  const auto& t = *tables;
  const auto* p = reinterpret_cast<const unsigned char*>(doc.data());
  const auto* const begin = p;
  const auto* const end = p + doc.size();
  std::string& out = s.text;
  out.clear();
  s.positions.clear();
  s.spaces.clear();
  std::size_t space_run = 0;
  auto emit = [&](char32_t cp, std::uint32_t cls) {
    if (cls == kSpaceClass && collapse_spaces) {
      if (++space_run == 2) {
        out.resize(s.positions.back());
        s.positions.pop_back();
        s.spaces.pop_back();
        cp = ' ';
      } else if (space_run > 2) {
        return;
      }
    } else {
      space_run = 0;
    }
    s.positions.push_back(static_cast<std::uint32_t>(out.size()));
    s.spaces.push_back(cls == kSpaceClass ? 1 : 0);
    char bytes[4];
    out.append(bytes, static_cast<std::size_t>(treatytext::detail::write_utf8(bytes, cp) - bytes));
  };
  if (doc.size() > UINT32_MAX / 2) throw invalid_argument("char analyzers: document larger than 2 GB");
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      emit(static_cast<unsigned char>(t.ascii_byte[c]), t.ascii_class[c]);
      ++p;
      continue;
    }
    const unsigned char* at = p;
    const char32_t cp = treatytext::detail::read_utf8(p, end);
    const std::uint32_t e = t.entry(cp);
    if (!(e & kExpansion)) {
      emit(cp, e & 3);
      continue;
    }
    const std::uint32_t* x =
        expansion(e, doc, static_cast<std::size_t>(at - begin), static_cast<std::size_t>(p - begin));
    for (std::uint32_t i = 0; i < x[0]; ++i) emit(x[2 + i] >> 2, x[2 + i] & 3);
  }
  s.positions.push_back(static_cast<std::uint32_t>(out.size()));
  out.append(16, '\0');  // padding, see SklearnScratch
}

// scikit-learn's _char_ngrams: every window of n code points, n = ngram_min .. ngram_max.
void SklearnAnalyzer::Impl::char_ngrams(SklearnScratch& s) const {
  const std::size_t length = s.positions.size() - 1;
  const char* text = s.text.data();
  s.terms.clear();
  const auto max_n = std::min(static_cast<std::size_t>(options.ngram_max), length);
  for (auto n = static_cast<std::size_t>(options.ngram_min); n <= max_n; ++n)
    for (std::size_t i = 0; i + n <= length; ++i)
      s.terms.emplace_back(text + s.positions[i], s.positions[i + n] - s.positions[i]);
}

// scikit-learn's _char_wb_ngrams: each whitespace-separated word is padded with ' ' on both
// sides; a word no longer than n yields itself once and stops the longer n-grams.
void SklearnAnalyzer::Impl::char_wb_ngrams(SklearnScratch& s) const {
  const std::size_t length = s.positions.size() - 1;
  const auto min_n = static_cast<std::size_t>(options.ngram_min);
  const auto max_n = static_cast<std::size_t>(options.ngram_max);
  if (s.extra.size() < s.text.size() + 2 * length + 18) s.extra.resize(s.text.size() + 2 * length + 18);
  char* w = s.extra.data();
  const char* text = s.text.data();
  const auto& pos = s.positions;
  s.terms.clear();
  std::size_t i = 0;
  while (i < length) {
    if (s.spaces[i]) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < length && !s.spaces[j]) ++j;
    // Padded word " text[i..j) " written at w; cp k of it starts at offset(k).
    char* const word = w;
    *w++ = ' ';
    std::memcpy(w, text + pos[i], pos[j] - pos[i]);
    w += pos[j] - pos[i];
    *w++ = ' ';
    const std::size_t w_len = j - i + 2;
    auto offset = [&](std::size_t k) -> std::size_t {
      if (k == 0) return 0;
      if (k >= w_len) return pos[j] - pos[i] + 2;
      return 1 + pos[i + k - 1] - pos[i];
    };
    for (std::size_t n = min_n; n <= max_n; ++n) {
      if (n >= w_len) {
        s.terms.emplace_back(word, static_cast<std::size_t>(w - word));
        break;
      }
      for (std::size_t k = 0; k + n <= w_len; ++k)
        s.terms.emplace_back(word + offset(k), offset(k + n) - offset(k));
    }
    i = j;
  }
}

SklearnAnalyzer::SklearnAnalyzer(std::shared_ptr<const PythonText> text, SklearnAnalyzerOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (!text) throw invalid_argument("SklearnAnalyzer: no PythonText given");
  options.validate();
  auto& d = *impl_;
  d.tables = &text->tables(options.lowercase, options.strip_accents);
  d.text = std::move(text);
  for (const auto& word : options.stop_words) d.stop_words.add(word);
  d.has_stop_words = !options.stop_words.empty();
  d.options = std::move(options);
}

SklearnAnalyzer::~SklearnAnalyzer() = default;
SklearnAnalyzer::SklearnAnalyzer(SklearnAnalyzer&&) noexcept = default;
SklearnAnalyzer& SklearnAnalyzer::operator=(SklearnAnalyzer&&) noexcept = default;

const SklearnAnalyzerOptions& SklearnAnalyzer::options() const noexcept { return impl_->options; }

void SklearnAnalyzer::analyze(std::string_view document, SklearnScratch& scratch) const {
  const auto& d = *impl_;
  switch (d.options.analyzer) {
    case SklearnAnalyzerKind::word:
      d.words(document, scratch);
      break;
    case SklearnAnalyzerKind::chars:
      d.preprocess(document, scratch, true);
      d.char_ngrams(scratch);
      break;
    case SklearnAnalyzerKind::chars_wb:
      d.preprocess(document, scratch, false);
      d.char_wb_ngrams(scratch);
      break;
  }
}

void SklearnAnalyzer::analyze(std::string_view document, TermList& out) const {
  thread_local SklearnScratch scratch;
  analyze(document, scratch);
  out.clear();
  for (const auto term : scratch.terms) out.push_back(term);
  // Reused across calls, but not at the size of an exceptionally large document.
  if (scratch.text.capacity() + scratch.extra.capacity() > (std::size_t{1} << 24)) scratch = SklearnScratch{};
}

std::vector<std::string> SklearnAnalyzer::terms(std::string_view document) const {
  SklearnScratch scratch;
  analyze(document, scratch);
  return {scratch.terms.begin(), scratch.terms.end()};
}

}  // namespace treatytext
