"""The C++ and Python faces have the same defaults: each Python default, turned into the core's
options, equals the C++ options struct constructed with its own defaults (_core.*Options()).
The segmentation default (no sentence split) is checked on the C++ side by examples/cpp
(test_cpp_consumer.py) and tests/cpp/test_segmentation.cpp."""

from __future__ import annotations

import inspect

import treatytext as tt
from treatytext import _core


def test_analyzer_defaults_are_the_core_defaults() -> None:
    assert repr(tt.Vectorizer()._new_core().analyzer_options) == repr(_core.AnalyzerOptions())


def test_vectorizer_weighting_and_pruning_defaults_are_the_core_defaults() -> None:
    core = tt.Vectorizer()._new_core()
    assert repr(core.weight_options) == repr(_core.WeightOptions())
    prune, default = core.prune_options, _core.PruneOptions()
    for field in ("min_df", "max_df", "max_features", "sort_terms"):
        assert repr(getattr(prune, field)) == repr(getattr(default, field)), field


def test_segment_asks_for_sentences_as_the_core_does() -> None:
    text = "1. One sentence. And another.\n2. Short."
    assert inspect.signature(tt.segment).parameters["sentences"].default is False
    assert [c.kind for c in tt.segment(text)] == ["paragraph", "paragraph"]
    assert [c.kind for c in tt.Document(text).units] == ["paragraph", "paragraph"]
    split = tt.segment(text, sentences=True)
    assert [c.kind for c in split] == ["paragraph", "sentence", "sentence", "paragraph"]


def test_top_k_defaults_match_the_guide() -> None:
    # docs/cpp.md: TopKOptions{} is k 10, self excluded, automatic method.
    parameters = inspect.signature(tt.top_k).parameters
    assert parameters["k"].default == 10
    assert parameters["exclude_self"].default is True
    assert parameters["method"].default == "auto"
