#include "similarity/pruned/scan.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

#include "util/simd.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace treatytext::detail {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr std::int64_t kGroupTiles = kGroupRows / kLanes;

#if defined(__GNUC__)
// Vectors of W floats, W the native width of each target (16 for AVX-512, 8 for AVX2, 4 for
// SSE2), so that no target splits or spills them. Passing them between non-inlined functions of
// different targets would change the ABI; every function using them is inlined into one
// target's kernel, so GCC's ABI note does not apply.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
#define TT_INLINE inline __attribute__((always_inline))

// GCC wants a literal vector size, hence one specialization per width.
template <int W>
struct Lanes;
template <>
struct Lanes<4> {
  typedef float V __attribute__((vector_size(16)));
  typedef std::int32_t M __attribute__((vector_size(16)));
};
template <>
struct Lanes<8> {
  typedef float V __attribute__((vector_size(32)));
  typedef std::int32_t M __attribute__((vector_size(32)));
};
template <>
struct Lanes<16> {
  typedef float V __attribute__((vector_size(64)));
  typedef std::int32_t M __attribute__((vector_size(64)));
};

template <int W>
struct Simd {
  using V = typename Lanes<W>::V;
  using M = typename Lanes<W>::M;

  static TT_INLINE V load(const float* p) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static TT_INLINE void store(float* p, const V& v) { std::memcpy(p, &v, sizeof v); }
  static TT_INLINE V max(const V& a, const V& b) { return a > b ? a : b; }

  // Halving steps: lane l meets lane l ^ step.
  template <typename T>
  static TT_INLINE T swap(const T& v, int step) {
    if constexpr (W == 16) {
      if (step == 8)
        return __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
      if (step == 4)
        return __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
      if (step == 2)
        return __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
      return __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
    } else if constexpr (W == 8) {
      if (step == 4) return __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
      if (step == 2) return __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
      return __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6);
    } else {
      if (step == 2) return __builtin_shufflevector(v, v, 2, 3, 0, 1);
      return __builtin_shufflevector(v, v, 1, 0, 3, 2);
    }
  }

  static TT_INLINE float horizontal_max(const V& value) {
    V v = value;
    for (int step = W / 2; step >= 1; step /= 2) v = max(v, swap(v, step));
    return v[0];
  }

  /// Bit l set when lane l of v is >= cut (shuffles instead of a movemask intrinsic, so that
  /// the same code serves every target).
  static TT_INLINE unsigned lanes_at_least(const V& v, float cut) {
    M bits;
    for (int lane = 0; lane < W; ++lane) bits[lane] = 1 << lane;
    M m = (v >= cut) & bits;
    for (int step = W / 2; step >= 1; step /= 2) m |= swap(m, step);
    return static_cast<unsigned>(m[0]);
  }
};

template <int W>
TT_INLINE void group_maxima_impl(const CommonBasis& basis, const float* acc, float* group_max) {
  using S = Simd<W>;
  for (std::int64_t g = 0; g < basis.groups(); ++g) {
    const float* group = acc + g * kGroupRows;
    typename S::V top = S::load(group);
    for (std::int64_t v = W; v < kGroupRows; v += W) top = S::max(top, S::load(group + v));
    group_max[g] = S::horizontal_max(top);
  }
  for (std::int64_t g = basis.groups(); g < basis.padded_groups(); ++g) group_max[g] = -kInf;
}

template <int W>
TT_INLINE void group_bounds_impl(const CommonBasis& basis, const QueryBounds& q, const float* group_max,
                                 float* bound) {
  using S = Simd<W>;
  const std::int64_t d = basis.dims;
  const std::int64_t stride = basis.padded_groups();  // a multiple of kLanes, hence of W
  const float* centroids = basis.group_centroid.data();
  for (std::int64_t g = 0; g < stride; g += W) {
    typename S::V dot = {};
    for (std::int64_t k = 0; k < d; ++k) dot += q.projection[k] * S::load(centroids + k * stride + g);
    const typename S::V b = S::load(group_max + g) + dot + q.norm * S::load(basis.group_radius.data() + g) +
                            q.rq * S::load(basis.group_residual.data() + g) + 2.0f * q.slack;
    S::store(bound + g, b);
  }
}

