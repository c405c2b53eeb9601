"""House rules that keep the layers honest."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ["loaders", "analysis", "charts", "sections", "reports"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", [p for pkg in PURE_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))], ids=str)
def test_pure_layers_do_not_import_streamlit(path: Path) -> None:
    """loaders/, analysis/, charts/ and reports/ stay usable from a notebook: no streamlit import."""
    assert "streamlit" not in _imports(path)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=str)
def test_pages_do_not_parse_yaml(path: Path) -> None:
    """Pages lay out; reading and parsing belong to loaders."""
    assert not {"yaml", "re"} & _imports(path)


def test_every_page_is_in_navigation() -> None:
    """st.navigation does not auto-discover pages/: every page file must be listed in app.py."""
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    for page in sorted((ROOT / "pages").glob("*.py")):
        assert f'"pages/{page.name}"' in app, page.name


def test_every_page_file_is_named_after_its_url() -> None:
    """A fresh server's first request is served in Streamlit's legacy pages-directory mode, which finds a page
    by its file name: ``/add-plan`` met "Page not found" while the file was ``add_plan.py``."""
    app = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = [node for node in ast.walk(app) if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"]
    assert len(pages) == len(list((ROOT / "pages").glob("*.py")))
    for call in pages:
        script = Path(call.args[0].value)
        options = {k.arg: k.value.value for k in call.keywords}
        if not options.get("default"):
            assert options["url_path"] == script.stem, script


#: Each layer may import only the layers below it (pages -> ui -> reports -> sections -> charts -> analysis ->
#: loaders). ``app.py`` routes and may import ui.
LAYERS = ["loaders", "analysis", "charts", "sections", "reports", "ui", "pages"]


def _our_imports(path: Path) -> set[str]:
    return _imports(path) & set(LAYERS)


@pytest.mark.parametrize(
    "path", [p for layer in LAYERS[:-1] for p in sorted((ROOT / layer).rglob("*.py"))], ids=lambda p: str(p)
)
def test_imports_run_down_the_layers(path: Path) -> None:
    """A module imports nothing of ours from a layer above its own (an ast walk over every import, including
    imports inside functions): the one place for a change stays where its layer says it is."""
    layer = path.relative_to(ROOT).parts[0]
    above = set(LAYERS[LAYERS.index(layer) + 1 :])
    assert not _our_imports(path) & above, f"{path.relative_to(ROOT)} imports {sorted(_our_imports(path) & above)}"


@pytest.mark.parametrize(
    "path",
    [p for layer in [*LAYERS, "scripts"] for p in sorted((ROOT / layer).rglob("*.py"))] + [ROOT / "app.py"],
    ids=lambda p: str(p),
)
def test_every_module_says_what_it_is_for(path: Path) -> None:
    """Every module opens with a docstring saying what it is for (a newcomer's first question)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and len(doc.split()) >= 4, f"{path.relative_to(ROOT)} has no opening docstring"
