// MinHash signatures and the banding LSH behind find_reuse's search = minhash.
//
// The scheme is one-permutation hashing (OPH) with optimal densification (Shrivastava, "Optimal
// Densification for Fast and Accurate Minwise Hashing", ICML 2017): one hash per shingle instead
// of num_perm, so a signature costs O(|set| + num_perm) where classic MinHash costs
// O(|set| num_perm) — 128 times fewer hashes at the default, on sets of tens of thousands of
// shingles. The estimator keeps the classic guarantee: for each slot, Pr[equal] = Jaccard
// (the proof: follow the slot's probe sequence to the first bin that is non-empty in A ∪ B;
// both signatures take that bin's minimum exactly when the union's minimum there lies in
// A ∩ B). OPH's slots sample without replacement, so for sets much larger than num_perm the
// estimate varies a little less than the classic one; for tiny sets densification copies
// bins and the slots are correlated, which widens the S-curve a little.
#include "reuse/minhash.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <utility>

#include "reuse/internal.hpp"
#include "treatytext/detail/hash.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {
namespace {

__extension__ using uint128 = unsigned __int128;

// Independent keys for the element hash, the densification probes and the band hashes, drawn
// from the user's seed by splitmix64 so that nearby seeds give unrelated keys.
struct Keys {
  std::uint64_t element, probe, band;
};

Keys keys_of(std::uint64_t seed) {
  const auto next = [&seed] {
    seed += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  const std::uint64_t element = next(), probe = next(), band = next();
  return {element, probe, band};
}

// Two rounds of the core's multiply-fold mix: shingle ids are consecutive small integers, and
// one round leaves their low bits too regular for the bin choice.
std::uint64_t scramble(std::uint64_t x, std::uint64_t key) noexcept {
  return detail::mix(detail::mix(x ^ key, detail::kHashP0), detail::kHashP1);
}

// Uniform in [0, k) from a 64-bit hash (the high word of hash * k).
std::size_t bin_of(std::uint64_t hash, std::uint64_t k) noexcept {
  return static_cast<std::size_t>((static_cast<uint128>(hash) * k) >> 64);
}

template <typename T>
void signature_into(std::span<const T> set, int num_perm, const Keys& keys, std::span<std::uint64_t> out,
                    std::vector<std::uint64_t>& filled) {
  const auto k = static_cast<std::uint64_t>(num_perm);
  std::fill(out.begin(), out.end(), detail::kEmptySlot);
  if (set.empty()) return;
  filled.assign((k + 63) / 64, 0);
  // hash * k splits the hash's range into k equal bins: the high word is the bin, the low word
  // the rank within it (monotone in the hash, so a bin's minimum rank is its smallest hash).
  // The rank drops one bit so that no real value equals kEmptySlot.
  for (const T value : set) {
    const uint128 spread = static_cast<uint128>(scramble(value, keys.element)) * k;
    const auto bin = static_cast<std::size_t>(spread >> 64);
    out[bin] = std::min(out[bin], static_cast<std::uint64_t>(spread) >> 1);
    filled[bin / 64] |= std::uint64_t{1} << (bin % 64);
  }
  const auto was_filled = [&](std::size_t bin) { return (filled[bin / 64] >> (bin % 64)) & 1; };
  // Optimal densification: an empty bin copies the first originally non-empty bin of its own
  // probe sequence, which depends on (bin, attempt, seed) only — the same for every set, which
  // is what makes Pr[equal slot] = Jaccard. Expected attempts: num_perm / non-empty bins.
  for (std::size_t bin = 0; bin < k; ++bin) {
    if (was_filled(bin)) continue;
    for (std::uint64_t attempt = 1;; ++attempt) {
      const std::size_t from = bin_of(scramble(bin << 32 | (attempt & 0xFFFFFFFFu), keys.probe), k);
      if (was_filled(from)) {
        out[bin] = out[from];
        break;
      }
    }
  }
}

// A band's rows hashed to one key.
std::uint64_t band_key(const std::uint64_t* rows, int count, std::uint64_t key) noexcept {
  for (int r = 0; r < count; ++r) key = scramble(rows[r], key);
  return key;
}

// Composite Simpson rule: 256 intervals choose the same (bands, rows) as datasketch's adaptive
// quadrature at every threshold 0.05, 0.10, ..., 0.95 for 16 to 256 permutations (checked
// against datasketch; 64 intervals already did).
template <typename F>
double integral(F&& f, double a, double b) {
  constexpr int kIntervals = 256;
  const double h = (b - a) / kIntervals;
  double sum = f(a) + f(b);
  for (int i = 1; i < kIntervals; ++i) sum += (i % 2 == 1 ? 4.0 : 2.0) * f(a + i * h);
  return sum * h / 3.0;
}

}  // namespace

namespace detail {

void check_num_perm(int num_perm, const char* what) {
  if (num_perm < 1 || num_perm > kMaxPermutations)
    throw invalid_argument(std::string(what) + ": num_perm must be in [1, " +
                           std::to_string(kMaxPermutations) + "], got " + std::to_string(num_perm));
}

void check_minhash_options(const FindReuseOptions& options) {
  if (options.search != ReuseSearch::exact && options.search != ReuseSearch::minhash)
    throw invalid_argument("reuse: search must be exact or minhash");
  check_num_perm(options.num_perm, "reuse");
  if (options.bands < 0 || options.bands > options.num_perm)
    throw invalid_argument("reuse: bands must be in [0, num_perm = " + std::to_string(options.num_perm) +
                           "] (0: chosen from the threshold), got " + std::to_string(options.bands));
  if (options.rows < 0)
    throw invalid_argument("reuse: rows must be >= 0, got " + std::to_string(options.rows));
  if (options.rows > 0 && options.bands == 0)
    throw invalid_argument("reuse: rows needs bands (with bands = 0 both are chosen from the threshold)");
  if (!(options.false_negative_weight >= 0.0 && options.false_negative_weight <= 1.0))
    throw invalid_argument("reuse: false_negative_weight must be in [0, 1], got " +
                           std::to_string(options.false_negative_weight));
  if (static_cast<std::int64_t>(options.bands) * options.rows > options.num_perm)
    throw invalid_argument("reuse: bands * rows must be <= num_perm, got " + std::to_string(options.bands) +
                           " * " + std::to_string(options.rows) + " > " + std::to_string(options.num_perm));
  // A containment of t bounds the Jaccard of sets of sizes x <= y only by t x / (x + y - t x),
  // which falls towards 0 as y / x grows: no one Jaccard threshold for the bands keeps the
  // recall of containment pairs, so the combination is refused rather than quietly lossy.
  if (options.search == ReuseSearch::minhash && options.measure == ReuseMeasure::containment)
    throw invalid_argument(
        "reuse: search = minhash estimates Jaccard and cannot bound containment (containment t of sets "
        "of sizes x <= y only implies Jaccard >= t x / (x + y - t x)); use search = exact for containment");
}

LshBands resolve_lsh_bands(const FindReuseOptions& options) {
  if (options.bands == 0)
    return lsh_bands(options.threshold, options.num_perm, 1.0 - options.false_negative_weight,
                     options.false_negative_weight);
  return {options.bands, options.rows > 0 ? options.rows : options.num_perm / options.bands};
}

void minhash_ids_into(std::span<const std::uint32_t> ids, int num_perm, std::uint64_t seed,
                      std::span<std::uint64_t> signature, std::vector<std::uint64_t>& filled) {
  signature_into(ids, num_perm, keys_of(seed), signature, filled);
}

LshIndex::LshIndex(const std::vector<std::vector<std::uint32_t>>& sets, int num_perm, LshBands bands,
                   std::uint64_t seed, int n_threads)
    : texts_(sets.size()) {
  const Keys keys = keys_of(seed);
  const auto b = static_cast<std::size_t>(bands.bands);
  // Only the band keys are kept (texts x bands), not the signatures (texts x num_perm).
  std::vector<std::uint64_t> band_keys(texts_ * b);
  parallel_for(texts_, n_threads, [&](std::size_t begin, std::size_t end, int) {
    std::vector<std::uint64_t> signature(static_cast<std::size_t>(num_perm)), filled;
    for (std::size_t d = begin; d < end; ++d) {
      check_interrupt();
      if (sets[d].empty()) continue;
      signature_into(std::span<const std::uint32_t>(sets[d]), num_perm, keys, signature, filled);
      for (std::size_t band = 0; band < b; ++band)
        band_keys[d * b + band] = band_key(signature.data() + band * static_cast<std::size_t>(bands.rows),
                                           bands.rows, keys.band ^ band);
    }
  });
  // Each band's (key, text) pairs sorted with the core's radix sort: a run of equal keys is a
  // bucket. Buckets of one text are left out, which is most of them at useful thresholds.
  bucket_of_.assign(b * texts_, kAlone);
  members_.resize(b);
  offsets_.resize(b);
  parallel_for(b, n_threads, [&](std::size_t begin, std::size_t end, int) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> entries, scratch;
    for (std::size_t band = begin; band < end; ++band) {
      check_interrupt();
      entries.clear();
      for (std::size_t d = 0; d < texts_; ++d)
        if (!sets[d].empty()) entries.emplace_back(band_keys[d * b + band], static_cast<std::uint32_t>(d));
      detail::sort_by_hash(
          entries, scratch, [](const std::pair<std::uint64_t, std::uint32_t>& e) { return e.first; },
          std::less<>());
      auto& members = members_[band];
      auto& offsets = offsets_[band];
      offsets.push_back(0);
      for (std::size_t r = 0; r < entries.size();) {
        std::size_t s = r + 1;
        while (s < entries.size() && entries[s].first == entries[r].first) ++s;
        if (s - r > 1) {
          const auto bucket = static_cast<std::uint32_t>(offsets.size() - 1);
          for (std::size_t k = r; k < s; ++k) {
            members.push_back(entries[k].second);
            bucket_of_[band * texts_ + entries[k].second] = bucket;
          }
          offsets.push_back(static_cast<std::uint32_t>(members.size()));
        }
        r = s;
      }
    }
  });
}

}  // namespace detail

