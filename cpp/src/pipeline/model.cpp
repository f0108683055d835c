// Persistence of a fitted model as versioned JSON. Reading is defensive: every field is checked
// for presence, type, length and range, and each failure names the field, so a hand-edited,
// truncated or foreign file gives a clear format_error instead of undefined behaviour.
#include "treatytext/model.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "pipeline/model_json.hpp"
#include "treatytext/error.hpp"

namespace treatytext {

namespace {

using json = nlohmann::json;

constexpr const char* kFormat = "treatytext.model";

[[noreturn]] void fail(const std::string& field, const std::string& problem) {
  throw format_error("model field '" + field + "' " + problem);
}

std::string join(const std::string& parent, const char* name) {
  return parent.empty() ? std::string(name) : parent + "." + name;
}

// Typed access to one level of the JSON tree; `path` is the dotted name of the object.
class Fields {
 public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) fail(path_, std::string("must be an object, got ") + object_.type_name());
  }

  const json& at(const char* name) const {
    const auto it = object_.find(name);
    if (it == object_.end()) fail(join(path_, name), "is missing");
    return *it;
  }
  Fields object(const char* name) const { return Fields(at(name), join(path_, name)); }
  bool boolean(const char* name) const {
    const json& v = at(name);
    if (!v.is_boolean()) fail(join(path_, name), std::string("must be true or false, got ") + v.type_name());
    return v.get<bool>();
  }
  std::int64_t integer(const char* name, std::int64_t low, std::int64_t high) const {
    const json& v = at(name);
    if (!v.is_number_integer()) fail(join(path_, name), std::string("must be an integer, got ") + kind(v));
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(high))
      fail(join(path_, name), "is out of range");
    const auto value = v.get<std::int64_t>();
    if (value < low || value > high)
      fail(join(path_, name), "= " + std::to_string(value) + " lies outside [" + std::to_string(low) + ", " +
                                  std::to_string(high) + "]");
    return value;
  }
  double number(const char* name) const {
    const json& v = at(name);
    if (!v.is_number()) fail(join(path_, name), std::string("must be a number, got ") + v.type_name());
    return v.get<double>();
  }
  std::string string(const char* name) const {
    const json& v = at(name);
    if (!v.is_string()) fail(join(path_, name), std::string("must be a string, got ") + v.type_name());
    return v.get<std::string>();
  }
  const json& array(const char* name) const {
    const json& v = at(name);
    if (!v.is_array()) fail(join(path_, name), std::string("must be an array, got ") + v.type_name());
    return v;
  }
  std::vector<std::string> strings(const char* name) const {
    const json& v = array(name);
    std::vector<std::string> result;
    result.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        fail(join(path_, name) + "[" + std::to_string(i) + "]",
             std::string("must be a string, got ") + v[i].type_name());
      result.push_back(v[i].get<std::string>());
    }
    return result;
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  static std::string kind(const json& v) {
    return v.is_number_float() ? "a non-integer number" : v.type_name();
  }

 private:
  const json& object_;
  std::string path_;
};

// Parses an enum stored by name; the core's parse function supplies the list of valid names.
template <typename Parse>
auto parse_name(const Fields& fields, const char* name, Parse&& parse) {
  const std::string value = fields.string(name);
  try {
    return parse(value);
  } catch (const invalid_argument& e) {
    fail(join(fields.path(), name), std::string("is invalid: ") + e.what());
  }
}

// Normalization names come from the analyzer stage (normalization_name / _from_name).
Normalization parse_normalization(const std::string& name) { return normalization_from_name(name); }

json analyzer_to_json(const AnalyzerOptions& o) {
  return json{{"normalization", normalization_name(o.normalization)},
              {"case_fold", o.case_fold},
              {"strip_accents", o.strip_accents},
              {"keep_apostrophes", o.keep_apostrophes},
              {"keep_hyphens", o.keep_hyphens},
              {"keep_numbers", o.keep_numbers},
              {"stop_words", o.stop_words},
              {"extra_stop_words", o.extra_stop_words},
              {"min_length", o.min_length},
              {"stem_language", o.stem_language},
              {"ngram_min", o.ngram_min},
              {"ngram_max", o.ngram_max}};
}

