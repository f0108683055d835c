// Bindings of the reuse stage: normalization, shingle measures, the exact pair search, passages
// and their clusters. Results are dicts of named parts (results.hpp) keyed by the fields of the
// core's result structs; treatytext.reuse builds the frames.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "bindings.hpp"
#include "choices.hpp"
#include "convert.hpp"
#include "results.hpp"
#include "treatytext/reuse.hpp"

namespace treatytext::python {

namespace {

ShingleOptions shingle_options(const std::string& unit, int q, bool keep_digits, bool keep_punctuation) {
  ShingleOptions options;
  options.unit = choose<ShingleUnit>(unit, "unit must be",
                                     {{"char", ShingleUnit::character}, {"word", ShingleUnit::word}});
  options.size = q;
  options.normalization = {keep_digits, keep_punctuation};
  return options;
}

PassageOptions passage_options(const py::dict& o) {
  PassageOptions options;
  options.min_words = o["min_words"].cast<int>();
  options.seed_words = o["seed_words"].cast<int>();
  options.match = o["match"].cast<double>();
  options.mismatch = o["mismatch"].cast<double>();
  options.gap = o["gap"].cast<double>();
  options.max_gap = o["max_gap"].cast<int>();
  options.max_repeat = o["max_repeat"].cast<int>();
  options.normalization = {o["keep_digits"].cast<bool>(), o["keep_punctuation"].cast<bool>()};
  return options;
}

std::vector<std::string_view> views(const std::vector<std::string>& texts) {
  return {texts.begin(), texts.end()};
}

/// The per-passage columns of Passages, then the parts `more`.
py::dict passage_columns(Passages&& p, std::initializer_list<Part> more = {}) {
  py::dict out = named_parts({
      {"start_a", to_numpy(std::move(p.start_a))},
      {"end_a", to_numpy(std::move(p.end_a))},
      {"start_b", to_numpy(std::move(p.start_b))},
      {"end_b", to_numpy(std::move(p.end_b))},
      {"word_start_a", to_numpy(std::move(p.word_start_a))},
      {"word_end_a", to_numpy(std::move(p.word_end_a))},
      {"word_start_b", to_numpy(std::move(p.word_start_b))},
      {"word_end_b", to_numpy(std::move(p.word_end_b))},
      {"words", to_numpy(std::move(p.words))},
      {"score", to_numpy(std::move(p.score))},
  });
  for (const auto& [key, value] : more) out[key] = value;
  return out;
}

}  // namespace

void bind_reuse(py::module_& m) {
  m.def(
      "reuse_normalize",
      [](const std::string& text, bool keep_digits, bool keep_punctuation) {
        NormalizedText normalized = without_gil([&] {
          return normalize_for_reuse(text, {keep_digits, keep_punctuation});
        });
        std::vector<std::int64_t> origin(normalized.origin.begin(), normalized.origin.end());
        return named_parts({
            {"text", py::str(normalized.text)},
            {"origin", to_numpy(std::move(origin))},
        });
      },
      py::arg("text"), py::arg("keep_digits") = false, py::arg("keep_punctuation") = false,
      "A dict: text (the normalized str), origin (int64: the original code point of each normalized "
      "one); see treatytext.reuse.normalize.");
  m.def(
      "reuse_shingle_count",
      [](const std::string& text, const std::string& unit, int q, bool keep_digits, bool keep_punctuation) {
        const ShingleOptions options = shingle_options(unit, q, keep_digits, keep_punctuation);
        return without_gil([&] { return shingle_set(text, options).size(); });
      },
      py::arg("text"), py::arg("unit") = "char", py::arg("q") = 5, py::arg("keep_digits") = false,
      py::arg("keep_punctuation") = false, "Number of distinct shingles of a text.");
  m.def(
      "reuse_shingle_similarity",
      [](const std::string& a, const std::string& b, const std::string& unit, int q, bool keep_digits,
         bool keep_punctuation) {
        const ShingleOptions options = shingle_options(unit, q, keep_digits, keep_punctuation);
        const SetSimilarity s = without_gil([&] { return shingle_similarity(a, b, options); });
        return named_parts({
            {"jaccard", py::cast(s.jaccard)},
            {"containment_a", py::cast(s.containment_a)},
            {"containment_b", py::cast(s.containment_b)},
            {"intersection", py::cast(s.intersection)},
            {"size_a", py::cast(s.size_a)},
            {"size_b", py::cast(s.size_b)},
        });
      },
      py::arg("a"), py::arg("b"), py::arg("unit") = "char", py::arg("q") = 5, py::arg("keep_digits") = false,
      py::arg("keep_punctuation") = false,
      "Jaccard and containments of two texts' shingle sets; returns a dict of scalars: jaccard, "
      "containment_a, containment_b, intersection, size_a, size_b.");
  m.def(
      "reuse_find",
      [](const std::vector<std::string>& texts, const std::string& unit, int q, bool keep_digits,
         bool keep_punctuation, const std::string& measure, double threshold, std::int64_t max_df,
         int n_threads, const std::string& search, int num_perm, int bands, int rows, std::uint64_t seed,
         double false_negative_weight) {
        FindReuseOptions options;
        options.shingles = shingle_options(unit, q, keep_digits, keep_punctuation);
        options.measure = choose<ReuseMeasure>(
            measure, "measure must be",
            {{"jaccard", ReuseMeasure::jaccard}, {"containment", ReuseMeasure::containment}});
        options.threshold = threshold;
        options.max_df = max_df;
        options.n_threads = n_threads;
        options.search = choose<ReuseSearch>(
            search, "method must be", {{"exact", ReuseSearch::exact}, {"minhash", ReuseSearch::minhash}});
        options.num_perm = num_perm;
        options.bands = bands;
        options.rows = rows;
        options.seed = seed;
        options.false_negative_weight = false_negative_weight;
        const auto text_views = views(texts);
        FindReuseResult r = without_gil([&] { return find_reuse(text_views, options); });
        return named_parts({
            {"a", to_numpy(std::move(r.a))},
            {"b", to_numpy(std::move(r.b))},
            {"intersection", to_numpy(std::move(r.intersection))},
            {"jaccard", to_numpy(std::move(r.jaccard))},
            {"containment_a", to_numpy(std::move(r.containment_a))},
            {"containment_b", to_numpy(std::move(r.containment_b))},
            {"set_sizes", to_numpy(std::move(r.set_sizes))},
            {"candidates", py::cast(r.candidates)},
            {"distinct_shingles", py::cast(r.distinct_shingles)},
            {"bands", py::cast(r.bands)},
            {"rows", py::cast(r.rows)},
        });
      },
      py::arg("texts"), py::arg("unit") = "char", py::arg("q") = 5, py::arg("keep_digits") = false,
      py::arg("keep_punctuation") = false, py::arg("measure") = "jaccard", py::arg("threshold") = 0.3,
      py::arg("max_df") = 0, py::arg("n_threads") = 1, py::arg("search") = "exact", py::arg("num_perm") = 128,
      py::arg("bands") = 0, py::arg("rows") = 0, py::arg("seed") = 1, py::arg("false_negative_weight") = 0.5,
      "All-pairs shingle-set join, exact or with MinHash/LSH candidates; returns a dict: a, b, "
      "intersection, jaccard, containment_a, containment_b (one per pair), set_sizes (one per text), "
      "candidates, distinct_shingles, bands, rows (scalars); see treatytext.reuse.find.");
  m.def(
      "reuse_passages",
      [](const std::string& a, const std::string& b, const py::dict& options) {
        const PassageOptions o = passage_options(options);
        Passages p = without_gil([&] { return find_passages(a, b, o); });
        const std::initializer_list<Part> counts = {
            {"words_a", py::cast(p.words_a)},
            {"words_b", py::cast(p.words_b)},
            {"covered_a", py::cast(p.covered_a)},
            {"covered_b", py::cast(p.covered_b)},
        };
        return passage_columns(std::move(p), counts);
      },
      py::arg("a"), py::arg("b"), py::arg("options"),
      "The passages of two texts; returns a dict of the fields of Passages: the columns start_a, end_a, "
      "start_b, end_b (code points), word_start_a, word_end_a, word_start_b, word_end_b, words, score (one "
      "per passage) and the scalars words_a, words_b, covered_a, covered_b; see treatytext.reuse.passages.");
  m.def(
      "reuse_corpus_passages",
      [](const std::vector<std::string>& texts, const Array<std::int64_t>& pair_a,
         const Array<std::int64_t>& pair_b, const py::dict& options, int n_threads) {
        const PassageOptions o = passage_options(options);
        const auto text_views = views(texts);
        CorpusPassages r = without_gil(
            [&] { return find_corpus_passages(text_views, span_of(pair_a), span_of(pair_b), o, n_threads); });
        return named_parts({
            {"pair", to_numpy(std::move(r.pair))},
            {"passages", passage_columns(std::move(r.passages))},
            {"words_a", to_numpy(std::move(r.words_a))},
            {"words_b", to_numpy(std::move(r.words_b))},
            {"covered_a", to_numpy(std::move(r.covered_a))},
            {"covered_b", to_numpy(std::move(r.covered_b))},
        });
      },
      py::arg("texts"), py::arg("pair_a"), py::arg("pair_b"), py::arg("options"), py::arg("n_threads") = 1,
      "Passages of many pairs of one corpus; returns a dict of the fields of CorpusPassages: pair (per "
      "passage: its pair), passages (the dict of passage columns of reuse_passages, without its scalars), "
      "words_a, words_b, covered_a, covered_b (one per pair).");
  m.def(
      "reuse_clusters",
      [](std::int64_t documents, const Array<std::int64_t>& doc_a, const Array<std::int64_t>& start_a,
         const Array<std::int64_t>& end_a, const Array<std::int64_t>& doc_b,
         const Array<std::int64_t>& start_b, const Array<std::int64_t>& end_b, const Array<double>& dates) {
        PassageClusters c = without_gil([&] {
          return cluster_passages(documents, span_of(doc_a), span_of(start_a), span_of(end_a), span_of(doc_b),
                                  span_of(start_b), span_of(end_b), span_of(dates));
        });
        return named_parts({
            {"cluster", to_numpy(std::move(c.cluster))},
            {"document", to_numpy(std::move(c.document))},
            {"start", to_numpy(std::move(c.start))},
            {"end", to_numpy(std::move(c.end))},
            {"source", to_numpy(std::move(c.source))},
            {"size", to_numpy(std::move(c.size))},
        });
      },
      py::arg("documents"), py::arg("doc_a"), py::arg("start_a"), py::arg("end_a"), py::arg("doc_b"),
      py::arg("start_b"), py::arg("end_b"), py::arg("dates"),
      "Single-link clusters of passage sides with their earliest witness; returns a dict: cluster, "
      "document, start, end (one per member), source, size (one per cluster); see treatytext.reuse.");
}

}  // namespace treatytext::python
