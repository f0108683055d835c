// find_reuse: the exact all-pairs set-similarity join over shingle sets (an inverted index,
// prefix and size filtering, exact verification), as in AllPairs / PPJoin.
#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "reuse/internal.hpp"
#include "reuse/minhash.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/reuse.hpp"
#include "util/simd.hpp"

namespace treatytext {
namespace {

constexpr int kBucketBits = 8;  // shingles are numbered bucket by bucket (top bits of the hash)
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;
constexpr std::uint32_t kDropped = 0xFFFFFFFFu;

// The fewest shared shingles a pair with smaller set size `size` needs to reach the threshold
// (o >= t |x| for both measures). Taken a hair low so that rounding never skips a pair that the
// exact test in verify() would accept.
std::size_t minimum_overlap(std::size_t size, double threshold) {
  const double need = std::ceil(threshold * static_cast<double>(size) * (1.0 - 1e-12) - 1e-9);
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::max(0.0, need)));
}

// |a ∩ b| of two sorted sets, or some count below `needed` as soon as the ids left cannot
// bring it to `needed` (most candidates fail, and most of them are told early).
std::int64_t intersect(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
                       std::int64_t needed) noexcept {
  std::int64_t common = 0;
  std::size_t i = 0, j = 0;
  constexpr std::size_t kCheckEvery = 64;  // steps between checks: the test costs a branch
  while (i < a.size() && j < b.size()) {
    const std::size_t stop = std::min(a.size() - i, b.size() - j) > kCheckEvery ? kCheckEvery : 0;
    if (stop == 0) {
      while (i < a.size() && j < b.size()) {
        const std::uint32_t x = a[i], y = b[j];
        common += x == y;
        i += x <= y;
        j += y <= x;
      }
      break;
    }
    // kCheckEvery steps cannot run past either end: each step advances i or j by one at most.
    for (std::size_t step = 0; step < stop; ++step) {
      const std::uint32_t x = a[i], y = b[j];
      common += x == y;
      i += x <= y;
      j += y <= x;
    }
    const auto left = static_cast<std::int64_t>(std::min(a.size() - i, b.size() - j));
    if (common + left < needed) return common;
  }
  return common;
}

// Shared bits of two bitmaps over words [first, last]. The build targets baseline x86-64,
// where std::popcount is a library call; the POPCNT instruction is taken when the CPU has it.
std::int64_t common_bits(const std::uint64_t* x, const std::uint64_t* y, std::size_t first,
                         std::size_t last) noexcept {
  std::int64_t common = 0;
  for (std::size_t w = first; w <= last; ++w) common += std::popcount(x[w] & y[w]);
  return common;
}
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("popcnt"))) std::int64_t common_bits_popcnt(const std::uint64_t* x,
                                                                  const std::uint64_t* y, std::size_t first,
                                                                  std::size_t last) noexcept {
  std::int64_t common = 0;
  for (std::size_t w = first; w <= last; ++w) common += __builtin_popcountll(x[w] & y[w]);
  return common;
}
using CommonBits = std::int64_t (*)(const std::uint64_t*, const std::uint64_t*, std::size_t,
                                    std::size_t) noexcept;
// TREATYTEXT_SIMD=baseline keeps the portable count, so that both kernels are tested here.
CommonBits common_bits_kernel() {
  const bool allowed = util::simd_ceiling() != util::SimdLevel::baseline;
  return allowed && __builtin_cpu_supports("popcnt") ? common_bits_popcnt : common_bits;
}
#else
using CommonBits = std::int64_t (*)(const std::uint64_t*, const std::uint64_t*, std::size_t,
                                    std::size_t) noexcept;
CommonBits common_bits_kernel() { return common_bits; }
#endif

struct Pair {
  std::int64_t a, b, common;
  bool operator<(const Pair& other) const noexcept { return a != other.a ? a < other.a : b < other.b; }
};

}  // namespace

void FindReuseOptions::validate() const {
  shingles.validate();
  if (!(threshold > 0.0 && threshold <= 1.0))
    throw invalid_argument("reuse: threshold must be in (0, 1], got " + std::to_string(threshold));
  if (max_df < 0) throw invalid_argument("reuse: max_df must be >= 0, got " + std::to_string(max_df));
  detail::check_minhash_options(*this);
  resolve_threads(n_threads);
}

