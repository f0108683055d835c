// The one chunk counter of the engine, shared by both faces (treatytext's Vectorizer and the
// scikit-learn face) and by every way of reading terms: a run of documents counted into a
// ChunkCounts, either into the run's own vocabulary (fit) or against a fixed one (transform).
// Templates over the source of each document's terms (a TermList, the scikit-learn analyzer's
// views, pre-tokenized strings), so that no face copies its terms to count them.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "count/internal.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/vocabulary.hpp"
#include "util/radix_sort.hpp"

namespace treatytext::detail {

constexpr std::size_t kBlock = 16;  // tokens whose lookups are in flight together

inline void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

// A document's terms each followed by at least 16 readable bytes (the views of SklearnScratch),
// which count_chunk hashes with TermTable::lookup_padded.
struct PaddedTerms {
  const std::vector<std::string_view>& terms;
  [[nodiscard]] std::size_t size() const noexcept { return terms.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept { return terms[i]; }
};

// The lookup of term i, computed as its source allows.
template <typename Terms>
Vocabulary::Lookup term_lookup(const Terms& terms, std::size_t i) noexcept {
  if constexpr (std::is_same_v<Terms, PaddedTerms>) {
    return Vocabulary::lookup_padded(terms[i]);
  } else {
    return Vocabulary::lookup(std::string_view(terms[i]));
  }
}

// Term i added to `vocabulary` (if absent) with its lookup; returns its id.
template <typename Terms>
TermId add_term(Vocabulary& vocabulary, const Terms& terms, std::size_t i) {
  if constexpr (std::is_same_v<Terms, PaddedTerms>) {
    return vocabulary.add_padded(terms[i], Vocabulary::lookup_padded(terms[i]));
  } else {
    return vocabulary.add(std::string_view(terms[i]));
  }
}

// The id of term i in `vocabulary` (kNoTerm if absent), with lookup == term_lookup(terms, i).
template <typename Terms>
TermId find_term(const Vocabulary& vocabulary, const Terms& terms, std::size_t i,
                 const Vocabulary::Lookup& lookup) noexcept {
  if constexpr (std::is_same_v<Terms, PaddedTerms>) {
    return vocabulary.find_padded(terms[i], lookup);
  } else {
    return vocabulary.find(std::string_view(terms[i]), lookup);
  }
}

// The first pass over a block of tokens of count_fixed_chunk: the lookups of terms
// [base, base + m), with their hash-table slots prefetched.
template <typename Terms>
void lookup_block(const Vocabulary& vocabulary, const Terms& terms, std::size_t base, std::size_t m,
                  std::array<Vocabulary::Lookup, kBlock>& lookups) {
  for (std::size_t i = 0; i < m; ++i) {
    lookups[i] = term_lookup(terms, base + i);
    vocabulary.prefetch(lookups[i].tag);
  }
}

// A count is 32-bit and no count in a document exceeds its number of terms: a document of at
// most 2^32 - 1 terms needs no check per token.
inline void check_row_length(std::size_t terms, std::size_t document) {
  if (terms > std::numeric_limits<std::uint32_t>::max()) [[unlikely]]
    throw invalid_argument("document " + std::to_string(document) + ": " + std::to_string(terms) +
                           " terms, more than a count can hold (2^32 - 1)");
}

// Counts documents [begin, end) into a chunk with its own vocabulary. terms_of(doc) returns the
// document's terms as a random-access sequence (a TermList, a vector of strings).
// With keep_rows false only the vocabulary, df and tf are kept (the streaming fit's first pass).
// With sort_rows true each row is written in ascending local id: done when local ids are the
// final columns (the first run, no pruning), so that the matrix needs no sorting pass.
// With `terms` another chunk (an earlier run of the same thread, see ChunkCounts::shared), the
// terms are added to its vocabulary, df and tf, and the chunk records the ids it added.
template <typename TermsOf>
void count_chunk(std::size_t begin, std::size_t end, TermsOf&& terms_of, ChunkCounts& chunk,
                 bool keep_rows = true, bool sort_rows = false, ChunkCounts* terms = nullptr) {
  ChunkCounts& owner = terms != nullptr ? *terms : chunk;
  std::vector<std::uint32_t> tally;  // per local id: its count in the current document (else 0)
  std::vector<std::int64_t>& df = owner.document_frequency;
  std::vector<std::int64_t>& tf = owner.term_frequency;
  std::vector<std::uint32_t> touched;  // the row's distinct ids, in order of first occurrence
  std::vector<std::uint32_t> keys;     // with sort_rows: the row's ids, for KeyOrder to order
  KeyOrder order;
  sort_rows = sort_rows && keep_rows;
  if (keep_rows) chunk.row_ends.reserve(end - begin);
  Vocabulary& vocabulary = owner.vocabulary;
  chunk.shared_begin = static_cast<TermId>(vocabulary.size());
  for (std::size_t doc = begin; doc < end; ++doc) {
    check_interrupt();  // one document is the unit of work a Ctrl-C waits for
    const auto& terms = terms_of(doc);
    const std::size_t n = terms.size();
    check_row_length(n, doc);
    // Room for every term to be new; never shrunk, so that no document zero-fills it again.
    if (touched.size() < n) touched.resize(std::max(n, 2 * touched.size()));
    std::size_t distinct = 0;
    // One token at a time, with no branch on whether a term repeats in the document (that is
    // unpredictable, and a mispredicted branch per token costs more than the stores). A run's
    // own vocabulary is small and stays in cache: the prefetching passes of count_fixed_chunk,
    // which pay against a large fixed vocabulary, made this loop slower (measured: the sklearn
    // face's fit 5-8 % faster without them).
    for (std::size_t i = 0; i < n; ++i) {
      const auto id = static_cast<std::size_t>(add_term(vocabulary, terms, i));
      if (id >= tally.size()) [[unlikely]] {
        // A shared vocabulary's ids start where the thread's earlier runs left it.
        const std::size_t size = std::max({std::size_t{1024}, 2 * tally.size(), id + 1});
        tally.resize(size, 0);
        if (df.size() < size) {
          df.resize(size, 0);
          tf.resize(size, 0);
        }
        if (sort_rows) order.reserve(size);
      }
      touched[distinct] = static_cast<std::uint32_t>(id);
      distinct += tally[id]++ == 0 ? 1 : 0;
      if (sort_rows) order.mark(static_cast<std::uint32_t>(id));
    }
    const std::span<const std::uint32_t> row(touched.data(), distinct);
    // The statistics once per distinct term, not per token: df and tf sit in their own arrays.
    const auto account = [&](std::uint32_t id) {
      const std::uint32_t count = tally[id];
      df[id] += 1;
      tf[id] += count;
      tally[id] = 0;
      return count;
    };
    if (!keep_rows) {
      for (const std::uint32_t id : row) account(id);
      continue;
    }
    const std::size_t base = chunk.ids.size();
    chunk.ids.resize(base + distinct);
    const auto write_row = [&](auto* out_values) {
      TermId* out_ids = chunk.ids.data() + base;
      const auto emit = [&](std::uint32_t id) {
        *out_ids++ = static_cast<TermId>(id);
        *out_values++ = account(id);
      };
      if (sort_rows) {
        keys.assign(row.begin(), row.end());
        order.drain(keys, emit);
      } else {
        for (const std::uint32_t id : row) emit(id);
      }
    };
    if (chunk.wide) {
      chunk.values.resize(base + distinct);
      write_row(chunk.values.data() + base);
    } else {
      chunk.counts.resize(base + distinct);
      write_row(chunk.counts.data() + base);
    }
    chunk.row_ends.push_back(chunk.nnz());
  }
  df.resize(vocabulary.size());
  tf.resize(vocabulary.size());
  chunk.shared_end = static_cast<TermId>(vocabulary.size());
  chunk.rows_sorted = sort_rows;
}

// Counts of the current document, by id: a dense tally plus the list of ids it touched, so that
// a document costs O(its terms) and nothing is allocated per token. Counts are 32-bit, which
// halves the tally's cache footprint (one slot per vocabulary term, touched at random); the
// caller guarantees no document has more than 2^32 - 1 terms, so no count can wrap.
class RowTally {
 public:
  void ensure(std::size_t ids) {
    if (tally_.size() < ids) tally_.resize(std::max(ids, 2 * tally_.size()), 0);
  }
  /// Starts a document of at most `terms` terms (checked with check_row_length).
  void start(std::size_t terms) {
    touched_.resize(terms);
    distinct_ = 0;
  }
  void prefetch(TermId id) const noexcept { detail::prefetch(&tally_[static_cast<std::size_t>(id)]); }
  /// Without a branch, as in count_chunk: whether a term repeats is unpredictable.
  void hit(TermId id) noexcept {
    touched_[distinct_] = id;
    distinct_ += tally_[static_cast<std::size_t>(id)]++ == 0 ? 1 : 0;
  }
  /// The document's distinct ids, in order of first occurrence (call once, after its hits).
  std::vector<TermId>& touched() {
    touched_.resize(distinct_);
    return touched_;
  }
  // Emits (id, count) in touched order and resets the tally for the next document.
  template <typename Emit>
  void flush(Emit&& emit) {
    for (const TermId id : touched_) {
      auto& slot = tally_[static_cast<std::size_t>(id)];
      emit(id, slot);
      slot = 0;
    }
    touched_.clear();
    distinct_ = 0;
  }

