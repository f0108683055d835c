// Conversion of a Python batch of documents (str or bytes items) into string_views the core can
// read with the GIL released. No copy of the text is made for str items (CPython keeps their
// UTF-8 form inside the object) nor for bytes items.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/text.hpp"

namespace treatytext::python {

namespace py = pybind11;

/// The views of a batch and the tuple that keeps their objects alive (a tuple is immutable, so
/// another Python thread cannot free an item while the core reads it without the GIL).
struct DocumentBatch {
  py::tuple owner;
  std::vector<std::string_view> views;
};

/// Reads a sequence of str or bytes. Raises TypeError naming the index of an item of another
/// type, ValueError for a str that cannot be encoded (lone surrogates) and, for bytes that are
/// not valid UTF-8, ValueError with the core's message prefixed by the index ("documents[3]:
/// invalid UTF-8 at byte 17: ...").
inline DocumentBatch documents_from_python(const py::handle& documents, const char* name = "documents") {
  if (PyUnicode_Check(documents.ptr()) || PyBytes_Check(documents.ptr()))
    throw py::type_error(std::string(name) +
                         " must be a sequence of texts, not a single str or bytes object");
  DocumentBatch batch;
  PyObject* tuple = PySequence_Tuple(documents.ptr());
  if (tuple == nullptr) throw py::error_already_set();
  batch.owner = py::reinterpret_steal<py::tuple>(tuple);
  const auto n = PyTuple_GET_SIZE(tuple);
  batch.views.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyTuple_GET_ITEM(tuple, i);
    const std::string where = std::string(name) + "[" + std::to_string(i) + "]";
    if (PyUnicode_Check(item)) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(item, &size);
      if (data == nullptr) {
        PyErr_Clear();
        throw py::value_error(where + " cannot be encoded as UTF-8 (it holds a lone surrogate)");
      }
      batch.views.emplace_back(data, static_cast<std::size_t>(size));
    } else if (PyBytes_Check(item)) {
      const std::string_view view(PyBytes_AS_STRING(item), static_cast<std::size_t>(PyBytes_GET_SIZE(item)));
      if (find_invalid_utf8(view) != std::string_view::npos) {
        try {
          (void)validate_utf8(view, InvalidUtf8::strict);
        } catch (const encoding_error& e) {
          throw encoding_error(where + ": " + e.what(), e.byte_offset());
        }
      }
      batch.views.push_back(view);
    } else {
      throw py::type_error(where + " must be str or bytes, got " + std::string(Py_TYPE(item)->tp_name));
    }
  }
  return batch;
}

/// A Python str from UTF-8 bytes produced by the core (terms of valid text).
inline py::str to_python_str(std::string_view text) {
  PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "strict");
  if (s == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(s);
}

}  // namespace treatytext::python
