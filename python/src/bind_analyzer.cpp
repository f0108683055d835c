// Bindings of the analyzer stage: AnalyzerOptions (read-write fields, picklable), Analyzer
// (analyze / tokenize / analyze_many with the GIL released), the stop list and the stemmer
// languages. Offsets cross into Python as code-point offsets.
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "convert.hpp"
#include "documents.hpp"
#include "results.hpp"
#include "treatytext/analyzer.hpp"
#include "treatytext/text.hpp"
#include "treatytext/vocabulary.hpp"

namespace py = pybind11;

namespace treatytext::python {
namespace {

/// The UTF-8 text of a Python str or bytes object, readable with the GIL released. ASCII str and
/// bytes are read in place (`owner` keeps them alive); any other str is encoded into `buffer`,
/// so that CPython does not cache a UTF-8 copy inside the caller's str (documents.hpp).
struct Utf8Text {
  py::object owner;
  std::string buffer;
  std::string_view in_place;
  bool encoded = false;
  // The buffer's address may change when the struct moves, so the view is made on demand.
  [[nodiscard]] std::string_view view() const noexcept {
    return encoded ? std::string_view(buffer) : in_place;
  }
};

Utf8Text utf8_of(py::handle object, const std::string& where = "text") {
  Utf8Text out;
  out.owner = py::reinterpret_borrow<py::object>(object);
  if (PyUnicode_Check(object.ptr())) {
    const TextStorage storage = str_storage(object.ptr());
    if (storage.kind == 0) {
      out.in_place = {static_cast<const char*>(storage.data), storage.length};
    } else {
      append_str_utf8(object.ptr(), where, out.buffer);  // ValueError naming a lone surrogate
      out.encoded = true;
    }
    return out;
  }
  if (PyBytes_Check(object.ptr())) {
    out.in_place = {PyBytes_AS_STRING(object.ptr()),
                    static_cast<std::size_t>(PyBytes_GET_SIZE(object.ptr()))};
    if (find_invalid_utf8(out.in_place) != std::string_view::npos)
      (void)validate_utf8(out.in_place);  // throws, naming the byte
    return out;
  }
  throw py::type_error(std::string(where) + " must be str or bytes, not " + Py_TYPE(object.ptr())->tp_name);
}

// Builds Python lists of terms, creating one str per distinct term: a document repeats its
// words, and shared immutable strs save both the decoding and the memory of duplicates. The
// distinct terms are found with the engine's string table (Vocabulary): a term's id indexes
// its str.
class TermStrings {
 public:
  TermStrings() = default;
  TermStrings(const TermStrings&) = delete;
  TermStrings& operator=(const TermStrings&) = delete;
  ~TermStrings() {
    for (PyObject* object : objects_) Py_DECREF(object);
  }

  /// A list of the n terms term_at(0), ..., term_at(n - 1); `share` = false decodes each term
  /// afresh, which is faster for a short list whose strs are freed soon (no table to set up).
  template <typename TermAt>
  py::list to_list(std::size_t n, TermAt term_at, bool share = true) {
    py::list out(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view term = term_at(i);
      PyObject* object = share ? intern(term) : decode(term);
      if (share) Py_INCREF(object);
      PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), object);
    }
    return out;
  }

  py::list to_list(const TermList& terms, bool share = true) {
    return to_list(
        terms.size(), [&](std::size_t i) { return terms[i]; }, share);
  }

 private:
  PyObject* intern(std::string_view term) {
    const auto id = static_cast<std::size_t>(terms_.add(term));
    if (id == objects_.size()) objects_.push_back(decode(term));
    return objects_[id];
  }

  static PyObject* decode(std::string_view term) {
    PyObject* object = PyUnicode_DecodeUTF8(term.data(), static_cast<Py_ssize_t>(term.size()), "strict");
    if (!object) throw py::error_already_set();
    return object;
  }

  Vocabulary terms_;
  std::vector<PyObject*> objects_;  // by term id, one reference each
};

constexpr std::size_t kShareFrom = 1024;  // terms below which a table of strs costs more than it saves

py::list analyze(const Analyzer& analyzer, py::handle text) {
  const Utf8Text input = utf8_of(text);
  TermList terms;
  {
    py::gil_scoped_release release;
    analyzer.analyze(input.view(), terms);
  }
  return TermStrings().to_list(terms, terms.size() >= kShareFrom);
}

/// The tokens of a text with their offsets turned into code points (called without the GIL).
std::vector<Token> code_point_tokens(const Analyzer& analyzer, std::string_view text) {
  std::vector<Token> tokens = analyzer.tokenize(text);
  const OffsetMap offsets(text);
  for (Token& token : tokens) {
    token.start = offsets.to_code_point(token.start);
    token.end = offsets.to_code_point(token.end);
  }
  return tokens;
}

