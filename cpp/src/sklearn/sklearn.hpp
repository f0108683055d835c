// The scikit-learn face (internal: not installed; a C++ user sees the engine, count.hpp and
// weight.hpp): an analyzer with the exact semantics of scikit-learn's CountVectorizer ('word'
// with a \w-run token pattern, 'char', 'char_wb'; str.lower(); strip_accents 'ascii' and
// 'unicode'; stop words; n-grams), and the face's view of the engine's counts: terms in Python's
// str order, first-occurrence order, and matrices in scikit-learn's value types. Python's notion
// of a word character, of whitespace and of lowercase is not utf8proc's, so the character data
// comes from the running interpreter (PythonText). Counting runs on the engine's chunk counter
// (count/chunk.hpp) and Vocabulary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/count.hpp"
#include "treatytext/detail/uninitialized.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/weight.hpp"

namespace treatytext {

// ---------------------------------------------------------------------------------------------
// Character data

/// A map from a code point to a sequence of code points: keys ascending, the value of keys[i]
/// is values[offsets[i] .. offsets[i + 1]).
struct CodePointMap {
  std::vector<char32_t> keys;
  std::vector<std::uint32_t> offsets{0};
  std::vector<char32_t> values;
};

/// Character data read out of a Python interpreter (see treatytext/sklearn/_tables.py).
struct PythonTextData {
  static constexpr std::uint8_t kWord = 1;           ///< re's \w: str.isalnum() or '_'
  static constexpr std::uint8_t kSpace = 2;          ///< re's \s, str.isspace(), str.split()
  static constexpr std::uint8_t kCased = 4;          ///< Cased (for the final-sigma rule)
  static constexpr std::uint8_t kCaseIgnorable = 8;  ///< Case_Ignorable (same)
  std::vector<std::uint8_t> flags;                   ///< one entry per code point 0 .. 0x10FFFF
  CodePointMap lower;          ///< str.lower() per character where it differs (U+03A3 -> U+03C3)
  CodePointMap strip_unicode;  ///< strip_accents_unicode per character where it differs
  CodePointMap strip_ascii;    ///< strip_accents_ascii per non-ASCII character if not empty
};

enum class StripAccents : std::uint8_t { none, ascii, unicode };

/// Compiled, immutable character tables shared by analyzers (and threads). Building validates
/// the data (sizes, sorted keys, offsets in range, code points <= 0x10FFFF) and throws
/// invalid_argument naming the field; the per-option lookup tables are built on first use.
class PythonText {
 public:
  explicit PythonText(PythonTextData data);
  ~PythonText();
  PythonText(const PythonText&) = delete;
  PythonText& operator=(const PythonText&) = delete;

  [[nodiscard]] std::uint8_t flags(char32_t code_point) const noexcept;

  struct Tables;  ///< internal: the composed lowercase + strip table of one option set
  [[nodiscard]] const Tables& tables(bool lowercase, StripAccents strip) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Analyzer

enum class SklearnAnalyzerKind : std::uint8_t {
  word,     ///< tokens: maximal runs of \w of at least min_token_length code points
  chars,    ///< 'char': n-grams of code points after collapsing runs of 2+ whitespace to ' '
  chars_wb  ///< 'char_wb': n-grams inside whitespace-separated words padded with ' '
};

struct SklearnAnalyzerOptions {
  SklearnAnalyzerKind analyzer = SklearnAnalyzerKind::word;
  bool lowercase = true;  ///< str.lower() (full mappings, final sigma)
  StripAccents strip_accents = StripAccents::none;
  /// Token pattern \b\w{k,}\b: 2 for scikit-learn's default (?u)\b\w\w+\b, 1 for \b\w+\b.
  int min_token_length = 2;
  int ngram_min = 1;
  int ngram_max = 1;
  std::vector<std::string> stop_words;  ///< UTF-8; dropped before word n-grams are formed

