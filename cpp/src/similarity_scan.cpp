#include "similarity_scan.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace treatytext::detail {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr std::int64_t kGroupTiles = kGroupRows / kLanes;
constexpr std::int64_t kMaxDims = 64;  // PruneTuning::dims is capped here

#if defined(__GNUC__)
// 16-float vectors that each instruction set lowers onto its own registers. Passing them
// between non-inlined functions of different targets would change the ABI; every function
// using them here is inlined into one target's kernel, so GCC's ABI note does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
using Floats = float __attribute__((vector_size(kLanes * sizeof(float))));
using Ints = std::int32_t __attribute__((vector_size(kLanes * sizeof(std::int32_t))));
#define TT_INLINE inline __attribute__((always_inline))

TT_INLINE Floats load(const float* p) {
  Floats v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
TT_INLINE void store(float* p, const Floats& v) { std::memcpy(p, &v, sizeof v); }
TT_INLINE Floats vmax(const Floats& a, const Floats& b) { return a > b ? a : b; }
TT_INLINE Floats broadcast(float x) { return Floats{} + x; }

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
  const Ints bits = {1 << 0, 1 << 1, 1 << 2,  1 << 3,  1 << 4,  1 << 5,  1 << 6,  1 << 7,
                     1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15};
  Ints m = (v >= cut) & bits;
  m |= __builtin_shufflevector(m, m, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
  m |= __builtin_shufflevector(m, m, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
  m |= __builtin_shufflevector(m, m, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
  m |= __builtin_shufflevector(m, m, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
  return static_cast<unsigned>(m[0]);
}

TT_INLINE void group_maxima_impl(const CommonBasis& basis, const float* acc, float* group_max) {
  for (std::int64_t g = 0; g < basis.groups(); ++g) {
    const float* group = acc + g * kGroupRows;
    Floats top = load(group);
    for (std::int64_t t = 1; t < kGroupTiles; ++t) top = vmax(top, load(group + t * kLanes));
    group_max[g] = horizontal_max(top);
  }
  for (std::int64_t g = basis.groups(); g < basis.padded_groups(); ++g) group_max[g] = -kInf;
}

TT_INLINE void group_bounds_impl(const CommonBasis& basis, const QueryBounds& q, const float* group_max,
                                 float* bound) {
  const std::int64_t d = basis.dims;
  const std::int64_t stride = basis.padded_groups();
  const float* centroids = basis.group_centroid.data();
  for (std::int64_t g = 0; g < stride; g += kLanes) {
    Floats dot = {};
    for (std::int64_t k = 0; k < d; ++k) dot += q.projection[k] * load(centroids + k * stride + g);
    const Floats b = load(group_max + g) + dot + q.norm * load(basis.group_radius.data() + g) +
                     q.rq * load(basis.group_residual.data() + g) + 2.0f * q.slack;
    store(bound + g, b);
  }
}

/// One group: `block` holds its rows' projections as floats, in the (tile, dim, lane) layout.
TT_INLINE void scan_group(const CommonBasis& basis, std::int64_t rows, const QueryBounds& q, float cut,
                          const float* acc, std::int64_t group, const float* block, Candidates& out) {
  const std::int64_t d = basis.dims;
  const float* residual = basis.y_residual.data();
  const std::int64_t tile0 = group * kGroupTiles;
  // Four independent chains of multiply-adds hide the latency of each.
  Floats dot[kGroupTiles] = {};
  for (std::int64_t k = 0; k < d; ++k) {
    const Floats pk = broadcast(q.projection[k]);
    for (std::int64_t t = 0; t < kGroupTiles; ++t) dot[t] += pk * load(block + (t * d + k) * kLanes);
  }
  for (std::int64_t t = 0; t < kGroupTiles; ++t) {
    const std::int64_t base = (tile0 + t) * kLanes;
    const Floats ub = load(acc + base) + dot[t] + q.rq * load(residual + base) + q.slack;
    for (unsigned mask = lanes_at_least(ub, cut); mask != 0; mask &= mask - 1) {
      const int lane = __builtin_ctz(mask);
      const std::int64_t j = base + lane;
      if (j < rows) out.emplace_back(ub[lane], static_cast<std::int32_t>(j));
    }
  }
}

// The listed groups, each first widened to floats by `widen(source, count, target)`.
#define TT_SCAN_GROUPS_BODY(widen)                                                               \
  const std::int64_t size = basis.dims * kGroupRows;                                             \
  alignas(64) float block[kMaxDims * kGroupRows];                                                \
  for (std::size_t i = 0; i < count; ++i) {                                                      \
    widen(basis.y_projection.data() + static_cast<std::int64_t>(groups[i]) * size, size, block); \
    scan_group(basis, rows, q, cut, acc, groups[i], block, out);                                 \
  }

#if defined(__x86_64__) && !defined(__clang__) && defined(__FLT16_MAX__)
#define TT_HAVE_LEVELS 1
#endif

// Three builds of each kernel (AVX-512, AVX2, baseline x86-64 or another CPU), chosen at run time.
#if defined(TT_HAVE_LEVELS)
#define TT_KERNEL(name, params, args)                                                   \
  __attribute__((target("arch=x86-64-v4"))) void name##_v4 params { name##_impl args; } \
  __attribute__((target("arch=x86-64-v3"))) void name##_v3 params { name##_impl args; } \
  void name##_base params { name##_impl args; }
#else
#define TT_KERNEL(name, params, args) \
  void name##_base params { name##_impl args; }
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
  TT_SCAN_GROUPS_BODY(widen_portable)
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
  TT_SCAN_GROUPS_BODY(widen_v4)
}

__attribute__((target("arch=x86-64-v3"))) void scan_groups_v3(const CommonBasis& basis, std::int64_t rows,
                                                              const QueryBounds& q, float cut,
                                                              const float* acc, const std::int32_t* groups,
                                                              std::size_t count, Candidates& out) {
  TT_SCAN_GROUPS_BODY(widen_v3)
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

// The instruction set level of this CPU: 4 (AVX-512), 3 (AVX2) or 1 (anything else).
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
