// Bindings of the similarity stage: cosine/Jaccard matrices and the exact top-k search.
#include <optional>
#include <string>

#include "bindings.hpp"
#include "choices.hpp"
#include "convert.hpp"
#include "results.hpp"
#include "treatytext/error.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext::python {

namespace {

using DoubleArray = Array<double>;
using Int64Array = Array<std::int64_t>;
/// (data, indices, indptr, rows, cols), as treatytext._sparse.csr_to_parts returns them; the
/// indices may also be scipy's own int32 array, which is then copied without a conversion.
using Parts = std::tuple<DoubleArray, py::array, Int64Array, std::int64_t, std::int64_t>;

BorrowedCsr borrow(const Parts& parts, const char* name) {
  const auto& [data, indices, indptr, rows, cols] = parts;
  return borrow_csr(data, indices, indptr, rows, cols, name);
}

CsrMatrix from_parts(const Parts& parts, const char* name) {
  const auto& [data, indices, indptr, rows, cols] = parts;
  return csr_from_python(data, indices, indptr, rows, cols, name);
}

std::vector<std::int64_t> to_vector(const std::optional<Int64Array>& groups) {
  if (!groups) return {};
  return {groups->data(), groups->data() + groups->size()};
}

using MatrixFn = std::vector<double> (*)(const CsrMatrix&, const CsrMatrix*, std::int64_t, int);

py::array_t<double> dense_matrix(MatrixFn fn, const Parts& x, const std::optional<Parts>& y,
                                 std::int64_t max_cells, int n_threads) {
  const CsrMatrix xm = from_parts(x, "X");
  std::optional<CsrMatrix> ym;
  if (y) ym = from_parts(*y, "Y");
  std::vector<double> values = without_gil([&] { return fn(xm, ym ? &*ym : nullptr, max_cells, n_threads); });
  return to_numpy(std::move(values), xm.rows, ym ? ym->rows : xm.rows);
}

}  // namespace

void bind_similarity(pybind11::module_& m) {
  m.def(
      "cosine_matrix",
      [](const Parts& x, const std::optional<Parts>& y, std::int64_t max_cells, int n_threads) {
        return dense_matrix(&cosine_matrix, x, y, max_cells, n_threads);
      },
      py::arg("x"), py::arg("y") = py::none(), py::arg("max_cells") = 100'000'000, py::arg("n_threads") = 1,
      "Dense cosine similarities of the rows of x and y (CSR parts); see treatytext.similarity.");
  m.def(
      "jaccard_matrix",
      [](const Parts& x, const std::optional<Parts>& y, std::int64_t max_cells, int n_threads) {
        return dense_matrix(&jaccard_matrix, x, y, max_cells, n_threads);
      },
      py::arg("x"), py::arg("y") = py::none(), py::arg("max_cells") = 100'000'000, py::arg("n_threads") = 1,
      "Dense Jaccard similarities of the rows' non-zero patterns; see treatytext.similarity.");
  m.def(
      "top_k",
      [](const Parts& x, const std::optional<Parts>& y, std::int64_t k, std::optional<double> threshold,
         bool exclude_self, const std::optional<Int64Array>& x_groups,
         const std::optional<Int64Array>& y_groups, int n_threads, const std::string& method) {
        TopKOptions options;
        options.k = k;
        options.threshold = threshold;
        options.exclude_self = exclude_self;
        options.x_groups = to_vector(x_groups);
        options.y_groups = to_vector(y_groups);
        options.n_threads = n_threads;
        options.method = choose<TopKMethod>(method, "method must be",
                                            {{"auto", TopKMethod::automatic},
                                             {"exhaustive", TopKMethod::exhaustive},
                                             {"pruned", TopKMethod::pruned}});
        // Borrowed, not copied: the arrays are held by the arguments for the whole call.
        const BorrowedCsr xm = borrow(x, "X");
        std::optional<BorrowedCsr> ym;
        if (y) ym = borrow(*y, "Y");
        TopKResult result = without_gil([&] { return top_k(xm.view, ym ? &ym->view : nullptr, options); });
        return named_parts({
            {"indices", to_numpy(std::move(result.indices), result.rows, result.k)},
            {"scores", to_numpy(std::move(result.scores), result.rows, result.k)},
        });
      },
      py::arg("x"), py::arg("y") = py::none(), py::arg("k") = 10, py::arg("threshold") = py::none(),
      py::arg("exclude_self") = true, py::arg("x_groups") = py::none(), py::arg("y_groups") = py::none(),
      py::arg("n_threads") = 1, py::arg("method") = "auto",
      "Exact cosine top-k; returns a dict: indices (int64), scores (float64), each rows x k; see "
      "treatytext.similarity.top_k.");
  m.def("top_k_tiles_usable", &top_k_tiles_usable,
        "Whether top_k's pruned search can use AMX tiles here; see treatytext.similarity.");
}

}  // namespace treatytext::python
