#include "similarity/amx/tile_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <string>

#include "treatytext/parallel.hpp"
#include "util/float_rounding.hpp"
#include "util/simd.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define TT_HAVE_TILES 1
#include <cpuid.h>
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>
// GCC 12's _mm512_cvtepi32_ps passes an undefined vector through its mask argument, which
// -Wmaybe-uninitialized reports in every caller.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace treatytext::detail {

namespace {

constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
// Each value is within half a step of its byte, up to the rounding of v / s in double; this
// factor on every error term covers that with room to spare.
constexpr double kErrorMargin = 1.0 + 0x1p-20;
// A row whose largest common value is below this keeps no bytes (scale 0): its whole common
// part, at most 256 x 1e-30, is far inside every bound's slack.
constexpr double kTinyScale = 1e-30;

#if defined(TT_HAVE_TILES)
// Linux: the tile data state (XFEATURE 18) is off until the process asks for it.
constexpr int kArchRequestPermission = 0x1023;  // ARCH_REQ_XCOMP_PERM
constexpr int kTileDataFeature = 18;            // XFEATURE_XTILEDATA

bool cpu_has_tiles() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d) || (c & (1u << 27)) == 0) return false;  // OSXSAVE
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  const bool tile = (d & (1u << 24)) != 0, int8 = (d & (1u << 25)) != 0;
  if (!tile || !int8 || !__builtin_cpu_supports("avx512f")) return false;
  unsigned low = 0, high = 0;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  const unsigned tile_state = (1u << 17) | (1u << 18);  // XTILECFG, XTILEDATA enabled by the OS
  if ((low & tile_state) != tile_state) return false;
  return syscall(SYS_arch_prctl, kArchRequestPermission, kTileDataFeature) == 0;
}

// The operand of LDTILECFG: palette 1, every tile 16 rows of 64 bytes.
struct alignas(64) TileConfig {
  std::uint8_t palette = 1;
  std::uint8_t start_row = 0;
  std::uint8_t reserved[14] = {};
  std::uint16_t bytes_per_row[16] = {};
  std::uint8_t rows[16] = {};
};

__attribute__((target("amx-tile,amx-int8"))) void tile_products_amx(const ByteRows& x, const ByteRows& y,
                                                                    std::int64_t query, std::int64_t first,
                                                                    std::int64_t last, std::int32_t* out,
                                                                    std::int64_t stride) {
  TileConfig config;
  for (int t = 0; t < 8; ++t) {
    config.bytes_per_row[t] = kTileDepth;
    config.rows[t] = kTileRows;
  }
  _tile_loadconfig(&config);
  const std::int64_t depth = x.depth;
  const std::uint8_t* q0 = x.values.data() + query * depth;
  const std::uint8_t* q1 = q0 + kTileRows * depth;
  const auto out_stride = stride * static_cast<std::int64_t>(sizeof(std::int32_t));
  // Tiles 0-3: the 2 x 2 blocks of 16 x 16 sums; 4-5: the two query strips (they stay in L1);
  // 6-7: two panels of Y. (Blocks of 64 or 128 queries, reading Y's bytes half or a quarter as
  // often, measured slower on ToTA: their products no longer stay near the cache.)
  for (std::int64_t j = first; j < last; j += kTileBlock) {
    const std::uint8_t* y0 = y.values.data() + j * depth;
    const std::uint8_t* y1 = y0 + kTileRows * depth;
    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
    for (std::int64_t k = 0; k < depth; k += kTileDepth) {
      _tile_loadd(4, q0 + k, depth);
      _tile_loadd(5, q1 + k, depth);
      _tile_loadd(6, y0 + k * kTileRows, kTileDepth);
      _tile_loadd(7, y1 + k * kTileRows, kTileDepth);
      _tile_dpbuud(0, 4, 6);
      _tile_dpbuud(1, 4, 7);
      _tile_dpbuud(2, 5, 6);
      _tile_dpbuud(3, 5, 7);
    }
    std::int32_t* o = out + (j - first);
    _tile_stored(0, o, out_stride);
    _tile_stored(1, o + kTileRows, out_stride);
    _tile_stored(2, o + kTileRows * stride, out_stride);
    _tile_stored(3, o + kTileRows * stride + kTileRows, out_stride);
  }
  _tile_release();
}

// Sixteen rows to a vector, two vectors per step. The loop computes only
//   u = r + s_q (s_y (d + error_q) + spread_y)      (upper bound - slack),
// compared with cut - slack; a lane is looked at only when it reaches it, which after the first
// few hundred rows is rare. The rare part is read once, so it is zeroed on the way (the next
// query's accumulator).
struct MergeInputs {
  __m512 rare, d, scale, spread;
};

__attribute__((target("avx512f"), always_inline)) inline __m512 partial_upper(const TileQuery& query,
                                                                              const MergeInputs& in) {
  const __m512 t = _mm512_fmadd_ps(in.scale, _mm512_add_ps(in.d, _mm512_set1_ps(query.error)), in.spread);
  return _mm512_fmadd_ps(_mm512_set1_ps(query.scale), t, in.rare);
}

