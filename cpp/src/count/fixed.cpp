// Counting against a fixed vocabulary (transform): unknown terms are ignored and ids are the
// vocabulary's, so rows are sorted as they are finished and written straight into the matrix.
#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "count/chunk.hpp"
#include "count/internal.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                std::span<const std::string_view> documents, int n_threads) {
  return count_with_vocabulary(producer, vocabulary, ViewSource(documents), n_threads);
}

CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                const DocumentSource& documents, int n_threads) {
  const auto bounds = detail::document_runs(documents, resolve_threads(n_threads));
  std::vector<detail::ChunkCounts> chunks(bounds.size() - 1);
  parallel_for(chunks.size(), static_cast<int>(std::max<std::size_t>(1, chunks.size())),
               [&](std::size_t begin, std::size_t end, int) {
                 TermList terms;
                 std::string buffer;
                 detail::RowTally tally;
                 std::vector<TermId> scratch;
                 for (std::size_t c = begin; c < end; ++c)
                   detail::count_fixed_chunk(
                       vocabulary, bounds[c], bounds[c + 1],
                       [&](std::size_t doc) -> const TermList& {
                         producer.analyze(documents.text(doc, buffer), terms);
                         return terms;
                       },
                       chunks[c], tally, scratch);
               });
  return detail::assemble_matrix(chunks, static_cast<std::int64_t>(vocabulary.size()));
}

}  // namespace treatytext
