from __future__ import annotations

import json

import numpy as np
import pytest
from reference import tota_articles
from treatytext.model import (
    MODEL_FORMAT_VERSION,
    Model,
    load_model,
    model_from_json,
    model_to_json,
    save_model,
)
from treatytext.vectorizer import Vectorizer


@pytest.fixture(scope="module")
def articles(tota_dir) -> list[str]:
    return tota_articles(tota_dir, 4)


@pytest.fixture(scope="module")
def fitted(articles) -> Vectorizer:
    return Vectorizer(weighting="bm25", k1=1.7, b=0.5, min_df=2, max_df=0.9, max_features=800).fit(
        articles
    )


def test_save_and_load_round_trip(tmp_path, articles, fitted) -> None:
    path = tmp_path / "model.json"
    fitted.save(path)  # any os.PathLike
    loaded = Vectorizer.load(path, n_jobs=2)
    assert loaded.to_json() == fitted.to_json()
    assert list(loaded.get_feature_names_out()) == list(fitted.get_feature_names_out())
    np.testing.assert_array_equal(loaded.idf_, fitted.idf_)  # bit for bit
    assert loaded.n_documents_ == fitted.n_documents_
    assert loaded.average_length_ == fitted.average_length_
    x, y = loaded.transform(articles), fitted.transform(articles)
    assert np.array_equal(x.data, y.data) and np.array_equal(x.indices, y.indices)
    assert (loaded.weighting, loaded.k1, loaded.b) == ("bm25", 1.7, 0.5)
    assert (loaded.min_df, loaded.max_df, loaded.max_features) == (2, 0.9, 800)


def test_analyzer_options_survive_a_round_trip(tmp_path, articles) -> None:
    options = {"stop_words": ["shall", "party"], "stem": "english", "ngram_range": (1, 3)}
    vectorizer = Vectorizer(weighting="tf", **options).fit(articles)
    vectorizer.save(tmp_path / "m.json")
    loaded = Vectorizer.load(tmp_path / "m.json")
    assert loaded.get_params() == {**vectorizer.get_params(), "stop_words": ("shall", "party")}
    assert loaded.model_.analyzer == vectorizer.model_.analyzer
    x, y = loaded.transform(articles[:40]), vectorizer.transform(articles[:40])
    assert np.array_equal(x.data, y.data) and np.array_equal(x.indices, y.indices)


@pytest.mark.parametrize(
    "params",
    [
        {"weighting": "count"},
        {"weighting": "binary"},
        {"weighting": "tf"},
        {"tf": "bm25", "norm": "l2"},
        {"tf": "augmented", "norm": "l1"},
        {"idf": "probabilistic", "norm": "none"},
        {"tf": "raw", "idf": "smooth", "norm": "l2"},  # comes back as the tfidf preset
    ],
)
def test_weighting_parameters_come_back_equivalent(articles, params) -> None:
    vectorizer = Vectorizer(**params).fit(articles[:100])
    loaded = Vectorizer.from_json(vectorizer.to_json())
    assert loaded.model_.weighting.__repr__() == vectorizer.model_.weighting.__repr__()
    if params != {"tf": "raw", "idf": "smooth", "norm": "l2"}:
        assert loaded.get_params() == vectorizer.get_params()
    else:
        assert loaded.weighting == "tfidf" and loaded.tf is None


def test_json_content_is_versioned_and_readable(fitted) -> None:
    document = json.loads(fitted.to_json(indent=2))
    assert document["format"] == "treatytext.model"
    assert document["version"] == MODEL_FORMAT_VERSION == 1
    assert document["weighting"] == {
        "tf": "raw",
        "idf": "none",
        "norm": "none",
        "bm25": True,
        "k1": 1.7,
        "b": 0.5,
    }
    assert document["prune"]["min_df"] == {"proportion": False, "value": 2.0}
    assert document["vocabulary"] == list(fitted.get_feature_names_out())
    assert (
        len(document["idf"]) == len(document["document_frequency"]) == len(document["vocabulary"])
    )
    assert set(document["analyzer"]) >= {"normalization", "stop_words", "ngram_min", "ngram_max"}
    assert Vectorizer.from_json(fitted.to_json()).to_json() == fitted.to_json()


def test_model_functions(tmp_path, fitted) -> None:
    model = fitted.model_
    assert isinstance(model, Model)
    assert len(model) == len(fitted.vocabulary_)
    assert model.terms == list(fitted.get_feature_names_out())
    save_model(model, str(tmp_path / "m.json"))
    again = load_model(tmp_path / "m.json")
    assert model_to_json(again) == model_to_json(model)
    assert model_to_json(model_from_json(model_to_json(model, indent=1))) == model_to_json(model)
    assert model_from_json(model_to_json(model).encode()).documents == model.documents
    restored = Vectorizer.from_model(again, n_jobs=2)
    assert restored.to_json() == fitted.to_json()
    assert restored.build_analyzer().get_params() == fitted.build_analyzer().get_params()
    with pytest.raises(TypeError):
        Vectorizer.from_model("model.json")
    with pytest.raises(TypeError):
        save_model("not a model", tmp_path / "x.json")
    with pytest.raises(TypeError):
        model_from_json(42)


def _mutated(fitted: Vectorizer, change) -> str:
    document = json.loads(fitted.to_json())
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("idf"), "model field 'idf' is missing"),
        (lambda d: d.update(version=2), "unsupported model version 2"),
        (lambda d: d.update(format="gensim"), "not a treatytext model"),
        (lambda d: d.update(documents="many"), "'documents' must be an integer, got string"),
        (lambda d: d["idf"].pop(), "model field 'idf' has"),
        (lambda d: d["vocabulary"].__setitem__(0, 7), r"'vocabulary\[0\]' must be a string"),
        (lambda d: d["weighting"].update(norm="l3"), "'weighting.norm' is invalid"),
        (lambda d: d["prune"].pop("max_df"), "'prune.max_df' is missing"),
        (lambda d: d["analyzer"].update(ngram_min="1"), "'analyzer.ngram_min' must be an integer"),
    ],
)
def test_malformed_models_raise_value_error(fitted, change, message) -> None:
    with pytest.raises(ValueError, match=message):
        Vectorizer.from_json(_mutated(fitted, change))


def test_bad_files(tmp_path, fitted) -> None:
    text = fitted.to_json()
    truncated = tmp_path / "truncated.json"
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ValueError, match="truncated.json.*malformed"):
        Vectorizer.load(truncated)
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"name": "a gensim dictionary"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a treatytext model"):
        Vectorizer.load(foreign)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\x00\xff\xfe" * 100)
    with pytest.raises(ValueError, match="malformed"):
        Vectorizer.load(binary)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="malformed"):
        Vectorizer.load(empty)
    with pytest.raises(ValueError, match="nested deeper than 64 levels"):
        Vectorizer.from_json("[" * 100_000)
    with pytest.raises(OSError, match="cannot read model"):
        Vectorizer.load(tmp_path / "missing.json")
    with pytest.raises(OSError, match="directory"):
        Vectorizer.load(tmp_path)
    with pytest.raises(OSError, match="cannot write model"):
        fitted.save(tmp_path / "no" / "such" / "dir" / "model.json")
