"""The package's shape: imports run one way, the verbs are written once, a small public API."""

from __future__ import annotations

import ast
import functools
import importlib.machinery
import inspect
import pkgutil
from pathlib import Path

import pytest
import treatytext
from treatytext import frequencies, search
from treatytext.corpus import Corpus
from treatytext.document import Document

PACKAGE = Path(treatytext.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """The modules a module imports at run time, at any depth of its code (a function's lazy
    import counts too); imports under ``if TYPE_CHECKING:`` do not run and do not count.
    ``from package import name`` imports the submodule when ``name`` is one (of ``modules``),
    else the package itself."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = node.module or ""
            if node.level:
                target = f"{base}.{target}" if target else base
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (not counting the parent packages that Python
    initialises first: they are where the package starts, not dependencies)."""
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    extensions = {  # compiled modules (_core) import nothing of the package
        _module_name(p.with_name(p.name[: -len(suffix)] + ".py"))
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        for p in PACKAGE.rglob(f"*{suffix}")
    }
    modules = set(files) | extensions
    graph: dict[str, set[str]] = {name: set() for name in extensions}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = _imports(tree, name, path.name == "__init__.py", modules)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph as [a, b, ..., a], or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := walk(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_lazy_imports_and_skips_type_checking() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "from . import display\n"
        "if TYPE_CHECKING:\n    from .corpus import Corpus\n"
        "def f():\n    from .search import top\n"
    )
    modules = {"treatytext.display", "treatytext.search", "treatytext.corpus"}
    found = _imports(tree, "treatytext.kwic", False, modules)
    assert {"treatytext.display", "treatytext.search"} <= found
    assert "treatytext.corpus" not in found


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert "treatytext.corpus" in graph and "treatytext.stats._align" in graph
    assert "treatytext._core" in graph["treatytext.analyzer"]
    assert "treatytext.pipeline" in graph["treatytext.keyness"]
    assert "treatytext.frequencies" in graph["treatytext.corpus"]
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph) or [])}"


def test_the_verbs_do_not_know_the_corpus_class() -> None:
    graph = import_graph()
    for verb in ("align", "frequencies", "keyness", "kwic", "search", "themes", "pipeline"):
        assert "treatytext.corpus" not in graph[f"treatytext.{verb}"], verb


def test_every_module_imports() -> None:
    names = [m.name for m in pkgutil.walk_packages(treatytext.__path__, "treatytext.")]
    assert "treatytext._engine" not in names  # no forwarding layer
    for name in names:
        if name.startswith(("treatytext.sklearn", "treatytext.__main__")):
            continue  # scikit-learn is optional; __main__ runs the CLI
        __import__(name)


@pytest.mark.parametrize(
    "owner, name, verb",
    [
        (Corpus, "top_terms", frequencies.top_terms),
        (Corpus, "most_similar", search.most_similar),
        (Document, "most_similar", search.most_similar),
        (Document, "plot_similarity", search.plot_similarity),
    ],
)
def test_methods_show_the_verb_signature_and_docstring(owner, name, verb) -> None:
    member = getattr(owner, name)
    assert member.__doc__ == verb.__doc__
    parameters = list(inspect.signature(member).parameters)
    assert parameters == ["self", *list(inspect.signature(verb).parameters)[1:]]


def test_document_methods_run_the_verbs_on_its_corpus() -> None:
    doc = Document("Customs duties on goods.\n\nGoods of origin.\n\nRules of origin.", "d")
    assert doc.corpus is doc.corpus and doc.corpus.names == ["d"]
    assert doc.top_terms(2).equals(frequencies.top_terms(doc.corpus, 2))
    mine = doc.most_similar(0, k=2, threshold=0.1).frame
    assert mine.equals(search.most_similar(doc.corpus, 0, k=2, threshold=0.1).frame)


def test_the_public_api_is_small() -> None:
    assert set(treatytext.__all__) == {
        "Alignment", "Analyzer", "Clause", "Corpus", "Counts", "Document", "Model",
        "NotFittedError", "Vectorizer", "__version__", "align_documents", "cosine_similarity",
        "count", "merge_counts", "prune_counts", "segment", "top_k", "weight_counts",
    }  # fmt: skip
    for name in treatytext.__all__:
        assert hasattr(treatytext, name), name
    assert not hasattr(treatytext, "load_tota")  # loaders live in treatytext.datasets
