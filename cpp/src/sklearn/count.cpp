// Counting for the scikit-learn face, on the engine's chunk counter (count/chunk.hpp): runs of
// documents are analyzed and counted into ChunkCounts, their vocabularies merged in document
// order (Vocabulary), and the merged terms ordered as Python sorts str, so that the matrix can
// be written directly in its final column order once the caller has chosen the columns. What is
// the face's own: scikit-learn's term order and first-occurrence order, and its value types.
#include <algorithm>
#include <string>

#include "count/chunk.hpp"
#include "count/internal.hpp"
#include "sklearn/internal.hpp"
#include "sklearn/rows.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

// ---------------------------------------------------------------------------------------------
// SklearnVocabulary

SklearnVocabulary::SklearnVocabulary(const std::vector<std::string>& terms)
    : SklearnVocabulary(std::vector<std::string_view>(terms.begin(), terms.end())) {}

SklearnVocabulary::SklearnVocabulary(std::span<const std::string_view> terms)
    : impl_(std::make_unique<Impl>()) {
  std::size_t bytes = 0;
  for (const auto t : terms) bytes += t.size();
  impl_->vocabulary.reserve(terms.size(), bytes);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto id = impl_->vocabulary.add(terms[i]);
    if (static_cast<std::size_t>(id) != i)
      throw invalid_argument("vocabulary: duplicate term '" + std::string(terms[i]) + "' at columns " +
                             std::to_string(id) + " and " + std::to_string(i));
  }
}

SklearnVocabulary::~SklearnVocabulary() = default;
SklearnVocabulary::SklearnVocabulary(const Vocabulary& terms) : impl_(std::make_unique<Impl>(Impl{terms})) {}

SklearnVocabulary::SklearnVocabulary(SklearnVocabulary&&) noexcept = default;
SklearnVocabulary& SklearnVocabulary::operator=(SklearnVocabulary&&) noexcept = default;
std::size_t SklearnVocabulary::size() const noexcept { return impl_->vocabulary.size(); }
std::int32_t SklearnVocabulary::find(std::string_view term) const noexcept {
  return impl_->vocabulary.find(term);
}

// ---------------------------------------------------------------------------------------------
// Runs of documents

namespace {

// Room for the entries of documents [begin, end), estimated from their size (prose has about
// one distinct term per 15 bytes), so that the buffers rarely move while counting.
void reserve_for(detail::ChunkCounts& chunk, const DocumentSource& documents, std::size_t begin,
                 std::size_t end) {
  std::size_t bytes = 0;
  for (std::size_t i = begin; i < end; ++i) bytes += documents.weight(i);
  chunk.row_ends.reserve(end - begin);
  chunk.ids.reserve(bytes / 15);
  chunk.counts.reserve(bytes / 15);
}

// Documents given as their terms (by a Python analyzer), held until they are counted as one
// run, in their place among the batches.
struct PendingTerms {
  std::vector<std::vector<std::string>> documents;

  void add(std::span<const std::string_view> terms) { documents.emplace_back(terms.begin(), terms.end()); }
  // Counts the held documents into a new chunk at the end of `chunks` with count(chunk, terms_of).
  template <typename Count>
  void flush(std::vector<detail::ChunkCounts>& chunks, Count&& count) {
    if (documents.empty()) return;
    count(chunks.emplace_back(),
          [&](std::size_t doc) -> const std::vector<std::string>& { return documents[doc]; });
    documents.clear();
  }
};

// Counts a batch as runs (four per thread, see balanced_runs) that threads claim as they are
// free: count(chunk, begin, end, terms_of, worker) with terms_of(doc) the analyzer's views.
template <typename Count>
void count_batch(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int threads,
                 std::vector<detail::ChunkCounts>& chunks, bool keep_rows, Count&& count) {
  const auto bounds = sk::balanced_runs(documents, threads);
  const std::size_t first = chunks.size();
  chunks.resize(first + bounds.size() - 1);
  parallel_for_dynamic(bounds.size() - 1, threads, [&](std::size_t c, int worker) {
    SklearnScratch scratch;  // per run: buffers sized by a huge document are not kept
    std::string buffer;
    auto& chunk = chunks[first + c];
    if (keep_rows) reserve_for(chunk, documents, bounds[c], bounds[c + 1]);
    count(
        chunk, bounds[c], bounds[c + 1],
        [&](std::size_t doc) {
          analyzer.analyze(documents.text(doc, buffer), scratch);
          return detail::PaddedTerms{scratch.terms};
        },
        worker);
  });
}

// Counts a batch as runs appended to `chunks`, the runs a thread claims (in increasing order)
// sharing the vocabulary of its first one, so that a term is added and merged once per thread,
// not once per run: at one thread, four runs cost as much as one (ToTA: the fit ~8 % faster
// than with a vocabulary per run).
void count_shared_runs(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int threads,
                       std::vector<detail::ChunkCounts>& chunks, bool keep_rows) {
  std::vector<std::int64_t> first_run(static_cast<std::size_t>(threads), -1);
  count_batch(
      analyzer, documents, threads, chunks, keep_rows,
      [&](detail::ChunkCounts& chunk, std::size_t begin, std::size_t end, auto&& terms_of, int worker) {
        auto& owner = first_run[static_cast<std::size_t>(worker)];
        if (owner < 0) owner = static_cast<std::int64_t>(&chunk - chunks.data());
        chunk.shared = owner;
        detail::count_chunk(begin, end, terms_of, chunk, keep_rows, false,
                            &chunks[static_cast<std::size_t>(owner)]);
      });
}

}  // namespace