/// One group: `block` holds its rows' projections as floats, in the (tile, dim, lane) layout.
template <int W>
TT_INLINE void scan_group(const CommonBasis& basis, std::int64_t rows, const QueryBounds& q, float cut,
                          const float* acc, std::int64_t group, const float* block, Candidates& out) {
  using S = Simd<W>;
  constexpr int kPerTile = static_cast<int>(kLanes) / W;
  constexpr int kChains = static_cast<int>(kGroupTiles) * kPerTile;  // 4 (AVX-512) to 16 (SSE2)
  const std::int64_t d = basis.dims;
  const float* residual = basis.y_residual.data();
  const std::int64_t first = group * kGroupRows;
  // Independent chains of multiply-adds hide the latency of each.
  typename S::V dot[kChains] = {};
  for (std::int64_t k = 0; k < d; ++k) {
    const float pk = q.projection[k];
    for (int c = 0; c < kChains; ++c)
      dot[c] += pk * S::load(block + ((c / kPerTile) * d + k) * kLanes + (c % kPerTile) * W);
  }
  for (int c = 0; c < kChains; ++c) {
    const std::int64_t base = first + c * W;  // rows of chain c: (tile c / kPerTile, part c % kPerTile)
    const typename S::V ub = S::load(acc + base) + dot[c] + q.rq * S::load(residual + base) + q.slack;
    for (unsigned mask = S::lanes_at_least(ub, cut); mask != 0; mask &= mask - 1) {
      const int lane = __builtin_ctz(mask);
      const std::int64_t j = base + lane;
      if (j < rows) out.emplace_back(ub[lane], static_cast<std::int32_t>(j));
    }
  }
}

// The listed groups, each first widened to floats by `widen(source, count, target)`.
#define TT_SCAN_GROUPS_BODY(widen, width)                                                                 \
  const std::int64_t size = basis.dims * kGroupRows;                                                      \
  alignas(64) float block[kMaxDims * kGroupRows];                                                         \
  for (std::size_t i = 0; i < count; ++i) {                                                               \
    if (i + 1 < count) { /* the groups are scattered: fetch the next one's projections early */           \
      const auto* next = reinterpret_cast<const char*>(basis.y_projection.data() +                        \
                                                       static_cast<std::int64_t>(groups[i + 1]) * size);  \
      for (std::int64_t byte = 0; byte < size * static_cast<std::int64_t>(sizeof(Projected)); byte += 64) \
        __builtin_prefetch(next + byte);                                                                  \
    }                                                                                                     \
    widen(basis.y_projection.data() + static_cast<std::int64_t>(groups[i]) * size, size, block);          \
    scan_group<width>(basis, rows, q, cut, acc, groups[i], block, out);                                   \
  }

#if defined(__x86_64__) && !defined(__clang__) && defined(__FLT16_MAX__)
#define TT_HAVE_LEVELS 1
#endif

// Three builds of each kernel (AVX-512, AVX2, baseline x86-64 or another CPU), chosen at run time.
#if defined(TT_HAVE_LEVELS)
#define TT_KERNEL(name, params, args)                                                       \
  __attribute__((target("arch=x86-64-v4"))) void name##_v4 params { name##_impl<16> args; } \
  __attribute__((target("arch=x86-64-v3"))) void name##_v3 params { name##_impl<8> args; }  \
  void name##_base params { name##_impl<4> args; }
#else
#define TT_KERNEL(name, params, args) \
  void name##_base params { name##_impl<4> args; }
#endif

