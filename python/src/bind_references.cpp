// Bindings of the references stage: clause arrays (code points) in, references and
// definitions out as tuples with code-point offsets.
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
#include "treatytext/error.hpp"
#include "treatytext/references.hpp"
#include "treatytext/segment.hpp"
#include "treatytext/text.hpp"

namespace py = pybind11;

namespace treatytext::python {
namespace {

// The UTF-8 bytes of a str (kept alive by the returned object).
std::pair<py::object, std::string_view> utf8_of(const py::str& text) {
  PyObject* encoded = PyUnicode_AsEncodedString(text.ptr(), "utf-8", "strict");
  if (encoded == nullptr) throw py::error_already_set();
  auto owner = py::reinterpret_steal<py::object>(encoded);
  return {owner,
          std::string_view(PyBytes_AS_STRING(encoded), static_cast<std::size_t>(PyBytes_GET_SIZE(encoded)))};
}

// Clauses from the columns of a clause table, offsets turned from code points into bytes.
std::vector<Clause> clauses_from_python(const OffsetMap& map, const Array<std::uint8_t>& kinds,
                                        const std::vector<std::string>& labels,
                                        const Array<std::int64_t>& label_starts,
                                        const Array<std::int64_t>& starts, const Array<std::int64_t>& ends,
                                        const Array<std::int32_t>& levels,
                                        const Array<std::int64_t>& parents) {
  const auto n = static_cast<std::size_t>(kinds.size());
  if (labels.size() != n || static_cast<std::size_t>(label_starts.size()) != n ||
      static_cast<std::size_t>(starts.size()) != n || static_cast<std::size_t>(ends.size()) != n ||
      static_cast<std::size_t>(levels.size()) != n || static_cast<std::size_t>(parents.size()) != n) {
    throw invalid_argument("references: the clause columns differ in length");
  }
  const auto byte = [&](std::int64_t cp, const char* field, std::size_t i) {
    if (cp < 0 || static_cast<std::size_t>(cp) > map.code_points()) {
      throw invalid_argument("references: clause " + std::to_string(i) + " has " + field + " " +
                             std::to_string(cp) + " outside the text of " +
                             std::to_string(map.code_points()) + " characters");
    }
    return map.to_byte(static_cast<std::size_t>(cp));
  };
  std::vector<Clause> clauses(n);
  for (std::size_t i = 0; i < n; ++i) {
    Clause& c = clauses[i];
    if (kinds.data()[i] >= kClauseKinds.size()) {
      throw invalid_argument("references: clause " + std::to_string(i) + " has an unknown kind code");
    }
    c.kind = static_cast<ClauseKind>(kinds.data()[i]);
    c.label = labels[i];
    c.label_start = byte(label_starts.data()[i], "label_start", i);
    c.start = byte(starts.data()[i], "start", i);
    c.end = byte(ends.data()[i], "end", i);
    c.level = levels.data()[i];
    c.parent = parents.data()[i];
  }
  return clauses;
}

py::tuple references_to_python(const py::str& text, const Array<std::uint8_t>& kinds,
                               const std::vector<std::string>& labels,
                               const Array<std::int64_t>& label_starts, const Array<std::int64_t>& starts,
                               const Array<std::int64_t>& ends, const Array<std::int32_t>& levels,
                               const Array<std::int64_t>& parents) {
  const auto [owner, view] = utf8_of(text);
  const OffsetMap map(view);
  const std::vector<Clause> clauses =
      clauses_from_python(map, kinds, labels, label_starts, starts, ends, levels, parents);
  std::vector<Reference> refs;
  std::vector<Definition> defs;
  {
    py::gil_scoped_release release;
    refs = find_references(view, clauses);
    defs = find_definitions(view, clauses);
  }
  const auto cp = [&](std::size_t b) { return static_cast<std::int64_t>(map.to_code_point(b)); };
  py::list ref_rows;
  for (const Reference& r : refs) {
    py::list path;
    for (const ReferencePart& part : r.path)
      path.append(py::make_tuple(std::string(to_string(part.level)), part.number));
    ref_rows.append(py::make_tuple(cp(r.start), cp(r.end), path, r.external, cp(r.instrument_start),
                                   cp(r.instrument_end), r.relative, r.clause, r.resolved));
  }
  py::list def_rows;
  for (const Definition& d : defs) {
    py::list uses;
    for (const auto& [s, e] : d.uses) uses.append(py::make_tuple(cp(s), cp(e)));
    def_rows.append(py::make_tuple(d.term, cp(d.term_start), cp(d.term_end), cp(d.start), cp(d.end),
                                   std::string(to_string(d.form)), d.clause, uses));
  }
  return py::make_tuple(ref_rows, def_rows);
}

}  // namespace

void bind_references(py::module_& m) {
  m.def("references", &references_to_python, py::arg("text"), py::arg("kinds"), py::arg("labels"),
        py::arg("label_starts"), py::arg("starts"), py::arg("ends"), py::arg("levels"), py::arg("parents"),
        "Cross-references and definitions of text, resolved against its clauses (code-point offsets); "
        "returns (references, definitions): references as (start, end, path [(level, number)], external, "
        "instrument_start, instrument_end, relative, clause, resolved), definitions as (term, term_start, "
        "term_end, start, end, form, clause, uses [(start, end)]).");
}

}  // namespace treatytext::python