  /// Throws invalid_argument naming the field (ngram_min < 1, ngram_min > ngram_max, ...).
  void validate() const;
};

/// Terms of one document as views into the scratch buffers (valid until the next call). At
/// least 16 readable bytes follow the start of every term, so that hashing can load a term's
/// prefix without testing its length.
struct SklearnScratch {
  std::string text;   ///< preprocessed text or concatenated tokens
  std::string extra;  ///< joined word n-grams, padded char_wb words
  std::vector<std::uint32_t> positions;
  std::vector<std::uint8_t> spaces;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<std::string_view> terms;
};

/// scikit-learn's build_analyzer() for analyzer in {'word', 'char', 'char_wb'} with the default
/// preprocessor and tokenizer, term for term (order included). Thread-safe (const).
class SklearnAnalyzer final : public TermProducer {
 public:
  SklearnAnalyzer(std::shared_ptr<const PythonText> text, SklearnAnalyzerOptions options);
  ~SklearnAnalyzer() override;
  SklearnAnalyzer(SklearnAnalyzer&&) noexcept;
  SklearnAnalyzer& operator=(SklearnAnalyzer&&) noexcept;

  [[nodiscard]] const SklearnAnalyzerOptions& options() const noexcept;

  /// Terms of a UTF-8 document (surrogate code points encoded as 3 bytes are accepted).
  void analyze(std::string_view document, TermList& out) const override;
  /// As analyze(), into reusable buffers: scratch.terms holds the terms afterwards.
  void analyze(std::string_view document, SklearnScratch& scratch) const;
  /// Convenience for tests and small inputs.
  [[nodiscard]] std::vector<std::string> terms(std::string_view document) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Counting and weighting with scikit-learn's conventions

// DocumentSource and ViewSource (documents read on demand) live in terms.hpp.

/// How matrix values are produced from raw counts x (scikit-learn's order of operations).
struct SklearnOutput {
  enum class Values : std::uint8_t { int64, float64, float32 };
  Values values = Values::int64;
  bool binary = false;                 ///< x = 1
  bool sublinear_tf = false;           ///< x = 1 + ln(x)
  std::vector<double> idf;             ///< x *= idf[column] (empty: no idf)
  NormScheme norm = NormScheme::none;  ///< rows divided by their l1 / l2 norm (sum in double)
};

/// A CSR matrix with scikit-learn's layout; exactly one of the value vectors is filled. The
/// entry arrays are vectors that are not zero-filled before being written (see
/// detail/uninitialized.hpp); they read like any std::vector.
struct SklearnMatrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::int64_t> indptr{0};
  detail::UninitializedVector<std::int32_t> indices;
  detail::UninitializedVector<std::int64_t> values_int64;
  detail::UninitializedVector<double> values_float64;
  detail::UninitializedVector<float> values_float32;
};

/// A fixed term -> column table (a fitted or user-given vocabulary).
class SklearnVocabulary {
 public:
  /// Column i is terms[i]; duplicates throw invalid_argument.
  explicit SklearnVocabulary(const std::vector<std::string>& terms);
  explicit SklearnVocabulary(std::span<const std::string_view> terms);
  /// Column i is the term of id i (a copy: no term is hashed again or checked for duplicates).
  explicit SklearnVocabulary(const Vocabulary& terms);
  ~SklearnVocabulary();
  SklearnVocabulary(SklearnVocabulary&&) noexcept;
  SklearnVocabulary& operator=(SklearnVocabulary&&) noexcept;
  [[nodiscard]] std::size_t size() const noexcept;
  /// Column of a term, or -1.
  [[nodiscard]] std::int32_t find(std::string_view term) const noexcept;

  struct Impl;
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// The counts of a batch of documents before pruning: terms in code point order (as Python
/// sorts str) with their document and corpus frequencies; matrix() then writes the CSR matrix
/// for any selection of columns. Identical for every thread count.
class SklearnCounts {
 public:
  /// Counts documents with the analyzer on n_threads threads (resolve_threads convention):
  /// add() then finish().
  static SklearnCounts count(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int n_threads);

  /// Empty counts, to which documents are added in order, in batches, so that a large or
  /// streamed corpus need not be held at once; finish() must be called before the accessors.
  SklearnCounts();
  /// As SklearnCounts(); with keep_rows false only the terms and their frequencies are kept
  /// (what a fit that writes no matrix needs: less memory and no rows written), and matrix()
  /// and take_matrix() throw.
  explicit SklearnCounts(bool keep_rows);
  ~SklearnCounts();
  SklearnCounts(SklearnCounts&&) noexcept;
  SklearnCounts& operator=(SklearnCounts&&) noexcept;
  /// Appends a batch of documents analyzed on n_threads threads.
  void add(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int n_threads);
  /// Appends one document given as its terms (e.g. produced by a Python callable).
  void add_document(std::span<const std::string_view> terms);
  /// Merges what was added: terms sorted, frequencies summed. Throws if called twice.
  void finish(int n_threads = 1);

