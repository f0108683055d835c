// Stage beside similarity — text reuse: normalized text -> shingles -> candidate pairs ->
// aligned passages with offsets -> clusters of passages across a corpus.
//
// Every offset this stage returns is a code-point offset into the caller's original text, so
// that text[start:end] in Python is the passage as written.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext {

/// The normalization for reuse. Exactly: every code point of the text is, in order,
///  - dropped when it is one of the invisible joiners U+00AD, U+200C, U+200D, U+2060, U+FEFF;
///  - kept, fully case folded (Unicode CaseFolding C+F, through utf8proc), when it is a letter
///    (category L*) or a combining mark (M*), a number (N*) with keep_digits, a punctuation
///    character (P*) with keep_punctuation;
///  - otherwise a separator: every maximal run of separators becomes one space, and spaces at
///    the start and the end are removed.
/// Words are the maximal runs of kept code points.
struct ReuseNormalization {
  bool keep_digits = false;
  bool keep_punctuation = false;
};

/// A normalized text with its map back to the original.
struct NormalizedText {
  std::string text;                       ///< UTF-8
  std::vector<std::uint32_t> char_bytes;  ///< byte offset in `text` of each code point, then text.size()
  std::vector<std::uint32_t> origin;      ///< per code point: the original code point it came from
                                          ///< (a space: the first separator of its run)
  std::vector<std::uint32_t> word_begin;  ///< per word: its first code point in `text`
  std::vector<std::uint32_t> word_end;    ///< per word: one past its last code point
  std::size_t original_code_points = 0;

  [[nodiscard]] std::size_t code_points() const noexcept { return origin.size(); }
  /// Original code-point offsets [begin, end) of the words [first, last).
  [[nodiscard]] std::uint32_t original_begin(std::size_t word) const { return origin[word_begin[word]]; }
  [[nodiscard]] std::uint32_t original_end(std::size_t word) const { return origin[word_end[word] - 1] + 1; }
};

/// Normalizes UTF-8 text for reuse (see ReuseNormalization). Invalid UTF-8 throws encoding_error
/// naming the byte offset; texts of 2^32 bytes or more throw invalid_argument.
NormalizedText normalize_for_reuse(std::string_view text, const ReuseNormalization& options = {});
/// As normalize_for_reuse, into `out` (its contents replaced, its memory reused): a run over
/// many texts then does not fault in fresh pages for each.
void normalize_for_reuse_into(std::string_view text, const ReuseNormalization& options, NormalizedText& out);

/// What a shingle is made of.
enum class ShingleUnit : std::uint8_t {
  character,  ///< q consecutive code points of the normalized text (spaces included)
  word,       ///< q consecutive words, i.e. the normalized text from the first to the last
};

struct ShingleOptions {
  ShingleUnit unit = ShingleUnit::character;
  int size = 5;  ///< q: code points or words per shingle, >= 1
  ReuseNormalization normalization;
  /// Throws invalid_argument when size < 1.
  void validate() const;
};

/// The set of shingles of a normalized text as sorted, distinct 64-bit hashes of their UTF-8
/// bytes (the core's short-string hash; two different shingles collide with probability about
/// 2^-64 per pair). A text with fewer than q code points (words) has no shingle.
std::vector<std::uint64_t> shingle_set(const NormalizedText& text, const ShingleOptions& options);
std::vector<std::uint64_t> shingle_set(std::string_view text, const ShingleOptions& options);

/// Exact set measures of two shingle sets. jaccard = |A∩B| / |A∪B|, containment_a = |A∩B| / |A|,
/// containment_b = |A∩B| / |B|; each is 0 when its denominator is.
struct SetSimilarity {
  std::int64_t size_a = 0, size_b = 0, intersection = 0;
  double jaccard = 0, containment_a = 0, containment_b = 0;
};

/// Measures of two sorted, distinct hash sets.
SetSimilarity set_similarity(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) noexcept;
/// Measures of the shingle sets of two texts.
SetSimilarity shingle_similarity(std::string_view a, std::string_view b, const ShingleOptions& options = {});

/// Which measure find_reuse thresholds.
enum class ReuseMeasure : std::uint8_t {
  jaccard,      ///< |A∩B| / |A∪B| >= threshold
  containment,  ///< max(containment_a, containment_b) = |A∩B| / min(|A|, |B|) >= threshold
};

/// How find_reuse finds its candidate pairs. Either way every candidate is measured exactly.
enum class ReuseSearch : std::uint8_t {
  exact,    ///< prefix and size filtering: every pair reaching the threshold is found
  minhash,  ///< MinHash/LSH banding (Jaccard only): a pair of Jaccard s becomes a candidate with
            ///< probability about 1 - (1 - s^rows)^bands, so recall can fall below 1
};

