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

/// (data, indices, indptr, (rows, cols)): the arguments of scipy.sparse.csr_matrix.
inline py::tuple csr_to_python(CsrMatrix&& matrix) {
  const auto shape = py::make_tuple(matrix.rows, matrix.cols);
  return py::make_tuple(to_numpy(std::move(matrix.data)), to_numpy(std::move(matrix.indices)),
                        to_numpy(std::move(matrix.indptr)), shape);
}

/// Copies the parts of a canonical scipy CSR matrix (sorted indices, no duplicates) into a
/// CsrMatrix; validate() reports a malformed matrix as ValueError.
inline CsrMatrix csr_from_python(const Array<double>& data, const Array<std::int64_t>& indices,
                                 const Array<std::int64_t>& indptr, std::int64_t rows, std::int64_t cols) {
  CsrMatrix matrix;
  matrix.rows = rows;
  matrix.cols = cols;
  matrix.data.assign(data.data(), data.data() + data.size());
  matrix.indices.resize(static_cast<std::size_t>(indices.size()));
  const auto* source = indices.data();
  for (py::ssize_t i = 0; i < indices.size(); ++i) {
    const auto column = source[i];
    // Out-of-range columns become -1 so that validate() reports them instead of wrapping.
    matrix.indices[static_cast<std::size_t>(i)] =
        column >= 0 && column <= INT32_MAX ? static_cast<std::int32_t>(column) : -1;
  }
  matrix.indptr.assign(indptr.data(), indptr.data() + indptr.size());
  matrix.validate();
  return matrix;
}

/// string_views over a batch of documents (the strings must outlive the views).
inline std::vector<std::string_view> views_of(const std::vector<std::string>& documents) {
  return {documents.begin(), documents.end()};
}

}  // namespace treatytext::python
