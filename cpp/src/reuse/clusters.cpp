// Clusters of reused passages across a corpus: single link over passage sides, with the
// earliest witness as the inferred source.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "treatytext/error.hpp"
#include "treatytext/reuse.hpp"
#include "util/union_find.hpp"

namespace treatytext {

PassageClusters cluster_passages(std::int64_t documents, std::span<const std::int64_t> doc_a,
                                 std::span<const std::int64_t> start_a, std::span<const std::int64_t> end_a,
                                 std::span<const std::int64_t> doc_b, std::span<const std::int64_t> start_b,
                                 std::span<const std::int64_t> end_b, std::span<const double> dates) {
  const std::size_t n = doc_a.size();
  if (start_a.size() != n || end_a.size() != n || doc_b.size() != n || start_b.size() != n ||
      end_b.size() != n)
    throw invalid_argument("reuse: the passage columns differ in length");
  if (!dates.empty() && static_cast<std::int64_t>(dates.size()) != documents)
    throw invalid_argument("reuse: " + std::to_string(dates.size()) + " dates for " +
                           std::to_string(documents) + " documents");
  struct Member {
    std::int64_t document, start, end, node;
  };
  std::vector<Member> members;
  members.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto check = [&](std::int64_t d, std::int64_t s, std::int64_t e) {
      if (d < 0 || d >= documents)
        throw invalid_argument("reuse: passage " + std::to_string(i) + " names document " +
                               std::to_string(d) + " outside [0, " + std::to_string(documents) + ")");
      if (s < 0 || e < s)
        throw invalid_argument("reuse: passage " + std::to_string(i) + " has span [" + std::to_string(s) +
                               ", " + std::to_string(e) + ")");
    };
    check(doc_a[i], start_a[i], end_a[i]);
    check(doc_b[i], start_b[i], end_b[i]);
    members.push_back({doc_a[i], start_a[i], end_a[i], static_cast<std::int64_t>(2 * i)});
    members.push_back({doc_b[i], start_b[i], end_b[i], static_cast<std::int64_t>(2 * i + 1)});
  }
  detail::UnionFind sets(static_cast<std::int64_t>(members.size()));
  for (std::size_t i = 0; i < n; ++i)
    sets.unite(static_cast<std::int64_t>(2 * i), static_cast<std::int64_t>(2 * i + 1));
  const auto by_place = [](const Member& x, const Member& y) {
    if (x.document != y.document) return x.document < y.document;
    return x.start != y.start ? x.start < y.start : x.end < y.end;
  };
  std::sort(members.begin(), members.end(), by_place);
  // Overlapping sides in one document: a sweep links each member to the one reaching furthest.
  {
    std::int64_t reach_end = -1, reach_node = -1, document = -1;
    for (const Member& m : members) {
      if (m.document == document && m.start < reach_end) sets.unite(m.node, reach_node);
      if (m.document != document || m.end > reach_end) {
        document = m.document;
        reach_end = m.end;
        reach_node = m.node;
      }
    }
  }
  // Members of one cluster in one document merge into one span; clusters numbered by first member.
  std::vector<std::int64_t> label(members.size(), -1);
  std::vector<std::int64_t> root_label(members.size(), -1);
  std::int64_t clusters = 0;
  for (const Member& m : members) {
    const std::int64_t root = sets.find(m.node);
    if (root_label[static_cast<std::size_t>(root)] < 0)
      root_label[static_cast<std::size_t>(root)] = clusters++;
  }
  struct Row {
    std::int64_t cluster, document, start, end;
  };
  std::vector<Row> rows;
  rows.reserve(members.size());
  for (const Member& m : members)
    rows.push_back({root_label[static_cast<std::size_t>(sets.find(m.node))], m.document, m.start, m.end});
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    if (x.cluster != y.cluster) return x.cluster < y.cluster;
    if (x.document != y.document) return x.document < y.document;
    return x.start < y.start;
  });
  PassageClusters out;
  out.source.assign(static_cast<std::size_t>(clusters), -1);
  out.size.assign(static_cast<std::size_t>(clusters), 0);
  const auto date_of = [&](std::int64_t d) {
    if (dates.empty()) return 0.0;
    const double value = dates[static_cast<std::size_t>(d)];
    return std::isnan(value) ? HUGE_VAL : value;
  };
  for (const Row& r : rows) {
    if (!out.cluster.empty() && out.cluster.back() == r.cluster && out.document.back() == r.document &&
        r.start < out.end.back()) {
      out.end.back() = std::max(out.end.back(), r.end);
      continue;
    }
    const auto c = static_cast<std::size_t>(r.cluster);
    if (out.cluster.empty() || out.cluster.back() != r.cluster || out.document.back() != r.document)
      ++out.size[c];
    const auto row = static_cast<std::int64_t>(out.cluster.size());
    // Rows come by (document, start) within a cluster, so a strictly smaller date wins.
    if (out.source[c] < 0 ||
        date_of(r.document) < date_of(out.document[static_cast<std::size_t>(out.source[c])]))
      out.source[c] = row;
    out.cluster.push_back(r.cluster);
    out.document.push_back(r.document);
    out.start.push_back(r.start);
    out.end.push_back(r.end);
  }
  return out;
}

}  // namespace treatytext
