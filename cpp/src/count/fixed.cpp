// Counting against a fixed vocabulary (transform): unknown terms are ignored and ids are the
// vocabulary's, so rows are sorted as they are finished and written straight into the matrix.
#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "count/internal.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace detail {

namespace {

// Counts of the current document, by id: a dense tally plus the list of ids it touched, so that
// a document costs O(its terms) and nothing is allocated per token.
class RowTally {
 public:
  void ensure(std::size_t ids) {
    if (tally_.size() < ids) tally_.resize(std::max(ids, 2 * tally_.size()), 0);
  }
  void hit(TermId id) {
    if (tally_[static_cast<std::size_t>(id)]++ == 0) touched_.push_back(id);
  }
  std::vector<TermId>& touched() noexcept { return touched_; }
  // Emits (id, count) in touched order and resets the tally for the next document.
  template <typename Emit>
  void flush(Emit&& emit) {
    for (const TermId id : touched_) {
      auto& slot = tally_[static_cast<std::size_t>(id)];
      emit(id, slot);
      slot = 0;
    }
    touched_.clear();
  }

 private:
  std::vector<std::uint64_t> tally_;
  std::vector<TermId> touched_;
};

void emit_row_entry(ChunkCounts& chunk, TermId id, std::uint64_t n, std::size_t document) {
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw invalid_argument("document " + std::to_string(document) + ": a term occurs " + std::to_string(n) +
                           " times, more than a count can hold (2^32 - 1)");
  chunk.ids.push_back(id);
  chunk.counts.push_back(static_cast<std::uint32_t>(n));
}

// Calls on_term(term, lookup) for each term of `terms` (a random-access sequence of strings),
// in order. Lookups are computed a block ahead and the block's hash-table slots prefetched, so
// that the slot loads -- the cache misses that dominate counting -- overlap instead of queueing.
template <typename Terms, typename OnTerm>
void for_each_lookup(const Vocabulary& vocabulary, const Terms& terms, OnTerm&& on_term) {
  constexpr std::size_t kAhead = 16;
  std::array<Vocabulary::Lookup, kAhead> lookups{};
  const std::size_t n = terms.size();
  for (std::size_t base = 0; base < n; base += kAhead) {
    const std::size_t m = std::min(kAhead, n - base);
    for (std::size_t i = 0; i < m; ++i) {
      lookups[i] = Vocabulary::lookup(std::string_view(terms[base + i]));
      vocabulary.prefetch(lookups[i].tag);
    }
    for (std::size_t i = 0; i < m; ++i) on_term(std::string_view(terms[base + i]), lookups[i]);
  }
}

}  // namespace

}  // namespace detail

CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                std::span<const std::string_view> documents, int n_threads) {
  return count_with_vocabulary(producer, vocabulary, ViewSource(documents), n_threads);
}

CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                const DocumentSource& documents, int n_threads) {
  const int threads = resolve_threads(n_threads);
  std::vector<std::size_t> weights(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) weights[i] = documents.weight(i) + 16;
  const auto bounds = detail::balanced_boundaries(weights, threads);
  std::vector<detail::ChunkCounts> chunks(bounds.size() - 1);
  parallel_for(
      chunks.size(), static_cast<int>(std::max<std::size_t>(1, chunks.size())),
      [&](std::size_t begin, std::size_t end, int) {
        TermList terms;
        std::string buffer;
        detail::RowTally tally;
        std::vector<TermId> scratch;
        tally.ensure(vocabulary.size());
        for (std::size_t c = begin; c < end; ++c) {
          auto& chunk = chunks[c];
          for (std::size_t doc = bounds[c]; doc < bounds[c + 1]; ++doc) {
            check_interrupt();
            producer.analyze(documents.text(doc, buffer), terms);
            detail::for_each_lookup(vocabulary, terms,
                                    [&](std::string_view term, const Vocabulary::Lookup& lookup) {
                                      const TermId id = vocabulary.find(term, lookup);
                                      if (id != kNoTerm) tally.hit(id);
                                    });
            // Global ids: sort here so that write_rows finds rows already in order.
            auto& touched = tally.touched();
            if (!touched.empty())
              detail::sort_by_key(
                  touched, scratch, [](TermId id) { return static_cast<std::uint32_t>(id); },
                  static_cast<std::uint32_t>(*std::max_element(touched.begin(), touched.end())));
            tally.flush([&](TermId id, std::uint64_t n) { detail::emit_row_entry(chunk, id, n, doc); });
            chunk.row_ends.push_back(chunk.nnz());
          }
        }
      });
  return detail::assemble_matrix(chunks, static_cast<std::int64_t>(vocabulary.size()));
}

}  // namespace treatytext
