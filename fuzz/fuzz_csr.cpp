// CSR input from arbitrary bytes, two ways.
//  1. Raw structure: indptr and indices taken as they come (any values), as scipy lets a user
//     build them. check_csr_structure and top_k either accept them or throw invalid_argument,
//     never read out of bounds (AddressSanitizer watches).
//  2. A well-formed small matrix (values from the bytes, subnormal and huge ones included):
//     top_k equals a brute force in long double, cosines never exceed 1.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "fuzz_common.hpp"
#include "treatytext/error.hpp"
#include "treatytext/similarity.hpp"

using namespace treatytext;

namespace {

void raw_structure(fuzz::Bytes& in) {
  const std::int64_t rows = in.byte() % 6;
  const std::int64_t cols = in.byte() % 6;
  const std::size_t nnz = in.byte() % 12;
  std::vector<std::int64_t> indptr(static_cast<std::size_t>(rows) + 1);
  for (auto& p : indptr) p = static_cast<std::int8_t>(in.byte()) % 16;  // negatives too
  std::vector<std::int32_t> indices(nnz);
  for (auto& c : indices) c = static_cast<std::int8_t>(in.byte()) % 8;
  const std::vector<double> values(nnz, 1.0);
  bool accepted = false;
  try {
    check_csr_structure("X", rows, cols, indptr, indices, values.size(), false);
    accepted = true;
  } catch (const invalid_argument&) {
  }
  if (!accepted) return;
  // Accepted structure: the view is safe to read, and top_k works on it.
  const CsrView view{rows, cols, indptr.data(), indices.data(), values.data()};
  TopKOptions options;
  options.k = 3;
  try {
    (void)top_k(view, nullptr, options);
  } catch (const invalid_argument&) {
    fuzz::broken("top_k refused a matrix check_csr_structure accepted");
  }
}

double value_of(std::uint8_t code, std::uint8_t scale) {
  static const double kScales[] = {1.0, 0x1p-1074, 1e-310, 1e-300, 1e300, 1.7e308, 0.5, 1e-200};
  const double magnitude = (code & 0x7f) / 16.0 + 0.0625;
  const double v = std::min(magnitude * kScales[scale % 8], std::numeric_limits<double>::max());
  return (code & 0x80) != 0 ? -v : v;
}

void small_matrix(fuzz::Bytes& in) {
  CsrMatrix m;
  m.rows = 1 + in.byte() % 7;
  m.cols = 1 + in.byte() % 6;
  m.indptr.assign(1, 0);
  for (std::int64_t r = 0; r < m.rows; ++r) {
    const std::uint8_t mask = in.byte();
    const std::uint8_t scale = in.byte();
    for (std::int64_t c = 0; c < m.cols; ++c)
      if ((mask >> c) & 1) {
        const double v = value_of(in.byte(), scale);
        if (v == 0.0) continue;
        m.indices.push_back(static_cast<std::int32_t>(c));
        m.data.push_back(v);
      }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  // Brute force: exact-ish cosines in long double after scaling each row by its largest value.
  std::vector<std::vector<long double>> unit(static_cast<std::size_t>(m.rows),
                                             std::vector<long double>(static_cast<std::size_t>(m.cols), 0));
  for (std::int64_t r = 0; r < m.rows; ++r) {
    long double largest = 0;
    for (auto p = m.indptr[r]; p < m.indptr[r + 1]; ++p)
      largest = std::max(largest, std::fabs((long double)m.data[p]));
    if (largest == 0) continue;
    long double sum = 0;
    for (auto p = m.indptr[r]; p < m.indptr[r + 1]; ++p) sum += std::pow(m.data[p] / largest, 2.0L);
    for (auto p = m.indptr[r]; p < m.indptr[r + 1]; ++p)
      unit[r][m.indices[p]] = (m.data[p] / largest) / std::sqrt(sum);
  }
  TopKOptions options;
  options.k = 1 + in.byte() % 8;
  options.method = in.flag() ? TopKMethod::exhaustive : TopKMethod::automatic;
  const TopKResult result = top_k(m, nullptr, options);
  const std::int64_t k = result.k;
  TREATYTEXT_FUZZ_CHECK(k == std::min<std::int64_t>(options.k, m.rows));
  for (std::int64_t i = 0; i < m.rows; ++i) {
    // Sorted candidates j != i by (cosine desc, index asc).
    std::vector<std::pair<long double, std::int64_t>> expected;
    for (std::int64_t j = 0; j < m.rows; ++j) {
      if (j == i) continue;
      long double dot = 0;
      for (std::int64_t c = 0; c < m.cols; ++c) dot += unit[i][c] * unit[j][c];
      expected.emplace_back(dot, j);
    }
    for (std::int64_t slot = 0; slot < k; ++slot) {
      const double score = result.scores[i * k + slot];
      const std::int64_t index = result.indices[i * k + slot];
      if (slot >= static_cast<std::int64_t>(expected.size())) {
        TREATYTEXT_FUZZ_CHECK(index == -1 && std::isnan(score));
        continue;
      }
      TREATYTEXT_FUZZ_CHECK(index >= 0 && index < m.rows && index != i);
      TREATYTEXT_FUZZ_CHECK(score <= 1.0 + 1e-12 && score >= -1.0 - 1e-12);
      // The score is the true cosine of the row returned, and no candidate beats it by more
      // than rounding (ties may come in either order within that tolerance).
      const auto it =
          std::find_if(expected.begin(), expected.end(), [&](auto& e) { return e.second == index; });
      TREATYTEXT_FUZZ_CHECK(std::fabs(static_cast<long double>(score) - it->first) <= 1e-12L);
      std::vector<long double> scores;
      for (auto& e : expected) scores.push_back(e.first);
      std::sort(scores.begin(), scores.end(), std::greater<>());
      TREATYTEXT_FUZZ_CHECK(
          std::fabs(static_cast<long double>(score) - scores[static_cast<std::size_t>(slot)]) <= 1e-12L);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  if (in.flag())
    raw_structure(in);
  else
    small_matrix(in);
  return 0;
}
