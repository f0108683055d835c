// Pruning of counts by document frequency and max_features, and the small summaries of a count
// matrix (column/row sums, top terms).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "count/internal.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "util/format.hpp"

namespace treatytext {

double DfBound::resolve(std::int64_t documents) const {
  return proportion ? value * static_cast<double>(documents) : value;
}

void DfBound::validate(const char* name) const {
  if (proportion) {
    if (!(value >= 0.0 && value <= 1.0))
      throw invalid_argument(std::string(name) + " = " + util::format_number(value) +
                             " as a proportion of documents must lie in [0.0, 1.0]");
  } else if (!(value >= 0.0) || std::floor(value) != value || !std::isfinite(value)) {
    throw invalid_argument(std::string(name) + " = " + util::format_number(value) +
                           " as a number of documents must be a whole number >= 0");
  }
}

void PruneOptions::validate() const {
  min_df.validate("min_df");
  max_df.validate("max_df");
  if (max_features == 0 || max_features < -1)
    throw invalid_argument("max_features = " + std::to_string(max_features) +
                           " is invalid: use a positive number of terms, or -1 for all");
}

Counts prune(const Counts& counts, const PruneOptions& options, int n_threads) {
  return prune(Counts(counts), options, n_threads);
}

std::vector<TermId> detail::select_terms(const Vocabulary& vocabulary,
                                         std::span<const std::int64_t> document_frequency,
                                         std::span<const std::int64_t> term_frequency, std::int64_t documents,
                                         const PruneOptions& options) {
  options.validate();
  if (vocabulary.empty())
    throw invalid_argument(
        "empty vocabulary: the documents contain no terms (perhaps they hold only stop words or "
        "words shorter than min_length)");
  const double low = options.min_df.resolve(documents);
  const double high = options.max_df.resolve(documents);
  if (high < low) throw invalid_argument("max_df corresponds to < documents than min_df");

  std::vector<TermId> kept;
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const auto df = static_cast<double>(document_frequency[id]);
    if (df >= low && df <= high) kept.push_back(static_cast<TermId>(id));
  }
  if (kept.empty())
    throw invalid_argument("empty vocabulary after pruning: no term has a document frequency in [" +
                           util::format_number(low) + ", " + util::format_number(high) + "] over " +
                           std::to_string(documents) + " documents; lower min_df or raise max_df");

  const auto by_term = [&](TermId a, TermId b) {
    return vocabulary.term_unchecked(a) < vocabulary.term_unchecked(b);
  };
  if (options.max_features > 0 && static_cast<std::int64_t>(kept.size()) > options.max_features) {
    const auto limit = static_cast<std::ptrdiff_t>(options.max_features);
    std::partial_sort(kept.begin(), kept.begin() + limit, kept.end(), [&](TermId a, TermId b) {
      const auto fa = term_frequency[static_cast<std::size_t>(a)];
      const auto fb = term_frequency[static_cast<std::size_t>(b)];
      return fa != fb ? fa > fb : by_term(a, b);
    });
    kept.resize(static_cast<std::size_t>(limit));
  }
  if (options.sort_terms)
    std::sort(kept.begin(), kept.end(), by_term);
  else
    std::sort(kept.begin(), kept.end());
  return kept;
}

