// Analysis — alignment: which clauses of document A reappear in document B?
//
// Clauses are compared by cosine similarity of their (tf-idf) vectors, computed with
// treatytext::top_k. A pair can be matched only if its score is > 0 and >= threshold.
//
// one_to_one: a maximum-weight bipartite matching (each clause of A and of B used at most
//   once, the sum of matched scores maximal). Exact (Hungarian algorithm, O(min² max) time on
//   the dense |A| x |B| score table) when |A| x |B| <= exact_max_cells; beyond that a greedy
//   matching by descending score over each clause's `candidates` best partners in both
//   directions (at least half the optimal weight; in practice near it, since text reuse gives
//   clear maxima).
// one_to_many: each clause of A gets its single best clause of B; a clause of B may be the
//   best match of several clauses of A.
//
// Permuting the clauses of A or B permutes the result and changes nothing else, except among
// exactly tied scores, which go to the lower index (and, for the exact matching, between
// matchings of exactly equal total weight).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

enum class AlignMode : std::uint8_t { one_to_one, one_to_many };

struct AlignOptions {
  AlignMode mode = AlignMode::one_to_one;
  double threshold = 0.0;
  std::int64_t candidates = 10;              ///< per clause and direction, greedy one-to-one only
  std::int64_t exact_max_cells = 4'000'000;  ///< largest |A| x |B| solved exactly (2000 x 2000: ~0.4 s)
  int n_threads = 1;                         ///< similarity computation

  void validate() const;  ///< throws invalid_argument
};

/// Matched pairs sorted by a_index (then b_index), and the clauses matched on neither side.
struct Alignment {
  std::vector<std::int64_t> a_index;
  std::vector<std::int64_t> b_index;
  std::vector<double> score;
  std::vector<std::int64_t> unmatched_a;  ///< ascending
  std::vector<std::int64_t> unmatched_b;  ///< ascending
  bool exact = true;                      ///< false when one-to-one fell back to greedy

  /// Number of aligned pairs.
  [[nodiscard]] std::size_t size() const noexcept { return score.size(); }
};

/// Aligns the rows of A (clauses of one document) with the rows of B by cosine similarity.
/// A and B must have the same columns (one vocabulary).
Alignment align(const CsrMatrix& a, const CsrMatrix& b, const AlignOptions& options = {});

/// Aligns from a dense row-major |A| x |B| score table computed elsewhere (any similarity;
/// larger is better, NaN means no pair). one_to_one is always exact here.
Alignment align_scores(std::span<const double> scores, std::int64_t a_rows, std::int64_t b_rows,
                       const AlignOptions& options = {});

/// Maximum-weight bipartite matching of a dense row-major rows x cols table of weights >= 0
/// (Hungarian algorithm with potentials). Returns, per row, its column or -1; zero-weight
/// assignments are reported as -1.
std::vector<std::int64_t> max_weight_matching(std::span<const double> weights, std::int64_t rows,
                                              std::int64_t cols);

}  // namespace treatytext
