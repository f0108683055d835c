// Bindings of boundary validation: the core's structural CSR check, run on scipy's arrays
// before scipy itself (has_canonical_format, sum_duplicates, format conversions) reads a row
// through pointers nobody checked.
#include <string>

#include "bindings.hpp"
#include "convert.hpp"
#include "treatytext/csr.hpp"
#include "treatytext/error.hpp"

namespace treatytext::python {

void bind_validate(py::module_& m) {
  m.def(
      "check_csr_structure",
      [](const py::array& indptr, const py::array& indices, std::int64_t data_size, std::int64_t rows,
         std::int64_t cols, const std::string& name) {
        if (indptr.ndim() != 1 || indices.ndim() != 1)
          throw invalid_argument(name + ": CsrMatrix: indptr and indices must be 1-dimensional");
        if (data_size < 0) throw invalid_argument(name + ": CsrMatrix: negative data length");
        const auto pointers = Array<std::int64_t>::ensure(indptr);
        if (!pointers) throw invalid_argument(name + ": CsrMatrix: indptr is not an integer array");
        const auto size = static_cast<std::size_t>(data_size);
        using Int32Array = py::array_t<std::int32_t, py::array::c_style>;
        if (py::isinstance<Int32Array>(indices)) {
          const auto narrow = Int32Array::ensure(indices);
          return without_gil([&] {
            return check_csr_structure(name.c_str(), rows, cols, span_of(pointers), span_of(narrow), size,
                                       false);
          });
        }
        const auto wide = Array<std::int64_t>::ensure(indices);
        if (!wide) throw invalid_argument(name + ": CsrMatrix: indices is not an integer array");
        return without_gil([&] {
          return check_csr_structure(name.c_str(), rows, cols, span_of(pointers), span_of(wide), size, false);
        });
      },
      py::arg("indptr"), py::arg("indices"), py::arg("data_size"), py::arg("rows"), py::arg("cols"),
      py::arg("name"),
      "Checks CSR arrays' structure (ValueError naming the array and row); returns whether every row "
      "is sorted without repeats.");
}

}  // namespace treatytext::python
