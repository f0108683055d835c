// Stage 5 — similarity: cosine and Jaccard between rows, exact top-k without an n x n matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

/// Dense row-major (X.rows x Y.rows) cosine similarities; Y = nullptr means Y = X.
///
/// Rows need not be normalized; a zero row has similarity 0 with every row (itself included).
/// For small sets only: throws invalid_argument when the result would exceed max_cells, and
/// when X and Y differ in their number of columns. With Y = nullptr the result is exactly
/// symmetric. Rows of the result are computed in parallel on n_threads (same result for any
/// count).
std::vector<double> cosine_matrix(const CsrMatrix& x, const CsrMatrix* y = nullptr,
                                  std::int64_t max_cells = 100'000'000, int n_threads = 1);

/// Dense Jaccard similarities of the rows' non-zero patterns, |A ∩ B| / |A ∪ B|, where a stored
/// value equal to 0 counts as absent; 0 for two empty rows. Same guards as cosine_matrix.
std::vector<double> jaccard_matrix(const CsrMatrix& x, const CsrMatrix* y = nullptr,
                                   std::int64_t max_cells = 100'000'000, int n_threads = 1);

/// How top_k finds the neighbours; every method returns the same, exact result.
enum class TopKMethod : std::uint8_t {
  automatic,   ///< pruned when all values are >= 0 and Y is large enough, else exhaustive
  exhaustive,  ///< every candidate's score via an inverted index (any sign of values)
  pruned,      ///< score bounds skip most candidates; needs values >= 0 (invalid_argument otherwise)
};

struct TopKOptions {
  std::int64_t k = 10;
  std::optional<double> threshold;     ///< keep only scores >= threshold
  bool exclude_self = true;            ///< when Y is absent, a row is not its own neighbour
  std::vector<std::int64_t> x_groups;  ///< with y_groups (or alone when Y is absent):
  std::vector<std::int64_t> y_groups;  ///< exclude pairs in the same group (e.g. same document)
  int n_threads = 1;                   ///< resolve_threads() convention (-1 = all cores)
  TopKMethod method = TopKMethod::automatic;
};

/// rows x k neighbours, best first; ties broken by lower index; missing slots are index -1,
/// score NaN.
struct TopKResult {
  std::int64_t rows = 0;
  std::int64_t k = 0;
  std::vector<std::int64_t> indices;
  std::vector<double> scores;
};

/// A CSR matrix borrowed from arrays owned elsewhere (NumPy's, say), so that top_k can read its
/// input without a copy. Same invariants as CsrMatrix, which top_k checks as far as pointers
/// allow (the caller vouches that indptr has rows + 1 entries and indices and data
/// indptr[rows]), except one: as in scipy, the columns of a row may come in any order and
/// repeat; top_k then works on a sorted copy of such rows, duplicates summed. The arrays must
/// stay alive and unchanged during the call.
struct CsrView {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  const std::int64_t* indptr = nullptr;
  const std::int32_t* indices = nullptr;
  const double* data = nullptr;
};

/// The view of a whole CsrMatrix (which must outlive it).
inline CsrView view_of(const CsrMatrix& m) {
  return {m.rows, m.cols, m.indptr.data(), m.indices.data(), m.data.data()};
}

/// Exact cosine top-k of each row of X among the rows of Y (Y = nullptr: among X's rows).
///
/// The candidates of row i are the rows j of Y that are not excluded (j == i when Y is absent
/// and exclude_self; equal group ids when groups are given) and, when a threshold is set, whose
/// score is >= threshold. The result has rows x k' slots, k' = min(k, max(1, rows searched))
/// (the rows of Y, or of X when Y is absent): no row can have more neighbours than that, so a k
/// far beyond the candidates costs nothing. Row i gets the first min(k', candidates) of them
/// ordered by score descending, then index ascending; the remaining slots are padded with index
/// -1 and score NaN.
/// Cosine with a zero row is 0, so a zero row's neighbours are the lowest-index candidates, all
/// with score 0 (unless a positive threshold removes them), exactly as a brute-force sort gives.
///
/// Rows need not be normalized (scores are computed in double from the l2-normalized rows, the
/// same for every method and thread count). Memory O(rows x k + nnz of X and Y + per thread a
/// few buffers of Y's rows and one of the columns that occur); never builds rows x rows, and
/// does not grow with the number of columns (a matrix with 2^31 - 1 columns but few stored
/// entries has its occurring columns renumbered first, in order, so the scores are unchanged).
/// Threads take blocks of queries as they free up; each query's result depends on that query
/// alone.
///
/// Throws invalid_argument when k < 1, when X and Y differ in columns, when a groups vector has
/// the wrong length (or only one of x_groups / y_groups is given with Y present), when a value
/// is NaN or infinite, when rows x k' would exceed 2^30 result cells, or when the structure of
/// a matrix is broken (check_csr_structure's message, prefixed by "X: " or "Y: ").
TopKResult top_k(const CsrMatrix& x, const CsrMatrix* y, const TopKOptions& options);

/// top_k over borrowed matrices (no copy of the input: its memory beyond X and Y is the unit
/// rows' values, the result and the search's index). Same contract as above.
TopKResult top_k(const CsrView& x, const CsrView* y, const TopKOptions& options);

/// Whether top_k's pruned search may bound its common terms by tile products in this process
/// (what the CPU, operating system, build and environment allow; ARCHITECTURE.md says which).
/// Results never depend on it, only speed does.
bool top_k_tiles_usable();

}  // namespace treatytext
