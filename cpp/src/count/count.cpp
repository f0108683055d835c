#include "treatytext/count.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

#include "count/chunk.hpp"
#include "count/internal.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace detail {

std::vector<std::size_t> document_runs(const DocumentSource& documents, int parts) {
  std::vector<std::size_t> weights(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) weights[i] = documents.weight(i) + 16;
  return balanced_boundaries(weights, parts);
}

std::vector<ChunkCounts> count_runs(const TermProducer& producer, const DocumentSource& documents,
                                    int n_threads, bool keep_rows, bool sort_first_run) {
  const auto bounds = document_runs(documents, resolve_threads(n_threads));
  std::vector<ChunkCounts> chunks(bounds.size() - 1);
  parallel_for(chunks.size(), static_cast<int>(std::max<std::size_t>(1, chunks.size())),
               [&](std::size_t begin, std::size_t end, int) {
                 TermList terms;
                 std::string buffer;  // this thread's converted text, reused document after document
                 for (std::size_t c = begin; c < end; ++c) {
                   if (keep_rows) {
                     // Text runs about 14 bytes per stored entry; reserving bytes / 8 makes one
                     // allocation whose untouched tail never becomes resident memory, instead of
                     // repeated doubling (which copies and briefly holds both buffers).
                     std::size_t bytes = 0;
                     for (std::size_t d = bounds[c]; d < bounds[c + 1]; ++d) bytes += documents.weight(d);
                     chunks[c].ids.reserve(bytes / 8);
                     chunks[c].wide = chunks.size() == 1;
                     if (chunks[c].wide) {
                       chunks[c].values.reserve(bytes / 8);
                     } else {
                       chunks[c].counts.reserve(bytes / 8);
                     }
                   }
                   count_chunk(
                       bounds[c], bounds[c + 1],
                       [&](std::size_t doc) -> const TermList& {
                         check_interrupt();
                         producer.analyze(documents.text(doc, buffer), terms);
                         return terms;
                       },
                       chunks[c], keep_rows, sort_first_run&& c == 0);
                 }
               });
  return chunks;
}

namespace {

// sort_chunk_rows over the chunk's values, narrow (uint32) or wide (double).
template <typename Value>
void sort_rows_of(ChunkCounts& chunk, std::span<const TermId> map, std::vector<Value>& values) {
  // Rows only shrink (pruned entries are dropped), so each is written back at or before where
  // it was read, in place. A row's values wait in `pending`, indexed by column, while KeyOrder
  // puts its columns in order.
  std::size_t universe = 0;
  if (!map.empty()) {
    for (const TermId column : map)
      universe = std::max<std::size_t>(universe, static_cast<std::size_t>(column + 1));
  } else {
    for (const TermId id : chunk.ids)
      universe = std::max<std::size_t>(universe, static_cast<std::size_t>(id) + 1);
  }
  std::vector<Value> pending(universe);
  std::vector<std::uint32_t> keys;
  KeyOrder order;
  order.reserve(universe);
  std::int64_t start = 0;
  std::size_t out = 0;
  for (auto& row_end : chunk.row_ends) {
    const std::int64_t end = row_end;
    keys.clear();
    for (std::int64_t p = start; p < end; ++p) {
      const TermId local = chunk.ids[static_cast<std::size_t>(p)];
      const TermId column = map.empty() ? local : map[static_cast<std::size_t>(local)];
      if (column < 0) continue;  // pruned term
      const auto key = static_cast<std::uint32_t>(column);
      pending[key] = values[static_cast<std::size_t>(p)];
      keys.push_back(key);
      order.mark(key);
    }
    order.drain(keys, [&](std::uint32_t key) {
      chunk.ids[out] = static_cast<TermId>(key);
      values[out] = pending[key];
      ++out;
    });
    row_end = static_cast<std::int64_t>(out);
    start = end;
  }
  chunk.ids.resize(out);
  values.resize(out);
  chunk.rows_sorted = true;
}

}  // namespace

void sort_chunk_rows(ChunkCounts& chunk, std::span<const TermId> map) {
  if (map.empty() && chunk.rows_sorted) return;
  if (chunk.wide) {
    sort_rows_of(chunk, map, chunk.values);
  } else {
    sort_rows_of(chunk, map, chunk.counts);
  }
}

