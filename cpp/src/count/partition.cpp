// Partition counts: a partition counted once (statistics for the global fit and its rows against
// its own ids), remapped to the fitted columns after the fit instead of being analyzed again.
#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "count/internal.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "util/bytes.hpp"

namespace treatytext {

namespace {

constexpr std::string_view kPartitionTag = "treatytext.PartitionCounts/1";

static_assert(std::endian::native == std::endian::little,
              "PartitionCounts::to_bytes writes its arrays as raw little-endian bytes");

template <typename T>
void write_array(detail::ByteWriter& out, const std::vector<T>& values) {
  out.varint(values.size());
  out.bytes(std::string_view(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)));
}

template <typename T>
std::vector<T> read_array(detail::ByteReader& in, std::size_t limit, const char* field) {
  const auto n = static_cast<std::size_t>(in.varint_at_most(limit / sizeof(T), field));
  const auto bytes = in.bytes(n * sizeof(T));
  std::vector<T> values(n);
  if (n != 0) std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

}  // namespace

std::size_t PartitionCounts::memory_bytes() const noexcept {
  return statistics.vocabulary.memory_bytes() +
         (statistics.document_frequency.capacity() + statistics.term_frequency.capacity()) *
             sizeof(std::int64_t) +
         row_ends.capacity() * sizeof(std::int64_t) + ids.capacity() * sizeof(TermId) +
         counts.capacity() * sizeof(std::uint32_t);
}

void PartitionCounts::validate() const {
  statistics.validate();
  if (static_cast<std::int64_t>(row_ends.size()) != statistics.documents)
    throw invalid_argument("partition counts: " + std::to_string(row_ends.size()) + " rows for " +
                           std::to_string(statistics.documents) + " documents");
  if (ids.size() != counts.size())
    throw invalid_argument("partition counts: " + std::to_string(ids.size()) + " ids but " +
                           std::to_string(counts.size()) + " counts");
  std::int64_t start = 0;
  for (std::size_t r = 0; r < row_ends.size(); ++r) {
    if (row_ends[r] < start || row_ends[r] > nnz())
      throw invalid_argument("partition counts: row " + std::to_string(r) + " ends at " +
                             std::to_string(row_ends[r]) + ", outside [" + std::to_string(start) + ", " +
                             std::to_string(nnz()) + "]");
    start = row_ends[r];
  }
  if (start != nnz())
    throw invalid_argument("partition counts: the rows end at " + std::to_string(start) + " but there are " +
                           std::to_string(nnz()) + " entries");
  const auto terms = static_cast<TermId>(statistics.vocabulary.size());
  for (std::size_t p = 0; p < ids.size(); ++p) {
    if (ids[p] < 0 || ids[p] >= terms)
      throw invalid_argument("partition counts: entry " + std::to_string(p) + " has id " +
                             std::to_string(ids[p]) + ", outside the " + std::to_string(terms) + " terms");
    if (counts[p] == 0)
      throw invalid_argument("partition counts: entry " + std::to_string(p) + " has count 0");
  }
}

std::string PartitionCounts::to_bytes() const {
  validate();
  detail::ByteWriter out;
  out.bytes(kPartitionTag);
  const std::string head = statistics.to_bytes();
  out.varint(head.size());
  out.bytes(head);
  write_array(out, row_ends);
  write_array(out, ids);
  write_array(out, counts);
  return std::move(out).take();
}

PartitionCounts PartitionCounts::from_bytes(std::string_view bytes) {
  detail::ByteReader in(bytes, "partition counts bytes");
  if (in.bytes(std::min(bytes.size(), kPartitionTag.size())) != kPartitionTag)
    in.fail("not treatytext partition counts (tag '" + std::string(kPartitionTag) + "' expected)", 0);
  PartitionCounts result;
  const auto head = static_cast<std::size_t>(in.varint_at_most(bytes.size(), "statistics size"));
  result.statistics = PartialCounts::from_bytes(in.bytes(head));
  result.row_ends = read_array<std::int64_t>(in, bytes.size(), "rows");
  result.ids = read_array<TermId>(in, bytes.size(), "ids");
  result.counts = read_array<std::uint32_t>(in, bytes.size(), "counts");
  if (!in.done()) in.fail("trailing bytes after the counts");
  try {
    result.validate();
  } catch (const invalid_argument& e) {
    throw format_error(std::string("partition counts bytes: ") + e.what());
  }
  return result;
}

PartitionCounts count_partition(const TermProducer& producer, const DocumentSource& documents,
                                int n_threads) {
  auto chunks = detail::count_runs(producer, documents, n_threads, true, false);
  return detail::assemble_partition(chunks, documents.size());
}

namespace detail {

PartitionCounts assemble_partition(std::vector<ChunkCounts>& chunks, std::size_t documents) {
  Counts merged;
  const auto maps = merge_vocabularies(chunks, merged);
  PartitionCounts result;
  result.statistics.vocabulary = std::move(merged.vocabulary);
  result.statistics.document_frequency = std::move(merged.document_frequency);
  result.statistics.term_frequency = std::move(merged.term_frequency);
  result.statistics.documents = static_cast<std::int64_t>(documents);
  std::size_t nnz = 0;
  for (const auto& chunk : chunks) nnz += chunk.ids.size();
  result.row_ends.reserve(documents);
  result.ids.reserve(nnz);
  result.counts.reserve(nnz);
  // Runs in document order, their ids through their run's map (empty: the identity); each
  // run's buffers are freed once copied, so the peak is one run above the result.
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    auto& chunk = chunks[c];
    const auto base = static_cast<std::int64_t>(result.ids.size());
    for (const auto end : chunk.row_ends) result.row_ends.push_back(base + end);
    if (maps[c].empty()) {
      result.ids.insert(result.ids.end(), chunk.ids.begin(), chunk.ids.end());
    } else {
      for (const TermId id : chunk.ids) result.ids.push_back(maps[c][static_cast<std::size_t>(id)]);
    }
    if (chunk.wide) {  // a lone run counted straight into matrix values (whole numbers < 2^32)
      for (const double v : chunk.values) result.counts.push_back(static_cast<std::uint32_t>(v));
    } else {
      result.counts.insert(result.counts.end(), chunk.counts.begin(), chunk.counts.end());
    }
    chunk = ChunkCounts{};
  }
  return result;
}

}  // namespace detail

std::vector<TermId> partition_columns(const PartitionCounts& counts, const Vocabulary& columns) {
  const auto& terms = counts.statistics.vocabulary;
  std::vector<TermId> column_of(terms.size());
  for (std::size_t id = 0; id < column_of.size(); ++id)
    column_of[id] = columns.find(terms.term_unchecked(static_cast<TermId>(id)));
  return column_of;
}

CsrMatrix partition_matrix(const PartitionCounts& counts, const Vocabulary& columns) {
  const auto column_of = partition_columns(counts, columns);
  std::vector<detail::ChunkCounts> chunks(1);
  auto& chunk = chunks[0];
  chunk.row_ends = counts.row_ends;
  chunk.ids = counts.ids;
  chunk.counts = counts.counts;
  // Remaps and sorts each row in the copy's buffers, then moves them into the matrix, as
  // count_with_vocabulary() assembles its rows.
  detail::sort_chunk_rows(chunk, column_of);
  return detail::assemble_matrix(chunks, static_cast<std::int64_t>(columns.size()));
}

}  // namespace treatytext
