// Partial counts: the statistics of a partition, merged in partition order and pruned once.
#include <algorithm>
#include <numeric>
#include <string>

#include "count/internal.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "util/bytes.hpp"

namespace treatytext {

namespace {

constexpr std::string_view kPartialTag = "treatytext.PartialCounts/1";

}  // namespace

std::int64_t PartialCounts::total_length() const noexcept {
  return std::accumulate(term_frequency.begin(), term_frequency.end(), std::int64_t{0});
}

void PartialCounts::validate() const {
  const std::size_t terms = vocabulary.size();
  if (document_frequency.size() != terms || term_frequency.size() != terms)
    throw invalid_argument("partial counts: " + std::to_string(document_frequency.size()) +
                           " document frequencies and " + std::to_string(term_frequency.size()) +
                           " term frequencies for " + std::to_string(terms) + " terms");
  if (documents < 0)
    throw invalid_argument("partial counts: documents = " + std::to_string(documents) + " is negative");
  for (std::size_t i = 0; i < terms; ++i) {
    const std::int64_t df = document_frequency[i];
    if (df < 1 || df > documents || term_frequency[i] < df)
      throw invalid_argument("partial counts: term " + std::to_string(i) + " has document frequency " +
                             std::to_string(df) + " and term frequency " + std::to_string(term_frequency[i]) +
                             " over " + std::to_string(documents) +
                             " documents (expected 1 <= df <= documents and df <= tf)");
  }
}

std::string PartialCounts::to_bytes() const {
  validate();
  detail::ByteWriter out;
  out.bytes(kPartialTag);
  out.varint(static_cast<std::uint64_t>(documents));
  const std::string terms = vocabulary.to_bytes();
  out.varint(terms.size());
  out.bytes(terms);
  // tf is stored as tf - df (>= 0): smaller numbers, and most terms occur once a document.
  for (std::size_t i = 0; i < vocabulary.size(); ++i) {
    out.varint(static_cast<std::uint64_t>(document_frequency[i]));
    out.varint(static_cast<std::uint64_t>(term_frequency[i] - document_frequency[i]));
  }
  return std::move(out).take();
}

PartialCounts PartialCounts::from_bytes(std::string_view bytes) {
  detail::ByteReader in(bytes, "partial counts bytes");
  if (in.bytes(std::min(bytes.size(), kPartialTag.size())) != kPartialTag)
    in.fail("not treatytext partial counts (tag '" + std::string(kPartialTag) + "' expected)", 0);
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  PartialCounts result;
  result.documents = static_cast<std::int64_t>(in.varint_at_most(kMax, "documents"));
  const auto size = static_cast<std::size_t>(in.varint_at_most(bytes.size(), "vocabulary size"));
  result.vocabulary = Vocabulary::from_bytes(in.bytes(size));
  const std::size_t terms = result.vocabulary.size();
  result.document_frequency.resize(terms);
  result.term_frequency.resize(terms);
  for (std::size_t i = 0; i < terms; ++i) {
    const auto df = in.varint_at_most(static_cast<std::uint64_t>(result.documents), "document frequency");
    const auto extra = in.varint_at_most(kMax - df, "term frequency");
    result.document_frequency[i] = static_cast<std::int64_t>(df);
    result.term_frequency[i] = static_cast<std::int64_t>(df + extra);
  }
  if (!in.done()) in.fail("trailing bytes after the frequencies");
  try {
    result.validate();
  } catch (const invalid_argument& e) {
    throw format_error(std::string("partial counts bytes: ") + e.what());
  }
  return result;
}

PartialCounts count_partial(const TermProducer& producer, const DocumentSource& documents, int n_threads) {
  auto chunks = detail::count_runs(producer, documents, n_threads, false, false);
  return detail::assemble_partial(chunks, documents.size());
}

PartialCounts detail::assemble_partial(std::vector<ChunkCounts>& chunks, std::size_t documents) {
  Counts merged;
  merge_vocabularies(chunks, merged);
  PartialCounts result;
  result.vocabulary = std::move(merged.vocabulary);
  result.document_frequency = std::move(merged.document_frequency);
  result.term_frequency = std::move(merged.term_frequency);
  result.documents = static_cast<std::int64_t>(documents);
  return result;
}

PartialCounts count_partial(const TermProducer& producer, std::span<const std::string_view> documents,
                            int n_threads) {
  return count_partial(producer, ViewSource(documents), n_threads);
}

void add_document(PartialCounts& counts, std::span<const std::string_view> terms) {
  std::vector<TermId> ids;
  ids.reserve(terms.size());
  for (const auto term : terms) {
    const TermId id = counts.vocabulary.add(term);
    if (static_cast<std::size_t>(id) == counts.document_frequency.size()) {
      counts.document_frequency.push_back(0);
      counts.term_frequency.push_back(0);
    }
    ++counts.term_frequency[static_cast<std::size_t>(id)];
    ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (const TermId id : ids) ++counts.document_frequency[static_cast<std::size_t>(id)];
  ++counts.documents;
}

namespace {

// Appends `second` to `into` (already validated by the caller).
void append(PartialCounts& into, const PartialCounts& second) {
  (void)detail::append_terms(into.vocabulary, into.document_frequency, into.term_frequency, second.vocabulary,
                             second.document_frequency, second.term_frequency);
  into.documents += second.documents;
}

}  // namespace

PartialCounts merge_partial_counts(PartialCounts first, const PartialCounts& second) {
  first.validate();
  second.validate();
  append(first, second);
  return first;
}

PartialCounts merge_partial_counts(std::vector<PartialCounts> parts) {
  if (parts.empty()) return {};
  for (const auto& part : parts) part.validate();
  PartialCounts result = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    append(result, parts[i]);
    parts[i] = PartialCounts{};
  }
  return result;
}

std::vector<TermId> select_terms(const PartialCounts& counts, const PruneOptions& options) {
  return detail::select_terms(counts.vocabulary, counts.document_frequency, counts.term_frequency,
                              counts.documents, options);
}

}  // namespace treatytext