py::list tokenize(const Analyzer& analyzer, py::handle text) {
  const Utf8Text input = utf8_of(text);
  std::vector<Token> tokens;
  {
    py::gil_scoped_release release;
    tokens = code_point_tokens(analyzer, input.view());
  }
  py::list out(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i)
    out[i] = py::make_tuple(py::str(tokens[i].term), tokens[i].start, tokens[i].end);
  return out;
}

// The tokens as columns named by the fields of Token: term (a list of str, one str per distinct
// term), start and end (int64 code-point offsets); no Python object per token besides its term.
py::dict token_arrays(const Analyzer& analyzer, py::handle text) {
  const Utf8Text input = utf8_of(text);
  std::vector<Token> tokens;
  std::vector<std::int64_t> starts, ends;
  {
    py::gil_scoped_release release;
    tokens = code_point_tokens(analyzer, input.view());
    starts.reserve(tokens.size());
    ends.reserve(tokens.size());
    for (const Token& token : tokens) {
      starts.push_back(static_cast<std::int64_t>(token.start));
      ends.push_back(static_cast<std::int64_t>(token.end));
    }
  }
  py::list terms = TermStrings().to_list(
      tokens.size(), [&](std::size_t i) -> std::string_view { return tokens[i].term; },
      tokens.size() >= kShareFrom);
  return named_parts({
      {"term", std::move(terms)},
      {"start", to_numpy(std::move(starts))},
      {"end", to_numpy(std::move(ends))},
  });
}

py::list analyze_many(const Analyzer& analyzer, const py::iterable& texts, int n_threads) {
  std::vector<Utf8Text> inputs;
  for (py::handle text : texts)
    inputs.push_back(utf8_of(text, "texts[" + std::to_string(inputs.size()) + "]"));
  std::vector<std::string_view> views;
  views.reserve(inputs.size());
  for (const Utf8Text& input : inputs) views.push_back(input.view());
  std::vector<TermList> results;
  {
    py::gil_scoped_release release;
    analyzer.analyze_many(views, results, n_threads);
  }
  // Lists of strs cannot form cycles: building many of them with the collector paused avoids
  // repeated full collections that would scan every list built so far.
  const bool collector_was_on = PyGC_Disable() != 0;
  py::list out(results.size());
  try {
    TermStrings strings;
    for (std::size_t i = 0; i < results.size(); ++i) out[i] = strings.to_list(results[i]);
  } catch (...) {
    if (collector_was_on) PyGC_Enable();
    throw;
  }
  if (collector_was_on) PyGC_Enable();
  return out;
}

py::tuple options_state(const AnalyzerOptions& o) {
  return py::make_tuple(normalization_name(o.normalization), o.case_fold, o.strip_accents, o.keep_apostrophes,
                        o.keep_hyphens, o.keep_numbers, o.stop_words, o.extra_stop_words, o.min_length,
                        o.stem_language, o.ngram_min, o.ngram_max);
}

AnalyzerOptions options_from_state(const py::tuple& state) {
  if (state.size() != 12) throw py::value_error("AnalyzerOptions state must have 12 fields");
  AnalyzerOptions o;
  o.normalization = normalization_from_name(state[0].cast<std::string>());
  o.case_fold = state[1].cast<bool>();
  o.strip_accents = state[2].cast<bool>();
  o.keep_apostrophes = state[3].cast<bool>();
  o.keep_hyphens = state[4].cast<bool>();
  o.keep_numbers = state[5].cast<bool>();
  o.stop_words = state[6].cast<std::string>();
  o.extra_stop_words = state[7].cast<std::vector<std::string>>();
  o.min_length = state[8].cast<std::size_t>();
  o.stem_language = state[9].cast<std::string>();
  o.ngram_min = state[10].cast<int>();
  o.ngram_max = state[11].cast<int>();
  return o;
}

}  // namespace

