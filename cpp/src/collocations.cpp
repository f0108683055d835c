#include "treatytext/collocations.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <string>

#include "treatytext/error.hpp"
#include "treatytext/keyness.hpp"

namespace treatytext {

namespace {

using Gram = std::array<std::int32_t, 3>;

std::uint64_t pack(std::int32_t x, std::int32_t y) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32) | static_cast<std::uint32_t>(y);
}

// O ln(O / E), 0 at O = 0 (and for E = 0, which only happens with O = 0).
double xlog(double observed, double expected) {
  return observed > 0 ? observed * std::log(observed / expected) : 0.0;
}

// Count of `key` in the sorted vector `keys` (run-length counted by equal_range).
std::int64_t count_of(const std::vector<std::uint64_t>& keys, std::uint64_t key) {
  const auto range = std::equal_range(keys.begin(), keys.end(), key);
  return static_cast<std::int64_t>(range.second - range.first);
}

void check_layout(std::span<const std::int32_t> ids, std::span<const std::int64_t> offsets) {
  if (offsets.empty() || offsets.front() != 0)
    throw invalid_argument("collocations: offsets must start with 0");
  for (std::size_t i = 1; i < offsets.size(); ++i)
    if (offsets[i] < offsets[i - 1])
      throw invalid_argument("collocations: offsets decrease at sequence " + std::to_string(i - 1));
  if (offsets.back() != static_cast<std::int64_t>(ids.size()))
    throw invalid_argument("collocations: offsets end at " + std::to_string(offsets.back()) +
                           " but there are " + std::to_string(ids.size()) + " ids");
}

}  // namespace

void CollocationOptions::validate() const {
  if (n != 2 && n != 3) throw invalid_argument("collocations: n must be 2 or 3, got " + std::to_string(n));
  if (min_count < 1)
    throw invalid_argument("collocations: min_count must be >= 1, got " + std::to_string(min_count));
}

