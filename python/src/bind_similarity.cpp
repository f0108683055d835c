// Bindings of the similarity stage: cosine/Jaccard matrices and the exact top-k search.
#include <optional>
#include <string>

#include "bindings.hpp"
#include "choices.hpp"
#include "convert.hpp"
#include "treatytext/error.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext::python {

namespace {

using DoubleArray = Array<double>;
using Int64Array = Array<std::int64_t>;
/// (data, indices, indptr, rows, cols), as treatytext._sparse.csr_to_parts returns them; the
/// indices may also be scipy's own int32 array, which is then copied without a conversion.
using Parts = std::tuple<DoubleArray, py::array, Int64Array, std::int64_t, std::int64_t>;

/// A borrowed view of CSR parts, with whatever conversion they needed kept alive beside it:
/// int64 indptr (scipy's is often int32, a copy of rows + 1 entries) and int32 indices, which
/// scipy's own int32 array gives without a copy.
struct BorrowedCsr {
  DoubleArray data;
  Int64Array indptr;
  py::array indices_array;
  std::vector<std::int32_t> indices_copy;  // only when the indices were not int32
  CsrView view;
};

BorrowedCsr borrow(const Parts& parts, const char* name) {
  const auto& [data, indices, indptr, rows, cols] = parts;
  using Int32Array = py::array_t<std::int32_t, py::array::c_style>;
  BorrowedCsr m{data, indptr, indices, {}, {}};
  const auto fail = [&](const std::string& what) {
    throw invalid_argument(std::string(name) + ": CsrMatrix: " + what);
  };
  if (rows < 0 || cols < 0) fail("negative shape");
  if (indptr.ndim() != 1 || indptr.size() != rows + 1)
    fail("indptr has " + std::to_string(indptr.size()) +
         " entries, expected rows + 1 = " + std::to_string(rows + 1));
  const std::int64_t nnz = indptr.data()[rows];
  if (data.ndim() != 1 || indices.ndim() != 1 || indices.size() != data.size())
    fail("indices and data differ in length");
  if (nnz != data.size())
    fail("indptr[rows] = " + std::to_string(nnz) + " but there are " + std::to_string(data.size()) +
         " non-zeros");
  const std::int32_t* index_data = nullptr;
  if (py::isinstance<Int32Array>(indices) && (indices.flags() & py::array::c_style) != 0) {
    index_data = static_cast<const std::int32_t*>(indices.data());
  } else {
    const auto wide = Int64Array::ensure(indices);
    if (!wide) throw invalid_argument(std::string(name) + ": indices are not integers");
    m.indices_copy.resize(static_cast<std::size_t>(wide.size()));
    for (py::ssize_t i = 0; i < wide.size(); ++i) {
      const auto column = wide.data()[i];
      // Out-of-range columns become -1 so that the validation reports them instead of wrapping.
      m.indices_copy[static_cast<std::size_t>(i)] =
          column >= 0 && column <= INT32_MAX ? static_cast<std::int32_t>(column) : -1;
    }
    index_data = m.indices_copy.data();
  }
  m.view = CsrView{rows, cols, m.indptr.data(), index_data, m.data.data()};
  return m;
}

/// An owned copy of CSR parts (the dense matrices' kernels take a CsrMatrix), validated.
CsrMatrix from_parts(const Parts& parts, const char* name) {
  const BorrowedCsr borrowed = borrow(parts, name);
  const CsrView& v = borrowed.view;
  const auto nnz = static_cast<std::size_t>(v.indptr[v.rows]);
  CsrMatrix matrix;
  matrix.rows = v.rows;
  matrix.cols = v.cols;
  matrix.indptr.assign(v.indptr, v.indptr + v.rows + 1);
  matrix.indices.assign(v.indices, v.indices + nnz);
  matrix.data.assign(v.data, v.data + nnz);
  matrix.validate();
  return matrix;
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
        return py::make_tuple(to_numpy(std::move(result.indices), result.rows, result.k),
                              to_numpy(std::move(result.scores), result.rows, result.k));
      },
      py::arg("x"), py::arg("y") = py::none(), py::arg("k") = 10, py::arg("threshold") = py::none(),
      py::arg("exclude_self") = true, py::arg("x_groups") = py::none(), py::arg("y_groups") = py::none(),
      py::arg("n_threads") = 1, py::arg("method") = "auto",
      "Exact cosine top-k: (indices, scores), each rows x k; see treatytext.similarity.top_k.");
  m.def("top_k_tiles_usable", &top_k_tiles_usable,
        "Whether top_k's pruned search can use AMX tiles here; see treatytext.similarity.");
}

}  // namespace treatytext::python