PartialCounts sklearn_count_partial(const SklearnAnalyzer& analyzer, const DocumentSource& documents,
                                    int n_threads) {
  std::vector<detail::ChunkCounts> chunks;
  count_shared_runs(analyzer, documents, resolve_threads(n_threads), chunks, false);
  return detail::assemble_partial(chunks, documents.size());
}

PartitionCounts sklearn_count_partition(const SklearnAnalyzer& analyzer, const DocumentSource& documents,
                                        int n_threads) {
  std::vector<detail::ChunkCounts> chunks;
  count_shared_runs(analyzer, documents, resolve_threads(n_threads), chunks, true);
  return detail::assemble_partition(chunks, documents.size());
}

// ---------------------------------------------------------------------------------------------
// SklearnCounts

struct SklearnCounts::Impl {
  std::vector<detail::ChunkCounts> chunks;  // in document order
  PendingTerms pending;
  Vocabulary vocabulary;                        // merged: ids in order of first occurrence
  std::vector<TermId> sorted;                   // sorted index -> id
  std::vector<std::vector<std::int32_t>> maps;  // per chunk: local id -> sorted index
  std::vector<std::int64_t> df;                 // by sorted index
  std::vector<std::int64_t> tf;
  std::vector<std::int64_t> first_seen;
  std::int64_t documents = 0;
  bool finished = false;
  bool released = false;  // take_matrix() freed the chunks' rows
  bool keep_rows = true;  // false: statistics only (no matrix can be written)

  // Merges the runs' vocabularies in document order (ids by first occurrence), then orders the
  // terms as Python sorts str (code point order = byte order of UTF-8).
  void merge() {
    Counts merged;
    auto local_to_id = detail::merge_vocabularies(chunks, merged);
    vocabulary = std::move(merged.vocabulary);
    sorted = vocabulary.sorted_ids();
    std::vector<std::int32_t> rank(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i)
      rank[static_cast<std::size_t>(sorted[i])] = static_cast<std::int32_t>(i);
    df.resize(sorted.size());
    tf.resize(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      df[i] = merged.document_frequency[static_cast<std::size_t>(sorted[i])];
      tf[i] = merged.term_frequency[static_cast<std::size_t>(sorted[i])];
    }
    first_seen.assign(rank.begin(), rank.end());
    maps.resize(chunks.size());
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      auto& map = maps[c];
      if (local_to_id[c].empty()) {  // the first run's local ids are the merged ids
        map = rank;
      } else {
        map.resize(local_to_id[c].size());
        for (std::size_t local = 0; local < map.size(); ++local)
          map[local] = rank[static_cast<std::size_t>(local_to_id[c][local])];
      }
    }
    finished = true;
  }
};

SklearnCounts::SklearnCounts() : impl_(std::make_unique<Impl>()) {}
SklearnCounts::SklearnCounts(bool keep_rows) : SklearnCounts() { impl_->keep_rows = keep_rows; }
SklearnCounts::~SklearnCounts() = default;
SklearnCounts::SklearnCounts(SklearnCounts&&) noexcept = default;
SklearnCounts& SklearnCounts::operator=(SklearnCounts&&) noexcept = default;