AnalyzerOptions analyzer_from_json(const Fields& f) {
  AnalyzerOptions o;
  o.normalization = parse_name(f, "normalization", parse_normalization);
  o.case_fold = f.boolean("case_fold");
  o.strip_accents = f.boolean("strip_accents");
  o.keep_apostrophes = f.boolean("keep_apostrophes");
  o.keep_hyphens = f.boolean("keep_hyphens");
  o.keep_numbers = f.boolean("keep_numbers");
  o.stop_words = f.string("stop_words");
  o.extra_stop_words = f.strings("extra_stop_words");
  o.min_length =
      static_cast<std::size_t>(f.integer("min_length", 0, std::numeric_limits<std::int64_t>::max()));
  o.stem_language = f.string("stem_language");
  o.ngram_min = static_cast<int>(f.integer("ngram_min", 0, std::numeric_limits<int>::max()));
  o.ngram_max = static_cast<int>(f.integer("ngram_max", 0, std::numeric_limits<int>::max()));
  try {
    o.validate();
  } catch (const error& e) {
    fail(f.path(), std::string("holds invalid options: ") + e.what());
  }
  return o;
}

json df_bound_to_json(const DfBound& bound) {
  return json{{"proportion", bound.proportion}, {"value", bound.value}};
}

DfBound df_bound_from_json(const Fields& f) {
  DfBound bound;
  bound.proportion = f.boolean("proportion");
  bound.value = f.number("value");
  return bound;
}

json prune_to_json(const PruneOptions& o) {
  return json{{"min_df", df_bound_to_json(o.min_df)},
              {"max_df", df_bound_to_json(o.max_df)},
              {"max_features", o.max_features},
              {"sort_terms", o.sort_terms}};
}

PruneOptions prune_from_json(const Fields& f) {
  PruneOptions o;
  o.min_df = df_bound_from_json(f.object("min_df"));
  o.max_df = df_bound_from_json(f.object("max_df"));
  o.max_features = f.integer("max_features", -1, std::numeric_limits<std::int64_t>::max());
  o.sort_terms = f.boolean("sort_terms");
  try {
    o.validate();
  } catch (const error& e) {
    fail(f.path(), std::string("holds invalid options: ") + e.what());
  }
  return o;
}

json weighting_to_json(const WeightOptions& o) {
  return json{{"tf", to_string(o.tf)},
              {"idf", to_string(o.idf)},
              {"norm", to_string(o.norm)},
              {"bm25", o.bm25},
              {"k1", o.k1},
              {"b", o.b}};
}

WeightOptions weighting_from_json(const Fields& f) {
  WeightOptions o;
  o.tf = parse_name(f, "tf", parse_tf_scheme);
  o.idf = parse_name(f, "idf", parse_idf_scheme);
  o.norm = parse_name(f, "norm", parse_norm_scheme);
  o.bm25 = f.boolean("bm25");
  o.k1 = f.number("k1");
  o.b = f.number("b");
  try {
    o.validate();
  } catch (const error& e) {
    fail(f.path(), std::string("holds invalid options: ") + e.what());
  }
  return o;
}

void check_length(const char* field, std::size_t length, std::size_t terms) {
  if (length != terms)
    fail(field, "has " + std::to_string(length) + " entries, expected one per vocabulary term (" +
                    std::to_string(terms) + ")");
}

}  // namespace

void Model::validate() const {
  const std::size_t terms = vocabulary.size();
  if (idf.size() != terms)
    throw invalid_argument("model: idf has " + std::to_string(idf.size()) + " entries for " +
                           std::to_string(terms) + " terms");
  if (document_frequency.size() != terms)
    throw invalid_argument("model: document_frequency has " + std::to_string(document_frequency.size()) +
                           " entries for " + std::to_string(terms) + " terms");
  if (documents < 0) throw invalid_argument("model: documents is negative");
  if (!(average_length >= 0.0) || !std::isfinite(average_length))
    throw invalid_argument("model: average_length must be finite and >= 0");
  for (std::size_t i = 0; i < terms; ++i) {
    if (!std::isfinite(idf[i])) throw invalid_argument("model: idf[" + std::to_string(i) + "] is not finite");
    if (document_frequency[i] < 0 || document_frequency[i] > documents)
      throw invalid_argument("model: document_frequency[" + std::to_string(i) +
                             "] lies outside [0, documents]");
  }
}

std::string model_to_json(const Model& model, int indent) {
  model.validate();
  json j;
  j["format"] = kFormat;
  j["version"] = kModelFormatVersion;
  j["analyzer"] = analyzer_to_json(model.analyzer);
  j["prune"] = prune_to_json(model.prune);
  j["weighting"] = weighting_to_json(model.weighting);
  j["documents"] = model.documents;
  j["average_length"] = model.average_length;
  json terms = json::array();
  for (std::size_t i = 0; i < model.vocabulary.size(); ++i)
    terms.push_back(std::string(model.vocabulary.term_unchecked(static_cast<TermId>(i))));
  j["vocabulary"] = std::move(terms);
  j["document_frequency"] = model.document_frequency;
  j["idf"] = model.idf;
  try {
    return j.dump(indent);
  } catch (const json::exception& e) {
    // Only possible for terms that are not valid UTF-8 (pre-tokenized input from C++).
    throw invalid_argument(std::string("model cannot be written as JSON: ") + e.what());
  }
}

