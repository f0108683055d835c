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

// Counts of a fixed set of keys: keys sorted and unique (seal), then add() counts the
// occurrences of those keys and ignores others.
struct Tally {
  std::vector<std::uint64_t> keys;
  std::vector<std::int64_t> counts;

  void seal() {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    counts.assign(keys.size(), 0);
  }
  void add(std::uint64_t key) {
    const auto it = std::lower_bound(keys.begin(), keys.end(), key);
    if (it != keys.end() && *it == key) ++counts[static_cast<std::size_t>(it - keys.begin())];
  }
  [[nodiscard]] double count(std::uint64_t key) const {
    const auto it = std::lower_bound(keys.begin(), keys.end(), key);
    return static_cast<double>(counts[static_cast<std::size_t>(it - keys.begin())]);
  }
};

struct Score {
  double expected = 0, g2 = 0, pmi = 0;
};

// The 2x2 table of a unit X (a term or a pair of terms) followed by a unit Y: o = f(X Y),
// rx = f(X _), cy = f(_ Y), out of `total` positions. G² is signed: negative when o < E.
Score association(double o, double rx, double cy, double total) {
  Score s;
  s.expected = rx * cy / total;
  const double g2 = 2.0 * (xlog(o, s.expected) + xlog(rx - o, rx * (total - cy) / total) +
                           xlog(cy - o, (total - rx) * cy / total) +
                           xlog(total - rx - cy + o, (total - rx) * (total - cy) / total));
  s.g2 = std::max(0.0, g2);  // rounding at independence
  if (o < s.expected) s.g2 = -s.g2;
  s.pmi = std::log2(o * total / (rx * cy));
  return s;
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

  std::sort(grams.begin(), grams.end());

  // The distinct n-grams that reach min_count, with their counts.
  std::vector<std::pair<Gram, std::int64_t>> kept;
  for (std::size_t i = 0; i < grams.size();) {
    std::size_t j = i;
    while (j < grams.size() && grams[j] == grams[i]) ++j;
    if (static_cast<std::int64_t>(j - i) >= options.min_count)
      kept.emplace_back(grams[i], static_cast<std::int64_t>(j - i));
    i = j;
  }

  // Marginals are needed only for the terms and pairs of kept n-grams: collect those keys, then
  // count them in one pass over all n-grams. Memory stays O(kept), and no table is sized by the
  // largest id.
  Tally slot[3], pairs[2];  // pairs: (w1 w2 _), (_ w2 w3)
  for (const auto& [g, c] : kept) {
    for (int k = 0; k < n; ++k) slot[k].keys.push_back(static_cast<std::uint32_t>(g[k]));
    if (n == 3) {
      pairs[0].keys.push_back(pack(g[0], g[1]));
      pairs[1].keys.push_back(pack(g[1], g[2]));
    }
  }
  for (auto& t : slot) t.seal();
  for (auto& t : pairs) t.seal();
  for (const auto& g : grams) {
    for (int k = 0; k < n; ++k) slot[k].add(static_cast<std::uint32_t>(g[k]));
    if (n == 3) {
      pairs[0].add(pack(g[0], g[1]));
      pairs[1].add(pack(g[1], g[2]));
    }
  }
  grams = {};
  auto marginal = [&slot](int k, std::int32_t id) { return slot[k].count(static_cast<std::uint32_t>(id)); };

  for (const auto& [g, observed] : kept) {
    const double o = static_cast<double>(observed);
    Score score;
    if (n == 2) {
      score = association(o, marginal(0, g[0]), marginal(1, g[1]), total);
    } else {
      // The weaker of the two binary splits: (w1 w2) + w3 and w1 + (w2 w3).
      const Score left = association(o, pairs[0].count(pack(g[0], g[1])), marginal(2, g[2]), total);
      const Score right = association(o, marginal(0, g[0]), pairs[1].count(pack(g[1], g[2])), total);
      score = right.g2 < left.g2 ? right : left;
    }
    result.ids.insert(result.ids.end(), g.begin(), g.begin() + n);
    result.count.push_back(observed);
    result.expected.push_back(score.expected);
    result.p_value.push_back(chi_squared_sf(std::abs(score.g2), 1));
    result.g2.push_back(score.g2);
    result.pmi.push_back(score.pmi);
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
