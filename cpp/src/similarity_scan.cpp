#include "similarity_scan.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace treatytext::detail {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr std::int64_t kGroupTiles = kGroupRows / kLanes;

#if defined(__GNUC__)
// 16-float vectors that each instruction set lowers onto its own registers. Passing them
// between non-inlined functions of different targets would change the ABI; every function
// using them here is inlined into one target's kernel, so GCC's ABI note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
using Floats = float __attribute__((vector_size(kLanes * sizeof(float))));

#define TT_INLINE inline __attribute__((always_inline))

TT_INLINE Floats load(const float* p) {
  Floats v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
TT_INLINE void store(float* p, const Floats& v) { std::memcpy(p, &v, sizeof v); }
TT_INLINE Floats vmax(const Floats& a, const Floats& b) { return a > b ? a : b; }
TT_INLINE float horizontal_max(const Floats& value) {
  Floats v = value;
  v = vmax(v, __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  v = vmax(v, __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
  v = vmax(v, __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
  v = vmax(v, __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
  return v[0];
}

/// Bit l set when lane l of v is >= cut (shuffles instead of a movemask intrinsic, so that the
/// same code serves every target).
TT_INLINE unsigned lanes_at_least(const Floats& v, float cut) {
  using Ints = std::int32_t __attribute__((vector_size(kLanes * sizeof(std::int32_t))));
  const Ints bits = {1 << 0, 1 << 1, 1 << 2,  1 << 3,  1 << 4,  1 << 5,  1 << 6,  1 << 7,
                     1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15};
  Ints m = (v >= cut) & bits;
  m |= __builtin_shufflevector(m, m, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  m |= __builtin_shufflevector(m, m, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
  m |= __builtin_shufflevector(m, m, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
  m |= __builtin_shufflevector(m, m, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
  return static_cast<unsigned>(m[0]);
}

/// Q queries against T tiles of one group: Q x T independent vector accumulators.
template <int Q, int T>
TT_INLINE void scan_block(const CommonBasis& basis, std::int64_t rows, std::int64_t group, ScanQuery* q) {
  const std::int64_t d = basis.dims;
  const float* residual = basis.y_residual.data();
  for (std::int64_t t0 = 0; t0 < kGroupTiles; t0 += T) {
    const std::int64_t tile0 = group * kGroupTiles + t0;
    const float* block = basis.y_projection.data() + tile0 * d * kLanes;
    Floats dot[Q][T] = {};
    for (std::int64_t k = 0; k < d; ++k) {
      Floats column[T];
      for (int t = 0; t < T; ++t) column[t] = load(block + (t * d + k) * kLanes);
      for (int i = 0; i < Q; ++i) {
        const float pk = q[i].projection[k];
        for (int t = 0; t < T; ++t) dot[i][t] += pk * column[t];
      }
    }
    for (int i = 0; i < Q; ++i) {
      Floats ub[T];
      Floats top = {};
      top -= kInf;
      for (int t = 0; t < T; ++t) {
        const std::int64_t base = (tile0 + t) * kLanes;
        const Floats a = load(q[i].acc + base);
        store(q[i].acc + base, Floats{});
        ub[t] = a + dot[i][t] + q[i].rq * load(residual + base) + q[i].slack;
        top = vmax(top, ub[t]);
      }
      if (!(horizontal_max(top) >= q[i].cut)) continue;
      for (int t = 0; t < T; ++t)
        for (unsigned mask = lanes_at_least(ub[t], q[i].cut); mask != 0; mask &= mask - 1) {
          const int lane = __builtin_ctz(mask);
          const std::int64_t j = (tile0 + t) * kLanes + lane;
          if (j < rows) q[i].out->emplace_back(ub[t][lane], static_cast<std::int32_t>(j));
        }
    }
  }
}

template <int Q, int T>
TT_INLINE void scan_all(const CommonBasis& basis, std::int64_t rows, ScanQuery* queries, int count) {
  const std::int64_t groups = basis.tiles / kGroupTiles;
  const int full = count / Q * Q;
  // Groups outside, queries inside: a group's projections (d x 256 bytes) stay in L1 while every
  // query of the block reads them.
  for (std::int64_t g = 0; g < groups; ++g) {
    for (int i = 0; i < full; i += Q) scan_block<Q, T>(basis, rows, g, queries + i);
    for (int i = full; i < count; ++i) scan_block<1, T>(basis, rows, g, queries + i);
  }
}

TT_INLINE void group_maxima(const float* acc, std::int64_t groups, float* out) {
  for (std::int64_t g = 0; g < groups; ++g) {
    const float* group = acc + g * kGroupRows;
    Floats top = load(group);
    for (std::int64_t t = 1; t < kGroupTiles; ++t) top = vmax(top, load(group + t * kLanes));
    out[g] = horizontal_max(top);
  }
}

#if defined(__x86_64__) && !defined(__clang__)
#define TT_HAVE_LEVELS 1
__attribute__((target("arch=x86-64-v4"))) void scan_v4(const CommonBasis& b, std::int64_t r, ScanQuery* q,
                                                       int c) {
  scan_all<4, 4>(b, r, q, c);
}
__attribute__((target("arch=x86-64-v3"))) void scan_v3(const CommonBasis& b, std::int64_t r, ScanQuery* q,
                                                       int c) {
  scan_all<2, 2>(b, r, q, c);
}
__attribute__((target("arch=x86-64-v4"))) void maxima_v4(const float* a, std::int64_t g, float* o) {
  group_maxima(a, g, o);
}
__attribute__((target("arch=x86-64-v3"))) void maxima_v3(const float* a, std::int64_t g, float* o) {
  group_maxima(a, g, o);
}
#endif
void scan_baseline(const CommonBasis& b, std::int64_t r, ScanQuery* q, int c) { scan_all<1, 2>(b, r, q, c); }
void maxima_baseline(const float* a, std::int64_t g, float* o) { group_maxima(a, g, o); }

#else  // not GCC or Clang: plain scalar code
void maxima_baseline(const float* acc, std::int64_t groups, float* out) {
  for (std::int64_t g = 0; g < groups; ++g) {
    float top = acc[g * kGroupRows];
    for (std::int64_t j = 1; j < kGroupRows; ++j) top = std::max(top, acc[g * kGroupRows + j]);
    out[g] = top;
  }
}
void scan_baseline(const CommonBasis& basis, std::int64_t rows, ScanQuery* queries, int count) {
  const std::int64_t d = basis.dims;
  for (int i = 0; i < count; ++i) {
    ScanQuery& q = queries[i];
    for (std::int64_t j = 0; j < basis.tiles * kLanes; ++j) {
      const std::int64_t tile = j / kLanes, lane = j % kLanes;
      float dot = 0.0f;
      for (std::int64_t k = 0; k < d; ++k)
        dot += q.projection[k] * basis.y_projection[static_cast<std::size_t>((tile * d + k) * kLanes + lane)];
      const float ub = q.acc[j] + dot + q.rq * basis.y_residual[static_cast<std::size_t>(j)] + q.slack;
      q.acc[j] = 0.0f;
      if (ub >= q.cut && j < rows) q.out->emplace_back(ub, static_cast<std::int32_t>(j));
    }
  }
}
#endif

// The instruction set level of this CPU: 4 (AVX-512), 3 (AVX2) or 1 (baseline x86-64 or other).
int cpu_level() {
#if defined(TT_HAVE_LEVELS)
  static const int level = __builtin_cpu_supports("x86-64-v4")   ? 4
                           : __builtin_cpu_supports("x86-64-v3") ? 3
                                                                 : 1;
  return level;
#else
  return 1;
#endif
}

}  // namespace

void bound_scan(const CommonBasis& basis, std::int64_t rows, ScanQuery* queries, int count) {
#if defined(TT_HAVE_LEVELS)
  if (cpu_level() == 4) return scan_v4(basis, rows, queries, count);
  if (cpu_level() == 3) return scan_v3(basis, rows, queries, count);
#endif
  scan_baseline(basis, rows, queries, count);
}

void largest_rows(const float* acc, std::int64_t rows, std::size_t count, Candidates& out,
                  std::vector<float>& group_max) {
  out.clear();
  if (count == 0 || rows == 0) return;
  // The maximum of each group; the count-th largest of those is at most the count-th largest
  // row, so only groups reaching it can hold a row of the answer.
  const std::int64_t groups = (rows + kGroupRows - 1) / kGroupRows;
  group_max.resize(static_cast<std::size_t>(groups));
#if defined(TT_HAVE_LEVELS)
  if (cpu_level() == 4)
    maxima_v4(acc, groups, group_max.data());
  else if (cpu_level() == 3)
    maxima_v3(acc, groups, group_max.data());
  else
#endif
    maxima_baseline(acc, groups, group_max.data());
  float floor = -kInf;
  if (static_cast<std::size_t>(groups) > count) {
    // The count-th largest group maximum, through a min-heap of count values (out's storage).
    out.clear();
    const auto smaller = [](const auto& a, const auto& b) { return a.first > b.first; };
    for (std::int64_t g = 0; g < groups; ++g) {
      const float top = group_max[static_cast<std::size_t>(g)];
      if (out.size() < count) {
        out.emplace_back(top, 0);
        std::push_heap(out.begin(), out.end(), smaller);
      } else if (top > out.front().first) {
        std::pop_heap(out.begin(), out.end(), smaller);
        out.back().first = top;
        std::push_heap(out.begin(), out.end(), smaller);
      }
    }
    floor = out.front().first;
    out.clear();
  }
  const auto smaller = [](const auto& a, const auto& b) { return a.first > b.first; };  // min-heap
  for (std::int64_t g = 0; g < groups; ++g) {
    const float top = group_max[static_cast<std::size_t>(g)];
    if (top < floor || top == -kInf || (out.size() == count && !(top > out.front().first))) continue;
    const std::int64_t end = std::min(rows, (g + 1) * kGroupRows);
    for (std::int64_t j = g * kGroupRows; j < end; ++j) {
      const float v = acc[j];
      if (out.size() < count) {
        if (v == -kInf) continue;
        out.emplace_back(v, static_cast<std::int32_t>(j));
        std::push_heap(out.begin(), out.end(), smaller);
      } else if (v > out.front().first) {
        std::pop_heap(out.begin(), out.end(), smaller);
        out.back() = {v, static_cast<std::int32_t>(j)};
        std::push_heap(out.begin(), out.end(), smaller);
      }
    }
  }
}

}  // namespace treatytext::detail
