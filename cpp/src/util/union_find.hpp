// Internal: disjoint sets with path halving, used wherever single-link components are needed
// (agglomerative clustering's cut, clusters of reused passages).
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace treatytext::detail {

struct UnionFind {
  std::vector<std::int64_t> parent;
  explicit UnionFind(std::int64_t n) : parent(static_cast<std::size_t>(n)) {
    std::iota(parent.begin(), parent.end(), std::int64_t{0});
  }
  /// The representative of i's set.
  std::int64_t find(std::int64_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  /// Joins the sets of x and y.
  void unite(std::int64_t x, std::int64_t y) { parent[find(x)] = find(y); }
};

}  // namespace treatytext::detail