Collocations collocations(std::span<const std::int32_t> ids, std::span<const std::int64_t> offsets,
                          const CollocationOptions& options) {
  options.validate();
  check_layout(ids, offsets);
  const int n = options.n;

  // Every n-gram token, sorted so that equal n-grams are adjacent; sorting rather than hashing
  // keeps memory flat and the order deterministic.
  std::vector<Gram> grams;
  for (std::size_t s = 0; s + 1 < offsets.size(); ++s) {
    const auto begin = offsets[s], end = offsets[s + 1];
    for (auto i = begin; i + n <= end; ++i) {
      Gram g{ids[i], ids[i + 1], n == 3 ? ids[i + 2] : 0};
      if (g[0] < 0 || g[1] < 0 || (n == 3 && g[2] < 0)) continue;  // a gap inside the window
      grams.push_back(g);
    }
  }
  Collocations result;
  result.n = n;
  result.total = static_cast<std::int64_t>(grams.size());
  if (grams.empty()) return result;
  const double total = static_cast<double>(result.total);

  // Slot marginals and, for trigrams, the three pair counts inside the window, as sorted keys
  // (looked up by binary search: no table sized by the largest id).
  std::array<std::vector<std::uint64_t>, 3> slot;   // term per slot
  std::array<std::vector<std::uint64_t>, 3> pairs;  // (w1 w2 _), (w1 _ w3), (_ w2 w3)
  for (const auto& g : grams) {
    for (int k = 0; k < n; ++k) slot[k].push_back(static_cast<std::uint32_t>(g[k]));
    if (n == 3) {
      pairs[0].push_back(pack(g[0], g[1]));
      pairs[1].push_back(pack(g[0], g[2]));
      pairs[2].push_back(pack(g[1], g[2]));
    }
  }
  for (auto& p : slot) std::sort(p.begin(), p.end());
  for (auto& p : pairs) std::sort(p.begin(), p.end());
  auto marginal = [&slot](int k, std::int32_t id) {
    return static_cast<double>(count_of(slot[k], static_cast<std::uint32_t>(id)));
  };
  std::sort(grams.begin(), grams.end());

  for (std::size_t i = 0; i < grams.size();) {
    std::size_t j = i;
    while (j < grams.size() && grams[j] == grams[i]) ++j;
    const auto observed = static_cast<std::int64_t>(j - i);
    const Gram g = grams[i];
    i = j;
    if (observed < options.min_count) continue;
    const double o = static_cast<double>(observed);
    double expected = 0, g2 = 0, pmi = 0;
    if (n == 2) {
      const double r1 = marginal(0, g[0]), c1 = marginal(1, g[1]);
      const double r2 = total - r1, c2 = total - c1;
      expected = r1 * c1 / total;
      g2 = 2.0 * (xlog(o, expected) + xlog(r1 - o, r1 * c2 / total) + xlog(c1 - o, r2 * c1 / total) +
                  xlog(total - r1 - c1 + o, r2 * c2 / total));
      pmi = std::log2(o * total / (r1 * c1));
    } else {
      const double m1 = marginal(0, g[0]), m2 = marginal(1, g[1]), m3 = marginal(2, g[2]);
      const double f12 = static_cast<double>(count_of(pairs[0], pack(g[0], g[1])));
      const double f13 = static_cast<double>(count_of(pairs[1], pack(g[0], g[2])));
      const double f23 = static_cast<double>(count_of(pairs[2], pack(g[1], g[2])));
      // cells[i][j][k]: slot 1 matches w1 iff i == 0, and so on.
      double cells[2][2][2];
      cells[0][0][0] = o;
      cells[0][0][1] = f12 - o;
      cells[0][1][0] = f13 - o;
      cells[1][0][0] = f23 - o;
      cells[0][1][1] = m1 - f12 - f13 + o;
      cells[1][0][1] = m2 - f12 - f23 + o;
      cells[1][1][0] = m3 - f13 - f23 + o;
      cells[1][1][1] = total - m1 - m2 - m3 + f12 + f13 + f23 - o;
      const double p1[2] = {m1 / total, 1 - m1 / total}, p2[2] = {m2 / total, 1 - m2 / total},
                   p3[2] = {m3 / total, 1 - m3 / total};
      for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b)
          for (int c = 0; c < 2; ++c) g2 += xlog(cells[a][b][c], total * p1[a] * p2[b] * p3[c]);
      g2 *= 2.0;
      expected = total * p1[0] * p2[0] * p3[0];
      pmi = std::log2(o * total * total / (m1 * m2 * m3));
    }
    g2 = std::max(0.0, g2);  // rounding at independence
    result.ids.insert(result.ids.end(), g.begin(), g.begin() + n);
    result.count.push_back(observed);
    result.expected.push_back(expected);
    result.p_value.push_back(chi_squared_sf(g2, n == 2 ? 1 : 4));
    result.g2.push_back(o < expected ? -g2 : g2);
    result.pmi.push_back(pmi);
  }

  // Rows are already in id order; a stable sort keeps it as the last tie-break.
  const std::vector<double>* key = nullptr;
  if (options.sort_by == CollocationScore::log_likelihood) key = &result.g2;
  if (options.sort_by == CollocationScore::pmi) key = &result.pmi;
  std::vector<std::size_t> order(result.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (key != nullptr && (*key)[x] != (*key)[y]) return (*key)[x] > (*key)[y];
    return result.count[x] > result.count[y];
  });
  Collocations sorted;
  sorted.n = n;
  sorted.total = result.total;
  for (const auto r : order) {
    sorted.ids.insert(sorted.ids.end(), result.ids.begin() + static_cast<std::ptrdiff_t>(r) * n,
                      result.ids.begin() + static_cast<std::ptrdiff_t>(r + 1) * n);
    sorted.count.push_back(result.count[r]);
    sorted.expected.push_back(result.expected[r]);
    sorted.g2.push_back(result.g2[r]);
    sorted.p_value.push_back(result.p_value[r]);
    sorted.pmi.push_back(result.pmi[r]);
  }
  return sorted;
}

Collocations collocations(std::span<const std::vector<std::int32_t>> sequences,
                          const CollocationOptions& options) {
  std::vector<std::int32_t> ids;
  std::vector<std::int64_t> offsets{0};
  for (const auto& sequence : sequences) {
    ids.insert(ids.end(), sequence.begin(), sequence.end());
    offsets.push_back(static_cast<std::int64_t>(ids.size()));
  }
  return collocations(std::span<const std::int32_t>(ids), std::span<const std::int64_t>(offsets), options);
}

}  // namespace treatytext