TT_KERNEL(group_maxima, (const CommonBasis& b, const float* a, float* m), (b, a, m))
TT_KERNEL(group_bounds, (const CommonBasis& b, const QueryBounds& q, const float* m, float* o), (b, q, m, o))

// Half precision to float without F16C: the bits of a half shifted into a float's place, scaled
// by 2^112 (exact for normal and subnormal halves alike), with the sign put back.
TT_INLINE void widen_portable(const Projected* source, std::int64_t count, float* target) {
#if defined(__FLT16_MAX__)
  for (std::int64_t i = 0; i < count; ++i) {
    std::uint16_t half;
    std::memcpy(&half, source + i, sizeof half);
    const std::uint32_t magnitude = static_cast<std::uint32_t>(half & 0x7fffu) << 13;
    float value;
    std::memcpy(&value, &magnitude, sizeof value);
    value *= 0x1p112f;
    target[i] = (half & 0x8000u) != 0 ? -value : value;
  }
#else
  std::memcpy(target, source, static_cast<std::size_t>(count) * sizeof(float));
#endif
}

void scan_groups_base(const CommonBasis& basis, std::int64_t rows, const QueryBounds& q, float cut,
                      const float* acc, const std::int32_t* groups, std::size_t count, Candidates& out) {
  TT_SCAN_GROUPS_BODY(widen_portable, 4)
}

#if defined(TT_HAVE_LEVELS)
__attribute__((target("arch=x86-64-v4"), always_inline)) inline void widen_v4(const Projected* source,
                                                                              std::int64_t n, float* target) {
  for (std::int64_t i = 0; i < n; i += 16)
    _mm512_store_ps(target + i,
                    _mm512_mask_cvtph_ps(_mm512_setzero_ps(), 0xffff,
                                         _mm256_loadu_si256(reinterpret_cast<const __m256i*>(source + i))));
}

__attribute__((target("arch=x86-64-v3"), always_inline)) inline void widen_v3(const Projected* source,
                                                                              std::int64_t n, float* target) {
  for (std::int64_t i = 0; i < n; i += 8)
    _mm256_store_ps(target + i,
                    _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(source + i))));
}

__attribute__((target("arch=x86-64-v4"))) void scan_groups_v4(const CommonBasis& basis, std::int64_t rows,
                                                              const QueryBounds& q, float cut,
                                                              const float* acc, const std::int32_t* groups,
                                                              std::size_t count, Candidates& out) {
  TT_SCAN_GROUPS_BODY(widen_v4, 16)
}

__attribute__((target("arch=x86-64-v3"))) void scan_groups_v3(const CommonBasis& basis, std::int64_t rows,
                                                              const QueryBounds& q, float cut,
                                                              const float* acc, const std::int32_t* groups,
                                                              std::size_t count, Candidates& out) {
  TT_SCAN_GROUPS_BODY(widen_v3, 8)
}
#endif

#else  // neither GCC nor Clang: plain scalar code

void group_maxima_base(const CommonBasis& basis, const float* acc, float* group_max) {
  for (std::int64_t g = 0; g < basis.padded_groups(); ++g) {
    float top = -kInf;
    if (g < basis.groups())
      for (std::int64_t j = g * kGroupRows; j < (g + 1) * kGroupRows; ++j) top = std::max(top, acc[j]);
    group_max[g] = top;
  }
}

void group_bounds_base(const CommonBasis& basis, const QueryBounds& q, const float* group_max, float* bound) {
  const std::int64_t stride = basis.padded_groups();
  for (std::int64_t g = 0; g < stride; ++g) {
    float dot = 0.0f;
    for (std::int64_t k = 0; k < basis.dims; ++k)
      dot += q.projection[k] * basis.group_centroid[static_cast<std::size_t>(k * stride + g)];
    bound[g] = group_max[g] + dot + q.norm * basis.group_radius[static_cast<std::size_t>(g)] +
               q.rq * basis.group_residual[static_cast<std::size_t>(g)] + 2.0f * q.slack;
  }
}

