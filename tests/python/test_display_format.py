"""Numbers for people and table alignment that wins over the notebook front ends' CSS
(issue 15 §3)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from treatytext import display


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12, "12"),
        (np.int64(43), "43"),
        (0, "0"),
        (0.0, "0"),
        (1.0, "1.00"),
        (0.25, "0.250"),
        (0.123456, "0.123"),
        (12.3456, "12.3"),
        (-4.5678, "-4.57"),
        (123.456, "123"),
        (98765.4, "98765"),
        (0.00123, "0.00123"),
        (3.2e-05, "3.20e-05"),
        (np.float32(0.5), "0.500"),
        (float("nan"), ""),
        (True, "True"),
        ("a<b", "a&lt;b"),
    ],
)
def test_number_counts_as_integers_scores_to_three_digits(value: object, shown: str) -> None:
    assert display.number(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0, "< 1e-300"),
        (1e-320, "< 1e-300"),
        (0.0123, "0.012"),
        (3.4e-09, "3.4e-09"),
        (1.0, "1.0"),
    ],
)
def test_p_value_floor_instead_of_zero(value: float, shown: str) -> None:
    assert display.p_value(value) == shown


def test_frame_html_formats_each_kind_of_column() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"term": ["customs"], "count": [np.int64(7)], "keyness": [12.3456], "p_value": [0.0]}
    )
    html = display.frame_html(frame)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["customs", "7", "12.3", "&lt; 1e-300"]
    assert re.findall(r"<td( class=\"num\")?>", html) == ["", ' class="num"'] + [' class="num"'] * 2
    assert "0.000000e+00" not in html


# -- CSS specificity against the front ends' own rules -----------------------------------------


def specificity(selector: str) -> tuple[int, int, int]:
    """CSS specificity (ids, classes/attributes/pseudo-classes, elements) of one selector;
    ``:not(x)`` counts as ``x``, as the Selectors Level 4 specification says."""
    selector = re.sub(r":not\(([^)]*)\)", r" \1", selector)
    ids = len(re.findall(r"#[\w-]+", selector))
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+", selector))
    bare = re.sub(r"#[\w-]+|\.[\w-]+|\[[^\]]*\]|::?[\w-]+(\([^)]*\))?", " ", selector)
    elements = len(re.findall(r"(?<![\w-])[a-zA-Z][\w-]*", bare))
    return ids, classes, elements


def rules_setting(css: str, prop: str, element: str) -> list[str]:
    """Selectors of the rules that set ``prop`` and end in ``element``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if re.search(rf"(^|[;\s]){prop}\s*:", body):
            for selector in selectors.split(","):
                selector = selector.strip()
                if re.search(rf"(^|[\s>]){element}$", selector):
                    found.append(selector)
    return found


def test_specificity_helper() -> None:
    assert specificity(":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td") == (0, 2, 1)
    assert specificity(".treatytext table.tt td.num") == (0, 3, 2)
    assert specificity(".rendered_html td") == (0, 1, 1)


# The rules that right-align every cell: classic Notebook 6 (style.min.css) and VS Code's
# notebook renderer; JupyterLab's is read from its own exported template below when installed.
FRONT_END_RULES = [".rendered_html td", ".rendered_html th", ".output_html td",
                   ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td",
                   ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th"]  # fmt: skip


def lab_template_rules() -> list[str]:
    try:
        import nbconvert
    except ImportError:
        return []
    from jupyter_core.paths import jupyter_path

    del nbconvert
    for root in jupyter_path("nbconvert", "templates", "lab", "static"):
        css = Path(root) / "index.css"
        if css.is_file():
            text = css.read_text(encoding="utf-8")
            return rules_setting(text, "text-align", "td") + rules_setting(text, "text-align", "th")
    return []


def test_package_cell_rules_beat_every_front_end_rule() -> None:
    ours = {
        element: [s for s in rules_setting(display.STYLE, "text-align", element)]
        for element in ("td", "th")
    }
    ours["td"] += rules_setting(display.STYLE, "text-align", "td.num")
    assert ours["td"] and ours["th"]
    theirs = FRONT_END_RULES + lab_template_rules()
    for selector in theirs:
        element = "th" if selector.endswith("th") else "td"
        for mine in ours[element]:
            assert specificity(mine) > specificity(selector), (mine, selector)
