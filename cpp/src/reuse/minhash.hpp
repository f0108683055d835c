// Internal to the reuse stage: MinHash signatures of shingle-id sets and the band buckets of
// the LSH that find_reuse draws its candidates from when search = minhash.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "treatytext/reuse.hpp"

namespace treatytext::detail {

inline constexpr int kMaxPermutations = 4096;
/// The slot value of an empty bin (and of every slot of an empty set's signature); real slot
/// values are below 2^63.
inline constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};

/// Throws invalid_argument naming `what` when num_perm is outside [1, kMaxPermutations].
void check_num_perm(int num_perm, const char* what);

/// The minhash options of find_reuse, checked (called by FindReuseOptions::validate).
void check_minhash_options(const FindReuseOptions& options);
/// The bands and rows find_reuse uses: given, or lsh_bands(threshold, num_perm).
LshBands resolve_lsh_bands(const FindReuseOptions& options);

/// minhash_signature of the set {ids} (num_perm checked by the caller) into `signature`
/// (num_perm slots); `filled` is the caller's scratch, kept between sets.
void minhash_ids_into(std::span<const std::uint32_t> ids, int num_perm, std::uint64_t seed,
                      std::span<std::uint64_t> signature, std::vector<std::uint64_t>& filled);

/// The band buckets of the signatures of a corpus' sets: texts x and y are candidates when
/// their signatures agree on every row of some band (detected by a 64-bit hash of the band's
/// rows, so that a hash collision, about 2^-64 per pair and band, adds a candidate, never
/// removes one). Empty sets are in no bucket. Built in parallel; the same for every n_threads.
class LshIndex {
 public:
  LshIndex(const std::vector<std::vector<std::uint32_t>>& sets, int num_perm, LshBands bands,
           std::uint64_t seed, int n_threads);

  /// Calls visit(y) for every other text y in a bucket of x, once per band they share (so a
  /// y may come several times), bands in order, texts ascending within a band.
  template <typename Visit>
  void for_each_candidate(std::size_t x, Visit&& visit) const {
    for (std::size_t band = 0; band < members_.size(); ++band) {
      const std::uint32_t bucket = bucket_of_[band * texts_ + x];
      if (bucket == kAlone) continue;
      const auto& offsets = offsets_[band];
      for (std::uint32_t p = offsets[bucket]; p < offsets[bucket + 1]; ++p)
        if (members_[band][p] != x) visit(members_[band][p]);
    }
  }

 private:
  static constexpr std::uint32_t kAlone = 0xFFFFFFFFu;
  std::size_t texts_ = 0;
  std::vector<std::uint32_t> bucket_of_;  ///< band * texts + text: its bucket, or kAlone
  /// per band: the texts of its buckets with two texts or more, bucket after bucket
  std::vector<std::vector<std::uint32_t>> members_, offsets_;
};

}  // namespace treatytext::detail
