// Fused counting for the scikit-learn stage: documents are analyzed and counted per thread into
// local term tables; the tables are sorted and merged (Python's str order), so that the matrix
// can be written directly in its final column order once the caller has chosen the columns.
#include <algorithm>
#include <atomic>
#include <functional>
#include <limits>
#include <numeric>
#include <string>

#include "sklearn/internal.hpp"
#include "sklearn/rows.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace sk {

std::int32_t TermTable::add(std::string_view term, const TermKey& key, std::uint32_t check,
                            std::size_t slot) {
  if (size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max() - 1))
    throw invalid_argument("vocabulary is full: 2^31 - 2 terms");
  const auto id = static_cast<std::int32_t>(size());
  slots_[slot] = Slot{key.p0, key.p1, check, id, arena_.size()};
  arena_.append(term);
  offsets_.push_back(arena_.size());
  hashes_.push_back(key.hash);
  if (2 * size() > slots_.size()) grow();
  return id;
}

void TermTable::grow() {
  std::vector<Slot> old(2 * slots_.size());
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id < 0) continue;
    std::size_t slot = hashes_[static_cast<std::size_t>(s.id)] & mask_;
    while (slots_[slot].id >= 0) slot = (slot + 1) & mask_;
    slots_[slot] = s;
  }
}

void TermTable::reserve(std::size_t terms, std::size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(terms + 1);
  hashes_.reserve(terms);
  while (slots_.size() < 2 * terms + 2) grow();
}

}  // namespace sk

// ---------------------------------------------------------------------------------------------
// SklearnVocabulary

SklearnVocabulary::SklearnVocabulary(const std::vector<std::string>& terms)
    : SklearnVocabulary(std::vector<std::string_view>(terms.begin(), terms.end())) {}

SklearnVocabulary::SklearnVocabulary(std::span<const std::string_view> terms)
    : impl_(std::make_unique<Impl>()) {
  std::size_t bytes = 0;
  for (const auto t : terms) bytes += t.size();
  impl_->table.reserve(terms.size(), bytes);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto id = impl_->table.insert(terms[i]);
    if (static_cast<std::size_t>(id) != i)
      throw invalid_argument("vocabulary: duplicate term '" + std::string(terms[i]) + "' at columns " +
                             std::to_string(id) + " and " + std::to_string(i));
  }
}

SklearnVocabulary::~SklearnVocabulary() = default;
SklearnVocabulary::SklearnVocabulary(SklearnVocabulary&&) noexcept = default;
SklearnVocabulary& SklearnVocabulary::operator=(SklearnVocabulary&&) noexcept = default;
std::size_t SklearnVocabulary::size() const noexcept { return impl_->table.size(); }
std::int32_t SklearnVocabulary::find(std::string_view term) const noexcept { return impl_->table.find(term); }

// ---------------------------------------------------------------------------------------------
// SklearnCounts

namespace {

// Counts one document's terms into rows: a dense tally by id plus the ids seen, kept without
// branches (whether a term repeats within a document is unpredictable, and a mispredicted
// branch per token costs more than the hash lookup).
template <typename Lookup>
void count_document(std::span<const std::string_view> terms, Lookup&& lookup,
                    std::vector<std::uint32_t>& tally, std::vector<std::int32_t>& seen, sk::Rows& rows,
                    std::int64_t* df, std::int64_t* tf) {
  const std::size_t n = terms.size();
  if (seen.size() < n) seen.resize(std::max(n, 2 * seen.size()));
  std::uint32_t* __restrict counts = tally.data();
  std::int32_t* __restrict ids = seen.data();
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t id = lookup(terms[i]);
    if (id < 0) continue;  // not in a fixed vocabulary
    ids[distinct] = id;
    distinct += counts[id]++ == 0 ? 1 : 0;
  }
  const std::size_t base = rows.ids.size();
  rows.ids.resize(base + distinct);
  rows.counts.resize(base + distinct);
  for (std::size_t k = 0; k < distinct; ++k) {
    const auto id = static_cast<std::size_t>(ids[k]);
    rows.ids[base + k] = ids[k];
    rows.counts[base + k] = counts[id];
    if (df != nullptr) {
      df[id] += 1;
      tf[id] += counts[id];
    }
    counts[id] = 0;
  }
  rows.row_ends.push_back(static_cast<std::int64_t>(base + distinct));
}

