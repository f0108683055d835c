// Bindings of the count stage: Vocabulary, PartialCounts, DfBound, PruneOptions, count,
// count_terms, partial_counts, merge_partial_counts, merge_counts, prune_counts, top_terms. Counts cross the
// boundary as the tuple (terms, data, indices, indptr, rows, cols, document_frequency, term_frequency) on the
// way in and (terms, csr_parts, document_frequency, term_frequency) on the way out.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "count_convert.hpp"
#include "treatytext/analyzer.hpp"
#include "treatytext/count.hpp"

namespace treatytext::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

Counts counts_from_tuple(const py::handle& parts, const char* name) {
  const auto t = py::reinterpret_borrow<py::object>(parts);
  if (!py::isinstance<py::tuple>(t) || py::len(t) != 8)
    throw py::type_error(std::string(name) +
                         " must be the tuple (terms, data, indices, indptr, rows, cols, document_frequency, "
                         "term_frequency)");
  const auto tuple = t.cast<py::tuple>();
  return counts_from_python(tuple[0], tuple[1].cast<ValueArray>(), tuple[2].cast<IndexArray>(),
                            tuple[3].cast<IndexArray>(), tuple[4].cast<std::int64_t>(),
                            tuple[5].cast<std::int64_t>(), tuple[6].cast<IndexArray>(),
                            tuple[7].cast<IndexArray>());
}

std::vector<std::vector<std::string>> tokenized_from_python(const py::handle& documents) {
  if (PyUnicode_Check(documents.ptr()))
    throw py::type_error("documents must be a sequence of term sequences, not a str");
  const auto items =
      py::reinterpret_steal<py::object>(PySequence_Fast(documents.ptr(), "documents must be a sequence"));
  if (!items) throw py::error_already_set();
  const auto n = PySequence_Fast_GET_SIZE(items.ptr());
  std::vector<std::vector<std::string>> result;
  result.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    const std::string name = "documents[" + std::to_string(i) + "]";
    result.push_back(strings_from_python(PySequence_Fast_GET_ITEM(items.ptr(), i), name.c_str()));
  }
  return result;
}

std::string df_bound_repr(const DfBound& b) {
  return "DfBound(proportion=" + std::string(b.proportion ? "True" : "False") +
         ", value=" + py::repr(py::float_(b.value)).cast<std::string>() + ")";
}

}  // namespace

