// Type conversion between the core's types and numpy/scipy.sparse parts. No domain logic.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "interrupt.hpp"
#include "treatytext/csr.hpp"
#include "treatytext/error.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext::python {

namespace py = pybind11;

/// A numpy argument converted (if need be) to a C-contiguous array of T.
template <typename T>
using Array = py::array_t<T, py::array::c_style | py::array::forcecast>;

/// Moves a vector into a numpy array that owns it (no copy of the elements).
template <typename T, typename Allocator>
py::array_t<T> to_numpy(std::vector<T, Allocator>&& values) {
  using Owner = std::vector<T, Allocator>;
  auto* owner = new Owner(std::move(values));
  py::capsule free_when_done(owner, [](void* p) { delete static_cast<Owner*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(owner->size()), owner->data(), free_when_done);
}

/// Moves a row-major rows x cols table into a 2-D numpy array that owns it (reshape checks
/// that the sizes agree).
template <typename T>
py::array_t<T> to_numpy(std::vector<T>&& values, std::int64_t rows, std::int64_t cols) {
  return to_numpy(std::move(values))
      .reshape({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
}

/// The elements of a C-contiguous numpy array, viewed in place (valid while the array lives).
template <typename T, int Flags>
std::span<const T> span_of(const py::array_t<T, Flags>& array) {
  return {array.data(), static_cast<std::size_t>(array.size())};
}

/// Runs `work` (a heavy core call that touches no Python object) with the GIL released and
/// returns its result; Ctrl-C stops it promptly with KeyboardInterrupt (interrupt.hpp).
template <typename Work>
auto without_gil(Work&& work) {
  return interruptible(std::forward<Work>(work));
}

// --- CSR in and out: the one way the bindings exchange sparse matrices ----------------------

/// (values, indices, indptr, (rows, cols)): the arguments of scipy.sparse.csr_matrix, the arrays
/// moved out of the core's vectors (any value type: the sklearn face returns int64 and float32).
template <typename Values, typename IndexVector, typename PointerVector>
py::tuple csr_parts_to_python(py::array_t<Values>&& values, IndexVector&& indices, PointerVector&& indptr,
                              std::int64_t rows, std::int64_t cols) {
  return py::make_tuple(std::move(values), to_numpy(std::forward<IndexVector>(indices)),
                        to_numpy(std::forward<PointerVector>(indptr)), py::make_tuple(rows, cols));
}

/// A CsrMatrix as the arguments of scipy.sparse.csr_matrix (no copy of its arrays).
inline py::tuple csr_to_python(CsrMatrix&& matrix) {
  return csr_parts_to_python(to_numpy(std::move(matrix.data)), std::move(matrix.indices),
                             std::move(matrix.indptr), matrix.rows, matrix.cols);
}

/// A CSR matrix borrowed from numpy arrays, with whatever conversion they needed kept alive
/// beside the view: int64 indptr (scipy's is often int32: a copy of rows + 1 entries) and int32
/// indices, which scipy's own int32 array gives without a copy.
struct BorrowedCsr {
  Array<double> data;
  Array<std::int64_t> indptr;
  py::array indices_array;
  std::vector<std::int32_t> indices_copy;  // only when the indices were not int32
  CsrView view;
};

/// Borrows (data, indices, indptr, rows, cols) as a CsrView after the checks pointers need
/// (shape, indptr length, lengths of indices and data, indptr[rows]); the core checks the rest.
/// Messages start with `name` ("X: CsrMatrix: ...") when it is not empty. Rows may be unsorted.
inline BorrowedCsr borrow_csr(const Array<double>& data, const py::array& indices,
                              const Array<std::int64_t>& indptr, std::int64_t rows, std::int64_t cols,
                              const std::string& name) {
  using Int32Array = py::array_t<std::int32_t, py::array::c_style>;
  BorrowedCsr m{data, indptr, indices, {}, {}};
  const auto fail = [&](const std::string& what) {
    throw invalid_argument((name.empty() ? std::string() : name + ": ") + "CsrMatrix: " + what);
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
    const auto wide = Array<std::int64_t>::ensure(indices);
    if (!wide) fail("indices are not integers");
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

/// An owned, validated copy of CSR parts (canonical: sorted columns, no duplicates): the
/// borrow_csr checks (messages prefixed by `name` if given), then CsrMatrix::validate().
inline CsrMatrix csr_from_python(const Array<double>& data, const py::array& indices,
                                 const Array<std::int64_t>& indptr, std::int64_t rows, std::int64_t cols,
                                 const std::string& name = "") {
  const BorrowedCsr borrowed = borrow_csr(data, indices, indptr, rows, cols, name);
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

/// string_views over a batch of documents (the strings must outlive the views).
inline std::vector<std::string_view> views_of(const std::vector<std::string>& documents) {
  return {documents.begin(), documents.end()};
}

}  // namespace treatytext::python