Model model_from_json(std::string_view text) {
  // Depth, duplicate keys and number range are checked while parsing (pipeline/model_json.hpp).
  const json j = detail::parse_model_json(text);
  if (!j.is_object())
    throw format_error(std::string("not a treatytext model: expected a JSON object, got ") + j.type_name());
  const auto format = j.find("format");
  if (format == j.end()) throw format_error("not a treatytext model: field 'format' is missing");
  if (!format->is_string() || format->get<std::string>() != kFormat)
    throw format_error("not a treatytext model: 'format' is " +
                       (format->is_string() ? "\"" + detail::printable(format->get<std::string>()) + "\""
                                            : std::string("of type ") + format->type_name()) +
                       ", expected \"" + kFormat + "\"");
  const Fields root(j, "");
  const auto& version = root.at("version");
  if (!version.is_number_integer() || version.get<std::int64_t>() != kModelFormatVersion)
    throw format_error("unsupported model version " +
                       (version.is_number()   ? version.dump()
                        : version.is_string() ? "\"" + detail::printable(version.get<std::string>()) + "\""
                                              : std::string("of type ") + version.type_name()) +
                       ": this treatytext reads version " + std::to_string(kModelFormatVersion));

  Model model;
  model.analyzer = analyzer_from_json(root.object("analyzer"));
  model.prune = prune_from_json(root.object("prune"));
  model.weighting = weighting_from_json(root.object("weighting"));
  model.documents = root.integer("documents", 0, std::numeric_limits<std::int64_t>::max());
  model.average_length = root.number("average_length");
  if (!(model.average_length >= 0.0) || !std::isfinite(model.average_length))
    fail("average_length", "must be a finite number >= 0");

  const auto terms = root.strings("vocabulary");
  for (std::size_t i = 0; i < terms.size(); ++i) {
    // No analyzer yields such a term; it would collide with the empty row or cut C strings.
    if (terms[i].empty()) fail("vocabulary[" + std::to_string(i) + "]", "is an empty term");
    if (terms[i].find('\0') != std::string::npos)
      fail("vocabulary[" + std::to_string(i) + "]", "contains a NUL character");
  }
  try {
    model.vocabulary = Vocabulary(terms);
  } catch (const invalid_argument& e) {
    fail("vocabulary", std::string("is invalid: ") + e.what());
  }
  const json& df = root.array("document_frequency");
  check_length("document_frequency", df.size(), terms.size());
  model.document_frequency.reserve(df.size());
  for (std::size_t i = 0; i < df.size(); ++i) {
    const std::string field = "document_frequency[" + std::to_string(i) + "]";
    if (!df[i].is_number_integer()) fail(field, "must be an integer, got " + Fields::kind(df[i]));
    const auto value = df[i].get<std::int64_t>();
    if (value < 0 || value > model.documents || (df[i].is_number_unsigned() && value < 0))
      fail(field,
           "= " + df[i].dump() + " lies outside [0, documents = " + std::to_string(model.documents) + "]");
    model.document_frequency.push_back(value);
  }
  const json& idf = root.array("idf");
  check_length("idf", idf.size(), terms.size());
  model.idf.reserve(idf.size());
  for (std::size_t i = 0; i < idf.size(); ++i) {
    // nlohmann writes NaN and infinities as null, so "not a number" covers them too.
    if (!idf[i].is_number())
      fail("idf[" + std::to_string(i) + "]", std::string("must be a number, got ") + idf[i].type_name());
    model.idf.push_back(idf[i].get<double>());
  }
  return model;
}

void save_model(const Model& model, const std::string& path) {
  const std::string text = model_to_json(model);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("cannot write model to '" + path + "': " + std::strerror(errno));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw io_error("cannot write model to '" + path + "': write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw io_error("cannot write model to '" + path + "': " + ec.message());
  }
}

Model load_model(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw io_error("cannot read model '" + path + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot read model '" + path + "': " + std::strerror(errno));
  // The size is checked before anything is read, and the read is bounded by it (a file that
  // grows meanwhile, or a device without a size, cannot make it read more).
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw io_error("cannot read model '" + path + "': " + ec.message());
  if (size > detail::kMaxModelBytes)
    throw format_error("model file '" + path + "' has " + std::to_string(size) + " bytes, more than the " +
                       std::to_string(detail::kMaxModelBytes) + " a model may have");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.bad() || static_cast<std::uintmax_t>(in.gcount()) != size)
    throw io_error("cannot read model '" + path + "': read failed");
  try {
    return model_from_json(text);
  } catch (const format_error& e) {
    throw format_error("model file '" + path + "': " + e.what());
  }
}

}  // namespace treatytext