SklearnCounts SklearnCounts::count(const SklearnAnalyzer& analyzer, const DocumentSource& documents,
                                   int n_threads) {
  SklearnCounts result;
  result.add(analyzer, documents, n_threads);
  result.finish(n_threads);
  return result;
}

namespace {

// Counts the held documents of `pending` as one run (the Python analyzer's slow path).
void flush(PendingTerms& pending, std::vector<detail::ChunkCounts>& chunks, bool keep_rows) {
  const std::size_t n = pending.documents.size();
  pending.flush(chunks, [n, keep_rows](detail::ChunkCounts& chunk, auto&& terms_of) {
    detail::count_chunk(0, n, terms_of, chunk, keep_rows);
  });
}

}  // namespace

void SklearnCounts::add(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int n_threads) {
  auto& d = *impl_;
  if (d.finished) throw invalid_argument("SklearnCounts: add() after finish()");
  const int threads = resolve_threads(n_threads);
  flush(d.pending, d.chunks, d.keep_rows);
  count_shared_runs(analyzer, documents, threads, d.chunks, d.keep_rows);
  d.documents += static_cast<std::int64_t>(documents.size());
}

void SklearnCounts::add_document(std::span<const std::string_view> terms) {
  auto& d = *impl_;
  if (d.finished) throw invalid_argument("SklearnCounts: add_document() after finish()");
  d.pending.add(terms);
  ++d.documents;
}

void SklearnCounts::finish(int n_threads) {
  auto& d = *impl_;
  if (d.finished) throw invalid_argument("SklearnCounts: finish() called twice");
  resolve_threads(n_threads);
  flush(d.pending, d.chunks, d.keep_rows);
  d.merge();
}

std::int64_t SklearnCounts::documents() const noexcept { return impl_->documents; }
std::size_t SklearnCounts::terms() const noexcept { return impl_->sorted.size(); }
std::string_view SklearnCounts::term(std::size_t i) const {
  if (i >= terms())
    throw invalid_argument("SklearnCounts::term: index " + std::to_string(i) + " out of range");
  return impl_->vocabulary.term_unchecked(impl_->sorted[i]);
}
const std::vector<std::int64_t>& SklearnCounts::document_frequency() const noexcept { return impl_->df; }
const std::vector<std::int64_t>& SklearnCounts::term_frequency() const noexcept { return impl_->tf; }
const std::vector<std::int64_t>& SklearnCounts::first_seen() const noexcept { return impl_->first_seen; }

namespace {

SklearnMatrix write_counts(SklearnCounts::Impl& d, std::span<const std::int32_t> column_of,
                           std::int64_t columns, const SklearnOutput& output, int n_threads, bool release,
                           const char* caller) {
  const std::string name = std::string("SklearnCounts::") + caller;
  if (!d.finished) throw invalid_argument(name + ": finish() was not called");
  if (d.released) throw invalid_argument(name + ": the counts were released by take_matrix()");
  if (!d.keep_rows) throw invalid_argument(name + ": the counts were made without rows (keep_rows=False)");
  if (column_of.size() != d.sorted.size())
    throw invalid_argument(name + ": column_of has " + std::to_string(column_of.size()) +
                           " entries, expected one per term (" + std::to_string(d.sorted.size()) + ")");
  for (const auto c : column_of)
    if (c < -1 || c >= columns)
      throw invalid_argument(name + ": column " + std::to_string(c) + " out of range [-1, " +
                             std::to_string(columns) + ")");
  std::vector<std::vector<std::int32_t>> column_maps(d.chunks.size());
  std::vector<detail::ChunkCounts*> rows;
  std::vector<const std::vector<std::int32_t>*> maps;
  for (std::size_t c = 0; c < d.chunks.size(); ++c) {
    const auto& to_sorted = d.maps[c];
    column_maps[c].resize(to_sorted.size());
    for (std::size_t i = 0; i < to_sorted.size(); ++i)
      column_maps[c][i] = column_of[static_cast<std::size_t>(to_sorted[i])];
    rows.push_back(&d.chunks[c]);
    maps.push_back(&column_maps[c]);
  }
  d.released = release;
  return sk::write_matrix(rows, maps, columns, output, resolve_threads(n_threads), release);
}

}  // namespace