// The term table of one thread, shared by the chunks it counts, and its frequencies.
struct Worker {
  sk::TermTable table;
  std::vector<std::uint32_t> tally;  // per local id: count in the current document (else 0)
  std::vector<std::int64_t> df;
  std::vector<std::int64_t> tf;
  std::vector<std::int32_t> seen;
  std::vector<std::int32_t> to_global;  // local id -> sorted global index

  // A document adds at most one id per term.
  void reserve_ids(std::size_t terms) {
    const std::size_t need = table.size() + terms;
    if (tally.size() >= need) return;
    const std::size_t size = std::max(need, 2 * tally.size());
    tally.resize(size, 0);
    df.resize(size, 0);
    tf.resize(size, 0);
  }
};

// A contiguous run of documents. Its rows hold ids of its worker's table; the ids that
// documents of this chunk added to that table are [new_begin, new_end), in order of first
// occurrence (a worker takes its chunks in increasing order).
struct FitChunk {
  sk::Rows rows;
  std::size_t worker = 0;
  std::int32_t new_begin = 0;
  std::int32_t new_end = 0;

  /// Terms from the analyzer, whose buffers are padded (see SklearnScratch).
  void add_padded(Worker& w, std::span<const std::string_view> terms) {
    w.reserve_ids(terms.size());
    count_document(
        terms, [&](std::string_view t) { return w.table.insert(t, sk::key_padded(t)); }, w.tally, w.seen,
        rows, w.df.data(), w.tf.data());
    new_end = static_cast<std::int32_t>(w.table.size());
  }
  void add(Worker& w, std::span<const std::string_view> terms) {
    w.reserve_ids(terms.size());
    count_document(
        terms, [&](std::string_view t) { return w.table.insert(t); }, w.tally, w.seen, rows, w.df.data(),
        w.tf.data());
    new_end = static_cast<std::int32_t>(w.table.size());
  }
};

}  // namespace

namespace sk {

void for_each_dynamic(std::size_t items, int threads, const std::function<void(std::size_t, int)>& body) {
  const auto workers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), items));
  if (workers <= 1) {
    for (std::size_t i = 0; i < items; ++i) body(i, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  parallel_for(static_cast<std::size_t>(workers), workers, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t w = begin; w < end; ++w)
      for (std::size_t i = next++; i < items; i = next++) body(i, static_cast<int>(w));
  });
}

}  // namespace sk

struct SklearnCounts::Impl {
  std::vector<Worker> workers;
  std::vector<FitChunk> chunks;
  std::string arena;  // sorted global terms
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::int64_t> df;
  std::vector<std::int64_t> tf;
  std::vector<std::int64_t> first_seen;
  std::int64_t documents = 0;
  bool finished = false;
  bool released = false;  // take_matrix() freed the chunks' rows

