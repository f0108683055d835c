// Analysis — collocations: bigrams and trigrams that occur together more than chance predicts.
//
// Input is a batch of term-id sequences, one per clause (or document), in the flat layout
// ids[offsets[i] .. offsets[i+1]). An n-gram never crosses the end of a sequence, and a
// negative id (e.g. treatytext::kNoTerm for a removed stop word or punctuation) is a gap that
// no n-gram spans either.
//
// Counts are of n-gram *positions*: N is the number of n-gram tokens in the batch and the
// marginals count how often a term fills each slot of an n-gram (not its unigram frequency),
// so every contingency table sums exactly to N even though clause ends are not crossed.
//
// Bigram (w1 w2), O11 = f(w1 w2), R1 = f(w1 _), C1 = f(_ w2):
//   table  [[O11, R1 - O11], [C1 - O11, N - R1 - C1 + O11]], expected E_ij = row_i col_j / N;
//   G² = 2 Σ O ln(O/E) (1 df);  PMI = log2(O11 N / (R1 C1)).
// Trigram (w1 w2 w3): scored as the weaker of its two binary splits, (w1 w2) + w3 and
//   w1 + (w2 w3), each a 2x2 table like a bigram's with the pair as one unit:
//   O11 = f(w1 w2 w3) with margins f(w1 w2 _), f(_ _ w3), respectively f(w1 _ _), f(_ w2 w3).
//   G², PMI and the expected count all come from the split with the lower (signed) G²; 1 df.
//   A trigram thus ranks high only if it is more than a frequent pair plus a word. (The model
//   of three independent slots, NLTK's, ranks "the X of" high for any X because "the" and
//   "of" attract each other across the middle slot; on the ToTA corpus that put 158 cases of
//   "the community of" among the top five.)
// G² is signed: negative when the n-gram is rarer than expected (a repelled pair), so sorting
// by G² puts attraction first.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace treatytext {

enum class CollocationScore : std::uint8_t { log_likelihood, pmi, count };

struct CollocationOptions {
  int n = 2;                   ///< 2 (bigrams) or 3 (trigrams)
  std::int64_t min_count = 2;  ///< keep n-grams seen at least this often
  CollocationScore sort_by = CollocationScore::log_likelihood;

  void validate() const;  ///< throws invalid_argument
};

/// One row per kept n-gram, best first by the chosen score; ties by higher count, then by the
/// ids in lexicographic order, so the order never depends on hashing or threads.
struct Collocations {
  int n = 2;
  std::vector<std::int32_t> ids;    ///< rows x n, row-major: the n-gram's term ids
  std::vector<std::int64_t> count;  ///< f(n-gram)
  std::vector<double> expected;     ///< expected count under independence (of the scored split)
  std::vector<double> g2;           ///< signed log-likelihood
  std::vector<double> p_value;      ///< chi-square (1 df) upper tail of |G²|
  std::vector<double> pmi;          ///< log2
  std::int64_t total = 0;           ///< N: n-gram tokens in the batch

  /// Number of n-grams in the table.
  [[nodiscard]] std::size_t size() const noexcept { return count.size(); }
};

/// Scores the n-grams of the sequences ids[offsets[i] .. offsets[i+1]). offsets must start at 0,
/// not decrease, and end at ids.size() (else invalid_argument).
Collocations collocations(std::span<const std::int32_t> ids, std::span<const std::int64_t> offsets,
                          const CollocationOptions& options = {});

/// Convenience overload for one vector per sequence.
Collocations collocations(std::span<const std::vector<std::int32_t>> sequences,
                          const CollocationOptions& options = {});

}  // namespace treatytext