void bind_count(py::module_& m) {
  py::class_<Vocabulary>(m, "Vocabulary", "Term <-> id table stored in one arena (see vocabulary.hpp).")
      .def(py::init<>())
      .def(py::init([](const py::handle& terms) { return Vocabulary(strings_from_python(terms, "terms")); }),
           "terms"_a)
      // Terms are read from the str in place: pybind11's own conversion would cache a UTF-8
      // copy inside every non-ASCII str passed.
      .def(
          "add", [](Vocabulary& v, const py::str& term) { return v.add(utf8_of(term, "term")); }, "term"_a)
      .def(
          "find", [](const Vocabulary& v, const py::str& term) { return v.find(utf8_of(term, "term")); },
          "term"_a, "The id of term, or -1.")
      .def(
          "term", [](const Vocabulary& v, TermId id) { return to_python_str(v.term(id)); }, "id"_a)
      .def("__len__", &Vocabulary::size)
      .def("__contains__",
           [](const Vocabulary& v, const py::str& term) { return v.find(utf8_of(term, "term")) != kNoTerm; })
      .def("terms", [](const Vocabulary& v) { return terms_to_python(v); })
      .def(
          "sorted_ids", [](const Vocabulary& v) { return to_numpy(v.sorted_ids()); },
          "Ids ordered by term in code point order (Python's str order).")
      .def("select", &Vocabulary::select, "ids"_a)
      .def_property_readonly("memory_bytes", &Vocabulary::memory_bytes)
      .def(
          "to_bytes", [](const Vocabulary& v) { return py::bytes(v.to_bytes()); },
          "The terms as one compact byte buffer (Vocabulary.from_bytes reads it back).")
      .def_static(
          "from_bytes", [](const py::bytes& data) { return Vocabulary::from_bytes(std::string_view(data)); },
          "data"_a)
      .def(py::pickle([](const Vocabulary& v) { return py::bytes(v.to_bytes()); },
                      [](const py::bytes& data) { return Vocabulary::from_bytes(std::string_view(data)); }))
      .def("__eq__", [](const Vocabulary& a, const Vocabulary& b) { return a == b; });

  py::class_<PartialCounts>(m, "PartialCounts",
                            "Statistics of a partition before pruning: terms in order of first occurrence, "
                            "document and term frequencies, documents (see count.hpp).")
      .def(py::init<>())
      .def_property_readonly("documents", [](const PartialCounts& c) { return c.documents; })
      .def_property_readonly("total_length", &PartialCounts::total_length)
      .def("__len__", [](const PartialCounts& c) { return c.vocabulary.size(); })
      .def("terms", [](const PartialCounts& c) { return terms_to_python(c.vocabulary); })
      .def(
          "terms_at",
          [](const PartialCounts& c, const IndexArray& ids) {
            py::list out(static_cast<std::size_t>(ids.size()));
            for (py::ssize_t k = 0; k < ids.size(); ++k)
              out[static_cast<std::size_t>(k)] =
                  to_python_str(c.vocabulary.term(static_cast<TermId>(ids.data()[k])));
            return out;
          },
          "ids"_a, "The terms of the given ids, as str.")
      .def(
          "sorted_ids", [](const PartialCounts& c) { return to_numpy(c.vocabulary.sorted_ids()); },
          "Ids ordered by term in code point order (Python's str order).")
      .def("document_frequency",
           [](const PartialCounts& c) { return to_numpy(std::vector(c.document_frequency)); })
      .def("term_frequency", [](const PartialCounts& c) { return to_numpy(std::vector(c.term_frequency)); })
      .def(
          "add_document",
          [](PartialCounts& c, const py::handle& terms) {
            const auto strings = strings_from_python(terms, "terms");
            const std::vector<std::string_view> views(strings.begin(), strings.end());
            add_document(c, views);
          },
          "terms"_a, "Adds one document given as its terms (a sequence of str).")
      .def("to_bytes", [](const PartialCounts& c) { return py::bytes(c.to_bytes()); })
      .def_static(
          "from_bytes",
          [](const py::bytes& data) { return PartialCounts::from_bytes(std::string_view(data)); }, "data"_a)
      .def(
          py::pickle([](const PartialCounts& c) { return py::bytes(c.to_bytes()); },
                     [](const py::bytes& data) { return PartialCounts::from_bytes(std::string_view(data)); }))
      .def("__eq__", [](const PartialCounts& a, const PartialCounts& b) {
        return a.documents == b.documents && a.vocabulary == b.vocabulary &&
               a.document_frequency == b.document_frequency && a.term_frequency == b.term_frequency;
      });

  py::class_<PartitionCounts>(m, "PartitionCounts",
                              "A partition counted once: its PartialCounts and its rows against its own "
                              "term ids, remapped after the global fit (see count.hpp).")
      .def(py::init<>())
      .def_property_readonly("documents", [](const PartitionCounts& c) { return c.statistics.documents; })
      .def_property_readonly("nnz", &PartitionCounts::nnz)
      .def_property_readonly("memory_bytes", &PartitionCounts::memory_bytes)
      .def(
          "statistics", [](const PartitionCounts& c) { return c.statistics; },
          "A copy of the partition's PartialCounts (for the merge).")
      .def("to_bytes", [](const PartitionCounts& c) { return py::bytes(c.to_bytes()); })
      .def_static(
          "from_bytes",
          [](const py::bytes& data) { return PartitionCounts::from_bytes(std::string_view(data)); }, "data"_a)
      .def(py::pickle(
          [](const PartitionCounts& c) { return py::bytes(c.to_bytes()); },
          [](const py::bytes& data) { return PartitionCounts::from_bytes(std::string_view(data)); }));

  m.def(
      "partial_counts",
      [](const py::handle& documents, const Analyzer& analyzer, int n_threads) {
        const PythonDocuments batch(documents);
        return batch.run([&] { return count_partial(analyzer, batch, n_threads); });
      },
      "documents"_a, "analyzer"_a, "n_threads"_a = 1, "The PartialCounts of documents (no matrix).");

  m.def(
      "merge_partial_counts",
      [](const std::vector<PartialCounts>& parts) {
        py::gil_scoped_release release;
        return merge_partial_counts(parts);
      },
      "parts"_a, "Partial counts of the partitions' documents in order (associative: merge in any tree).");

  py::class_<DfBound>(m, "DfBound", "A df bound: absolute (proportion=False) or a proportion of documents.")
      .def(py::init([](bool proportion, double value) {
             return DfBound{proportion, value};
           }),
           "proportion"_a, "value"_a)
      .def_readwrite("proportion", &DfBound::proportion)
      .def_readwrite("value", &DfBound::value)
      .def("resolve", &DfBound::resolve, "documents"_a)
      .def("__repr__", &df_bound_repr);

  py::class_<PruneOptions>(m, "PruneOptions")
      .def(py::init([](DfBound min_df, DfBound max_df, std::int64_t max_features, bool sort_terms) {
             PruneOptions o{min_df, max_df, max_features, sort_terms};
             o.validate();
             return o;
           }),
           "min_df"_a = DfBound{false, 1.0}, "max_df"_a = DfBound{true, 1.0}, "max_features"_a = -1,
           "sort_terms"_a = true)
      .def_readwrite("min_df", &PruneOptions::min_df)
      .def_readwrite("max_df", &PruneOptions::max_df)
      .def_readwrite("max_features", &PruneOptions::max_features)
      .def_readwrite("sort_terms", &PruneOptions::sort_terms)
      .def("validate", &PruneOptions::validate);

  m.def(
      "count",
      [](const py::handle& documents, const Analyzer& analyzer, int n_threads) {
        const PythonDocuments batch(documents);
        return counts_to_python(batch.run([&] { return count(analyzer, batch, n_threads); }));
      },
      "documents"_a, "analyzer"_a, "n_threads"_a = 1,
      "Counts documents with an analyzer; returns a dict: terms (list of str), matrix (CSR parts), "
      "document_frequency, term_frequency.");

  m.def(
      "count_terms",
      [](const py::handle& documents, int n_threads) {
        const auto tokenized = tokenized_from_python(documents);
        Counts counts;
        {
          py::gil_scoped_release release;
          counts = count_terms(tokenized, n_threads);
        }
        return counts_to_python(std::move(counts));
      },
      "documents"_a, "n_threads"_a = 1,
      "Counts pre-tokenized documents (sequences of str); returns the dict of count().");

  m.def(
      "merge_counts",
      [](const py::handle& batches) {
        if (PyUnicode_Check(batches.ptr())) throw py::type_error("counts must be a sequence of count tuples");
        const auto items =
            py::reinterpret_steal<py::object>(PySequence_Fast(batches.ptr(), "counts must be a sequence"));
        if (!items) throw py::error_already_set();
        const auto n = PySequence_Fast_GET_SIZE(items.ptr());
        if (n == 0) throw py::value_error("merge_counts needs at least one Counts");
        std::vector<Counts> parts;
        parts.reserve(static_cast<std::size_t>(n));
        for (Py_ssize_t i = 0; i < n; ++i) {
          const std::string name = "counts[" + std::to_string(i) + "]";
          parts.push_back(counts_from_tuple(PySequence_Fast_GET_ITEM(items.ptr(), i), name.c_str()));
        }
        Counts merged;
        {
          py::gil_scoped_release release;
          merged = merge_all(std::move(parts));
        }
        return counts_to_python(std::move(merged));
      },
      "counts"_a,
      "Counts of the union of batches, in order (ids of earlier batches kept); returns the dict of count().");

  m.def(
      "prune_counts",
      [](const py::handle& counts, const PruneOptions& options, int n_threads) {
        Counts c = counts_from_tuple(counts, "counts");
        Counts pruned;
        {
          py::gil_scoped_release release;
          pruned = prune(std::move(c), options, n_threads);
        }
        return counts_to_python(std::move(pruned));
      },
      "counts"_a, "options"_a, "n_threads"_a = 1, "Counts pruned by options; returns the dict of count().");

  m.def(
      "top_terms",
      [](const ValueArray& data, const IndexArray& indices, const IndexArray& indptr, std::int64_t rows,
         std::int64_t cols, std::int64_t row, std::size_t n) {
        const CsrMatrix matrix = csr_from_python(data, indices, indptr, rows, cols);
        std::vector<std::int64_t> columns;
        std::vector<double> values;
        {
          py::gil_scoped_release release;
          const auto pairs = top_terms(matrix, row, n);
          columns.reserve(pairs.size());
          values.reserve(pairs.size());
          for (const auto& [column, value] : pairs) {
            columns.push_back(column);
            values.push_back(value);
          }
        }
        return named_parts({
            {"column", to_numpy(std::move(columns))},
            {"value", to_numpy(std::move(values))},
        });
      },
      "data"_a, "indices"_a, "indptr"_a, "rows"_a, "cols"_a, "row"_a, "n"_a,
      "The n largest entries of a row, or of the column sums when row < 0, largest first; returns a "
      "dict: column (int64), value (float64).");
}

}  // namespace treatytext::python
