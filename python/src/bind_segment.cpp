// Bindings of the segment stage: text in, compact arrays out (no per-clause C++ objects).
#include <Python.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bindings.hpp"
#include "convert.hpp"
#include "results.hpp"
#include "treatytext/segment.hpp"
#include "treatytext/text.hpp"

namespace py = pybind11;

namespace treatytext::python {
namespace {

// Offsets of every clause, converted to code points of the text.
struct SegmentArrays {
  std::vector<std::uint8_t> kinds;
  std::vector<std::int64_t> label_starts, starts, ends, title_starts, title_ends, parents;
  std::vector<std::int32_t> levels;
};

SegmentArrays to_arrays(std::string_view text, const std::vector<Clause>& clauses) {
  SegmentArrays a;
  const std::size_t n = clauses.size();
  a.kinds.resize(n);
  a.label_starts.resize(n);
  a.starts.resize(n);
  a.ends.resize(n);
  a.title_starts.resize(n);
  a.title_ends.resize(n);
  a.parents.resize(n);
  a.levels.resize(n);
  const OffsetMap map(text);
  const bool ascii = map.code_points() == text.size();  // byte offsets are code-point offsets
  const auto cp = [&](std::size_t byte) {
    return static_cast<std::int64_t>(ascii ? byte : map.to_code_point(byte));
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Clause& c = clauses[i];
    a.kinds[i] = static_cast<std::uint8_t>(c.kind);
    a.label_starts[i] = cp(c.label_start);
    a.starts[i] = cp(c.start);
    a.ends[i] = cp(c.end);
    a.title_starts[i] = cp(c.title_start);
    a.title_ends[i] = cp(c.title_end);
    a.parents[i] = c.parent;
    a.levels[i] = c.level;
  }
  return a;
}

// Returns the clauses as columns named by the fields of Clause, plus "source": the decoded text
// for bytes input (which the offsets refer to), None for str input.
py::dict segment_to_python(const py::object& text, bool headings, bool numbered, bool items, bool bullets,
                           bool sentences, std::vector<std::string> abbreviations, bool replace) {
  SegmentOptions options;
  options.headings = headings;
  options.numbered = numbered;
  options.items = items;
  options.bullets = bullets;
  options.sentences = sentences;
  options.abbreviations = std::move(abbreviations);
  const InvalidUtf8 policy = replace ? InvalidUtf8::replace : InvalidUtf8::strict;

  py::object keep_alive;  // the UTF-8 bytes of a str input
  std::string decoded;    // the repaired text of a bytes input
  std::string_view view;
  const bool is_bytes = PyBytes_Check(text.ptr());
  if (PyUnicode_Check(text.ptr())) {
    // Lone surrogates cannot be encoded: strict raises UnicodeEncodeError (a ValueError),
    // replace writes '?' (one code point for one, so offsets still match the str).
    PyObject* encoded = PyUnicode_AsEncodedString(text.ptr(), "utf-8", replace ? "replace" : "strict");
    if (encoded == nullptr) throw py::error_already_set();
    keep_alive = py::reinterpret_steal<py::object>(encoded);
    view = std::string_view(PyBytes_AS_STRING(encoded), static_cast<std::size_t>(PyBytes_GET_SIZE(encoded)));
  } else if (is_bytes) {
    keep_alive = text;
    view = std::string_view(PyBytes_AS_STRING(text.ptr()),
                            static_cast<std::size_t>(PyBytes_GET_SIZE(text.ptr())));
  } else {
    throw py::type_error(std::string("segment() expects str or bytes, not ") + Py_TYPE(text.ptr())->tp_name);
  }

  std::vector<Clause> clauses;
  SegmentArrays arrays;
  const auto work = [&] {
    if (is_bytes) {
      decoded = validate_utf8(view, policy);
      view = decoded;
    }
    clauses = segment(view, options);
    arrays = to_arrays(view, clauses);
  };
  // A big text can be stopped with Ctrl-C; a small one is not worth a helper thread.
  if (view.size() >= (std::size_t{1} << 20)) {
    interruptible(work);
  } else {
    py::gil_scoped_release release;
    work();
  }
  py::list labels(clauses.size());
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const std::string& label = clauses[i].label;
    labels[i] = py::str(label.data(), label.size());
  }
  py::object source = py::none();
  if (is_bytes) source = py::str(view.data(), view.size());
  return named_parts({
      {"source", source},
      {"kind", to_numpy(std::move(arrays.kinds))},
      {"label", labels},
      {"label_start", to_numpy(std::move(arrays.label_starts))},
      {"start", to_numpy(std::move(arrays.starts))},
      {"end", to_numpy(std::move(arrays.ends))},
      {"title_start", to_numpy(std::move(arrays.title_starts))},
      {"title_end", to_numpy(std::move(arrays.title_ends))},
      {"level", to_numpy(std::move(arrays.levels))},
      {"parent", to_numpy(std::move(arrays.parents))},
  });
}

}  // namespace

void bind_segment(py::module_& m) {
  m.def("segment", &segment_to_python, py::arg("text"), py::arg("headings") = true,
        py::arg("numbered") = true, py::arg("items") = true, py::arg("bullets") = true,
        py::arg("sentences") = true, py::arg("abbreviations") = std::vector<std::string>{},
        py::arg("replace") = false,
        "Segments text into clauses; returns a dict of columns, one entry per clause: kind (uint8 codes "
        "into CLAUSE_KINDS), label (list of str), label_start, start, end, title_start, title_end (int64 "
        "code-point offsets), level (int32), parent (int64, -1 at the top); and source (the decoded text "
        "for bytes input, else None).");
  py::tuple names(kClauseKinds.size());
  for (const auto kind : kClauseKinds) {
    const std::string_view name = to_string(kind);
    names[static_cast<std::size_t>(kind)] = py::str(name.data(), name.size());
  }
  m.attr("CLAUSE_KINDS") = names;
}

}  // namespace treatytext::python