 private:
  std::vector<std::uint32_t> tally_;
  std::vector<TermId> touched_;
  std::size_t distinct_ = 0;
};

/// Counts documents [begin, end) against a fixed vocabulary into `chunk` (global ids, rows in
/// ascending id, unknown terms ignored). terms_of(doc) returns the document's terms as a
/// random-access sequence; `tally` and `scratch` are the calling thread's, reused across runs.
template <typename TermsOf>
void count_fixed_chunk(const Vocabulary& vocabulary, std::size_t begin, std::size_t end, TermsOf&& terms_of,
                       ChunkCounts& chunk, RowTally& tally, std::vector<TermId>& scratch) {
  tally.ensure(vocabulary.size());
  std::array<Vocabulary::Lookup, kBlock> lookups{};
  std::array<TermId, kBlock> ids{};
  for (std::size_t doc = begin; doc < end; ++doc) {
    check_interrupt();
    const auto& terms = terms_of(doc);
    const std::size_t n = terms.size();
    check_row_length(n, doc);
    tally.start(n);
    // Blocks of tokens in three passes, so that the cache misses of a block
    // overlap: hash and prefetch the hash-table slots; find the ids and prefetch their tally
    // slots; then count.
    for (std::size_t base = 0; base < n; base += kBlock) {
      const std::size_t m = std::min(kBlock, n - base);
      lookup_block(vocabulary, terms, base, m, lookups);
      for (std::size_t i = 0; i < m; ++i) {
        ids[i] = find_term(vocabulary, terms, base + i, lookups[i]);
        if (ids[i] != kNoTerm) tally.prefetch(ids[i]);
      }
      for (std::size_t i = 0; i < m; ++i)
        if (ids[i] != kNoTerm) tally.hit(ids[i]);
    }
    // Global ids: sort here so that the matrix writers find rows already in order.
    auto& touched = tally.touched();
    if (!touched.empty())
      util::radix_sort_by_key(
          touched, scratch, [](TermId id) { return static_cast<std::uint32_t>(id); },
          static_cast<std::uint32_t>(*std::max_element(touched.begin(), touched.end())));
    const std::size_t at = chunk.ids.size();
    chunk.ids.resize(at + touched.size());
    chunk.counts.resize(at + touched.size());
    TermId* out_ids = chunk.ids.data() + at;
    std::uint32_t* out_counts = chunk.counts.data() + at;
    tally.flush([&](TermId id, std::uint32_t count) {
      *out_ids++ = id;
      *out_counts++ = count;
    });
    chunk.row_ends.push_back(chunk.nnz());
  }
  chunk.rows_sorted = true;
}

}  // namespace treatytext::detail