struct FindReuseOptions {
  ShingleOptions shingles;
  ReuseMeasure measure = ReuseMeasure::jaccard;
  ReuseSearch search = ReuseSearch::exact;
  /// search = minhash: slots per MinHash signature, in [1, 4096].
  int num_perm = 128;
  /// search = minhash: bands x rows of the LSH (bands * rows <= num_perm). bands = 0 chooses
  /// both from the threshold: lsh_bands(threshold, num_perm, 1 - false_negative_weight,
  /// false_negative_weight), datasketch's choice at the default 0.5. Since every candidate is
  /// verified exactly, a false positive costs only time: a weight near 1 buys recall with
  /// candidates. rows = 0 with bands given means num_perm / bands.
  int bands = 0;
  int rows = 0;
  double false_negative_weight = 0.5;  ///< in [0, 1]
  std::uint64_t seed = 1;              ///< search = minhash: seed of the MinHash and band hashes
  double threshold = 0.3;              ///< in (0, 1]
  /// Boilerplate cut: shingles found in more than max_df texts are removed from every set
  /// before anything is measured (0 = no cut). The result is exactly that of comparing every
  /// pair of the cut sets.
  std::int64_t max_df = 0;
  /// Memory for the sets as bitmaps (one bit per distinct shingle per text), where a pair's
  /// overlap is a popcount; beyond it sorted id lists are merged instead. Same result either way.
  std::size_t bitmap_budget_bytes = std::size_t{256} << 20;
  int n_threads = 1;
  /// Throws invalid_argument for an option out of its domain.
  void validate() const;
};

/// Every pair (a < b) whose measure reaches the threshold, sorted by (a, b).
struct FindReuseResult {
  std::vector<std::int64_t> a, b, intersection;
  std::vector<double> jaccard, containment_a, containment_b;
  std::vector<std::int64_t> set_sizes;  ///< per text, after the max_df cut
  std::int64_t candidates = 0;  ///< pairs whose sets were intersected (the rest were skipped by bounds)
  std::int64_t distinct_shingles = 0;  ///< in the whole corpus, after the cut
  int bands = 0, rows = 0;             ///< of the LSH (search = minhash; 0 for exact)
};

/// Exact all-pairs set-similarity join (search = exact): an inverted index over the shingles (numbered rarest
/// first), prefix filtering (a pair reaching the threshold must share one of the
/// |x| - ceil(t |x|) + 1 rarest shingles of its smaller set x) and, for Jaccard, size filtering
/// (|x| >= t |y|); candidates are then intersected exactly. Same result for every n_threads.
/// With search = minhash the candidates are instead the pairs (passing the size filter) whose
/// signatures (minhash_signature over the cut sets' corpus shingle ids) agree on every row of
/// some band; they are measured exactly all the same, so every pair returned is a true one
/// with exact values, only some may be missing. Invalid UTF-8 throws encoding_error naming the
/// text and the byte offset.
FindReuseResult find_reuse(std::span<const std::string_view> texts, const FindReuseOptions& options);

/// MinHash signature of a set of distinct 64-bit values (in any order): one-permutation hashing
/// with optimal densification (Shrivastava 2017). Each value is hashed once (seeded); the hash
/// picks one of num_perm bins and its rank within that bin, each bin keeps its smallest rank,
/// and an empty bin copies the bin that a probe sequence fixed by (bin, seed) reaches first
/// among the non-empty ones. For two sets, slot i agrees with probability equal to their
/// Jaccard similarity (up to 2^-63 hash collisions), as with num_perm independent hash
/// functions, at the cost O(|set| + num_perm) instead of O(|set| num_perm). Slots of an empty
/// set are all 2^64 - 1 (no non-empty set has such a slot). Throws invalid_argument when
/// num_perm is outside [1, 4096].
std::vector<std::uint64_t> minhash_signature(std::span<const std::uint64_t> set, int num_perm,
                                             std::uint64_t seed = 1);
/// Share of equal slots of two signatures of one length: the MinHash estimate of Jaccard.
/// Throws invalid_argument when the lengths differ.
double minhash_jaccard(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);

