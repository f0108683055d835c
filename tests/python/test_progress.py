"""Progress bars: off unless interactive or asked for; never change the items."""

from __future__ import annotations

from treatytext import progress


def test_explicit_choice_and_environment(monkeypatch) -> None:
    monkeypatch.delenv("TREATYTEXT_PROGRESS", raising=False)
    assert progress.enabled(True) is True
    assert progress.enabled(False) is False
    monkeypatch.setenv("TREATYTEXT_PROGRESS", "1")
    assert progress.enabled() is True
    monkeypatch.setenv("TREATYTEXT_PROGRESS", "off")
    assert progress.enabled() is False


def test_not_interactive_under_pytest(monkeypatch) -> None:
    monkeypatch.delenv("TREATYTEXT_PROGRESS", raising=False)
    assert progress.enabled() is progress.interactive()


def test_track_yields_every_item_with_or_without_a_bar(capsys) -> None:
    items = list(range(50))
    assert list(progress.track(items, progress=False)) == items
    assert list(progress.track(iter(items), total=50, progress=True, desc="t")) == items
    assert list(progress.track(items[:3], progress=True)) == items[:3]
    assert "t:" in capsys.readouterr().err
