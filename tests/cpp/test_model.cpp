#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "treatytext/error.hpp"
#include "treatytext/model.hpp"

using namespace treatytext;
using json = nlohmann::json;

namespace {

Model sample_model() {
  Model m;
  m.analyzer.normalization = Normalization::nfc;
  m.analyzer.strip_accents = true;
  m.analyzer.stop_words = "english";
  m.analyzer.extra_stop_words = {"hereinafter", "whereas"};
  m.analyzer.min_length = 2;
  m.analyzer.stem_language = "english";
  m.analyzer.ngram_min = 1;
  m.analyzer.ngram_max = 2;
  m.prune.min_df = {false, 2};
  m.prune.max_df = {true, 0.95};
  m.prune.max_features = 1000;
  m.prune.sort_terms = false;
  m.weighting.bm25 = true;
  m.weighting.k1 = 1.5;
  m.weighting.b = 0.6;
  m.weighting.norm = NormScheme::none;
  m.vocabulary = Vocabulary(std::vector<std::string>{"treaty", "party", "état", "self-defence"});
  m.idf = {1.0 / 3.0, 0.1 + 0.2, 2.718281828459045, 1e-300};
  m.document_frequency = {1, 10, 3, 7};
  m.documents = 10;
  m.average_length = 123.456789012345678;
  return m;
}

void expect_same_model(const Model& a, const Model& b) {
  EXPECT_EQ(a.analyzer.normalization, b.analyzer.normalization);
  EXPECT_EQ(a.analyzer.case_fold, b.analyzer.case_fold);
  EXPECT_EQ(a.analyzer.strip_accents, b.analyzer.strip_accents);
  EXPECT_EQ(a.analyzer.keep_apostrophes, b.analyzer.keep_apostrophes);
  EXPECT_EQ(a.analyzer.keep_hyphens, b.analyzer.keep_hyphens);
  EXPECT_EQ(a.analyzer.keep_numbers, b.analyzer.keep_numbers);
  EXPECT_EQ(a.analyzer.stop_words, b.analyzer.stop_words);
  EXPECT_EQ(a.analyzer.extra_stop_words, b.analyzer.extra_stop_words);
  EXPECT_EQ(a.analyzer.min_length, b.analyzer.min_length);
  EXPECT_EQ(a.analyzer.stem_language, b.analyzer.stem_language);
  EXPECT_EQ(a.analyzer.ngram_min, b.analyzer.ngram_min);
  EXPECT_EQ(a.analyzer.ngram_max, b.analyzer.ngram_max);
  EXPECT_EQ(a.prune.min_df.proportion, b.prune.min_df.proportion);
  EXPECT_EQ(a.prune.min_df.value, b.prune.min_df.value);
  EXPECT_EQ(a.prune.max_df.proportion, b.prune.max_df.proportion);
  EXPECT_EQ(a.prune.max_df.value, b.prune.max_df.value);
  EXPECT_EQ(a.prune.max_features, b.prune.max_features);
  EXPECT_EQ(a.prune.sort_terms, b.prune.sort_terms);
  EXPECT_EQ(a.weighting.tf, b.weighting.tf);
  EXPECT_EQ(a.weighting.idf, b.weighting.idf);
  EXPECT_EQ(a.weighting.norm, b.weighting.norm);
  EXPECT_EQ(a.weighting.bm25, b.weighting.bm25);
  EXPECT_EQ(a.weighting.k1, b.weighting.k1);
  EXPECT_EQ(a.weighting.b, b.weighting.b);
  EXPECT_EQ(a.vocabulary.terms(), b.vocabulary.terms());
  EXPECT_EQ(a.idf, b.idf);  // bit for bit
  EXPECT_EQ(a.document_frequency, b.document_frequency);
  EXPECT_EQ(a.documents, b.documents);
  EXPECT_EQ(a.average_length, b.average_length);
}

std::filesystem::path temporary_directory() {
  const auto dir =
      std::filesystem::temp_directory_path() / ("treatytext_test_model_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// Expects model_from_json(text) to throw format_error whose message contains `needle`.
void expect_format_error(const std::string& text, const std::string& needle) {
  try {
    (void)model_from_json(text);
    ADD_FAILURE() << "accepted: " << text.substr(0, 200);
  } catch (const format_error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << "message: " << e.what();
  }
}

void expect_mutation_error(const std::function<void(json&)>& mutate, const std::string& needle) {
  json j = json::parse(model_to_json(sample_model()));
  mutate(j);
  expect_format_error(j.dump(), needle);
}

}  // namespace

TEST(Model, JsonRoundTripIsExact) {
  const Model m = sample_model();
  const std::string text = model_to_json(m);
  const Model back = model_from_json(text);
  expect_same_model(back, m);
  EXPECT_EQ(model_to_json(back), text);  // stable
  expect_same_model(model_from_json(model_to_json(m, 2)), m);
  const json j = json::parse(text);
  EXPECT_EQ(j["format"], "treatytext.model");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["weighting"]["norm"], "none");
  EXPECT_EQ(j["vocabulary"][2], "état");
}

TEST(Model, DefaultModelRoundTrips) {
  Model m;
  m.vocabulary = Vocabulary(std::vector<std::string>{"x"});
  m.idf = {1.0};
  m.document_frequency = {1};
  m.documents = 1;
  m.average_length = 1;
  expect_same_model(model_from_json(model_to_json(m)), m);
}

TEST(Model, FileRoundTripAndIoErrors) {
  const auto dir = temporary_directory();
  const std::string path = (dir / "model.json").string();
  save_model(sample_model(), path);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  expect_same_model(load_model(path), sample_model());
  save_model(Model{}, path);  // overwrite in place
  EXPECT_EQ(load_model(path).vocabulary.size(), 0u);

  EXPECT_THROW(load_model((dir / "missing.json").string()), io_error);
  EXPECT_THROW(load_model(dir.string()), io_error);
  EXPECT_THROW(save_model(sample_model(), (dir / "no" / "such" / "dir.json").string()), io_error);
  {
    std::ofstream out(dir / "truncated.json", std::ios::binary);
    const std::string text = model_to_json(sample_model());
    out << text.substr(0, text.size() / 2);
  }
  try {
    (void)load_model((dir / "truncated.json").string());
    FAIL();
  } catch (const format_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("truncated.json"), std::string::npos) << message;
    EXPECT_NE(message.find("malformed"), std::string::npos) << message;
  }
  std::filesystem::remove_all(dir);
}