  [[nodiscard]] std::int64_t documents() const noexcept;
  [[nodiscard]] std::size_t terms() const noexcept;
  [[nodiscard]] std::string_view term(std::size_t i) const;  ///< i-th term in sorted order
  [[nodiscard]] const std::vector<std::int64_t>& document_frequency() const noexcept;
  [[nodiscard]] const std::vector<std::int64_t>& term_frequency() const noexcept;
  /// Sorted term indices in the order of their first occurrence (documents in order, terms in
  /// their order within a document): the insertion order of scikit-learn's vocabulary_.
  [[nodiscard]] const std::vector<std::int64_t>& first_seen() const noexcept;

  /// The matrix with column column_of[i] for sorted term i (-1 drops the term); columns ascend
  /// within each row. output.idf is indexed by the new columns.
  [[nodiscard]] SklearnMatrix matrix(std::span<const std::int32_t> column_of, std::int64_t columns,
                                     const SklearnOutput& output, int n_threads) const;
  /// matrix(), freeing the counted documents as their rows are written, so that the peak
  /// memory is about the larger of counts and matrix rather than their sum. The counts cannot
  /// write another matrix afterwards (matrix() and take_matrix() then throw); the terms and
  /// frequencies stay readable.
  [[nodiscard]] SklearnMatrix take_matrix(std::span<const std::int32_t> column_of, std::int64_t columns,
                                          const SklearnOutput& output, int n_threads);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// scikit-learn's transform(): counts against a fixed vocabulary (unknown terms ignored), then
/// the output's weighting.
SklearnMatrix sklearn_transform(const SklearnAnalyzer& analyzer, const SklearnVocabulary& vocabulary,
                                const DocumentSource& documents, const SklearnOutput& output, int n_threads);

/// count_partial() / count_partition() with this analyzer, equal to them byte for byte, but
/// counted as SklearnCounts counts (the analyzer's padded views, a thread's runs sharing its
/// vocabulary): the Dask face's pass 1.
PartialCounts sklearn_count_partial(const SklearnAnalyzer& analyzer, const DocumentSource& documents,
                                    int n_threads);
PartitionCounts sklearn_count_partition(const SklearnAnalyzer& analyzer, const DocumentSource& documents,
                                        int n_threads);

/// sklearn_transform() of a partition counted once by count_partition() with this face's
/// analyzer: its rows remapped to the vocabulary's columns and written with the output's
/// weighting by the same writer, so the result equals sklearn_transform() of its documents bit
/// for bit without analyzing them again.
SklearnMatrix sklearn_partition_matrix(const PartitionCounts& counts, const SklearnVocabulary& vocabulary,
                                       const SklearnOutput& output, int n_threads);

/// sklearn_transform() in batches: documents are added in order, analyzed natively or given as
/// their terms, then finish() writes the matrix.
class SklearnFixedCounter {
 public:
  explicit SklearnFixedCounter(const SklearnVocabulary& vocabulary);
  ~SklearnFixedCounter();
  void add(const SklearnAnalyzer& analyzer, const DocumentSource& documents, int n_threads);
  void add_document(std::span<const std::string_view> terms);
  /// The matrix of the documents added; their counts are freed as it is written, so the counter
  /// is spent (add(), add_document() and finish() then throw).
  [[nodiscard]] SklearnMatrix finish(const SklearnOutput& output, int n_threads);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// TfidfTransformer.transform in place on a CSR matrix's arrays: data = 1 + ln(data) if
/// sublinear, data *= idf[indices] if idf is given, then rows normalized (norm: 0 none, 1 l1,
/// 2 l2), all in T's arithmetic with norms summed in double as scikit-learn does.
template <typename T, typename Index, typename Pointer>
void sklearn_tfidf_inplace(std::span<T> data, std::span<const Index> indices, std::span<const Pointer> indptr,
                           std::span<const T> idf, bool sublinear_tf, NormScheme norm, int n_threads);

}  // namespace treatytext
