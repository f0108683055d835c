// Bindings of the text stage: UTF-8 validation and repair of bytes.
#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

#include "bindings.hpp"
#include "treatytext/text.hpp"

namespace py = pybind11;

namespace treatytext::python {

void bind_text(py::module_& m) {
  m.def(
      "decode_utf8",
      [](const py::bytes& data, bool replace) {
        const std::string_view view = data;
        std::string decoded;
        {
          py::gil_scoped_release release;
          decoded = validate_utf8(view, replace ? InvalidUtf8::replace : InvalidUtf8::strict);
        }
        return py::str(decoded.data(), decoded.size());
      },
      py::arg("data"), py::arg("replace") = false,
      "Decodes UTF-8 bytes; invalid bytes raise ValueError naming the byte offset, or become "
      "U+FFFD with replace=True (as bytes.decode('utf-8', 'replace')).");
  m.def(
      "find_invalid_utf8",
      [](const py::bytes& data) -> py::ssize_t {
        const std::string_view view = data;
        std::size_t bad;
        {
          py::gil_scoped_release release;
          bad = find_invalid_utf8(view);
        }
        return bad == std::string_view::npos ? -1 : static_cast<py::ssize_t>(bad);
      },
      py::arg("data"), "Byte offset of the first invalid UTF-8 sequence, or -1 if the bytes are valid.");
}

}  // namespace treatytext::python