SklearnMatrix SklearnCounts::matrix(std::span<const std::int32_t> column_of, std::int64_t columns,
                                    const SklearnOutput& output, int n_threads) const {
  // Without release write_matrix only reads the chunks.
  return write_counts(*impl_, column_of, columns, output, n_threads, false, "matrix");
}

SklearnMatrix SklearnCounts::take_matrix(std::span<const std::int32_t> column_of, std::int64_t columns,
                                         const SklearnOutput& output, int n_threads) {
  return write_counts(*impl_, column_of, columns, output, n_threads, true, "take_matrix");
}

// ---------------------------------------------------------------------------------------------
// Transform against a fixed vocabulary

struct SklearnFixedCounter::Impl {
  const SklearnVocabulary* vocabulary = nullptr;
  std::vector<detail::ChunkCounts> chunks;
  PendingTerms pending;
  bool finished = false;  // finish() freed the chunks

  void check_open(const char* caller) const {
    if (finished) throw invalid_argument(std::string("SklearnFixedCounter: ") + caller + " after finish()");
  }
  void flush() {
    const auto& table = vocabulary->impl().vocabulary;
    const std::size_t n = pending.documents.size();
    pending.flush(chunks, [&](detail::ChunkCounts& chunk, auto&& terms_of) {
      detail::RowTally tally;
      std::vector<TermId> scratch;
      detail::count_fixed_chunk(table, 0, n, terms_of, chunk, tally, scratch);
    });
  }
};

SklearnFixedCounter::SklearnFixedCounter(const SklearnVocabulary& vocabulary)
    : impl_(std::make_unique<Impl>()) {
  impl_->vocabulary = &vocabulary;
}
SklearnFixedCounter::~SklearnFixedCounter() = default;

void SklearnFixedCounter::add(const SklearnAnalyzer& analyzer, const DocumentSource& documents,
                              int n_threads) {
  auto& d = *impl_;
  d.check_open("add()");
  const int threads = resolve_threads(n_threads);
  d.flush();
  const auto& table = d.vocabulary->impl().vocabulary;
  // A tally per worker, reused by the runs it claims (each as large as the vocabulary).
  std::vector<detail::RowTally> tallies(static_cast<std::size_t>(threads));
  std::vector<std::vector<TermId>> scratch(static_cast<std::size_t>(threads));
  count_batch(
      analyzer, documents, threads, d.chunks, true,
      [&](detail::ChunkCounts& chunk, std::size_t begin, std::size_t end, auto&& terms_of, int worker) {
        const auto w = static_cast<std::size_t>(worker);
        detail::count_fixed_chunk(table, begin, end, terms_of, chunk, tallies[w], scratch[w]);
      });
}

void SklearnFixedCounter::add_document(std::span<const std::string_view> terms) {
  auto& d = *impl_;
  d.check_open("add_document()");
  d.pending.add(terms);
}

SklearnMatrix SklearnFixedCounter::finish(const SklearnOutput& output, int n_threads) {
  auto& d = *impl_;
  d.check_open("finish()");
  d.flush();
  std::vector<detail::ChunkCounts*> rows;
  for (auto& chunk : d.chunks) rows.push_back(&chunk);
  d.finished = true;
  return sk::write_matrix(rows, {}, static_cast<std::int64_t>(d.vocabulary->size()), output,
                          resolve_threads(n_threads), true);
}

SklearnMatrix sklearn_transform(const SklearnAnalyzer& analyzer, const SklearnVocabulary& vocabulary,
                                const DocumentSource& documents, const SklearnOutput& output, int n_threads) {
  SklearnFixedCounter counter(vocabulary);
  counter.add(analyzer, documents, n_threads);
  return counter.finish(output, n_threads);
}

SklearnMatrix sklearn_partition_matrix(const PartitionCounts& counts, const SklearnVocabulary& vocabulary,
                                       const SklearnOutput& output, int n_threads) {
  const auto column_of = partition_columns(counts, vocabulary.impl().vocabulary);
  const std::vector<std::int32_t> map(column_of.begin(), column_of.end());  // kNoTerm = -1 drops
  // The rows are read in place, in views for the threads: the partition's counts stay reusable
  // and are not copied.
  const int threads = resolve_threads(n_threads);
  const auto views = sk::partition_views(counts, threads);
  const std::vector<const std::vector<std::int32_t>*> maps(views.size(), &map);
  return sk::write_rows(views, maps, static_cast<std::int64_t>(vocabulary.size()), output, threads);
}

}  // namespace treatytext
