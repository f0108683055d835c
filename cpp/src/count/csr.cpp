#include "treatytext/csr.hpp"

#include <string>

#include "treatytext/error.hpp"

namespace treatytext {

void CsrMatrix::validate() const { check_csr_structure("", rows, cols, indptr, indices, data.size(), true); }

}  // namespace treatytext