void write_counts(const ChunkCounts& chunk, std::int64_t base_nnz, std::int64_t* indptr_out,
                  double* data_out) {
  for (std::size_t r = 0; r < chunk.row_ends.size(); ++r) indptr_out[r] = base_nnz + chunk.row_ends[r];
  for (std::size_t p = 0; p < chunk.counts.size(); ++p) data_out[p] = static_cast<double>(chunk.counts[p]);
}

namespace {

template <typename T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

// Writes the chunks into the matrix. The order keeps peak memory low: rows are first sorted in
// the chunk buffers themselves; then the 8-byte values are written and the 4-byte counts freed,
// then the 4-byte columns are written and the chunk ids freed. At most 16 bytes per non-zero are
// held at once (final data + chunk ids + final indices), against 12 for the result.
void fill_matrix(std::vector<ChunkCounts>& chunks, const std::vector<std::vector<TermId>>& maps,
                 CsrMatrix& matrix) {
  const auto map_of = [&](std::size_t c) -> std::span<const TermId> {
    return maps.empty() ? std::span<const TermId>{} : std::span<const TermId>(maps[c]);
  };
  if (chunks.size() == 1) {
    // One run: once remapped and sorted in place, its buffers become the matrix. The ids are
    // moved, not copied, and so are the values when the run counted them wide (else they are
    // converted straight into a fresh array, with no zero-filling).
    auto& chunk = chunks[0];
    sort_chunk_rows(chunk, map_of(0));
    matrix.rows = chunk.rows();
    matrix.indptr.resize(chunk.row_ends.size() + 1);
    matrix.indptr[0] = 0;
    std::copy(chunk.row_ends.begin(), chunk.row_ends.end(), matrix.indptr.begin() + 1);
    if (chunk.wide) {
      matrix.data = std::move(chunk.values);
    } else {
      matrix.data.assign(chunk.counts.begin(), chunk.counts.end());
      release(chunk.counts);
    }
    matrix.indices = std::move(chunk.ids);
    chunk = ChunkCounts{};
    return;
  }
  const int workers = static_cast<int>(std::max<std::size_t>(1, chunks.size()));
  parallel_for(chunks.size(), workers, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t c = begin; c < end; ++c) sort_chunk_rows(chunks[c], map_of(c));
  });
  std::vector<std::int64_t> base_rows{0};
  std::vector<std::int64_t> base_nnz{0};
  for (const auto& chunk : chunks) {
    base_rows.push_back(base_rows.back() + chunk.rows());
    base_nnz.push_back(base_nnz.back() + chunk.nnz());
  }
  matrix.rows = base_rows.back();
  matrix.indptr.assign(static_cast<std::size_t>(matrix.rows) + 1, 0);
  matrix.data.resize(static_cast<std::size_t>(base_nnz.back()));
  parallel_for(chunks.size(), workers, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t c = begin; c < end; ++c) {
      write_counts(chunks[c], base_nnz[c], matrix.indptr.data() + base_rows[c] + 1,
                   matrix.data.data() + base_nnz[c]);
      release(chunks[c].counts);
    }
  });
  matrix.indices.resize(static_cast<std::size_t>(base_nnz.back()));
  parallel_for(chunks.size(), workers, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t c = begin; c < end; ++c) {
      std::copy(chunks[c].ids.begin(), chunks[c].ids.end(), matrix.indices.begin() + base_nnz[c]);
      chunks[c] = ChunkCounts{};
    }
  });
}

}  // namespace