void bind_analyzer(py::module_& m) {
  py::class_<AnalyzerOptions>(
      m, "AnalyzerOptions",
      "Options of the C++ analyzer (see treatytext.analyzer.Analyzer for their meaning).")
      .def(py::init([](const py::kwargs& kwargs) {
             py::object options = py::cast(AnalyzerOptions{});
             for (const auto& [key, value] : kwargs) {
               const auto name = key.cast<std::string>();
               static const char* const fields[] = {"normalization",    "case_fold",        "strip_accents",
                                                    "keep_apostrophes", "keep_hyphens",     "keep_numbers",
                                                    "stop_words",       "extra_stop_words", "min_length",
                                                    "stem_language",    "ngram_min",        "ngram_max"};
               if (std::find(std::begin(fields), std::end(fields), name) == std::end(fields))
                 throw py::type_error("AnalyzerOptions() got an unexpected keyword argument '" + name + "'");
               py::setattr(options, name.c_str(), value);
             }
             return options.cast<AnalyzerOptions>();
           }),
           "Options with defaults; any field may be given as a keyword argument.")
      .def_property(
          "normalization", [](const AnalyzerOptions& o) { return normalization_name(o.normalization); },
          [](AnalyzerOptions& o, const std::string& name) {
            o.normalization = normalization_from_name(name);
          },
          "'none', 'nfc' or 'nfkc'")
      .def_readwrite("case_fold", &AnalyzerOptions::case_fold)
      .def_readwrite("strip_accents", &AnalyzerOptions::strip_accents)
      .def_readwrite("keep_apostrophes", &AnalyzerOptions::keep_apostrophes)
      .def_readwrite("keep_hyphens", &AnalyzerOptions::keep_hyphens)
      .def_readwrite("keep_numbers", &AnalyzerOptions::keep_numbers)
      .def_readwrite("stop_words", &AnalyzerOptions::stop_words, "'' or 'english'")
      .def_readwrite("extra_stop_words", &AnalyzerOptions::extra_stop_words)
      .def_readwrite("min_length", &AnalyzerOptions::min_length)
      .def_readwrite("stem_language", &AnalyzerOptions::stem_language,
                     "'' (no stemming) or a Snowball language")
      .def_readwrite("ngram_min", &AnalyzerOptions::ngram_min)
      .def_readwrite("ngram_max", &AnalyzerOptions::ngram_max)
      .def("validate", &AnalyzerOptions::validate, "Raises ValueError naming the offending field.")
      .def(py::self == py::self)  // NOLINT(misc-redundant-expression)
      .def("__repr__",
           [](const AnalyzerOptions& o) {
             return "AnalyzerOptions(normalization='" + normalization_name(o.normalization) +
                    "', case_fold=" + (o.case_fold ? "True" : "False") +
                    ", strip_accents=" + (o.strip_accents ? "True" : "False") +
                    ", keep_apostrophes=" + (o.keep_apostrophes ? "True" : "False") +
                    ", keep_hyphens=" + (o.keep_hyphens ? "True" : "False") +
                    ", keep_numbers=" + (o.keep_numbers ? "True" : "False") + ", stop_words='" +
                    o.stop_words + "', extra_stop_words=[" + std::to_string(o.extra_stop_words.size()) +
                    " words], min_length=" + std::to_string(o.min_length) + ", stem_language='" +
                    o.stem_language + "', ngram_min=" + std::to_string(o.ngram_min) +
                    ", ngram_max=" + std::to_string(o.ngram_max) + ")";
           })
      .def(py::pickle(&options_state, &options_from_state));

  py::class_<Analyzer>(m, "Analyzer", "The C++ analyzer; use treatytext.analyzer.Analyzer.")
      .def(py::init<AnalyzerOptions>(), py::arg("options") = AnalyzerOptions{})
      .def_property_readonly(
          "options", [](const Analyzer& a) { return a.options(); }, "A copy of the options.")
      .def("analyze", &analyze, py::arg("text"), "Terms of a str or UTF-8 bytes text.")
      .def("tokenize", &tokenize, py::arg("text"),
           "A list of (term, start, end) tuples (the fields of Token), offsets in code points.")
      .def("token_arrays", &token_arrays, py::arg("text"),
           "The tokens as a dict of columns: term (list of str), start, end (int64 code-point offsets).")
      .def("analyze_many", &analyze_many, py::arg("texts"), py::arg("n_threads") = 1,
           "Terms of each text, on n_threads threads (-1: all cores).")
      .def(py::pickle([](const Analyzer& a) { return options_state(a.options()); },
                      [](const py::tuple& state) { return Analyzer(options_from_state(state)); }));

  m.def("english_stop_words", &english_stop_words, "The built-in English stop words, sorted.");
  m.def("built_in_stop_words", &built_in_stop_words, py::arg("name"),
        "The words of a built-in stop-word list ('english', 'treaty', 'treaty+modals'), sorted.");
  m.def("stop_word_list_names", &stop_word_list_names, "Names of the built-in stop-word lists.");
  m.def("modal_verbs", &modal_verbs, "The English modal verbs, sorted.");
  m.def("stemmer_languages", &stemmer_languages, "Snowball languages available for stemming, sorted.");
}

}  // namespace treatytext::python
