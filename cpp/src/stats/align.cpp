#include "treatytext/align.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext {

namespace {

struct Edge {
  std::int64_t a, b;
  double score;
};

bool eligible(double score, double threshold) {
  return std::isfinite(score) && score > 0 && score >= threshold;
}

Alignment finish(std::vector<Edge> pairs, std::int64_t a_rows, std::int64_t b_rows, bool exact) {
  std::sort(pairs.begin(), pairs.end(),
            [](const Edge& x, const Edge& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  Alignment result;
  result.exact = exact;
  std::vector<bool> used_a(static_cast<std::size_t>(a_rows), false),
      used_b(static_cast<std::size_t>(b_rows), false);
  for (const auto& e : pairs) {
    result.a_index.push_back(e.a);
    result.b_index.push_back(e.b);
    result.score.push_back(e.score);
    used_a[e.a] = true;
    used_b[e.b] = true;
  }
  for (std::int64_t i = 0; i < a_rows; ++i)
    if (!used_a[i]) result.unmatched_a.push_back(i);
  for (std::int64_t j = 0; j < b_rows; ++j)
    if (!used_b[j]) result.unmatched_b.push_back(j);
  return result;
}

// Greedy matching by descending score; ties by lower a, then lower b.
std::vector<Edge> greedy(std::vector<Edge> edges, std::int64_t a_rows, std::int64_t b_rows) {
  std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  std::vector<bool> used_a(static_cast<std::size_t>(a_rows), false),
      used_b(static_cast<std::size_t>(b_rows), false);
  std::vector<Edge> chosen;
  for (const auto& e : edges) {
    if (used_a[e.a] || used_b[e.b]) continue;
    used_a[e.a] = used_b[e.b] = true;
    chosen.push_back(e);
  }
  return chosen;
}

std::vector<Edge> exact_matching(const std::vector<double>& weights, std::int64_t a_rows,
                                 std::int64_t b_rows) {
  const auto match = max_weight_matching(weights, a_rows, b_rows);
  std::vector<Edge> pairs;
  for (std::int64_t i = 0; i < a_rows; ++i)
    if (match[i] >= 0)
      pairs.push_back({i, match[i], weights[static_cast<std::size_t>(i * b_rows + match[i])]});
  return pairs;
}

}  // namespace

void AlignOptions::validate() const {
  if (!std::isfinite(threshold))
    throw invalid_argument("align: threshold must be finite, got " + std::to_string(threshold));
  if (candidates < 1)
    throw invalid_argument("align: candidates must be >= 1, got " + std::to_string(candidates));
  if (exact_max_cells < 0)
    throw invalid_argument("align: exact_max_cells must be >= 0, got " + std::to_string(exact_max_cells));
  resolve_threads(n_threads);
}

std::vector<std::int64_t> max_weight_matching(std::span<const double> weights, std::int64_t rows,
                                              std::int64_t cols) {
  if (rows < 0 || cols < 0 || static_cast<std::int64_t>(weights.size()) != rows * cols)
    throw invalid_argument("max_weight_matching: " + std::to_string(weights.size()) +
                           " weights do not form a " + std::to_string(rows) + " x " + std::to_string(cols) +
                           " table");
  for (const double w : weights)
    if (!(w >= 0) || !std::isfinite(w))
      throw invalid_argument("max_weight_matching: weights must be finite and >= 0");
  std::vector<std::int64_t> result(static_cast<std::size_t>(rows), -1);
  if (rows == 0 || cols == 0) return result;
  // The assignment algorithm needs n <= m; solve the transpose when A is the longer side.
  const bool transposed = rows > cols;
  const std::int64_t n = transposed ? cols : rows, m = transposed ? rows : cols;
  auto cost = [&](std::int64_t i, std::int64_t j) {  // 1-based, minimized
    return -(transposed ? weights[static_cast<std::size_t>((j - 1) * cols + (i - 1))]
                        : weights[static_cast<std::size_t>((i - 1) * cols + (j - 1))]);
  };
  // Shortest augmenting paths with row and column potentials (Kuhn-Munkres in the
  // Jonker-Volgenant form), O(n² m).
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> u(static_cast<std::size_t>(n) + 1, 0.0), v(static_cast<std::size_t>(m) + 1, 0.0);
  std::vector<std::int64_t> owner(static_cast<std::size_t>(m) + 1, 0),
      way(static_cast<std::size_t>(m) + 1, 0);
  std::vector<double> min_slack(static_cast<std::size_t>(m) + 1);
  std::vector<bool> used(static_cast<std::size_t>(m) + 1);
  for (std::int64_t i = 1; i <= n; ++i) {
    check_interrupt();  // each row costs O(n m)
    owner[0] = i;
    std::int64_t j0 = 0;
    std::fill(min_slack.begin(), min_slack.end(), kInf);
    std::fill(used.begin(), used.end(), false);
    do {
      used[j0] = true;
      const std::int64_t i0 = owner[j0];
      double delta = kInf;
      std::int64_t j1 = 0;
      for (std::int64_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double slack = cost(i0, j) - u[i0] - v[j];
        if (slack < min_slack[j]) {
          min_slack[j] = slack;
          way[j] = j0;
        }
        if (min_slack[j] < delta) {
          delta = min_slack[j];
          j1 = j;
        }
      }
      for (std::int64_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else {
          min_slack[j] -= delta;
        }
      }
      j0 = j1;
    } while (owner[j0] != 0);
    do {
      const std::int64_t j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  for (std::int64_t j = 1; j <= m; ++j) {
    if (owner[j] == 0) continue;
    const std::int64_t row = transposed ? j - 1 : owner[j] - 1, col = transposed ? owner[j] - 1 : j - 1;
    if (weights[static_cast<std::size_t>(row * cols + col)] > 0) result[row] = col;
  }
  return result;
}

Alignment align_scores(std::span<const double> scores, std::int64_t a_rows, std::int64_t b_rows,
                       const AlignOptions& options) {
  options.validate();
  if (a_rows < 0 || b_rows < 0 || static_cast<std::int64_t>(scores.size()) != a_rows * b_rows)
    throw invalid_argument("align_scores: " + std::to_string(scores.size()) + " scores do not form a " +
                           std::to_string(a_rows) + " x " + std::to_string(b_rows) + " table");
  std::vector<Edge> pairs;
  if (options.mode == AlignMode::one_to_many) {
    for (std::int64_t i = 0; i < a_rows; ++i) {
      Edge best{i, -1, 0.0};
      for (std::int64_t j = 0; j < b_rows; ++j) {
        const double s = scores[static_cast<std::size_t>(i * b_rows + j)];
        if (eligible(s, options.threshold) && (best.b < 0 || s > best.score)) best = {i, j, s};
      }
      if (best.b >= 0) pairs.push_back(best);
    }
    return finish(std::move(pairs), a_rows, b_rows, true);
  }
  std::vector<double> weights(scores.size(), 0.0);
  for (std::size_t c = 0; c < scores.size(); ++c)
    if (eligible(scores[c], options.threshold)) weights[c] = scores[c];
  return finish(exact_matching(weights, a_rows, b_rows), a_rows, b_rows, true);
}

Alignment align(const CsrMatrix& a, const CsrMatrix& b, const AlignOptions& options) {
  options.validate();
  a.validate();
  b.validate();
  if (a.cols != b.cols)
    throw invalid_argument("align: A has " + std::to_string(a.cols) + " columns but B has " +
                           std::to_string(b.cols) + " (vectorize both with one vocabulary)");
  if (a.rows == 0 || b.rows == 0) return finish({}, a.rows, b.rows, true);

  TopKOptions search;
  search.exclude_self = false;
  search.threshold = options.threshold;
  search.n_threads = options.n_threads;
  auto edges_of = [&](const TopKResult& found, bool a_to_b) {
    std::vector<Edge> edges;
    for (std::int64_t r = 0; r < found.rows; ++r)
      for (std::int64_t s = 0; s < found.k; ++s) {
        const auto at = static_cast<std::size_t>(r * found.k + s);
        if (found.indices[at] < 0 || !eligible(found.scores[at], options.threshold)) continue;
        edges.push_back(a_to_b ? Edge{r, found.indices[at], found.scores[at]}
                               : Edge{found.indices[at], r, found.scores[at]});
      }
    return edges;
  };

  if (options.mode == AlignMode::one_to_many) {
    search.k = 1;
    return finish(edges_of(top_k(a, &b, search), true), a.rows, b.rows, true);
  }
  if (a.rows * b.rows <= options.exact_max_cells) {
    search.k = b.rows;  // every pair: the exact matching needs the whole table
    std::vector<double> weights(static_cast<std::size_t>(a.rows * b.rows), 0.0);
    for (const auto& e : edges_of(top_k(a, &b, search), true))
      weights[static_cast<std::size_t>(e.a * b.rows + e.b)] = e.score;
    return finish(exact_matching(weights, a.rows, b.rows), a.rows, b.rows, true);
  }
  // Candidates from both sides, so that a clause of B whose best partner is not among its
  // partner's own best still competes.
  search.k = options.candidates;
  auto edges = edges_of(top_k(a, &b, search), true);
  const auto back = edges_of(top_k(b, &a, search), false);
  edges.insert(edges.end(), back.begin(), back.end());
  std::sort(edges.begin(), edges.end(),
            [](const Edge& x, const Edge& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const Edge& x, const Edge& y) { return x.a == y.a && x.b == y.b; }),
              edges.end());
  return finish(greedy(std::move(edges), a.rows, b.rows), a.rows, b.rows, false);
}

}  // namespace treatytext
