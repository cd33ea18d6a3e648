"""The package's layout is its architecture: three wings, imports running one way, printing in one place.

    cli -> engine -> transcripts -> model, errors, settings
    web -> cli (its commands and JSON), engine
    engine: features -> querying -> storage -> adapter, analysis

Only `engine/adapter/` may use Whoosh's private names (an upgrade or a fork of
Whoosh is then a change in one package).

Read from the source with `ast` (every import, also those inside functions),
so a change that reaches the wrong way fails here before anyone has to notice
it in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "indexer"

# What each part of the package may not import (a module and everything under it).
FORBIDDEN = {
    "transcripts": ("whoosh", "typer", "click", "rich", "indexer.engine", "indexer.cli", "indexer.web"),
    "engine": ("typer", "click", "rich", "indexer.cli", "indexer.web"),
    "shared": (
        "whoosh",
        "typer",
        "click",
        "rich",
        "indexer.transcripts",
        "indexer.engine",
        "indexer.cli",
        "indexer.web",
    ),
    # The web page serves, it never prints: no terminal library, and Whoosh only through the engine.
    "web": ("typer", "click", "rich", "whoosh"),
}
SHARED_MODULES = {
    "model.py",
    "reports.py",
    "lazy_imports.py",
    "errors.py",
    "settings.py",
    "atomic.py",
    "safe_text.py",
    "exits.py",
    "__init__.py",
}
# The engine's layers, lowest first: a layer imports only its own and lower ones.
ENGINE_LAYERS = {"adapter": 0, "analysis": 0, "storage": 1, "querying": 2, "features": 3}
ADAPTER = "adapter"


def engine_layer(path: Path, package: Path) -> str | None:
    parts = path.relative_to(package).parts
    return parts[1] if len(parts) > 2 and parts[0] == "engine" and parts[1] in ENGINE_LAYERS else None


def private_whoosh_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a module uses a private name of Whoosh's: imports it, reads or sets it on a Whoosh object, or
    reaches into the private state a Whoosh class it extends keeps.

    Any `x._name` counts unless `x` is `self`/`cls` or a module imported from outside Whoosh (`os._exit`);
    in a class extending a Whoosh class, `self._name` counts unless the class sets it itself.
    """
    imported_from: dict[str, str] = {}
    found: list[tuple[int, str]] = []

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported_from[(alias.asname or alias.name).split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imported_from[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                if node.module.split(".")[0] == "whoosh" and private(alias.name):
                    found.append((node.lineno, f"{node.module}.{alias.name}"))
    whoosh_classes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = [ast.unparse(base).split(".")[0] for base in node.bases]
            if any(imported_from.get(base, "").startswith("whoosh") for base in bases):
                own = {  # what the class sets on itself or defines: its own, not Whoosh's
                    target.attr
                    for child in ast.walk(node)
                    if isinstance(child, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                    for target in (child.targets if isinstance(child, ast.Assign) else [child.target])
                    if isinstance(target, ast.Attribute) and ast.unparse(target.value) == "self"
                } | {child.name for child in node.body if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))}
                whoosh_classes.update(
                    (child.lineno, child.attr)
                    for child in ast.walk(node)
                    if isinstance(child, ast.Attribute)
                    and private(child.attr)
                    and ast.unparse(child.value) in ("self", "cls", "super()")
                    and child.attr not in own
                )
    found += [(line, f"self.{name} of a Whoosh class") for line, name in sorted(whoosh_classes)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            base = ast.unparse(node.value)
            if base in ("self", "cls", "super()"):
                continue
            root = base.split(".")[0].split("(")[0]
            if root in imported_from and not imported_from[root].startswith("whoosh"):
                continue
            found.append((node.lineno, f"{base}.{node.attr}"))
    return found


def wing_of(path: Path, package: Path) -> str | None:
    parts = path.relative_to(package).parts
    if len(parts) > 1:
        return parts[0] if parts[0] in FORBIDDEN else None
    return "shared" if parts[0] in SHARED_MODULES else None


def imported_names(tree: ast.AST, module: str) -> list[tuple[int, list[str]]]:
    """Each import statement of a module: its line and the dotted names it reaches (relative made absolute)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.append((node.lineno, [alias.name for alias in node.names]))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            # `from indexer import cli` reaches a wing as surely as `import indexer.cli`.
            found.append((node.lineno, [name, *(f"{name}.{alias.name}" for alias in node.names)]))
    return found


def prints(tree: ast.AST) -> list[int]:
    """Lines that write to the terminal: print() or sys.stdout / sys.stderr."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("stdout", "stderr")
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            lines.append(node.lineno)
    return lines


def table_options(package: Path) -> tuple[set[str], set[str]]:
    """The option names and parameters the table declares (`Option(param, names, ...)` in cli/options.py)."""
    table = package / "cli" / "options.py"
    names: set[str] = set()
    params: set[str] = set()
    if not table.exists():
        return names, params
    for node in ast.walk(ast.parse(table.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Option" and len(node.args) >= 2:
            params.add(ast.literal_eval(node.args[0]))
            names.update(ast.literal_eval(node.args[1]))
    return names, params


def options_outside_the_table(package: Path) -> list[str]:
    """An option of the table declared again elsewhere, or a search filter (a `SearchOptions` field) that
    is not in the table: each option is declared once, in cli/options.py, for both parsers."""
    names, params = table_options(package)
    problems = []
    for path in sorted((package / "cli").rglob("*.py")) if (package / "cli").exists() else []:
        if path.name == "options.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Option"):
                given = {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
                if given & names:
                    again = "/".join(sorted(given & names, key=len, reverse=True))
                    where = f"{path.relative_to(package.parent)}:{node.lineno}"
                    problems.append(f"{where}: {again} declared outside the table")
    model = package / "model.py"
    if model.exists():
        for node in ast.walk(ast.parse(model.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name == "SearchOptions":
                fields = [f.target.id for f in node.body if isinstance(f, ast.AnnAssign)]
                problems += [
                    f"{model.relative_to(package.parent)}:{node.lineno}: the filter {field} is not in the table"
                    for field in fields
                    if field not in params
                ]
    return problems


def violations(package: Path) -> list[str]:
    problems = options_outside_the_table(package)
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent)
        module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not ast.get_docstring(tree):
            problems.append(f"{relative}: no docstring saying why the module exists")
        wing = wing_of(path, package)
        if wing is None:
            continue
        for line, names in imported_names(tree, module):
            reached = [n for n in names for banned in FORBIDDEN[wing] if n == banned or n.startswith(banned + ".")]
            if reached:
                problems.append(f"{relative}:{line}: the {wing} wing imports {reached[0]}")
        problems += [f"{relative}:{line}: prints outside cli/" for line in prints(tree)]
        layer = engine_layer(path, package)
        if wing == "engine" and layer != ADAPTER:
            problems += [
                f"{relative}:{line}: a private Whoosh name ({name}) outside engine/{ADAPTER}/"
                for line, name in private_whoosh_uses(tree)
            ]
        if layer:
            for line, names in imported_names(tree, module):
                for name in names:
                    parts = name.split(".")
                    higher = parts[2] if parts[:2] == ["indexer", "engine"] and len(parts) > 2 else None
                    if higher in ENGINE_LAYERS and ENGINE_LAYERS[higher] > ENGINE_LAYERS[layer]:
                        problems.append(f"{relative}:{line}: the {layer} layer imports {name} (a higher layer)")
                        break
    return problems


def test_imports_run_one_way_and_only_the_command_line_prints():
    assert violations(PACKAGE) == []


def test_every_wing_says_what_it_does_and_must_not_know():
    for wing in ("transcripts", "engine", "cli", "web"):
        doc = ast.get_docstring(ast.parse((PACKAGE / wing / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 3, wing
    assert "never imports Whoosh" in ast.get_docstring(ast.parse((PACKAGE / "transcripts/__init__.py").read_text()))


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("transcripts/formats/x.py", "import whoosh.query", "the transcripts wing imports whoosh.query"),
        ("transcripts/x.py", "def f():\n    from indexer.engine import store", "imports indexer.engine"),
        ("transcripts/x.py", "from indexer import cli", "imports indexer.cli"),
        ("engine/x.py", "from .. import cli", "imports indexer.cli"),
        ("engine/x.py", "from rich.console import Console", "imports rich.console"),
        ("model.py", "from indexer.engine.storage.schema import TEXT", "the shared wing imports indexer.engine"),
        ("engine/x.py", "print('done')", "prints outside cli/"),
        ("transcripts/x.py", "import sys\nsys.stderr.write('x')", "prints outside cli/"),
        # Whoosh's private names outside engine/adapter/, each way a module can reach them.
        (
            "engine/querying/x.py",
            "def f(writer):\n    writer._commit_toc([])",
            "private Whoosh name (writer._commit_toc)",
        ),
        ("engine/storage/x.py", "from whoosh.system import _INT_SIZE", "private Whoosh name (whoosh.system._INT_SIZE)"),
        ("engine/x.py", "def f(index):\n    return index._segments()", "private Whoosh name (index._segments)"),
        (
            "engine/querying/x.py",
            "from whoosh.matching import Matcher\nclass M(Matcher):\n    def f(self):\n        return self._ids",
            "private Whoosh name (self._ids of a Whoosh class)",
        ),
        (
            "engine/storage/x.py",
            "from whoosh.codec import whoosh3\nwhoosh3.W3PerDocReader._cached_reader = None",
            "private Whoosh name (whoosh3.W3PerDocReader._cached_reader)",
        ),
        # The engine's layers: storage may not reach up into querying.
        (
            "engine/storage/x.py",
            "from indexer.engine.querying import search",
            "the storage layer imports indexer.engine.querying",
        ),
    ],
)
def test_the_check_finds_each_kind_of_violation(tmp_path, where, source, expected):
    package = tmp_path / "indexer"
    for wing in ("transcripts/formats", "engine/storage", "engine/querying", "engine/adapter", "cli"):
        (package / wing).mkdir(parents=True, exist_ok=True)
    (package / where).write_text(f'"""A module."""\n{source}\n')
    found = violations(package)
    assert len(found) == 1 and expected in found[0], found


TABLE_SOURCE = (PACKAGE / "cli" / "options.py").read_text(encoding="utf-8")
MODEL_SOURCE = (PACKAGE / "model.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        # A filter's option written into a command again, beside the table.
        (
            "cli/app.py",
            "import typer\nChannel = typer.Option('--speaker', '-s', help='x')",
            "cli/app.py:3: --speaker/-s declared outside the table",
        ),
        # A new filter in the model whose option is declared in a command, not in the table.
        (
            "model.py",
            MODEL_SOURCE.replace("class SearchOptions:", "class SearchOptions:\n    channel: str | None = None", 1),
            "the filter channel is not in the table",
        ),
    ],
)
def test_the_check_finds_an_option_declared_outside_the_table(tmp_path, where, source, expected):
    package = tmp_path / "indexer"
    (package / "cli").mkdir(parents=True)
    (package / "cli" / "options.py").write_text(TABLE_SOURCE)
    (package / "model.py").write_text(MODEL_SOURCE)
    (package / where).write_text(f'"""A module."""\n{source}\n' if where != "model.py" else source)
    found = [problem for problem in violations(package) if "table" in problem]
    assert len(found) == 1 and expected in found[0], found


def test_the_table_is_every_search_option_and_every_filter():
    names, params = table_options(PACKAGE)
    from indexer.cli.options import SEARCH

    assert params >= {option.param for option in SEARCH}
    assert {"--speaker", "--since", "--index", "--color"} <= names


def test_the_adapter_may_use_whoosh_internals_and_other_modules_private_names_are_not_whooshs(tmp_path):
    package = tmp_path / "indexer"
    (package / "engine" / "adapter").mkdir(parents=True)
    (package / "engine" / "adapter" / "x.py").write_text(
        '"""A module."""\nfrom whoosh.system import _INT_SIZE\ndef f(w):\n    w._finish()\n'
    )
    (package / "engine" / "y.py").write_text(
        '"""A module."""\nimport os\nfrom whoosh.matching import Matcher\n'
        "class M(Matcher):\n    def __init__(self):\n        self._mine = 1\n    def f(self):\n"
        "        os._exit(self._mine)\n"
    )
    assert violations(package) == []


def test_the_engine_is_in_its_layers():
    assert sorted(p.name for p in (PACKAGE / "engine").iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(
        ENGINE_LAYERS
    )
    loose = sorted(p.name for p in (PACKAGE / "engine").glob("*.py") if p.name != "__init__.py")
    assert loose == [], "every engine module belongs to a layer"


def test_the_command_line_may_print_and_import_everything(tmp_path):
    package = tmp_path / "indexer"
    (package / "cli").mkdir(parents=True)
    (package / "cli" / "x.py").write_text('"""A module."""\nimport rich\nfrom indexer.engine import store\nprint(1)\n')
    (package / "x.py").write_text("import os\n")
    assert violations(package) == ["indexer/x.py: no docstring saying why the module exists"]