// What u must reach for the upper bound to reach the cut: cut - slack, the subtraction's rounding
// (far below the slack) taken downwards.
__attribute__((target("avx512f"), always_inline)) inline __m512 reach_of(const TileQuery& query, float cut) {
  return _mm512_set1_ps((cut - query.slack) - std::abs(cut) * 0x1p-22f);
}

// The lanes of `mask` (rows j + lane) that still reach the cut become candidates and offer
// their lower bound; returns the new cut.
__attribute__((target("avx512f"))) float take_lanes(const TileQuery& query, const MergeInputs& in,
                                                    unsigned mask, std::int64_t j, std::size_t k,
                                                    TileState& state) {
  alignas(64) float up[16], low[16];
  const __m512 slack = _mm512_set1_ps(query.slack);
  _mm512_store_ps(up, _mm512_add_ps(partial_upper(query, in), slack));
  const __m512 t = _mm512_fmsub_ps(in.scale, _mm512_sub_ps(in.d, _mm512_set1_ps(query.error)), in.spread);
  _mm512_store_ps(low, _mm512_sub_ps(_mm512_fmadd_ps(_mm512_set1_ps(query.scale), t, in.rare), slack));
  float cut = state.cut(k);
  auto& lower = state.lower;
  for (; mask != 0; mask &= mask - 1) {
    const int lane = __builtin_ctz(mask);
    if (!(up[lane] >= cut)) continue;  // the cut rose within this vector
    state.candidates.emplace_back(up[lane], static_cast<std::int32_t>(j + lane));
    if (lower.size() < k) {
      lower.push_back(low[lane]);
      std::push_heap(lower.begin(), lower.end(), std::greater<>());
    } else if (low[lane] > lower.front()) {
      std::pop_heap(lower.begin(), lower.end(), std::greater<>());
      lower.back() = low[lane];
      std::push_heap(lower.begin(), lower.end(), std::greater<>());
    }
    cut = state.cut(k);
  }
  return cut;
}

__attribute__((target("avx512f"))) void merge_avx512(const ByteRows& y, const TileQuery& query, float* rare,
                                                     const std::int32_t* products, std::int64_t first,
                                                     std::int64_t last, std::size_t k, TileState& state) {
  const float* scale = y.scale.data() + first;
  const float* spread = y.spread.data() + first;
  const std::int64_t n = last - first;
  const __m512 zero = _mm512_setzero_ps();
  __m512 reach = reach_of(query, state.cut(k));
  std::int64_t o = 0;
  // The three streams come from beyond L2 (the block's products pass through it between two
  // queries): fetched 2 KB ahead, the merge took 9 % less time.
  constexpr std::int64_t kAhead = 512;
  for (; o + 32 <= n; o += 32) {
    for (const std::int64_t at : {o + kAhead, o + kAhead + 16}) {
      _mm_prefetch(reinterpret_cast<const char*>(products + at), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(scale + at), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(spread + at), _MM_HINT_T0);
    }
    const MergeInputs a{_mm512_loadu_ps(rare + o), _mm512_cvtepi32_ps(_mm512_loadu_si512(products + o)),
                        _mm512_loadu_ps(scale + o), _mm512_loadu_ps(spread + o)};
    const MergeInputs b{_mm512_loadu_ps(rare + o + 16),
                        _mm512_cvtepi32_ps(_mm512_loadu_si512(products + o + 16)),
                        _mm512_loadu_ps(scale + o + 16), _mm512_loadu_ps(spread + o + 16)};
    _mm512_storeu_ps(rare + o, zero);
    _mm512_storeu_ps(rare + o + 16, zero);
    const __mmask16 ma = _mm512_cmp_ps_mask(partial_upper(query, a), reach, _CMP_GE_OQ);
    const __mmask16 mb = _mm512_cmp_ps_mask(partial_upper(query, b), reach, _CMP_GE_OQ);
    if (_mm512_kortestz(ma, mb)) continue;
    float cut = 0.0f;
    if (ma != 0) cut = take_lanes(query, a, ma, first + o, k, state);
    if (mb != 0) cut = take_lanes(query, b, mb, first + o + 16, k, state);
    reach = reach_of(query, cut);
  }
  for (; o < n; o += 16) {
    const auto live = static_cast<__mmask16>(n - o >= 16 ? 0xffffu : (1u << (n - o)) - 1u);
    const MergeInputs a{_mm512_mask_loadu_ps(_mm512_set1_ps(kMinusInf), live, rare + o),
                        _mm512_cvtepi32_ps(_mm512_maskz_loadu_epi32(live, products + o)),
                        _mm512_maskz_loadu_ps(live, scale + o), _mm512_maskz_loadu_ps(live, spread + o)};
    _mm512_mask_storeu_ps(rare + o, live, zero);
    const __mmask16 ma = _mm512_cmp_ps_mask(partial_upper(query, a), reach, _CMP_GE_OQ);
    if (ma != 0) reach = reach_of(query, take_lanes(query, a, ma, first + o, k, state));
  }
}
#endif

}  // namespace