std::vector<std::uint64_t> minhash_signature(std::span<const std::uint64_t> set, int num_perm,
                                             std::uint64_t seed) {
  detail::check_num_perm(num_perm, "minhash_signature");
  std::vector<std::uint64_t> signature(static_cast<std::size_t>(num_perm)), filled;
  signature_into(set, num_perm, keys_of(seed), signature, filled);
  return signature;
}

double minhash_jaccard(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  if (a.size() != b.size())
    throw invalid_argument("minhash_jaccard: signatures of " + std::to_string(a.size()) + " and " +
                           std::to_string(b.size()) + " slots");
  if (a.empty()) return 0.0;
  std::size_t equal = 0;
  // Empty sets' slots never count: two empty sets have Jaccard 0, as in set_similarity.
  for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i] && a[i] != detail::kEmptySlot;
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

double LshBands::candidate_probability(double s) const noexcept {
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

LshBands lsh_bands(double threshold, int num_perm, double fp_weight, double fn_weight) {
  if (!(threshold > 0.0 && threshold <= 1.0))
    throw invalid_argument("lsh_bands: threshold must be in (0, 1], got " + std::to_string(threshold));
  detail::check_num_perm(num_perm, "lsh_bands");
  if (!(fp_weight >= 0.0) || !(fn_weight >= 0.0))
    throw invalid_argument("lsh_bands: weights must be >= 0, got " + std::to_string(fp_weight) + " and " +
                           std::to_string(fn_weight));
  LshBands best{1, 1};
  double best_error = INFINITY;
  for (int bands = 1; bands <= num_perm; ++bands) {
    for (int rows = 1; rows <= num_perm / bands; ++rows) {
      const LshBands candidate{bands, rows};
      const auto p = [&](double s) { return candidate.candidate_probability(s); };
      const double false_positive = integral(p, 0.0, threshold);
      const double false_negative = integral([&](double s) { return 1.0 - p(s); }, threshold, 1.0);
      const double error = fp_weight * false_positive + fn_weight * false_negative;
      if (error < best_error) {
        best_error = error;
        best = candidate;
      }
    }
  }
  return best;
}

}  // namespace treatytext