namespace {

// Chunks that share vocabularies (ChunkCounts::shared) in document order: each run's new terms
// are appended to the merged vocabulary in run order, which gives each term the id of its first
// occurrence, and a shared vocabulary's df and tf (the totals of its runs) are added with its
// terms, once. When every run shares the first one's vocabulary (one thread), that vocabulary
// already is the merged one.
std::vector<std::vector<TermId>> merge_shared_vocabularies(std::vector<ChunkCounts>& chunks, Counts& result) {
  std::vector<std::vector<TermId>> maps(chunks.size());
  const auto owner_of = [&](std::size_t c) {
    return chunks[c].shared < 0 ? c : static_cast<std::size_t>(chunks[c].shared);
  };
  bool one_vocabulary = true;
  for (std::size_t c = 0; c < chunks.size(); ++c) one_vocabulary = one_vocabulary && owner_of(c) == 0;
  if (one_vocabulary) {
    result.vocabulary = std::move(chunks[0].vocabulary);
    result.document_frequency = std::move(chunks[0].document_frequency);
    result.term_frequency = std::move(chunks[0].term_frequency);
    chunks[0].vocabulary = Vocabulary{};
    return maps;
  }
  std::vector<std::vector<TermId>> owner_maps(chunks.size());
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    auto& owner = chunks[owner_of(c)];
    auto& map = owner_maps[owner_of(c)];
    const bool own = chunks[c].shared < 0;
    const auto first = static_cast<std::size_t>(own ? 0 : chunks[c].shared_begin);
    const auto last = own ? owner.vocabulary.size() : static_cast<std::size_t>(chunks[c].shared_end);
    map.resize(owner.vocabulary.size(), kNoTerm);
    append_term_range(result.vocabulary, result.document_frequency, result.term_frequency, owner.vocabulary,
                      owner.document_frequency, owner.term_frequency, first, last, map);
  }
  for (std::size_t c = 0; c < chunks.size(); ++c) maps[c] = owner_maps[owner_of(c)];
  for (auto& chunk : chunks) chunk.vocabulary = Vocabulary{};
  return maps;
}

}  // namespace

// The first run's terms come first in document order, so its vocabulary becomes the start of
// the merged one with its ids unchanged (its map stays empty: the identity).
std::vector<std::vector<TermId>> merge_vocabularies(std::vector<ChunkCounts>& chunks, Counts& result) {
  std::vector<std::vector<TermId>> maps(chunks.size());
  if (chunks.empty()) return maps;
  for (const auto& chunk : chunks)
    if (chunk.shared >= 0) return merge_shared_vocabularies(chunks, result);
  result.vocabulary = std::move(chunks[0].vocabulary);
  result.document_frequency = std::move(chunks[0].document_frequency);
  result.term_frequency = std::move(chunks[0].term_frequency);
  chunks[0].vocabulary = Vocabulary{};
  // Merging the later runs in order gives each term the id of its first occurrence in document
  // order, exactly as a sequential count would.
  for (std::size_t c = 1; c < chunks.size(); ++c) {
    auto& chunk = chunks[c];
    maps[c] = append_terms(result.vocabulary, result.document_frequency, result.term_frequency,
                           chunk.vocabulary, chunk.document_frequency, chunk.term_frequency);
    chunk.vocabulary = Vocabulary{};
  }
  return maps;
}

std::vector<TermId> append_terms(Vocabulary& into, std::vector<std::int64_t>& into_df,
                                 std::vector<std::int64_t>& into_tf, const Vocabulary& vocabulary,
                                 std::span<const std::int64_t> df, std::span<const std::int64_t> tf) {
  std::vector<TermId> map(vocabulary.size());
  append_term_range(into, into_df, into_tf, vocabulary, df, tf, 0, map.size(), map);
  return map;
}

void append_term_range(Vocabulary& into, std::vector<std::int64_t>& into_df,
                       std::vector<std::int64_t>& into_tf, const Vocabulary& vocabulary,
                       std::span<const std::int64_t> df, std::span<const std::int64_t> tf, std::size_t first,
                       std::size_t last, std::span<TermId> map) {
  for (std::size_t local = first; local < last; ++local) {
    const auto id = static_cast<TermId>(local);
    const TermId global = into.add(vocabulary.term_unchecked(id), vocabulary.tag(id));
    map[local] = global;
    if (into_df.size() <= static_cast<std::size_t>(global)) {
      into_df.push_back(0);
      into_tf.push_back(0);
    }
    into_df[static_cast<std::size_t>(global)] += df[local];
    into_tf[static_cast<std::size_t>(global)] += tf[local];
  }
}

