// Bindings of the sklearn stage: type conversion (numpy tables, Python str documents read in
// place, option names) and GIL release around the native work.
#include <Python.h>

#include <algorithm>
#include <cstring>

#include <string>
#include <string_view>
#include <vector>

#include "bindings.hpp"
#include "choices.hpp"
#include "convert.hpp"
#include "documents.hpp"
#include "sklearn/sklearn.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"

namespace treatytext::python {

namespace {

// Raised (a TypeError) when a document or a term is not exactly a str: the Python layer then
// hands the input to scikit-learn's own code path, which raises or handles it as scikit-learn does.
PyObject* not_str_error = nullptr;

[[noreturn]] void throw_not_str(const std::string& message) {
  PyErr_SetString(not_str_error, message.c_str());
  throw py::error_already_set();
}

using U32Array = Array<std::uint32_t>;

CodePointMap to_map(const U32Array& keys, const U32Array& offsets, const U32Array& values) {
  CodePointMap map;
  map.keys.assign(keys.data(), keys.data() + keys.size());
  map.offsets.assign(offsets.data(), offsets.data() + offsets.size());
  map.values.assign(values.data(), values.data() + values.size());
  return map;
}

StripAccents to_strip(const std::string& name) {
  return choose<StripAccents>(
      name, "strip_accents: expected",
      {{"", StripAccents::none}, {"ascii", StripAccents::ascii}, {"unicode", StripAccents::unicode}});
}

SklearnAnalyzerKind to_kind(const std::string& name) {
  return choose<SklearnAnalyzerKind>(name, "analyzer: expected",
                                     {{"word", SklearnAnalyzerKind::word},
                                      {"char", SklearnAnalyzerKind::chars},
                                      {"char_wb", SklearnAnalyzerKind::chars_wb}});
}

SklearnOutput to_output(const std::string& values, bool binary, bool sublinear_tf, const py::object& idf,
                        const std::string& norm) {
  using Values = SklearnOutput::Values;
  SklearnOutput out;
  out.values =
      choose<Values>(values, "values: expected",
                     {{"int64", Values::int64}, {"float64", Values::float64}, {"float32", Values::float32}});
  out.binary = binary;
  out.sublinear_tf = sublinear_tf;
  if (!idf.is_none()) {
    const auto array = Array<double>::ensure(idf);
    if (!array) throw invalid_argument("idf must be a 1-D array of floats");
    out.idf.assign(array.data(), array.data() + array.size());
  }
  out.norm = choose<NormScheme>(norm, "norm: expected",
                                {{"", NormScheme::none}, {"l1", NormScheme::l1}, {"l2", NormScheme::l2}});
  return out;
}

py::tuple matrix_to_python(SklearnMatrix&& m, SklearnOutput::Values type) {
  const auto parts = [&m](auto&& values) {
    return csr_parts_to_python(to_numpy(std::move(values)), std::move(m.indices), std::move(m.indptr), m.rows,
                               m.cols);
  };
  switch (type) {
    case SklearnOutput::Values::int64:
      return parts(std::move(m.values_int64));
    case SklearnOutput::Values::float64:
      return parts(std::move(m.values_float64));
    case SklearnOutput::Values::float32:
      break;
  }
  return parts(std::move(m.values_float32));
}

template <typename T, typename I, typename P>
bool try_tfidf(const py::array& data, const py::array& indices, const py::array& indptr,
               const py::object& idf, bool sublinear_tf, NormScheme norm, int n_threads) {
  if (!py::isinstance<py::array_t<T>>(data) || !py::isinstance<py::array_t<I>>(indices) ||
      !py::isinstance<py::array_t<P>>(indptr))
    return false;
  auto d = py::array_t<T>::ensure(data);
  if (!(d.flags() & py::array::c_style) || !d.writeable())
    throw invalid_argument("tf-idf: data must be a writeable contiguous array");
  const auto i = Array<I>::ensure(indices);
  const auto p = Array<P>::ensure(indptr);
  std::vector<T> weights;
  if (!idf.is_none()) {
    const auto w = Array<T>::ensure(idf);
    weights.assign(w.data(), w.data() + w.size());
  }
  std::span<T> values(d.mutable_data(), static_cast<std::size_t>(d.size()));
  py::gil_scoped_release release;
  sklearn_tfidf_inplace<T, I, P>(values, span_of(i), span_of(p), weights, sublinear_tf, norm, n_threads);
  return true;
}

// Python str documents read in place: pointers into the str objects are taken with the GIL
// held; the worker threads then convert each one to UTF-8 (ASCII strings need no conversion).
class PyStrSource final : public DocumentSource {
 public:
  // A private copy of the list holds a reference to every str, so that the documents stay
  // alive while the GIL is released even if the caller's list changes meanwhile.
  explicit PyStrSource(const py::list& documents)
      : owner_(py::reinterpret_steal<py::list>(PyList_GetSlice(documents.ptr(), 0, PY_SSIZE_T_MAX))) {
    if (!owner_) throw py::error_already_set();
    docs_.reserve(owner_.size());
    for (std::size_t i = 0; i < owner_.size(); ++i) {
      PyObject* o = PyList_GET_ITEM(owner_.ptr(), static_cast<Py_ssize_t>(i));
      if (!PyUnicode_CheckExact(o))
        throw_not_str("document " + std::to_string(i) + " is not a str but " + Py_TYPE(o)->tp_name);
      docs_.push_back(str_storage(o));
    }
  }
  [[nodiscard]] std::size_t size() const override { return docs_.size(); }
  [[nodiscard]] std::size_t weight(std::size_t i) const override {
    return docs_[i].length * static_cast<std::size_t>(std::max(docs_[i].kind, 1));
  }
  [[nodiscard]] std::string_view text(std::size_t i, std::string& buffer) const override {
    const TextStorage& d = docs_[i];
    if (d.kind == 0) return {static_cast<const char*>(d.data), d.length};
    if (buffer.size() < d.max_utf8()) buffer.resize(d.max_utf8());
    // scikit-learn accepts any str, lone surrogates included: they pass through as 3 bytes.
    const char* end = d.encode<true>(buffer.data());
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
  }

