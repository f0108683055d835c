// The extension module treatytext._core: registers exception translation and each stage.
#include <pybind11/pybind11.h>

#include <cstring>

#include "bindings.hpp"
#include "treatytext/error.hpp"

namespace py = pybind11;

namespace {

// Sets a Python exception from a core message. A message that quotes bytes of a hostile input
// may not be UTF-8; it is decoded with backslash escapes rather than failing with a
// UnicodeDecodeError about the message itself.
void set_error(PyObject* type, const char* what) {
  PyObject* message =
      PyUnicode_DecodeUTF8(what, static_cast<Py_ssize_t>(std::strlen(what)), "backslashreplace");
  if (message == nullptr) return;  // out of memory: that error stays set
  PyErr_SetObject(type, message);
  Py_DECREF(message);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "treatytext C++ core (private; use the treatytext package)";
  // Core errors become the Python exceptions a user expects; the message is kept verbatim.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const treatytext::io_error& e) {
      set_error(PyExc_OSError, e.what());
    } catch (const treatytext::interrupted& e) {
      set_error(PyExc_KeyboardInterrupt, e.what());
    } catch (const treatytext::error& e) {
      set_error(PyExc_ValueError, e.what());
    }
  });
  using namespace treatytext::python;
  bind_text(m);
  bind_segment(m);
  bind_analyzer(m);
  bind_count(m);
  bind_weight(m);
  bind_similarity(m);
  bind_model(m);
  bind_vectorizer(m);
  bind_sklearn(m);
  bind_analysis(m);
  bind_reuse(m);
  bind_references(m);
  bind_validate(m);
}
