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
// Trigram (w1 w2 w3): the 2x2x2 table of (slot 1 is w1?, slot 2 is w2?, slot 3 is w3?) built
//   by inclusion-exclusion from f(w1 w2 w3), the pair counts f(w1 w2 _), f(w1 _ w3),
//   f(_ w2 w3) and the slot marginals, against the model of three independent slots,
//   E_ijk = N p1(i) p2(j) p3(k) (NLTK's trigram likelihood ratio; 4 df);
//   PMI = log2(f(w1 w2 w3) N² / (f(w1 _ _) f(_ w2 _) f(_ _ w3))).
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
  std::vector<double> expected;     ///< expected count under independence
  std::vector<double> g2;           ///< signed log-likelihood
  std::vector<double> p_value;      ///< chi-square upper tail of |G²| (1 df bigrams, 4 df trigrams)
  std::vector<double> pmi;          ///< log2
  std::int64_t total = 0;           ///< N: n-gram tokens in the batch

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
