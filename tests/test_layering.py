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


#: The largest a module may grow (issue 16: modules with one job). Tests are exempt: a table-driven test file
#: is long because its table is.
MAX_MODULE_LINES = 500


#: Modules over the limit that other work is splitting now (issue 16): expected to fail until it lands, then
#: the entry goes. Nothing joins this list.
_BEING_SPLIT: dict[str, str] = {}


def _module_params() -> list:
    paths = [p for top in [*LAYERS, "scripts"] for p in sorted((ROOT / top).rglob("*.py"))] + [ROOT / "app.py"]
    params = []
    for path in paths:
        name = str(path.relative_to(ROOT))
        pending = [pytest.mark.xfail(reason=_BEING_SPLIT[name], strict=False)] if name in _BEING_SPLIT else []
        params.append(pytest.param(path, id=name, marks=pending))
    return params


@pytest.mark.parametrize("path", _module_params())
def test_no_module_is_over_500_lines(path: Path) -> None:
    """A module over 500 lines holds several jobs: split it by job and re-export from its old path."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_MODULE_LINES})"


#: Names of in-process caches: functools' memo decorators, weak-reference tables, Streamlit's caches.
_CACHE_DECORATORS = {"lru_cache", "cache", "cached_property", "cache_data", "cache_resource"}
_WEAK_TABLES = {"WeakKeyDictionary", "WeakValueDictionary", "ref", "WeakSet"}


def _caches(path: Path) -> list[tuple[str, str]]:
    """(what, where) for every cache a module sets up: memo decorators, weakref tables, module-level dicts
    named like caches (``_CACHE``, ``_results``...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in _CACHE_DECORATORS:
                    found.append((f"@{name}", node.name))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "weakref":
            if node.attr in _WEAK_TABLES:
                found.append((f"weakref.{node.attr}", f"line {node.lineno}"))
        elif isinstance(node, ast.ImportFrom) and node.module in {"weakref", "functools"}:
            for alias in node.names:
                if alias.name in _WEAK_TABLES | _CACHE_DECORATORS:
                    found.append((f"from {node.module} import {alias.name}", f"line {node.lineno}"))
    for node in tree.body:  # module-level stores named like caches
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and any(w in target.id.lower() for w in ("cache", "memo", "_results")):
                found.append(("a module-level store", target.id))
    for node in ast.walk(tree):  # dataclass fields named like result caches (an index's ``_results``)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                named = isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                if named and any(w in item.target.id.lower() for w in ("cache", "_results", "memo")):
                    found.append(("a result store on a class", f"{node.name}.{item.target.id}"))
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "analysis").rglob("*.py")), ids=lambda p: str(p))
def test_analysis_holds_no_caches(path: Path) -> None:
    """analysis/ is pure functions: callers cache, in the UI edge's one cache module (ui/memo.py)."""
    found = _caches(path)
    assert not found, f"{path.relative_to(ROOT)} caches: {found}; cache in ui/memo.py instead"


#: The one module above loaders/ that keeps anything between calls (issue 16 §2).
CACHE_MODULE = "ui/memo.py"
#: Found by name but not stores: the field through which a caller hands its memo function to the sections.
_HANDED_IN = {("sections/base.py", "Context.memo")}


def _upper_modules() -> list[Path]:
    tops = ("ui", "pages", "sections", "charts", "reports")
    return [p for top in tops for p in sorted((ROOT / top).rglob("*.py"))] + [ROOT / "app.py"]


@pytest.mark.parametrize("path", _upper_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_one_in_process_cache_module(path: Path) -> None:
    """Above loaders/ (whose memos are read-once rule and reference tables and the disk cache), only ui/memo.py
    caches: Streamlit's resource cache, result memos, session-private values and short-lived answers."""
    where = str(path.relative_to(ROOT))
    if where == CACHE_MODULE:
        return
    found = [(what, name) for what, name in _caches(path) if (where, name) not in _HANDED_IN]
    assert not found, f"{where} caches: {found}; cache in {CACHE_MODULE} instead"


def test_the_cache_check_finds_each_kind_of_cache(tmp_path: Path) -> None:
    """The check above can fail: each kind of cache it looks for, written into a module, is found."""
    module = tmp_path / "m.py"
    module.write_text(
        "import functools, weakref\nfrom functools import cache\n\n_CACHE = {}\n\n\n"
        "@functools.lru_cache(maxsize=4)\ndef a(x):\n    return x\n\n\n@cache\ndef b(x):\n    return x\n\n\n"
        "table = weakref.WeakKeyDictionary()\n\n\nclass Index:\n    _results: dict = {}\n",
        encoding="utf-8",
    )
    kinds = {what for what, _ in _caches(module)}
    assert kinds == {
        "@lru_cache", "@cache", "from functools import cache", "weakref.WeakKeyDictionary",
        "a module-level store", "a result store on a class",
    }  # fmt: skip


def test_the_original_overlap_cache_would_be_caught(tmp_path: Path) -> None:
    """The weak-reference identity cache and the memoised stem that lived in analysis/overlap.py fail the check."""
    old = tmp_path / "old_overlap.py"
    old.write_text(
        "import functools, threading, weakref\n_CACHE: dict[int, tuple[weakref.ref, object]] = {}\n"
        "_CACHE_LOCK = threading.Lock()\n\n\n@functools.lru_cache(maxsize=1 << 16)\ndef stem(w):\n    return w\n",
        encoding="utf-8",
    )
    found = _caches(old)
    assert ("@lru_cache", "stem") in found and ("a module-level store", "_CACHE") in found
