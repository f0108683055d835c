"""Themes: clusters of clauses labelled by their top terms."""

from __future__ import annotations

import numpy as np
import pytest
from treatytext.document import Document
from treatytext.themes import _renumber_by_size

SEA = [
    "Fishing vessels and fishing quotas in territorial waters.",
    "Maritime navigation and fishing vessels at sea.",
    "Fishing quotas for vessels in waters of the Parties.",
    "Vessels shall respect maritime navigation rules at sea.",
]
MONEY = [
    "Investment protection and investment disputes.",
    "Investors and investment screening.",
    "Capital transfers related to investment.",
]


def doc() -> Document:
    return Document("\n\n".join(SEA + MONEY), "mixed")


@pytest.mark.parametrize("method", ["kmeans", "agglomerative"])
def test_two_topics_become_two_themes(method: str) -> None:
    themes = doc().themes(2, method=method, top=3)
    assert themes.labels.tolist() == [0, 0, 0, 0, 1, 1, 1]
    assert "investment" in themes.top_terms[1]
    assert set(themes.top_terms[0]) & {"fishing", "vessels"}
    summary = themes.summary()
    assert summary["size"].tolist() == [4, 3]
    assert summary["label"].iloc[1] == themes.label(1)
    assert themes.coords.shape == (7, 2)
    assert themes.members(1)["text"].tolist() == MONEY


def test_renumbering_by_size_then_first_seen() -> None:
    labels = np.array([5, 2, 2, 7, 7, 5, 2])
    assert _renumber_by_size(labels).tolist() == [1, 0, 0, 2, 2, 1, 0]


def test_theme_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="method must be one of"):
        doc().themes(2, method="dbscan")
    with pytest.raises(ValueError, match="n_themes must lie between 1 and the 7 units"):
        doc().themes(8)


def test_views() -> None:
    themes = doc().themes(2)
    assert "Theme 1</b> (3 clauses)" in themes._repr_html_()
    assert repr(themes).startswith("Themes (kmeans, 2):")