Counts prune(Counts&& counts, const PruneOptions& options, int n_threads) {
  counts.validate();
  const Vocabulary& vocabulary = counts.vocabulary;
  const auto kept = detail::select_terms(vocabulary, counts.document_frequency, counts.term_frequency,
                                         counts.documents(), options);

  std::vector<TermId> map(vocabulary.size(), kNoTerm);
  bool identity = kept.size() == vocabulary.size();
  bool monotonic = true;  // new ids increase with old ids: rows stay sorted after remapping
  for (std::size_t i = 0; i < kept.size(); ++i) {
    map[static_cast<std::size_t>(kept[i])] = static_cast<TermId>(i);
    identity = identity && kept[i] == static_cast<TermId>(i);
    monotonic = monotonic && (i == 0 || kept[i] > kept[i - 1]);
  }

  Counts result;
  result.vocabulary = vocabulary.select(kept);
  result.document_frequency.reserve(kept.size());
  result.term_frequency.reserve(kept.size());
  for (const TermId id : kept) {
    result.document_frequency.push_back(counts.document_frequency[static_cast<std::size_t>(id)]);
    result.term_frequency.push_back(counts.term_frequency[static_cast<std::size_t>(id)]);
  }
  result.matrix = std::move(counts.matrix);
  counts = Counts{};
  CsrMatrix& m = result.matrix;
  m.cols = static_cast<std::int64_t>(kept.size());
  if (identity) return result;

  // Pass 1, parallel: each row compacts and remaps its own entries at the start of its range.
  std::vector<std::int64_t> lengths(static_cast<std::size_t>(m.rows));
  parallel_for(
      static_cast<std::size_t>(m.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        std::vector<std::pair<std::int32_t, double>> row;
        for (std::size_t r = begin; r < end; ++r) {
          const auto first = static_cast<std::size_t>(m.indptr[r]);
          const auto last = static_cast<std::size_t>(m.indptr[r + 1]);
          std::size_t out = first;
          for (auto p = first; p < last; ++p) {
            const TermId column = map[static_cast<std::size_t>(m.indices[p])];
            if (column == kNoTerm) continue;
            m.indices[out] = column;
            m.data[out] = m.data[p];
            ++out;
          }
          if (!monotonic) detail::sort_entries(m, first, out, row);
          lengths[r] = static_cast<std::int64_t>(out - first);
        }
      },
      1024);
  // Pass 2, sequential: slide rows left over the gaps (memory bandwidth bound).
  std::int64_t write = 0;
  for (std::size_t r = 0; r < lengths.size(); ++r) {
    const std::int64_t read = m.indptr[r];
    const std::int64_t length = lengths[r];
    if (read != write && length > 0) {
      std::memmove(m.indices.data() + write, m.indices.data() + read,
                   static_cast<std::size_t>(length) * sizeof(std::int32_t));
      std::memmove(m.data.data() + write, m.data.data() + read,
                   static_cast<std::size_t>(length) * sizeof(double));
    }
    m.indptr[r] = write;
    write += length;
  }
  m.indptr[lengths.size()] = write;
  m.indices.resize(static_cast<std::size_t>(write));
  m.data.resize(static_cast<std::size_t>(write));
  return result;
}

std::vector<double> column_sums(const CsrMatrix& matrix) {
  std::vector<double> sums(static_cast<std::size_t>(matrix.cols), 0.0);
  for (std::size_t p = 0; p < matrix.indices.size(); ++p)
    sums[static_cast<std::size_t>(matrix.indices[p])] += matrix.data[p];
  return sums;
}

std::vector<double> row_sums(const CsrMatrix& matrix) {
  std::vector<double> sums(static_cast<std::size_t>(matrix.rows), 0.0);
  for (std::size_t r = 0; r < sums.size(); ++r) {
    double sum = 0.0;
    for (auto p = matrix.indptr[r]; p < matrix.indptr[r + 1]; ++p)
      sum += matrix.data[static_cast<std::size_t>(p)];
    sums[r] = sum;
  }
  return sums;
}

std::vector<std::pair<TermId, double>> top_terms(const CsrMatrix& matrix, std::int64_t row, std::size_t n) {
  if (row >= matrix.rows)
    throw invalid_argument("top_terms: row " + std::to_string(row) + " out of range for a matrix of " +
                           std::to_string(matrix.rows) + " rows");
  std::vector<std::pair<TermId, double>> entries;
  if (row < 0) {
    const auto sums = column_sums(matrix);
    for (std::size_t c = 0; c < sums.size(); ++c)
      if (sums[c] != 0.0) entries.emplace_back(static_cast<TermId>(c), sums[c]);
  } else {
    const auto r = static_cast<std::size_t>(row);
    for (auto p = matrix.indptr[r]; p < matrix.indptr[r + 1]; ++p)
      entries.emplace_back(matrix.indices[static_cast<std::size_t>(p)],
                           matrix.data[static_cast<std::size_t>(p)]);
  }
  const auto take = std::min(n, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(take), entries.end(),
                    [](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                    });
  entries.resize(take);
  return entries;
}

}  // namespace treatytext