  // Sorts each worker's terms (in parallel), then merges the sorted lists: global index = rank
  // of the term in code point order, the order in which scikit-learn sorts its vocabulary.
  void merge(int n_threads) {
    std::vector<std::vector<std::int32_t>> sorted(workers.size());
    parallel_for(workers.size(), n_threads, [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t w = begin; w < end; ++w) {
        auto& order = sorted[w];
        const auto& table = workers[w].table;
        // Sorted by (first 8 bytes as a big-endian integer, id): most comparisons are then one
        // integer comparison; equal prefixes fall back to the bytes.
        std::vector<std::pair<std::uint64_t, std::int32_t>> keys(table.size());
        for (std::size_t i = 0; i < keys.size(); ++i) {
          const auto term = table.term(static_cast<std::int32_t>(i));
          const std::uint64_t prefix =
              term.size() >= 8 ? sk::detail::load64(term.data()) : sk::partial_load(term.data(), term.size());
          keys[i] = {__builtin_bswap64(prefix), static_cast<std::int32_t>(i)};
        }
        std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
          if (a.first != b.first) return a.first < b.first;
          return table.term(a.second) < table.term(b.second);
        });
        order.resize(keys.size());
        for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].second;
        workers[w].to_global.assign(table.size(), -1);
      }
    });
    std::vector<std::size_t> head(workers.size(), 0);
    while (true) {
      std::string_view least;
      bool any = false;
      for (std::size_t w = 0; w < workers.size(); ++w) {
        if (head[w] == sorted[w].size()) continue;
        const auto t = workers[w].table.term(sorted[w][head[w]]);
        if (!any || t < least) least = t;
        any = true;
      }
      if (!any) break;
      const auto global = static_cast<std::int32_t>(offsets.size() - 1);
      arena.append(least);
      offsets.push_back(arena.size());
      std::int64_t d = 0;
      std::int64_t f = 0;
      for (std::size_t w = 0; w < workers.size(); ++w) {
        if (head[w] == sorted[w].size()) continue;
        const auto local = sorted[w][head[w]];
        if (workers[w].table.term(local) != least) continue;
        workers[w].to_global[static_cast<std::size_t>(local)] = global;
        d += workers[w].df[static_cast<std::size_t>(local)];
        f += workers[w].tf[static_cast<std::size_t>(local)];
        ++head[w];
      }
      df.push_back(d);
      tf.push_back(f);
    }
    // A term's first occurrence in document order lies in the first chunk (in document order)
    // that added it to its worker's table, at its place among that chunk's additions.
    std::vector<char> seen(df.size(), 0);
    first_seen.reserve(df.size());
    for (const auto& chunk : chunks) {
      const auto& to_global = workers[chunk.worker].to_global;
      for (auto local = chunk.new_begin; local < chunk.new_end; ++local) {
        const auto global = static_cast<std::size_t>(to_global[static_cast<std::size_t>(local)]);
        if (seen[global] == 0) {
          seen[global] = 1;
          first_seen.push_back(static_cast<std::int64_t>(global));
        }
      }
    }
    for (auto& worker : workers) {
      worker.table = sk::TermTable{};  // the terms now live in the merged arena
      worker.tally = {};
      worker.df = {};
      worker.tf = {};
      worker.seen = {};
    }
    finished = true;
  }
};

SklearnCounts::SklearnCounts() : impl_(std::make_unique<Impl>()) {}
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

void SklearnCounts::add(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int n_threads) {
  auto& d = *impl_;
  if (d.finished) throw invalid_argument("SklearnCounts: add() after finish()");
  const int threads = resolve_threads(n_threads);
  const auto bounds = sk::balanced_runs(documents, threads);
  if (d.workers.size() < static_cast<std::size_t>(threads))
    d.workers.resize(static_cast<std::size_t>(threads));
  // The batch's chunks follow the existing ones: chunk order is document order. Threads take
  // chunks as they become free, so a thread slowed down by others costs only its own chunk.
  const std::size_t first = d.chunks.size();
  d.chunks.resize(first + bounds.size() - 1);
  sk::for_each_dynamic(bounds.size() - 1, threads, [&](std::size_t c, int w) {
    SklearnScratch scratch;  // per chunk: buffers sized by a huge document are not kept
    std::string buffer;
    auto& worker = d.workers[static_cast<std::size_t>(w)];
    auto& chunk = d.chunks[first + c];
    chunk.worker = static_cast<std::size_t>(w);
    chunk.new_begin = chunk.new_end = static_cast<std::int32_t>(worker.table.size());
    chunk.rows.reserve_for(documents, bounds[c], bounds[c + 1]);
    for (std::size_t doc = bounds[c]; doc < bounds[c + 1]; ++doc) {
      check_interrupt();
      analyzer.analyze(documents.text(doc, buffer), scratch);
      chunk.add_padded(worker, scratch.terms);
    }
  });
  d.documents += static_cast<std::int64_t>(documents.size());
}

void SklearnCounts::add_document(std::span<const std::string_view> terms) {
  auto& d = *impl_;
  if (d.finished) throw invalid_argument("SklearnCounts: add_document() after finish()");
  if (d.workers.empty()) d.workers.resize(1);
  if (d.chunks.empty() || d.chunks.back().worker != 0) {
    auto& chunk = d.chunks.emplace_back();
    chunk.new_begin = chunk.new_end = static_cast<std::int32_t>(d.workers[0].table.size());
  }
  d.chunks.back().add(d.workers[0], terms);
  ++d.documents;
}

void SklearnCounts::finish(int n_threads) {
  if (impl_->finished) throw invalid_argument("SklearnCounts: finish() called twice");
  impl_->merge(resolve_threads(n_threads));
}