FindReuseResult find_reuse(std::span<const std::string_view> texts, const FindReuseOptions& options) {
  options.validate();
  const std::size_t n = texts.size();
  if (n >= kDropped) throw invalid_argument("reuse: too many texts");
  FindReuseResult result;

  // 1. Shingle sets (sorted distinct hashes), one text per task. Texts differ in length a
  // hundredfold, so workers claim them one by one; each keeps its buffers from text to text.
  const int workers = resolve_threads(options.n_threads);
  std::vector<std::vector<std::uint64_t>> hashes(n);
  struct ShingleScratch {
    NormalizedText normalized;
    detail::ShingleSetBuffers buffers;
  };
  std::vector<ShingleScratch> shingle_scratch(static_cast<std::size_t>(workers));
  parallel_for_dynamic(n, options.n_threads, [&](std::size_t d, int worker) {
    check_interrupt();  // one text at a time: Ctrl-C waits for one text's shingles at most
    auto& scratch = shingle_scratch[static_cast<std::size_t>(worker)];
    try {
      normalize_for_reuse_into(texts[d], options.shingles.normalization, scratch.normalized);
      detail::shingle_set_into(scratch.normalized, options.shingles, scratch.buffers, hashes[d]);
    } catch (const encoding_error& e) {
      throw encoding_error("text " + std::to_string(d) + ": " + e.what(), e.byte_offset());
    }
  });
  std::vector<ShingleScratch>().swap(shingle_scratch);

  // 2. Number the shingles and build their posting lists, bucket by bucket of the hash's top bits:
  // within a bucket, (hash, text) pairs sorted give each shingle its texts in order, hence its
  // document frequency and the max_df cut. Ids follow hash order, so each text's ids stay sorted.
  std::vector<std::vector<std::uint32_t>> local_ids(n);
  for (std::size_t d = 0; d < n; ++d) local_ids[d].resize(hashes[d].size());
  std::vector<std::vector<std::uint32_t>> bucket_postings(kBuckets), bucket_offsets(kBuckets);
  parallel_for(kBuckets, options.n_threads, [&](std::size_t begin, std::size_t end, int) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries, scratch;
    std::vector<std::uint32_t> cursor(n);
    for (std::size_t bucket = begin; bucket < end; ++bucket) {
      check_interrupt();
      entries.clear();
      const std::uint64_t low = static_cast<std::uint64_t>(bucket) << (64 - kBucketBits);
      for (std::size_t d = 0; d < n; ++d) {
        const auto& set = hashes[d];
        const auto first = std::lower_bound(set.begin(), set.end(), low);
        auto last = set.end();
        if (bucket + 1 < kBuckets)
          last = std::lower_bound(first, set.end(), low + (std::uint64_t{1} << (64 - kBucketBits)));
        cursor[d] = static_cast<std::uint32_t>(first - set.begin());
        for (auto it = first; it != last; ++it) entries.emplace_back(*it, static_cast<std::uint32_t>(d));
      }
      // By hash, then text (the top bits are the bucket's).
      detail::sort_by_hash(
          entries, scratch, [](const std::pair<std::uint64_t, std::uint32_t>& e) { return e.first; },
          std::less<>(), 64 - kBucketBits - 32);
      auto& postings = bucket_postings[bucket];
      auto& offsets = bucket_offsets[bucket];
      offsets.push_back(0);
      std::uint32_t next_id = 0;
      for (std::size_t r = 0; r < entries.size();) {
        std::size_t s = r;
        while (s < entries.size() && entries[s].first == entries[r].first) ++s;
        const bool dropped = options.max_df > 0 && static_cast<std::int64_t>(s - r) > options.max_df;
        for (std::size_t k = r; k < s; ++k) {
          const std::uint32_t d = entries[k].second;
          local_ids[d][cursor[d]++] = dropped ? kDropped : next_id;
          if (!dropped) postings.push_back(d);
        }
        if (!dropped) {
          ++next_id;
          offsets.push_back(static_cast<std::uint32_t>(postings.size()));
        }
        r = s;
      }
    }
  });
  std::vector<std::uint64_t> bucket_base(kBuckets + 1, 0);
  for (std::size_t bucket = 0; bucket < kBuckets; ++bucket)
    bucket_base[bucket + 1] = bucket_base[bucket] + bucket_offsets[bucket].size() - 1;
  const std::uint64_t distinct = bucket_base[kBuckets];
  if (distinct >= kDropped) throw invalid_argument("reuse: more than 2^32 distinct shingles");
  result.distinct_shingles = static_cast<std::int64_t>(distinct);
  std::vector<std::uint64_t> offsets;
  offsets.reserve(distinct + 1);
  std::vector<std::uint32_t> postings;
  for (std::size_t bucket = 0; bucket < kBuckets; ++bucket) {
    const std::uint64_t shift = postings.size();
    for (std::size_t k = 0; k + 1 < bucket_offsets[bucket].size(); ++k)
      offsets.push_back(shift + bucket_offsets[bucket][k]);
    postings.insert(postings.end(), bucket_postings[bucket].begin(), bucket_postings[bucket].end());
    std::vector<std::uint32_t>().swap(bucket_postings[bucket]);
    std::vector<std::uint32_t>().swap(bucket_offsets[bucket]);
  }
  offsets.push_back(postings.size());
  const auto df = [&](std::uint32_t id) { return offsets[id + 1] - offsets[id]; };

  // Each text's set as sorted global ids.
  std::vector<std::vector<std::uint32_t>> sets(n);
  parallel_for(n, options.n_threads, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t d = begin; d < end; ++d) {
      auto& set = sets[d];
      set.reserve(hashes[d].size());
      for (std::size_t i = 0; i < hashes[d].size(); ++i) {
        if (local_ids[d][i] == kDropped) continue;
        const std::size_t bucket = hashes[d][i] >> (64 - kBucketBits);
        set.push_back(static_cast<std::uint32_t>(bucket_base[bucket] + local_ids[d][i]));
      }
      std::vector<std::uint64_t>().swap(hashes[d]);
      std::vector<std::uint32_t>().swap(local_ids[d]);
    }
  });
  result.set_sizes.resize(n);
  for (std::size_t d = 0; d < n; ++d) result.set_sizes[d] = static_cast<std::int64_t>(sets[d].size());

  // Dense sets (the usual case for character q-grams, whose alphabet is small) are intersected
  // as bitmaps, a popcount over 64 ids at a time instead of a merge step per id.
  const std::size_t words_per_set = (distinct + 63) / 64;
  const bool bitmaps = n * words_per_set * sizeof(std::uint64_t) <= options.bitmap_budget_bytes;
  std::vector<std::uint64_t> bits;
  if (bitmaps) {
    bits.assign(n * words_per_set, 0);
    parallel_for(n, options.n_threads, [&](std::size_t begin, std::size_t end, int) {
      for (std::size_t d = begin; d < end; ++d)
        for (const std::uint32_t id : sets[d])
          bits[d * words_per_set + id / 64] |= std::uint64_t{1} << (id % 64);
    });
  }
  const CommonBits bitmap_common = common_bits_kernel();
  // The overlap of x and y, exact when it reaches `needed` (else perhaps a smaller count).
  const auto common_shingles = [&](std::size_t x, std::size_t y, std::int64_t needed) -> std::int64_t {
    if (!bitmaps) return intersect(sets[x], sets[y], needed);
    const std::size_t first = std::max(sets[x].front(), sets[y].front()) / 64;
    const std::size_t last = std::min(sets[x].back(), sets[y].back()) / 64;
    if (first > last) return 0;
    return bitmap_common(bits.data() + x * words_per_set, bits.data() + y * words_per_set, first, last);
  };

  // 3. Probe: each text x looks for the larger texts y (by (size, index)) that share one of its
  // prefix shingles (see prefix_index below for the prefixes) and, for Jaccard, pass the size
  // filter |x| >= t |y| (o <= |x| and o >= t |y|). With bitmaps, when walking the prefix's
  // posting lists would cost more than intersecting every larger text that passes the size
  // filter, the latter are intersected directly (dense sets of a few hundred texts). Either way
  // every candidate is verified exactly, so the result does not depend on the choice.
  const double t = options.threshold;
  const bool jaccard = options.measure == ReuseMeasure::jaccard;
  std::vector<std::uint32_t> by_size(n);
  std::iota(by_size.begin(), by_size.end(), 0u);
  std::sort(by_size.begin(), by_size.end(), [&](std::uint32_t x, std::uint32_t y) {
    return sets[x].size() != sets[y].size() ? sets[x].size() < sets[y].size() : x < y;
  });
  std::vector<std::uint32_t> rank(n);
  for (std::size_t r = 0; r < n; ++r) rank[by_size[r]] = static_cast<std::uint32_t>(r);
  // search = minhash: the candidates of x are the texts sharing an LSH band bucket with it
  // (reuse/minhash.*) instead of those sharing a prefix shingle; the size filter and the exact
  // verification below are the same.
  std::optional<detail::LshIndex> lsh;
  if (options.search == ReuseSearch::minhash) {
    const LshBands bands = detail::resolve_lsh_bands(options);
    lsh.emplace(sets, options.num_perm, bands, options.seed, options.n_threads);
    result.bands = bands.bands;
    result.rows = bands.rows;
  }
  // The rarest `count` shingles of a set at the front of `keys`, as keys df << 32 | id: unique,
  // so every set is cut by one global rarest-first order, as the prefix lemma needs.
  const auto rarest = [&](const std::vector<std::uint32_t>& set, std::size_t count,
                          std::vector<std::uint64_t>& keys) {
    keys.clear();
    for (const std::uint32_t id : set) keys.push_back(df(id) << 32 | id);
    if (count < keys.size())
      std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(count), keys.end());
  };
  // Exact Jaccard search, as PPJoin: a pair x, y with |x| <= |y| and J >= t has o >= t |y| and
  // o >= 2t / (1 + t) |x|, so (prefix lemma) the rarest |y| - ceil(t |y|) + 1 shingles of y and
  // the rarest |x| - ceil(2t / (1 + t) |x|) + 1 of x share one. So each text is indexed by its
  // prefix alone, and x probes that index with its shorter prefix: common shingles, which pair
  // almost every short text with every other (articles), are in neither. Containment has no such
  // bound on y (o >= t |x| only), so it probes the full posting lists with the rarest
  // |x| - ceil(t |x|) + 1 of x.
  const bool prefix_index = jaccard && !lsh;
  std::vector<std::uint64_t> prefix_offsets;
  std::vector<std::uint32_t> prefix_postings;
  const double probe_threshold = prefix_index ? 2.0 * t / (1.0 + t) : t;
  // The probing prefix of x: its rarest |x| - ceil(probe_threshold |x|) + 1 shingles.
  const auto probe_prefix = [&](std::size_t size) {
    return size - minimum_overlap(size, probe_threshold) + 1;
  };
  // With the prefix index, each text's indexed prefix, its probing prefix first (one selection
  // per text serves both).
  std::vector<std::vector<std::uint32_t>> prefixes(prefix_index ? n : 0);
  if (prefix_index) {
    parallel_for(n, options.n_threads, [&](std::size_t begin, std::size_t end, int) {
      std::vector<std::uint64_t> keys;
      for (std::size_t d = begin; d < end; ++d) {
        check_interrupt();
        const std::size_t size = sets[d].size();
        if (size == 0) continue;
        const std::size_t count = size - minimum_overlap(size, t) + 1;
        rarest(sets[d], count, keys);
        const std::size_t probe = std::min(count, probe_prefix(size));
        if (probe < count)
          std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(probe),
                           keys.begin() + static_cast<std::ptrdiff_t>(count));
        prefixes[d].resize(count);
        for (std::size_t k = 0; k < count; ++k) prefixes[d][k] = static_cast<std::uint32_t>(keys[k]);
      }
    });
    prefix_offsets.assign(distinct + 1, 0);
    for (const auto& prefix : prefixes)
      for (const std::uint32_t id : prefix) ++prefix_offsets[id + 1];
    for (std::size_t id = 0; id < distinct; ++id) prefix_offsets[id + 1] += prefix_offsets[id];
    prefix_postings.resize(prefix_offsets[distinct]);
    std::vector<std::uint64_t> fill(prefix_offsets.begin(), prefix_offsets.end() - 1);
    for (std::size_t d = 0; d < n; ++d) {
      for (const std::uint32_t id : prefixes[d]) prefix_postings[fill[id]++] = static_cast<std::uint32_t>(d);
    }
  }
  const std::uint64_t* list_offsets = prefix_index ? prefix_offsets.data() : offsets.data();
  const std::uint32_t* list_texts = prefix_index ? prefix_postings.data() : postings.data();
  const auto too_large = [&](std::size_t size_x, std::size_t size_y) {
    return jaccard && static_cast<double>(size_x) < t * static_cast<double>(size_y) * (1.0 - 1e-12) - 1e-9;
  };
  std::vector<std::vector<Pair>> found(static_cast<std::size_t>(workers));
  std::vector<std::int64_t> candidates(static_cast<std::size_t>(workers), 0);
  // Query texts differ in cost (size, candidates) by orders of magnitude: claimed one by one.
  struct ProbeScratch {
    std::vector<std::uint32_t> seen;  // per text: the query that last made it a candidate, + 1
    std::vector<std::uint64_t> keys;
    std::vector<std::uint32_t> candidate;
  };
  std::vector<ProbeScratch> probe_scratch(static_cast<std::size_t>(workers));
  parallel_for_dynamic(n, options.n_threads, [&](std::size_t x, int worker) {
    // Plain references: lambdas below use them (clang before 16 cannot capture bindings).
    ProbeScratch& scratch = probe_scratch[static_cast<std::size_t>(worker)];
    std::vector<std::uint32_t>& seen = scratch.seen;
    std::vector<std::uint64_t>& keys = scratch.keys;
    std::vector<std::uint32_t>& candidate = scratch.candidate;
    if (seen.empty()) seen.assign(n, 0);
    auto& out = found[static_cast<std::size_t>(worker)];
    check_interrupt();  // one query text's candidates at a time
    const auto& set = sets[x];
    if (set.empty()) return;
    candidate.clear();
    // The larger texts that pass the size filter: a run of the size order after x.
    std::size_t last = rank[x] + 1;
    while (last < n && !too_large(set.size(), sets[by_size[last]].size())) ++last;
    if (lsh) {
      const auto stamp = static_cast<std::uint32_t>(x + 1);
      lsh->for_each_candidate(x, [&](std::uint32_t y) {
        if (seen[y] == stamp || rank[y] <= rank[x] || rank[y] >= last) return;
        seen[y] = stamp;
        candidate.push_back(y);
      });
    } else {
      const std::size_t prefix = probe_prefix(set.size());
      // The prefix's ids: from the index's selection, else selected here.
      const auto prefix_id = [&](std::size_t k) {
        return prefix_index ? prefixes[x][k] : static_cast<std::uint32_t>(keys[k]);
      };
      if (!prefix_index) rarest(set, prefix, keys);
      std::uint64_t walk = 0;
      for (std::size_t k = 0; k < prefix; ++k) {
        const std::uint32_t id = prefix_id(k);
        walk += list_offsets[id + 1] - list_offsets[id];
      }
      if (bitmaps && (last - rank[x] - 1) * (words_per_set / 8 + 1) < walk) {
        for (std::size_t r = rank[x] + 1; r < last; ++r) candidate.push_back(by_size[r]);
      } else {
        const auto stamp = static_cast<std::uint32_t>(x + 1);
        for (std::size_t k = 0; k < prefix; ++k) {
          const std::uint32_t id = prefix_id(k);
          for (std::uint64_t p = list_offsets[id]; p < list_offsets[id + 1]; ++p) {
            const std::uint32_t y = list_texts[p];
            if (seen[y] == stamp || rank[y] <= rank[x] || rank[y] >= last) continue;
            seen[y] = stamp;
            candidate.push_back(y);
          }
        }
      }
    }
    candidates[static_cast<std::size_t>(worker)] += static_cast<std::int64_t>(candidate.size());
    for (const std::uint32_t y : candidate) {
      const auto sa = static_cast<std::int64_t>(set.size()), sb = static_cast<std::int64_t>(sets[y].size());
      // The least overlap that can reach t: o >= t/(1+t) (|x| + |y|) for Jaccard, o >= t min(|x|, |y|)
      // for containment (minimum_overlap rounds it a hair low, so no pair that passes stops early).
      const auto needed = static_cast<std::int64_t>(
          jaccard ? minimum_overlap(static_cast<std::size_t>(sa + sb), t / (1.0 + t))
                  : minimum_overlap(static_cast<std::size_t>(std::min(sa, sb)), t));
      const std::int64_t common = common_shingles(x, y, needed);
      const double value = jaccard ? static_cast<double>(common) / static_cast<double>(sa + sb - common)
                                   : static_cast<double>(common) / static_cast<double>(std::min(sa, sb));
      if (value >= t) {
        const auto lo = static_cast<std::int64_t>(std::min<std::size_t>(x, y));
        const auto hi = static_cast<std::int64_t>(std::max<std::size_t>(x, y));
        out.push_back({lo, hi, common});
      }
    }
  });
  std::vector<Pair> pairs;
  for (auto& part : found) pairs.insert(pairs.end(), part.begin(), part.end());
  std::sort(pairs.begin(), pairs.end());
  for (const auto c : candidates) result.candidates += c;
  for (const Pair& p : pairs) {
    const double sa = static_cast<double>(sets[static_cast<std::size_t>(p.a)].size());
    const double sb = static_cast<double>(sets[static_cast<std::size_t>(p.b)].size());
    const double common = static_cast<double>(p.common);
    result.a.push_back(p.a);
    result.b.push_back(p.b);
    result.intersection.push_back(p.common);
    result.jaccard.push_back(common / (sa + sb - common));
    result.containment_a.push_back(common / sa);
    result.containment_b.push_back(common / sb);
  }
  return result;
}

}  // namespace treatytext
