#include "treatytext/weight.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>

#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "util/format.hpp"
#include "weight/normalize.hpp"

namespace treatytext {

namespace {

constexpr std::size_t kRowsPerChunk = 512;

// Scales the entries [first, last) to unit norm; a zero row stays zero.
void normalize_range(CsrMatrix& m, std::size_t first, std::size_t last, NormScheme norm) {
  if (norm == NormScheme::none || first == last) return;
  double* values = m.data.data() + first;
  const std::size_t n = last - first;
  const double total = detail::row_norm(values, n, norm);
  // Squares that underflow or overflow (subnormal or huge values), or an l1 sum that overflows,
  // would give a wrong norm: such rows are scaled by their largest value first. Rows in range
  // keep scikit-learn's exact rounding.
  const bool out_of_range =
      norm == NormScheme::l2 ? !(total >= 0x1p-500 && total <= 0x1p500) : std::isinf(total);
  if (out_of_range) {
    detail::divide_row_scaled(values, n, norm);
    return;
  }
  detail::divide_row(values, n, total);
}

}  // namespace

void WeightOptions::validate() const {
  if (!(k1 >= 0.0) || !std::isfinite(k1))
    throw invalid_argument("k1 = " + util::format_number(k1) + " is invalid: BM25 needs a finite k1 >= 0");
  if (!(b >= 0.0 && b <= 1.0))
    throw invalid_argument("b = " + util::format_number(b) + " is invalid: BM25 needs b in [0, 1]");
  if (static_cast<int>(tf) > static_cast<int>(TfScheme::augmented))
    throw invalid_argument("unknown tf scheme");
  if (static_cast<int>(idf) > static_cast<int>(IdfScheme::probabilistic))
    throw invalid_argument("unknown idf scheme");
  if (static_cast<int>(norm) > static_cast<int>(NormScheme::l2)) throw invalid_argument("unknown norm");
}

std::string_view to_string(TfScheme scheme) noexcept {
  switch (scheme) {
    case TfScheme::raw:
      return "raw";
    case TfScheme::binary:
      return "binary";
    case TfScheme::log:
      return "log";
    case TfScheme::augmented:
      return "augmented";
  }
  return "?";
}

std::string_view to_string(IdfScheme scheme) noexcept {
  switch (scheme) {
    case IdfScheme::none:
      return "none";
    case IdfScheme::plain:
      return "plain";
    case IdfScheme::smooth:
      return "smooth";
    case IdfScheme::probabilistic:
      return "probabilistic";
  }
  return "?";
}

std::string_view to_string(NormScheme scheme) noexcept {
  switch (scheme) {
    case NormScheme::none:
      return "none";
    case NormScheme::l1:
      return "l1";
    case NormScheme::l2:
      return "l2";
  }
  return "?";
}

TfScheme parse_tf_scheme(std::string_view name) {
  for (auto s : {TfScheme::raw, TfScheme::binary, TfScheme::log, TfScheme::augmented})
    if (to_string(s) == name) return s;
  throw invalid_argument("unknown tf scheme '" + std::string(name) + "': use raw, binary, log or augmented");
}

IdfScheme parse_idf_scheme(std::string_view name) {
  for (auto s : {IdfScheme::none, IdfScheme::plain, IdfScheme::smooth, IdfScheme::probabilistic})
    if (to_string(s) == name) return s;
  throw invalid_argument("unknown idf scheme '" + std::string(name) +
                         "': use none, plain, smooth or probabilistic");
}

NormScheme parse_norm_scheme(std::string_view name) {
  for (auto s : {NormScheme::none, NormScheme::l1, NormScheme::l2})
    if (to_string(s) == name) return s;
  throw invalid_argument("unknown norm '" + std::string(name) + "': use none, l1 or l2");
}

std::vector<double> inverse_document_frequency(std::span<const std::int64_t> document_frequency,
                                               std::int64_t documents, const WeightOptions& options) {
  options.validate();
  if (documents < 0) throw invalid_argument("idf: documents = " + std::to_string(documents) + " is negative");
  const auto n = static_cast<double>(documents);
  std::vector<double> idf(document_frequency.size(), 1.0);
  for (std::size_t i = 0; i < idf.size(); ++i) {
    const std::int64_t df = document_frequency[i];
    if (df < 0 || df > documents)
      throw invalid_argument("idf: document_frequency[" + std::to_string(i) + "] = " + std::to_string(df) +
                             " lies outside [0, " + std::to_string(documents) + "]");
    const auto d = static_cast<double>(df);
    if (options.bm25) {
      idf[i] = std::log(1.0 + (n - d + 0.5) / (d + 0.5));
      continue;
    }
    if (df == 0 && (options.idf == IdfScheme::plain || options.idf == IdfScheme::probabilistic))
      throw invalid_argument("idf: document_frequency[" + std::to_string(i) + "] = 0 gives an infinite '" +
                             std::string(to_string(options.idf)) + "' idf");
    switch (options.idf) {
      case IdfScheme::none:
        break;
      case IdfScheme::plain:
        idf[i] = std::log(n / d) + 1.0;
        break;
      case IdfScheme::smooth:
        idf[i] = std::log((n + 1.0) / (d + 1.0)) + 1.0;
        break;
      case IdfScheme::probabilistic:
        idf[i] = std::max(0.0, std::log((n - d) / d));
        break;
    }
  }
  return idf;
}

void apply_weights(CsrMatrix& counts, std::span<const double> idf, const WeightOptions& options,
                   double average_length, int n_threads) {
  options.validate();
  const bool need_idf = options.bm25 || options.idf != IdfScheme::none;
  if ((need_idf || !idf.empty()) && static_cast<std::int64_t>(idf.size()) != counts.cols)
    throw invalid_argument("apply_weights: idf has " + std::to_string(idf.size()) +
                           " entries but the matrix has " + std::to_string(counts.cols) + " columns");
  const bool use_idf = !idf.empty();
  CsrMatrix& m = counts;
  // Checked before any entry changes, so a bad matrix is reported untouched.
  for (std::size_t p = 0; p < m.data.size(); ++p)
    if (!(m.data[p] >= 0.0) || !std::isfinite(m.data[p]))
      throw invalid_argument("apply_weights: count " + util::format_number(m.data[p]) + " at entry " +
                             std::to_string(p) + " is negative or not finite");
  std::atomic<bool> any_zero{false};
  parallel_for(
      static_cast<std::size_t>(m.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        bool zero = false;
        for (std::size_t r = begin; r < end; ++r) {
          const auto first = static_cast<std::size_t>(m.indptr[r]);
          const auto last = static_cast<std::size_t>(m.indptr[r + 1]);
          if (options.bm25) {
            double length = 0.0;
            for (auto p = first; p < last; ++p) length += m.data[p];
            const double relative = average_length > 0.0 ? length / average_length : 1.0;
            const double saturation = options.k1 * (1.0 - options.b + options.b * relative);
            for (auto p = first; p < last; ++p) {
              const double x = m.data[p];
              m.data[p] =
                  idf[static_cast<std::size_t>(m.indices[p])] * x * (options.k1 + 1.0) / (x + saturation);
            }
          } else {
            double row_max = 0.0;
            if (options.tf == TfScheme::augmented)
              for (auto p = first; p < last; ++p) row_max = std::max(row_max, m.data[p]);
            for (auto p = first; p < last; ++p) {
              const double x = m.data[p];
              if (x == 0.0) continue;  // an explicit zero stays zero (and is dropped below)
              double tf = x;
              switch (options.tf) {
                case TfScheme::raw:
                  break;
                case TfScheme::binary:
                  tf = 1.0;
                  break;
                case TfScheme::log:
                  tf = std::log(x) + 1.0;
                  break;
                case TfScheme::augmented:
                  tf = 0.5 + 0.5 * x / row_max;
                  break;
              }
              m.data[p] = use_idf ? tf * idf[static_cast<std::size_t>(m.indices[p])] : tf;
            }
          }
          for (auto p = first; p < last; ++p) zero = zero || m.data[p] == 0.0;
          normalize_range(m, first, last, options.norm);
        }
        if (zero) any_zero.store(true, std::memory_order_relaxed);
      },
      kRowsPerChunk);
  if (!any_zero.load()) return;
  // Rare path (probabilistic idf): drop explicit zeros so the matrix stays canonical.
  std::size_t write = 0;
  std::size_t read = 0;
  for (std::size_t r = 0; r < static_cast<std::size_t>(m.rows); ++r) {
    const auto last = static_cast<std::size_t>(m.indptr[r + 1]);
    for (; read < last; ++read) {
      if (m.data[read] == 0.0) continue;
      m.indices[write] = m.indices[read];
      m.data[write] = m.data[read];
      ++write;
    }
    m.indptr[r + 1] = static_cast<std::int64_t>(write);
  }
  m.indices.resize(write);
  m.data.resize(write);
}

void normalize_rows(CsrMatrix& matrix, NormScheme norm, int n_threads) {
  if (norm == NormScheme::none) return;
  parallel_for(
      static_cast<std::size_t>(matrix.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t r = begin; r < end; ++r)
          normalize_range(matrix, static_cast<std::size_t>(matrix.indptr[r]),
                          static_cast<std::size_t>(matrix.indptr[r + 1]), norm);
      },
      kRowsPerChunk);
}

}  // namespace treatytext