std::int64_t SklearnCounts::documents() const noexcept { return impl_->documents; }
std::size_t SklearnCounts::terms() const noexcept { return impl_->offsets.size() - 1; }
std::string_view SklearnCounts::term(std::size_t i) const {
  if (i >= terms())
    throw invalid_argument("SklearnCounts::term: index " + std::to_string(i) + " out of range");
  return std::string_view(impl_->arena).substr(impl_->offsets[i], impl_->offsets[i + 1] - impl_->offsets[i]);
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
  if (column_of.size() != d.offsets.size() - 1)
    throw invalid_argument(name + ": column_of has " + std::to_string(column_of.size()) +
                           " entries, expected one per term (" + std::to_string(d.offsets.size() - 1) + ")");
  for (const auto c : column_of)
    if (c < -1 || c >= columns)
      throw invalid_argument(name + ": column " + std::to_string(c) + " out of range [-1, " +
                             std::to_string(columns) + ")");
  std::vector<std::vector<std::int32_t>> worker_maps(d.workers.size());
  for (std::size_t w = 0; w < d.workers.size(); ++w) {
    const auto& to_global = d.workers[w].to_global;
    worker_maps[w].resize(to_global.size());
    for (std::size_t i = 0; i < to_global.size(); ++i)
      worker_maps[w][i] = column_of[static_cast<std::size_t>(to_global[i])];
  }
  std::vector<sk::Rows*> rows;
  std::vector<const std::vector<std::int32_t>*> maps;
  for (auto& chunk : d.chunks) {
    rows.push_back(&chunk.rows);
    maps.push_back(&worker_maps[chunk.worker]);
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

namespace {

struct FixedChunk {
  sk::Rows rows;
  std::vector<std::uint32_t> tally;
  std::vector<std::int32_t> seen;

  void add_padded(const sk::TermTable& table, std::span<const std::string_view> terms) {
    count_document(
        terms, [&](std::string_view t) { return table.find(t, sk::key_padded(t)); }, tally, seen, rows,
        nullptr, nullptr);
  }
  void add(const sk::TermTable& table, std::span<const std::string_view> terms) {
    count_document(
        terms, [&](std::string_view t) { return table.find(t); }, tally, seen, rows, nullptr, nullptr);
  }
};

}  // namespace

struct SklearnFixedCounter::Impl {
  const SklearnVocabulary* vocabulary = nullptr;
  std::vector<FixedChunk> chunks;
  bool finished = false;  // finish() freed the chunks

  void check_open(const char* caller) const {
    if (finished) throw invalid_argument(std::string("SklearnFixedCounter: ") + caller + " after finish()");
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
  const auto bounds = sk::balanced_runs(documents, threads);
  const auto& table = d.vocabulary->impl().table;
  const std::size_t first = d.chunks.size();
  d.chunks.resize(first + bounds.size() - 1);
  sk::for_each_dynamic(bounds.size() - 1, threads, [&](std::size_t c, int) {
    SklearnScratch scratch;  // per chunk: buffers sized by a huge document are not kept
    std::string buffer;
    auto& chunk = d.chunks[first + c];
    chunk.tally.assign(table.size(), 0);
    chunk.rows.reserve_for(documents, bounds[c], bounds[c + 1]);
    for (std::size_t doc = bounds[c]; doc < bounds[c + 1]; ++doc) {
      check_interrupt();
      analyzer.analyze(documents.text(doc, buffer), scratch);
      chunk.add_padded(table, scratch.terms);
    }
    chunk.tally = {};
  });
}

void SklearnFixedCounter::add_document(std::span<const std::string_view> terms) {
  auto& d = *impl_;
  d.check_open("add_document()");
  const auto& table = d.vocabulary->impl().table;
  if (d.chunks.empty()) d.chunks.emplace_back();
  auto& chunk = d.chunks.back();
  if (chunk.tally.size() < table.size()) chunk.tally.assign(table.size(), 0);
  chunk.add(table, terms);
}

SklearnMatrix SklearnFixedCounter::finish(const SklearnOutput& output, int n_threads) {
  auto& d = *impl_;
  d.check_open("finish()");
  std::vector<sk::Rows*> rows;
  for (auto& chunk : d.chunks) rows.push_back(&chunk.rows);
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

}  // namespace treatytext