bool tiles_usable() {
#if defined(TT_HAVE_TILES)
  static const bool usable = [] { return util::simd_ceiling() == util::SimdLevel::amx && cpu_has_tiles(); }();
  return usable;
#else
  return false;
#endif
}

float TileState::cut(std::size_t k) const {
  const float kth = lower.size() >= k && k > 0 ? lower.front() : kMinusInf;
  return std::max(floor, kth);
}

namespace {

ByteRows empty_bytes(std::int64_t rows, int depth) {
  ByteRows out;
  out.rows = rows;
  out.padded = (rows + kTileBlock - 1) / kTileBlock * kTileBlock;
  out.depth = depth;
  const auto padded = static_cast<std::size_t>(out.padded);
  out.values.assign(padded * static_cast<std::size_t>(depth), 0);
  out.scale.assign(padded, 0.0f);
  out.error.assign(padded, 0.0f);
  out.spread.assign(padded, 0.0f);
  return out;
}

}  // namespace

void round_to_bytes(const UnitRows& m, const std::vector<std::int32_t>& slot, int depth, ByteRows* queries,
                    ByteRows* panels, int n_threads, const std::vector<std::int64_t>* positions) {
  if (queries != nullptr) {
    std::int64_t rows = m.rows;
    if (positions != nullptr)
      rows = std::count_if(positions->begin(), positions->end(), [](auto p) { return p >= 0; });
    *queries = empty_bytes(rows, depth);
  }
  if (panels != nullptr) *panels = empty_bytes(m.rows, depth);
  const auto d = static_cast<std::size_t>(depth);
  parallel_for(
      static_cast<std::size_t>(m.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (auto r = begin; r < end; ++r) {
          const auto row = static_cast<std::int64_t>(r);
          double largest = 0.0;
          for (auto p = m.row_begin(row); p < m.row_end(row); ++p)
            if (slot[static_cast<std::size_t>(m.indices[p])] >= 0)
              largest = std::max(largest, m.data[static_cast<std::size_t>(p)]);
          if (largest < kTinyScale) continue;
          const auto scale = static_cast<float>(largest / 255.0);
          const double inverse = 1.0 / static_cast<double>(scale);
          // Byte t of row r: row-major for queries; for rows of Y, panel r / 16, tile row t / 4,
          // column r % 16, byte t % 4.
          const auto position = positions != nullptr ? (*positions)[r] : static_cast<std::int64_t>(r);
          std::uint8_t* query_row = queries != nullptr && position >= 0
                                        ? queries->values.data() + static_cast<std::size_t>(position) * d
                                        : nullptr;
          std::uint8_t* panel = panels != nullptr ? panels->values.data() + (r / kTileRows) * kTileRows * d +
                                                        (r % kTileRows) * 4
                                                  : nullptr;
          std::int64_t sum = 0, nonzero = 0;
          for (auto p = m.row_begin(row); p < m.row_end(row); ++p) {
            const auto t = slot[static_cast<std::size_t>(m.indices[p])];
            const double v = m.data[static_cast<std::size_t>(p)];
            if (t < 0 || v == 0.0) continue;
            // Nearest byte (v / scale <= 255 up to rounding, so the cap only absorbs that).
            const auto byte = static_cast<std::uint8_t>(std::min(255.0, v * inverse + 0.5));
            if (query_row != nullptr) query_row[t] = byte;
            if (panel != nullptr) panel[(t / 4) * kTileRows * 4 + t % 4] = byte;
            sum += byte;
            ++nonzero;
          }
          const double half_sum = static_cast<double>(sum) * 0.5 * kErrorMargin;
          const float error = util::round_up_to_float(half_sum + static_cast<double>(nonzero) * 0.25 *
                                                                     kErrorMargin * kErrorMargin);
          const float spread = util::round_up_to_float(static_cast<double>(scale) * half_sum);
          for (ByteRows* out : {query_row != nullptr ? queries : nullptr, panels}) {
            if (out == nullptr) continue;
            const auto at = out == queries ? static_cast<std::size_t>(position) : r;
            out->scale[at] = scale;
            out->error[at] = error;
            out->spread[at] = spread;
          }
        }
      },
      1024);
}

void tile_products(const ByteRows& x, const ByteRows& y, std::int64_t query, std::int64_t first,
                   std::int64_t last, std::int32_t* out, std::int64_t stride) {
#if defined(TT_HAVE_TILES)
  tile_products_amx(x, y, query, first, last, out, stride);
#else
  (void)x, (void)y, (void)query, (void)first, (void)last, (void)out, (void)stride;
#endif
}

void merge_tile_bounds(const ByteRows& y, const TileQuery& query, float* rare, const std::int32_t* products,
                       std::int64_t first, std::int64_t last, std::size_t k, TileState& state) {
#if defined(TT_HAVE_TILES)
  merge_avx512(y, query, rare, products, first, last, k, state);
#else
  (void)y, (void)query, (void)rare, (void)products, (void)first, (void)last, (void)k, (void)state;
#endif
}

}  // namespace treatytext::detail