Counts assemble(std::vector<ChunkCounts>& chunks, const PruneOptions* prune_options) {
  Counts result;
  auto maps = merge_vocabularies(chunks, result);
  if (prune_options != nullptr) {
    // Choose the columns before writing the matrix, so it is written once, already pruned and
    // in its final column order.
    std::int64_t documents = 0;
    for (const auto& chunk : chunks) documents += chunk.rows();
    const auto kept = select_terms(result.vocabulary, result.document_frequency, result.term_frequency,
                                   documents, *prune_options);
    std::vector<TermId> to_kept(result.vocabulary.size(), kNoTerm);
    Counts pruned;
    pruned.document_frequency.reserve(kept.size());
    pruned.term_frequency.reserve(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) {
      const auto old = static_cast<std::size_t>(kept[i]);
      to_kept[old] = static_cast<TermId>(i);
      pruned.document_frequency.push_back(result.document_frequency[old]);
      pruned.term_frequency.push_back(result.term_frequency[old]);
    }
    pruned.vocabulary = result.vocabulary.select(kept);
    for (std::size_t c = 1; c < maps.size(); ++c)
      for (auto& id : maps[c]) id = to_kept[static_cast<std::size_t>(id)];
    if (!maps.empty()) maps[0] = std::move(to_kept);  // the first run's ids were the identity
    result = std::move(pruned);
  }
  result.matrix.cols = static_cast<std::int64_t>(result.vocabulary.size());
  fill_matrix(chunks, maps, result.matrix);
  return result;
}

CsrMatrix assemble_matrix(std::vector<ChunkCounts>& chunks, std::int64_t columns) {
  CsrMatrix matrix;
  matrix.cols = columns;
  fill_matrix(chunks, {}, matrix);
  return matrix;
}

}  // namespace detail

void Counts::validate() const {
  matrix.validate();
  const auto terms = static_cast<std::int64_t>(vocabulary.size());
  if (matrix.cols != terms)
    throw invalid_argument("counts: matrix has " + std::to_string(matrix.cols) +
                           " columns but the vocabulary has " + std::to_string(terms) + " terms");
  if (static_cast<std::int64_t>(document_frequency.size()) != terms)
    throw invalid_argument("counts: document_frequency has " + std::to_string(document_frequency.size()) +
                           " entries, expected one per term (" + std::to_string(terms) + ")");
  if (static_cast<std::int64_t>(term_frequency.size()) != terms)
    throw invalid_argument("counts: term_frequency has " + std::to_string(term_frequency.size()) +
                           " entries, expected one per term (" + std::to_string(terms) + ")");
}

Counts count(const TermProducer& producer, const DocumentSource& documents, int n_threads) {
  // A single run's local ids are final, so its rows are sorted while they are in cache.
  auto chunks = detail::count_runs(producer, documents, n_threads, true, true);
  return detail::assemble(chunks, nullptr);
}

Counts count(const TermProducer& producer, std::span<const std::string_view> documents, int n_threads) {
  return count(producer, ViewSource(documents), n_threads);
}

Counts count_and_prune(const TermProducer& producer, const DocumentSource& documents,
                       const PruneOptions& options, int n_threads) {
  options.validate();
  auto chunks = detail::count_runs(producer, documents, n_threads, true, false);
  return detail::assemble(chunks, &options);
}

Counts count_and_prune(const TermProducer& producer, std::span<const std::string_view> documents,
                       const PruneOptions& options, int n_threads) {
  return count_and_prune(producer, ViewSource(documents), options, n_threads);
}

Counts count_terms(std::span<const std::vector<std::string>> documents, int n_threads) {
  const int threads = resolve_threads(n_threads);
  std::vector<std::size_t> weights(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) weights[i] = documents[i].size() + 1;
  const auto bounds = balanced_boundaries(weights, threads);
  std::vector<detail::ChunkCounts> chunks(bounds.size() - 1);
  parallel_for(chunks.size(), static_cast<int>(std::max<std::size_t>(1, chunks.size())),
               [&](std::size_t begin, std::size_t end, int) {
                 for (std::size_t c = begin; c < end; ++c) {
                   chunks[c].wide = chunks.size() == 1;
                   detail::count_chunk(
                       bounds[c], bounds[c + 1],
                       [&](std::size_t doc) -> const std::vector<std::string>& {
                         check_interrupt();
                         return documents[doc];
                       },
                       chunks[c], true, c == 0);
                 }
               });
  return detail::assemble(chunks, nullptr);
}

}  // namespace treatytext
