// Bindings of the analysis stage (keyness, collocations, LSA, clustering, alignment), in the
// submodule _core.analysis. Results are dicts of named parts (results.hpp), keyed by the fields of
// the core's result structs; the Python layer wraps them.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>

#include "bindings.hpp"
#include "choices.hpp"
#include "convert.hpp"
#include "results.hpp"
#include "treatytext/align.hpp"
#include "treatytext/cluster.hpp"
#include "treatytext/collocations.hpp"
#include "treatytext/error.hpp"
#include "treatytext/keyness.hpp"
#include "treatytext/lsa.hpp"

namespace treatytext::python {

namespace {

using Doubles = Array<double>;
using Int64s = Array<std::int64_t>;
using Int32s = Array<std::int32_t>;

KeynessMeasure measure_of(const std::string& name) {
  return choose<KeynessMeasure>(
      name, "measure must be",
      {{"g2", KeynessMeasure::log_likelihood}, {"chi2", KeynessMeasure::chi_squared}});
}

CollocationScore score_of(const std::string& name) {
  return choose<CollocationScore>(name, "score must be",
                                  {{"g2", CollocationScore::log_likelihood},
                                   {"pmi", CollocationScore::pmi},
                                   {"count", CollocationScore::count}});
}

Linkage linkage_of(const std::string& name) {
  return choose<Linkage>(
      name, "linkage must be",
      {{"single", Linkage::single}, {"complete", Linkage::complete}, {"average", Linkage::average}});
}

AlignMode mode_of(const std::string& name) {
  return choose<AlignMode>(name, "mode must be",
                           {{"one-to-one", AlignMode::one_to_one}, {"one-to-many", AlignMode::one_to_many}});
}

py::dict keyness_to_python(KeynessResult&& r) {
  return named_parts({
      {"term", to_numpy(std::move(r.term))},
      {"target_count", to_numpy(std::move(r.target_count))},
      {"reference_count", to_numpy(std::move(r.reference_count))},
      {"g2", to_numpy(std::move(r.g2))},
      {"chi2", to_numpy(std::move(r.chi2))},
      {"p_value", to_numpy(std::move(r.p_value))},
      {"log_ratio", to_numpy(std::move(r.log_ratio))},
      {"percent_diff", to_numpy(std::move(r.percent_diff))},
      {"odds_ratio", to_numpy(std::move(r.odds_ratio))},
      {"sign", to_numpy(std::move(r.sign))},
      {"target_total", py::cast(r.target_total)},
      {"reference_total", py::cast(r.reference_total)},
  });
}

py::dict alignment_to_python(Alignment&& r) {
  return named_parts({
      {"a_index", to_numpy(std::move(r.a_index))},
      {"b_index", to_numpy(std::move(r.b_index))},
      {"score", to_numpy(std::move(r.score))},
      {"unmatched_a", to_numpy(std::move(r.unmatched_a))},
      {"unmatched_b", to_numpy(std::move(r.unmatched_b))},
      {"exact", py::cast(r.exact)},
  });
}

KeynessOptions keyness_options(const std::string& measure, bool yates, double smoothing, double min_count,
                               bool sort) {
  KeynessOptions options;
  options.measure = measure_of(measure);
  options.yates = yates;
  options.smoothing = smoothing;
  options.min_count = min_count;
  options.sort = sort;
  return options;
}

AlignOptions align_options(const std::string& mode, double threshold, std::int64_t candidates,
                           std::int64_t exact_max_cells, int n_threads) {
  AlignOptions options;
  options.mode = mode_of(mode);
  options.threshold = threshold;
  options.candidates = candidates;
  options.exact_max_cells = exact_max_cells;
  options.n_threads = n_threads;
  return options;
}

constexpr const char* kKeynessDoc =
    "Keyness of target against reference counts; returns a dict: term, target_count, reference_count, g2, "
    "chi2, p_value, log_ratio, percent_diff, odds_ratio, sign (one per term kept), target_total, "
    "reference_total (scalars).";

constexpr const char* kAlignDoc =
    "Alignment of the rows of a to those of b; returns a dict: a_index, b_index, score (one per pair), "
    "unmatched_a, unmatched_b, exact (bool).";

}  // namespace

void bind_analysis(py::module_& m) {
  auto a = m.def_submodule("analysis", "Keyness, collocations, LSA, clustering and alignment");

  a.def(
      "keyness",
      [](const Doubles& target, const Doubles& reference, const std::string& measure, bool yates,
         double smoothing, double min_count, bool sort) {
        const auto options = keyness_options(measure, yates, smoothing, min_count, sort);
        if (target.ndim() != 1 || reference.ndim() != 1)
          throw invalid_argument("keyness: count vectors must be 1-dimensional");
        auto result = without_gil([&] { return keyness(span_of(target), span_of(reference), options); });
        return keyness_to_python(std::move(result));
      },
      py::arg("target"), py::arg("reference"), py::arg("measure") = "g2", py::arg("yates") = false,
      py::arg("smoothing") = 0.5, py::arg("min_count") = 1.0, py::arg("sort") = true, kKeynessDoc);

  a.def(
      "keyness_matrices",
      [](const Doubles& t_data, const Int64s& t_indices, const Int64s& t_indptr, std::int64_t t_rows,
         std::int64_t t_cols, const Doubles& r_data, const Int64s& r_indices, const Int64s& r_indptr,
         std::int64_t r_rows, std::int64_t r_cols, const std::string& measure, bool yates, double smoothing,
         double min_count, bool sort) {
        const auto options = keyness_options(measure, yates, smoothing, min_count, sort);
        const auto target = csr_from_python(t_data, t_indices, t_indptr, t_rows, t_cols);
        const auto reference = csr_from_python(r_data, r_indices, r_indptr, r_rows, r_cols);
        auto result = without_gil([&] { return keyness(target, reference, options); });
        return keyness_to_python(std::move(result));
      },
      py::arg("t_data"), py::arg("t_indices"), py::arg("t_indptr"), py::arg("t_rows"), py::arg("t_cols"),
      py::arg("r_data"), py::arg("r_indices"), py::arg("r_indptr"), py::arg("r_rows"), py::arg("r_cols"),
      py::arg("measure") = "g2", py::arg("yates") = false, py::arg("smoothing") = 0.5,
      py::arg("min_count") = 1.0, py::arg("sort") = true, kKeynessDoc);

  a.def("chi_squared_sf", &chi_squared_sf, py::arg("x"), py::arg("df") = 1);

  a.def(
      "collocations",
      [](const Int32s& ids, const Int64s& offsets, int n, std::int64_t min_count, const std::string& score) {
        CollocationOptions options;
        options.n = n;
        options.min_count = min_count;
        options.sort_by = score_of(score);
        auto result = without_gil([&] { return collocations(span_of(ids), span_of(offsets), options); });
        const auto rows = static_cast<std::int64_t>(result.size());
        return named_parts({
            {"ids", to_numpy(std::move(result.ids), rows, result.n)},
            {"count", to_numpy(std::move(result.count))},
            {"expected", to_numpy(std::move(result.expected))},
            {"g2", to_numpy(std::move(result.g2))},
            {"p_value", to_numpy(std::move(result.p_value))},
            {"pmi", to_numpy(std::move(result.pmi))},
            {"total", py::cast(result.total)},
        });
      },
      py::arg("ids"), py::arg("offsets"), py::arg("n") = 2, py::arg("min_count") = 2, py::arg("score") = "g2",
      "n-gram collocations; returns a dict: ids (rows x n int32), count, expected, g2, p_value, pmi "
      "(one per n-gram), total (scalar).");

  a.def(
      "truncated_svd",
      [](const Doubles& data, const Int64s& indices, const Int64s& indptr, std::int64_t rows,
         std::int64_t cols, std::int64_t n_components, std::int64_t oversamples, int n_iter,
         std::uint64_t seed, int n_threads) {
        const auto x = csr_from_python(data, indices, indptr, rows, cols);
        LsaOptions options;
        options.n_components = n_components;
        options.oversamples = oversamples;
        options.n_iter = n_iter;
        options.seed = seed;
        options.n_threads = n_threads;
        auto r = without_gil([&] { return truncated_svd(x, options); });
        const auto k = r.n_components;
        return named_parts({
            {"embedding", to_numpy(std::move(r.embedding), r.rows, k)},
            {"singular_values", to_numpy(std::move(r.singular_values))},
            {"components", to_numpy(std::move(r.components), k, r.cols)},
        });
      },
      py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("rows"), py::arg("cols"),
      py::arg("n_components"), py::arg("oversamples") = 10, py::arg("n_iter") = 5, py::arg("seed") = 0,
      py::arg("n_threads") = 1,
      "Randomized truncated SVD; returns a dict: embedding (rows x k), singular_values (k), components "
      "(k x cols).");

  a.def(
      "lsa_transform",
      [](const Doubles& data, const Int64s& indices, const Int64s& indptr, std::int64_t rows,
         std::int64_t cols, const Doubles& components, int n_threads) {
        const auto y = csr_from_python(data, indices, indptr, rows, cols);
        if (components.ndim() != 2) throw invalid_argument("lsa_transform: components must be 2-dimensional");
        LsaResult fitted;
        fitted.n_components = components.shape(0);
        fitted.cols = components.shape(1);
        fitted.components.assign(components.data(), components.data() + components.size());
        auto out = without_gil([&] { return lsa_transform(y, fitted, n_threads); });
        return to_numpy(std::move(out), rows, fitted.n_components);
      },
      py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("rows"), py::arg("cols"),
      py::arg("components"), py::arg("n_threads") = 1);

  a.def(
      "kmeans",
      [](const Doubles& x, std::int64_t n_clusters, int n_init, int max_iter, double tol, std::uint64_t seed,
         int n_threads) {
        if (x.ndim() != 2) throw invalid_argument("kmeans: X must be 2-dimensional");
        KMeansOptions options;
        options.n_clusters = n_clusters;
        options.n_init = n_init;
        options.max_iter = max_iter;
        options.tol = tol;
        options.seed = seed;
        options.n_threads = n_threads;
        const std::int64_t rows = x.shape(0), dims = x.shape(1);
        auto r = without_gil([&] { return kmeans(span_of(x), rows, dims, options); });
        return named_parts({
            {"labels", to_numpy(std::move(r.labels))},
            {"centers", to_numpy(std::move(r.centers), r.n_clusters, r.dims)},
            {"inertia", py::cast(r.inertia)},
            {"n_iter", py::cast(r.n_iter)},
        });
      },
      py::arg("X"), py::arg("n_clusters"), py::arg("n_init") = 4, py::arg("max_iter") = 300,
      py::arg("tol") = 1e-4, py::arg("seed") = 0, py::arg("n_threads") = 1,
      "k-means; returns a dict: labels (rows), centers (n_clusters x dims), inertia, n_iter.");

  a.def(
      "agglomerative",
      [](const Doubles& data, const Int64s& indices, const Int64s& indptr, std::int64_t rows,
         std::int64_t cols, const std::string& linkage, std::int64_t n_clusters, double distance_threshold,
         std::int64_t max_rows, int n_threads) {
        const auto x = csr_from_python(data, indices, indptr, rows, cols);
        AgglomerativeOptions options;
        options.linkage = linkage_of(linkage);
        options.n_clusters = n_clusters;
        options.distance_threshold = distance_threshold;
        options.max_rows = max_rows;
        options.n_threads = n_threads;
        auto r = without_gil([&] { return agglomerative(x, options); });
        return named_parts({
            {"labels", to_numpy(std::move(r.labels))},
            {"n_clusters", py::cast(r.n_clusters)},
            {"linkage_matrix", to_numpy(std::move(r.linkage_matrix), std::max<std::int64_t>(0, rows - 1), 4)},
        });
      },
      py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("rows"), py::arg("cols"),
      py::arg("linkage") = "average", py::arg("n_clusters") = -1, py::arg("distance_threshold") = -1.0,
      py::arg("max_rows") = 10'000, py::arg("n_threads") = 1,
      "Agglomerative clustering; returns a dict: labels (rows), n_clusters, linkage_matrix (rows - 1 x 4).");

  a.def(
      "cluster_terms",
      [](const Doubles& data, const Int64s& indices, const Int64s& indptr, std::int64_t rows,
         std::int64_t cols, const Int64s& labels, std::int64_t n_clusters, std::int64_t n) {
        const auto x = csr_from_python(data, indices, indptr, rows, cols);
        auto r = without_gil([&] { return cluster_terms(x, span_of(labels), n_clusters, n); });
        return named_parts({
            {"terms", to_numpy(std::move(r.terms), r.n_clusters, r.n)},
            {"weights", to_numpy(std::move(r.weights), r.n_clusters, r.n)},
            {"sizes", to_numpy(std::move(r.sizes))},
        });
      },
      py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("rows"), py::arg("cols"),
      py::arg("labels"), py::arg("n_clusters"), py::arg("n") = 10,
      "The top terms of each cluster; returns a dict: terms, weights (n_clusters x n), sizes (n_clusters).");

  a.def(
      "align",
      [](const Doubles& a_data, const Int64s& a_indices, const Int64s& a_indptr, std::int64_t a_rows,
         std::int64_t a_cols, const Doubles& b_data, const Int64s& b_indices, const Int64s& b_indptr,
         std::int64_t b_rows, std::int64_t b_cols, const std::string& mode, double threshold,
         std::int64_t candidates, std::int64_t exact_max_cells, int n_threads) {
        const auto options = align_options(mode, threshold, candidates, exact_max_cells, n_threads);
        const auto x = csr_from_python(a_data, a_indices, a_indptr, a_rows, a_cols);
        const auto y = csr_from_python(b_data, b_indices, b_indptr, b_rows, b_cols);
        auto r = without_gil([&] { return align(x, y, options); });
        return alignment_to_python(std::move(r));
      },
      py::arg("a_data"), py::arg("a_indices"), py::arg("a_indptr"), py::arg("a_rows"), py::arg("a_cols"),
      py::arg("b_data"), py::arg("b_indices"), py::arg("b_indptr"), py::arg("b_rows"), py::arg("b_cols"),
      py::arg("mode") = "one-to-one", py::arg("threshold") = 0.0, py::arg("candidates") = 10,
      py::arg("exact_max_cells") = 4'000'000, py::arg("n_threads") = 1, kAlignDoc);

  a.def(
      "align_scores",
      [](const Doubles& scores, const std::string& mode, double threshold) {
        if (scores.ndim() != 2) throw invalid_argument("align_scores: scores must be 2-dimensional");
        const auto options = align_options(mode, threshold, 10, 0, 1);
        auto r = without_gil(
            [&] { return align_scores(span_of(scores), scores.shape(0), scores.shape(1), options); });
        return alignment_to_python(std::move(r));
      },
      py::arg("scores"), py::arg("mode") = "one-to-one", py::arg("threshold") = 0.0, kAlignDoc);
}

}  // namespace treatytext::python
