// Bindings of the text stage: UTF-8 validation and repair of bytes, and TextLines (the lines
// of a UTF-8 bytes object as documents).
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <string_view>

#include "bindings.hpp"
#include "convert.hpp"
#include "documents.hpp"
#include "treatytext/text.hpp"

namespace py = pybind11;

namespace treatytext::python {

namespace {

std::unique_ptr<TextLines> make_text_lines(py::bytes data) {
  const std::string_view buffer = data;
  // Splitting and validating a block of megabytes runs without the GIL (the bytes are
  // immutable); the Python objects are touched with it held.
  auto lines = without_gil([&] { return LineSource(buffer); });
  return std::make_unique<TextLines>(std::move(data), std::move(lines));
}

// Line i of `lines` as a str, i negative counting from the end, as Python sequences do.
py::str line_at(const TextLines& lines, py::ssize_t i) {
  const auto n = static_cast<py::ssize_t>(lines.lines.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw py::index_error("TextLines index out of range");
  return to_python_str(lines.lines.line(static_cast<std::size_t>(i)));
}

// Iterates a TextLines, holding it alive.
struct LinesIterator {
  py::object owner;
  const TextLines* lines;
  std::size_t next = 0;
};

void bind_text_lines(py::module_& m) {
  py::class_<LinesIterator>(m, "_TextLinesIterator")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", [](LinesIterator& it) -> py::str {
        if (it.next >= it.lines->lines.size()) throw py::stop_iteration();
        return to_python_str(it.lines->lines.line(it.next++));
      });
  py::class_<TextLines>(
      m, "TextLines",
      "The lines of UTF-8 bytes as documents, one per line without its line end (\\n, \\r\\n "
      "or a lone \\r, as in Python's text files; the text after the last one is a "
      "last line unless empty): the partitions of treatytext.dask.read_lines. The "
      "core reads the lines in place (no str per line); indexing, slicing and "
      "iterating give str. ValueError for bytes that are not UTF-8, naming the "
      "line and the byte.")
      .def(py::init(&make_text_lines), py::arg("data"))
      .def("__len__", [](const TextLines& self) { return self.lines.size(); })
      .def("__getitem__", &line_at, py::arg("index"))
      .def(
          "__getitem__",
          [](const TextLines& self, const py::slice& slice) {
            py::ssize_t start = 0, stop = 0, step = 0, count = 0;
            if (!slice.compute(static_cast<py::ssize_t>(self.lines.size()), &start, &stop, &step, &count))
              throw py::error_already_set();
            py::list out(count);
            for (py::ssize_t k = 0; k < count; ++k)
              out[static_cast<std::size_t>(k)] = line_at(self, start + k * step);
            return out;
          },
          py::arg("index"))
      .def("__sizeof__",
           [](const TextLines& self) {
             // What dask's sizeof sees (it falls back to sys.getsizeof): the bytes and the offsets.
             return sizeof(TextLines) + self.lines.buffer().size() + self.lines.memory_bytes();
           })
      .def("__iter__",
           [](py::object self) {
             return LinesIterator{self, &self.cast<const TextLines&>(), 0};
           })
      .def_property_readonly(
          "data", [](const TextLines& self) { return self.data; }, "The bytes (UTF-8, valid).")
      .def("__repr__",
           [](const TextLines& self) {
             return "TextLines(" + std::to_string(self.lines.size()) + " lines, " +
                    std::to_string(self.lines.buffer().size()) + " bytes)";
           })
      .def(py::pickle([](const TextLines& self) { return self.data; },
                      [](py::bytes data) { return make_text_lines(std::move(data)); }));
}

}  // namespace

void bind_text(py::module_& m) {
  bind_text_lines(m);
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
