// The extension module treatytext._core: registers exception translation and each stage.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "treatytext/error.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "treatytext C++ core (private; use the treatytext package)";
  // Core errors become the Python exceptions a user expects; the message is kept verbatim.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const treatytext::io_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const treatytext::error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
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
}