void scan_groups_base(const CommonBasis& basis, std::int64_t rows, const QueryBounds& q, float cut,
                      const float* acc, const std::int32_t* groups, std::size_t count, Candidates& out) {
  for (std::size_t i = 0; i < count; ++i)
    for (std::int64_t j = groups[i] * kGroupRows; j < (groups[i] + 1) * kGroupRows && j < rows; ++j) {
      const std::int64_t tile = j / kLanes, lane = j % kLanes;
      float dot = 0.0f;
      for (std::int64_t k = 0; k < basis.dims; ++k)
        dot += q.projection[k] *
               static_cast<float>(
                   basis.y_projection[static_cast<std::size_t>((tile * basis.dims + k) * kLanes + lane)]);
      const float ub = acc[j] + dot + q.rq * basis.y_residual[static_cast<std::size_t>(j)] + q.slack;
      if (ub >= cut) out.emplace_back(ub, static_cast<std::int32_t>(j));
    }
}
#endif

// The instruction set level used: 4 (AVX-512), 3 (AVX2) or 1 (anything else), the best this CPU
// has under the ceiling of TREATYTEXT_SIMD (util/simd.hpp), so that every kernel can be tested
// on one machine. (The AMX tile search is the other backend, chosen in topk.cpp.)
[[maybe_unused]] int cpu_level() {  // unused where only the portable kernels exist (clang)
#if defined(TT_HAVE_LEVELS)
  static const int level = [] {
    const int best = __builtin_cpu_supports("x86-64-v4") ? 4 : __builtin_cpu_supports("x86-64-v3") ? 3 : 1;
    switch (util::simd_ceiling()) {
      case util::SimdLevel::baseline:
        return 1;
      case util::SimdLevel::avx2:
        return std::min(best, 3);
      case util::SimdLevel::avx512:
      case util::SimdLevel::amx:
        break;
    }
    return best;
  }();
  return level;
#else
  return 1;
#endif
}

#if defined(TT_HAVE_LEVELS)
#define TT_CALL(name, ...)                               \
  do {                                                   \
    if (cpu_level() == 4) return name##_v4(__VA_ARGS__); \
    if (cpu_level() == 3) return name##_v3(__VA_ARGS__); \
    return name##_base(__VA_ARGS__);                     \
  } while (false)
#else
#define TT_CALL(name, ...) return name##_base(__VA_ARGS__)
#endif

}  // namespace

void group_maxima(const CommonBasis& basis, const float* acc, float* group_max) {
  TT_CALL(group_maxima, basis, acc, group_max);
}

void group_bounds(const CommonBasis& basis, const QueryBounds& query, const float* group_max, float* bound) {
  TT_CALL(group_bounds, basis, query, group_max, bound);
}

void scan_groups(const CommonBasis& basis, std::int64_t rows, const QueryBounds& query, float cut,
                 const float* acc, const std::int32_t* groups, std::size_t count, Candidates& out) {
  TT_CALL(scan_groups, basis, rows, query, cut, acc, groups, count, out);
}

void largest_rows(const CommonBasis& basis, const float* acc, const float* group_max, std::int64_t rows,
                  std::size_t count, Candidates& out) {
  out.clear();
  if (count == 0 || rows == 0) return;
  const auto smaller = [](const auto& a, const auto& b) { return a.first > b.first; };  // min-heap
  // The count-th largest group maximum is at most the count-th largest row, so only groups
  // reaching it can hold a row of the answer.
  float floor = -kInf;
  const std::int64_t groups = basis.groups();
  if (static_cast<std::size_t>(groups) > count) {
    for (std::int64_t g = 0; g < groups; ++g) {
      const float top = group_max[g];
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
  for (std::int64_t g = 0; g < groups; ++g) {
    const float top = group_max[g];
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