/// Bands x rows of a MinHash LSH. A pair of Jaccard s shares a band with probability
/// 1 - (1 - s^rows)^bands when the slots agree independently (the S-curve).
struct LshBands {
  int bands = 0, rows = 0;
  [[nodiscard]] double candidate_probability(double s) const noexcept;
};
/// The (bands, rows) with bands * rows <= num_perm that minimise fp_weight * (the S-curve's
/// integral over [0, threshold]) + fn_weight * (one minus it, integrated over [threshold, 1]),
/// as datasketch's MinHashLSH chooses them: bands ascending, then rows, the first strict
/// minimum wins. Throws invalid_argument for a threshold outside (0, 1], num_perm outside
/// [1, 4096] or a negative weight.
LshBands lsh_bands(double threshold, int num_perm, double fp_weight = 0.5, double fn_weight = 0.5);

/// How passages are found and aligned (see find_passages).
struct PassageOptions {
  int min_words = 6;     ///< a passage has at least this many matching words
  int seed_words = 0;    ///< seeds are shared word n-grams of this length (0: min_words)
  double match = 1;      ///< alignment score of two equal words (> 0)
  double mismatch = -1;  ///< of two different words aligned (<= 0)
  double gap = -1;       ///< of a word aligned with nothing (<= 0)
  int max_gap = 10;      ///< the most words on either side between two joined seeds, and of an extension
  int max_repeat = 20;   ///< n-grams occurring more often than this in either text seed nothing
  ReuseNormalization normalization;
  /// Throws invalid_argument for an option out of its domain.
  void validate() const;
};

/// Reused passages between two texts, sorted by (start_a, start_b). Offsets are original code points;
/// word offsets index the words of the normalized texts.
struct Passages {
  std::vector<std::int64_t> start_a, end_a, start_b, end_b;
  std::vector<std::int64_t> word_start_a, word_end_a, word_start_b, word_end_b;
  std::vector<std::int64_t> words;            ///< matching words aligned in the passage
  std::vector<double> score;                  ///< alignment score
  std::int64_t words_a = 0, words_b = 0;      ///< words of each text
  std::int64_t covered_a = 0, covered_b = 0;  ///< words of each text inside some passage
  [[nodiscard]] std::size_t size() const noexcept { return score.size(); }
};

/// Passages as passim and textreuse find them: seeds are word n-grams that occur in both texts
/// (at most max_repeat times in each); seeds on one diagonal merge into exact blocks; blocks in
/// order on both sides, at most max_gap words apart, are joined by a global alignment of the
/// words between them when that keeps the score of both sides positive (as a Smith–Waterman
/// alignment through the gap would); each chain is then extended at both ends by the best
/// anchored local alignment of up to max_gap words. Chains with fewer than min_words matching
/// words are dropped, as are chains overlapping a better one on both sides and chains both
/// of whose sides already lie inside better passages (a repeated phrase linked to a repeat).
Passages find_passages(std::string_view a, std::string_view b, const PassageOptions& options = {});

/// Passages of many pairs of one corpus (pair p: texts[pair_a[p]] and texts[pair_b[p]]).
struct CorpusPassages {
  std::vector<std::int64_t> pair;  ///< per passage: index of its pair
  Passages passages;               ///< all passages, pair by pair; words_a/b, covered_a/b unused
  std::vector<std::int64_t> words_a, words_b, covered_a, covered_b;  ///< per pair
};

/// find_passages for each pair, every text normalized once, pairs in parallel (same result for
/// every n_threads).
CorpusPassages find_corpus_passages(std::span<const std::string_view> texts,
                                    std::span<const std::int64_t> pair_a,
                                    std::span<const std::int64_t> pair_b, const PassageOptions& options,
                                    int n_threads = 1);

/// Clusters of reused passages: members are passage sides (document, start, end); the two sides
/// of a passage are linked, and so are overlapping members of one document (single link).
/// Overlapping members of a cluster in one document are merged into one span.
struct PassageClusters {
  std::vector<std::int64_t> cluster, document, start, end;  ///< members, by (cluster, document, start)
  std::vector<std::int64_t> source;  ///< per cluster: the member row of its earliest witness
  std::vector<std::int64_t> size;    ///< per cluster: documents it appears in
};

/// Clusters the passages (doc_a[i], start_a[i], end_a[i]) ~ (doc_b[i], start_b[i], end_b[i]).
/// The earliest witness of a cluster is the member whose document has the smallest date (NaN
/// dates count as latest; ties: lower document, then earlier start); with `dates` empty, the
/// lowest document. Clusters are numbered in order of their first member (document, start).
PassageClusters cluster_passages(std::int64_t documents, std::span<const std::int64_t> doc_a,
                                 std::span<const std::int64_t> start_a, std::span<const std::int64_t> end_a,
                                 std::span<const std::int64_t> doc_b, std::span<const std::int64_t> start_b,
                                 std::span<const std::int64_t> end_b, std::span<const double> dates = {});

}  // namespace treatytext