 private:
  py::list owner_;
  std::vector<TextStorage> docs_;
};

// count(source) without the GIL (Ctrl-C stops it), over a list of str (PyStrSource) or a
// TextLines (its lines, read in place).
template <typename Count>
auto with_str_documents(const py::object& documents, Count&& count) {
  if (py::isinstance<TextLines>(documents)) {
    const LineSource& lines = documents.cast<const TextLines&>().lines;
    return interruptible([&] { return count(lines); });
  }
  if (!PyList_Check(documents.ptr()))
    throw py::type_error(std::string("documents must be a list of str or a TextLines, got ") +
                         Py_TYPE(documents.ptr())->tp_name);
  PyStrSource source(py::reinterpret_borrow<py::list>(documents));
  return interruptible([&] { return count(source); });
}

// UTF-8 views of an iterable of str (surrogates passed through); `keep` owns encoded copies.
std::vector<std::string_view> str_views(const py::handle& terms, std::vector<py::object>& keep) {
  std::vector<std::string_view> views;
  auto add = [&](PyObject* o) {
    if (!PyUnicode_CheckExact(o)) throw_not_str(std::string("term is not a str but ") + Py_TYPE(o)->tp_name);
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(o, &size);
    if (utf8 == nullptr) {
      PyErr_Clear();
      py::object bytes =
          py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(o, "utf-8", "surrogatepass"));
      if (!bytes) throw py::error_already_set();
      utf8 = PyBytes_AS_STRING(bytes.ptr());
      size = PyBytes_GET_SIZE(bytes.ptr());
      keep.push_back(std::move(bytes));
    }
    views.emplace_back(utf8, static_cast<std::size_t>(size));
  };
  if (PyList_CheckExact(terms.ptr()) || PyTuple_CheckExact(terms.ptr())) {
    py::object fast = py::reinterpret_borrow<py::object>(terms);
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(fast.ptr());
    PyObject** items = PySequence_Fast_ITEMS(fast.ptr());
    views.reserve(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) add(items[i]);
  } else {
    // Iterating may run Python code (a generator): keep each item alive with `keep`.
    for (auto item : py::iter(terms)) {
      keep.push_back(py::reinterpret_borrow<py::object>(item));
      add(item.ptr());
    }
  }
  return views;
}

// SklearnCounts and SklearnFixedCounter take documents the same two ways.
template <typename Counter>
void add_documents(Counter& self, const SklearnAnalyzer& analyzer, const py::object& documents,
                   int n_threads) {
  with_str_documents(documents, [&](const DocumentSource& source) { self.add(analyzer, source, n_threads); });
}

template <typename Counter>
void add_terms(Counter& self, const py::handle& terms) {
  std::vector<py::object> keep;
  const auto views = str_views(terms, keep);
  self.add_document(views);
}

constexpr const char* kAddBatchDoc =
    "Counts a batch of documents (a list of str or a TextLines) with the analyzer (NotStrError if an "
    "item of the list is not a str).";

py::str to_str(std::string_view utf8) {
  PyObject* o = PyUnicode_DecodeUTF8(utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "surrogatepass");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

}  // namespace

void bind_sklearn(pybind11::module_& m) {
  static py::exception<std::exception> not_str(m, "NotStrError", PyExc_TypeError);
  not_str_error = not_str.ptr();
  py::class_<PythonText, std::shared_ptr<PythonText>>(m, "PythonText",
                                                      "Character tables of a Python interpreter (private).")
      .def(py::init([](const Array<std::uint8_t>& flags, const U32Array& lk, const U32Array& lo,
                       const U32Array& lv, const U32Array& uk, const U32Array& uo, const U32Array& uv,
                       const U32Array& ak, const U32Array& ao, const U32Array& av) {
             PythonTextData data;
             data.flags.assign(flags.data(), flags.data() + flags.size());
             data.lower = to_map(lk, lo, lv);
             data.strip_unicode = to_map(uk, uo, uv);
             data.strip_ascii = to_map(ak, ao, av);
             py::gil_scoped_release release;
             return std::make_shared<PythonText>(std::move(data));
           }),
           py::arg("flags"), py::arg("lower_keys"), py::arg("lower_offsets"), py::arg("lower_values"),
           py::arg("strip_unicode_keys"), py::arg("strip_unicode_offsets"), py::arg("strip_unicode_values"),
           py::arg("strip_ascii_keys"), py::arg("strip_ascii_offsets"), py::arg("strip_ascii_values"));

  py::class_<SklearnAnalyzer>(m, "SklearnAnalyzer", "scikit-learn's analyzer in C++ (private).")
      .def(py::init([](std::shared_ptr<PythonText> text, const std::string& analyzer, bool lowercase,
                       const std::string& strip_accents, int min_token_length, int ngram_min, int ngram_max,
                       std::vector<std::string> stop_words) {
             SklearnAnalyzerOptions options;
             options.analyzer = to_kind(analyzer);
             options.lowercase = lowercase;
             options.strip_accents = to_strip(strip_accents);
             options.min_token_length = min_token_length;
             options.ngram_min = ngram_min;
             options.ngram_max = ngram_max;
             options.stop_words = std::move(stop_words);
             py::gil_scoped_release release;
             return SklearnAnalyzer(std::move(text), std::move(options));
           }),
           py::arg("text"), py::arg("analyzer"), py::arg("lowercase"), py::arg("strip_accents"),
           py::arg("min_token_length"), py::arg("ngram_min"), py::arg("ngram_max"), py::arg("stop_words"))
      .def(
          "analyze",
          [](const SklearnAnalyzer& self, const py::str& document) {
            py::list one;
            one.append(document);
            PyStrSource source(one);
            std::string buffer;
            SklearnScratch scratch;
            self.analyze(source.text(0, buffer), scratch);
            py::list out;
            for (const auto term : scratch.terms) out.append(to_str(term));
            return out;
          },
          py::arg("document"), "The terms of one document, in scikit-learn's order.");

  py::class_<SklearnVocabulary>(m, "SklearnVocabulary", "A fixed term -> column table (private).")
      .def(py::init([](const py::list& terms) {
             std::vector<py::object> keep;
             const auto views = str_views(terms, keep);
             return SklearnVocabulary(std::span<const std::string_view>(views));
           }),
           py::arg("terms"))
      .def(py::init<const Vocabulary&>(), py::arg("terms"),
           "Column i is the term of id i of a core Vocabulary (copied in C++, no str made).")
      .def("__len__", &SklearnVocabulary::size);

  py::class_<SklearnCounts>(m, "SklearnCounts", "Counts of a batch before pruning (private).")
      .def(py::init<bool>(), py::arg("keep_rows") = true,
           "keep_rows=False keeps only the terms and frequencies (no matrix can be written).")
      .def("add_document", &add_terms<SklearnCounts>, py::arg("terms"))
      .def("add", &add_documents<SklearnCounts>, py::arg("analyzer"), py::arg("documents"),
           py::arg("n_threads"), kAddBatchDoc)
      .def(
          "finish",
          [](SklearnCounts& self, int n_threads) {
            py::gil_scoped_release release;
            self.finish(n_threads);
          },
          py::arg("n_threads") = 1)
      .def_property_readonly("documents", &SklearnCounts::documents)
      .def(
          "terms_at",
          [](const SklearnCounts& self, const Array<std::int64_t>& at) {
            py::list out(at.size());
            for (py::ssize_t k = 0; k < at.size(); ++k)
              PyList_SET_ITEM(out.ptr(), k,
                              to_str(self.term(static_cast<std::size_t>(at.data()[k]))).release().ptr());
            return out;
          },
          py::arg("indices"), "The sorted terms at the given indices, as str.")
      .def(
          "first_seen", [](const SklearnCounts& self) { return to_numpy(std::vector(self.first_seen())); },
          "Sorted term indices in order of first occurrence in document order.")
      .def("document_frequency",
           [](const SklearnCounts& self) { return to_numpy(std::vector(self.document_frequency())); })
      .def("term_frequency",
           [](const SklearnCounts& self) { return to_numpy(std::vector(self.term_frequency())); })
      .def(
          "matrix",
          [](SklearnCounts& self, const Array<std::int32_t>& column_of, std::int64_t columns,
             const std::string& values, bool binary, bool sublinear_tf, const py::object& idf,
             const std::string& norm, int n_threads, bool release) {
            const auto output = to_output(values, binary, sublinear_tf, idf, norm);
            auto result = without_gil([&] {
              return release ? self.take_matrix(span_of(column_of), columns, output, n_threads)
                             : self.matrix(span_of(column_of), columns, output, n_threads);
            });
            return matrix_to_python(std::move(result), output.values);
          },
          py::arg("column_of"), py::arg("columns"), py::arg("values"), py::arg("binary"),
          py::arg("sublinear_tf"), py::arg("idf"), py::arg("norm"), py::arg("n_threads"),
          py::arg("release") = false,
          "The CSR parts; release=True frees the counts as rows are written (no further matrix).");

  py::class_<SklearnFixedCounter>(m, "SklearnFixedCounter",
                                  "Counts documents against a vocabulary (private).")
      .def(py::init<const SklearnVocabulary&>(), py::arg("vocabulary"), py::keep_alive<1, 2>())
      .def("add", &add_documents<SklearnFixedCounter>, py::arg("analyzer"), py::arg("documents"),
           py::arg("n_threads"), kAddBatchDoc)
      .def("add_document", &add_terms<SklearnFixedCounter>, py::arg("terms"))
      .def(
          "finish",
          [](SklearnFixedCounter& self, const std::string& values, bool binary, bool sublinear_tf,
             const py::object& idf, const std::string& norm, int n_threads) {
            const auto output = to_output(values, binary, sublinear_tf, idf, norm);
            auto result = without_gil([&] { return self.finish(output, n_threads); });
            return matrix_to_python(std::move(result), output.values);
          },
          py::arg("values"), py::arg("binary"), py::arg("sublinear_tf"), py::arg("idf"), py::arg("norm"),
          py::arg("n_threads"));

  m.def(
      "sklearn_partial_counts",
      [](const SklearnAnalyzer& analyzer, const py::object& documents, int n_threads) {
        return with_str_documents(documents, [&](const DocumentSource& source) {
          return sklearn_count_partial(analyzer, source, n_threads);
        });
      },
      py::arg("analyzer"), py::arg("documents"), py::arg("n_threads"),
      "The PartialCounts of a list of str documents or a TextLines with scikit-learn's analyzer "
      "(NotStrError if an item of the list is not a str).");

  m.def(
      "sklearn_partition_counts",
      [](const SklearnAnalyzer& analyzer, const py::object& documents, int n_threads) {
        return with_str_documents(documents, [&](const DocumentSource& source) {
          return sklearn_count_partition(analyzer, source, n_threads);
        });
      },
      py::arg("analyzer"), py::arg("documents"), py::arg("n_threads"),
      "The PartitionCounts of a list of str documents or a TextLines with scikit-learn's analyzer "
      "(NotStrError if an item of the list is not a str).");

  m.def(
      "sklearn_partition_matrix",
      [](const PartitionCounts& counts, const SklearnVocabulary& vocabulary, const std::string& values,
         bool binary, bool sublinear_tf, const py::object& idf, const std::string& norm, int n_threads) {
        const auto output = to_output(values, binary, sublinear_tf, idf, norm);
        auto result =
            without_gil([&] { return sklearn_partition_matrix(counts, vocabulary, output, n_threads); });
        return matrix_to_python(std::move(result), output.values);
      },
      py::arg("counts"), py::arg("vocabulary"), py::arg("values"), py::arg("binary"), py::arg("sublinear_tf"),
      py::arg("idf"), py::arg("norm"), py::arg("n_threads"),
      "The CSR parts of a partition's rows against the vocabulary (= transform of its documents).");

  m.def(
      "sklearn_tfidf_inplace",
      [](const py::array& data, const py::array& indices, const py::array& indptr, const py::object& idf,
         bool sublinear_tf, const std::string& norm, int n_threads) {
        const auto n = to_output("float64", false, false, py::none(), norm).norm;
        const bool done = try_tfidf<double, std::int32_t, std::int32_t>(data, indices, indptr, idf,
                                                                        sublinear_tf, n, n_threads) ||
                          try_tfidf<double, std::int32_t, std::int64_t>(data, indices, indptr, idf,
                                                                        sublinear_tf, n, n_threads) ||
                          try_tfidf<double, std::int64_t, std::int64_t>(data, indices, indptr, idf,
                                                                        sublinear_tf, n, n_threads) ||
                          try_tfidf<float, std::int32_t, std::int32_t>(data, indices, indptr, idf,
                                                                       sublinear_tf, n, n_threads) ||
                          try_tfidf<float, std::int32_t, std::int64_t>(data, indices, indptr, idf,
                                                                       sublinear_tf, n, n_threads) ||
                          try_tfidf<float, std::int64_t, std::int64_t>(data, indices, indptr, idf,
                                                                       sublinear_tf, n, n_threads);
        if (!done)
          throw invalid_argument("tf-idf: unsupported dtypes (float32/float64 data, int32/int64 indices)");
      },
      py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("idf"), py::arg("sublinear_tf"),
      py::arg("norm"), py::arg("n_threads"), "TfidfTransformer.transform in place on CSR arrays (private).");
}

}  // namespace treatytext::python