TEST(Model, ForeignAndMalformedInput) {
  expect_format_error("", "model JSON is malformed");
  expect_format_error("{\"format\": \"treatytext.model\", ", "model JSON is malformed");
  expect_format_error("[1, 2]", "not a treatytext model: expected a JSON object, got array");
  expect_format_error("{\"name\": \"x\"}", "not a treatytext model: field 'format' is missing");
  expect_format_error("{\"format\": \"gensim.dictionary\"}",
                      "not a treatytext model: 'format' is \"gensim.dictionary\"");
  // deep nesting: an error, not a crash
  expect_format_error(std::string(100000, '['), "is nested deeper than 64 levels");
  expect_format_error("{\"format\": \"treatytext.model\", \"x\": \"\xff\xfe\"}", "malformed");
}

TEST(Model, EveryFieldIsChecked) {
  expect_mutation_error([](json& j) { j["version"] = 2; }, "unsupported model version 2");
  expect_mutation_error([](json& j) { j["version"] = "1"; }, "unsupported model version \"1\"");
  expect_mutation_error([](json& j) { j.erase("version"); }, "model field 'version' is missing");
  expect_mutation_error([](json& j) { j.erase("idf"); }, "model field 'idf' is missing");
  expect_mutation_error([](json& j) { j["documents"] = "ten"; },
                        "model field 'documents' must be an integer, got string");
  expect_mutation_error([](json& j) { j["documents"] = -1; }, "model field 'documents' = -1 lies outside");
  expect_mutation_error([](json& j) { j["idf"].erase(0); },
                        "model field 'idf' has 3 entries, expected one per vocabulary term (4)");
  expect_mutation_error([](json& j) { j["idf"][1] = nullptr; },
                        "model field 'idf[1]' must be a number, got null");
  expect_mutation_error([](json& j) { j["document_frequency"].push_back(1); },
                        "model field 'document_frequency' has 5 entries");
  expect_mutation_error([](json& j) { j["document_frequency"][0] = 11; },
                        "'document_frequency[0]' = 11 lies outside");
  expect_mutation_error([](json& j) { j["document_frequency"][0] = 1.5; },
                        "'document_frequency[0]' must be an integer, got a non-integer number");
  expect_mutation_error([](json& j) { j["vocabulary"][1] = 5; },
                        "model field 'vocabulary[1]' must be a string");
  expect_mutation_error([](json& j) { j["vocabulary"][1] = "treaty"; },
                        "model field 'vocabulary' is invalid: duplicate");
  expect_mutation_error([](json& j) { j["vocabulary"] = "treaty"; },
                        "model field 'vocabulary' must be an array");
  expect_mutation_error([](json& j) { j["average_length"] = -2; }, "model field 'average_length'");
  expect_mutation_error([](json& j) { j["analyzer"] = 3; },
                        "model field 'analyzer' must be an object, got number");
  expect_mutation_error([](json& j) { j["analyzer"].erase("ngram_max"); },
                        "model field 'analyzer.ngram_max' is missing");
  expect_mutation_error([](json& j) { j["analyzer"]["case_fold"] = 1; },
                        "'analyzer.case_fold' must be true or false");
  expect_mutation_error([](json& j) { j["analyzer"]["normalization"] = "nfd"; },
                        "model field 'analyzer.normalization' is invalid");
  expect_mutation_error([](json& j) { j["analyzer"]["extra_stop_words"][0] = false; },
                        "'analyzer.extra_stop_words[0]' must be a string");
  expect_mutation_error([](json& j) { j["analyzer"]["ngram_min"] = 3; },
                        "model field 'analyzer' holds invalid options");
  expect_mutation_error([](json& j) { j["prune"]["min_df"].erase("value"); },
                        "model field 'prune.min_df.value' is missing");
  expect_mutation_error([](json& j) { j["prune"]["max_df"]["value"] = 1.5; },
                        "model field 'prune' holds invalid options");
  expect_mutation_error([](json& j) { j["prune"]["max_features"] = -5; },
                        "'prune.max_features' = -5 lies outside");
  expect_mutation_error([](json& j) { j["weighting"]["tf"] = "square"; },
                        "model field 'weighting.tf' is invalid");
  expect_mutation_error([](json& j) { j["weighting"]["k1"] = -1; },
                        "model field 'weighting' holds invalid options");
  expect_mutation_error([](json& j) { j["weighting"]["b"] = "high"; },
                        "'weighting.b' must be a number, got string");
  // Unknown fields are ignored (room for later additions within version 1).
  json j = json::parse(model_to_json(sample_model()));
  j["comment"] = "fitted on ToTA";
  expect_same_model(model_from_json(j.dump()), sample_model());
}

TEST(Model, ValidateCatchesInconsistentModels) {
  Model m = sample_model();
  m.idf.pop_back();
  EXPECT_THROW(m.validate(), invalid_argument);
  EXPECT_THROW((void)model_to_json(m), invalid_argument);
  m = sample_model();
  m.document_frequency[0] = 11;
  EXPECT_THROW(m.validate(), invalid_argument);
}
