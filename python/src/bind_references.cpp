// Bindings of the references stage: clause arrays (code points) in, references and
// definitions out as dicts of columns named by the fields of Reference and Definition, with
// code-point offsets.
#include <Python.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "bindings.hpp"
#include "convert.hpp"
#include "results.hpp"
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

py::dict references_to_python(const py::str& text, const Array<std::uint8_t>& kinds,
                              const std::vector<std::string>& labels, const Array<std::int64_t>& label_starts,
                              const Array<std::int64_t>& starts, const Array<std::int64_t>& ends,
                              const Array<std::int32_t>& levels, const Array<std::int64_t>& parents) {
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
  // A column of a per-record value, as a numpy array (bool columns too, which no vector holds).
  const auto column = [](const auto& records, auto value) {
    using T = std::decay_t<decltype(value(records.front()))>;
    py::array_t<T> out(static_cast<py::ssize_t>(records.size()));
    T* data = out.mutable_data();
    for (std::size_t i = 0; i < records.size(); ++i) data[i] = value(records[i]);
    return out;
  };
  // Paths and uses stay tuples of pairs: Reference.path and Definition.uses are exactly these.
  py::list paths(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) {
    py::tuple path(refs[i].path.size());
    for (std::size_t j = 0; j < refs[i].path.size(); ++j) {
      const ReferencePart& part = refs[i].path[j];
      path[j] = py::make_tuple(std::string(to_string(part.level)), part.number);
    }
    paths[i] = std::move(path);
  }
  py::list terms(defs.size()), forms(defs.size()), uses(defs.size());
  for (std::size_t i = 0; i < defs.size(); ++i) {
    terms[i] = py::str(defs[i].term);
    forms[i] = py::str(std::string(to_string(defs[i].form)));
    py::tuple spans(defs[i].uses.size());
    for (std::size_t j = 0; j < defs[i].uses.size(); ++j)
      spans[j] = py::make_tuple(cp(defs[i].uses[j].first), cp(defs[i].uses[j].second));
    uses[i] = std::move(spans);
  }
  using R = Reference;
  using D = Definition;
  py::dict references = named_parts({
      {"start", column(refs, [&](const R& r) { return cp(r.start); })},
      {"end", column(refs, [&](const R& r) { return cp(r.end); })},
      {"path", paths},
      {"external", column(refs, [](const R& r) { return r.external; })},
      {"instrument_start", column(refs, [&](const R& r) { return cp(r.instrument_start); })},
      {"instrument_end", column(refs, [&](const R& r) { return cp(r.instrument_end); })},
      {"relative", column(refs, [](const R& r) { return r.relative; })},
      {"clause", column(refs, [](const R& r) { return r.clause; })},
      {"resolved", column(refs, [](const R& r) { return static_cast<std::int64_t>(r.resolved); })},
  });
  py::dict definitions = named_parts({
      {"term", terms},
      {"term_start", column(defs, [&](const D& d) { return cp(d.term_start); })},
      {"term_end", column(defs, [&](const D& d) { return cp(d.term_end); })},
      {"start", column(defs, [&](const D& d) { return cp(d.start); })},
      {"end", column(defs, [&](const D& d) { return cp(d.end); })},
      {"form", forms},
      {"clause", column(defs, [](const D& d) { return d.clause; })},
      {"uses", uses},
  });
  return named_parts({
      {"references", references},
      {"definitions", definitions},
  });
}

}  // namespace

void bind_references(py::module_& m) {
  m.def("references", &references_to_python, py::arg("text"), py::arg("kinds"), py::arg("labels"),
        py::arg("label_starts"), py::arg("starts"), py::arg("ends"), py::arg("levels"), py::arg("parents"),
        "Cross-references and definitions of text, resolved against its clauses (code-point offsets); "
        "returns a dict {references, definitions} of dicts of columns, one entry per record: references: "
        "start, end (int64), path (list of tuples of (level, number)), external (bool), instrument_start, "
        "instrument_end (int64), relative (bool), clause, resolved (int64); definitions: term (list of str), "
        "term_start, term_end, start, end (int64), form (list of str), clause (int64), uses (list of tuples "
        "of (start, end)).");
}

}  // namespace treatytext::python
