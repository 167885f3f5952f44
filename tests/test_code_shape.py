"""The application keeps a readable shape: no module over 500 lines, no function over
60 lines, no view over 30 lines (migrations aside). Each failure names the offenders,
so a new one is found where it is written."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "internationale"

MAX_MODULE = 500
MAX_FUNCTION = 60
MAX_VIEW = 30


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _is_view_module(relative: Path) -> bool:
    """views.py, views_<part>.py, a module of a views/ package, or feeds.py."""
    return (
        relative.name == "feeds.py"
        or relative.stem == "views"
        or relative.stem.startswith("views_")
        or "views" in relative.parts[:-1]
    )


def _takes_request(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    arguments = node.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    return "request" in names


def offenders(modules: list[Path], root: Path = ROOT) -> list[str]:
    """Every module, function and view over its limit, as
    "path[:name]: N lines (limit)", the path relative to ``root``."""
    found: list[str] = []
    for path in modules:
        relative = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE:
            found.append(f"{relative}: {lines} lines (module limit {MAX_MODULE})")
        view_module = _is_view_module(path.relative_to(root))
        for node in ast.walk(ast.parse(text, filename=relative)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            view = view_module and _takes_request(node)
            limit = MAX_VIEW if view else MAX_FUNCTION
            if length > limit:
                kind = "view" if view else "function"
                found.append(f"{relative}:{node.name}: {length} lines ({kind} limit {limit})")
    return found


def test_no_module_function_or_view_is_over_its_limit() -> None:
    found = offenders(_modules())
    assert not found, "over the size limits:\n" + "\n".join(found)


def test_a_new_long_function_is_named(tmp_path: Path) -> None:
    """The walk finds a new offender: a view, a function and a module over their limits."""
    package = tmp_path / "internationale" / "web"
    package.mkdir(parents=True)
    body = "\n".join(f"    x{k} = {k}" for k in range(40))
    (package / "views.py").write_text(f"def page(request):\n{body}\n    return x0\n")
    long_body = "\n".join(f"    y{k} = {k}" for k in range(70))
    (package / "util.py").write_text(
        f"def helper():\n{long_body}\n    return y0\n" + "\n" * 500, encoding="utf-8"
    )
    found = offenders(sorted(package.glob("*.py")), root=tmp_path)
    assert found == [
        "internationale/web/util.py: 572 lines (module limit 500)",
        "internationale/web/util.py:helper: 72 lines (function limit 60)",
        "internationale/web/views.py:page: 42 lines (view limit 30)",
    ]


def test_no_module_imports_itself_through_others() -> None:
    """No import cycle between the application's modules (imports inside functions
    count; imports for the type checker only do not): a cycle is two modules that
    cannot be understood, or changed, one without the other."""
    import grimp

    graph = grimp.build_graph("internationale", exclude_type_checking_imports=True)
    modules = {m for m in graph.modules if ".migrations" not in m}
    cycles = sorted(
        f"{module} -> {imported} -> … -> {module}"
        for module in modules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported in modules and graph.chain_exists(importer=imported, imported=module)
    )
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
