"""The package's layout is its architecture: three wings, imports running one way, printing in one place.

    cli -> engine -> transcripts -> model, errors, settings

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
    "transcripts": ("whoosh", "typer", "click", "rich", "indexer.engine", "indexer.cli"),
    "engine": ("typer", "click", "rich", "indexer.cli"),
    "shared": ("whoosh", "typer", "click", "rich", "indexer.transcripts", "indexer.engine", "indexer.cli"),
}
SHARED_MODULES = {"model.py", "errors.py", "settings.py", "__init__.py"}


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


def violations(package: Path) -> list[str]:
    problems = []
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
    return problems


def test_imports_run_one_way_and_only_the_command_line_prints():
    assert violations(PACKAGE) == []


def test_every_wing_says_what_it_does_and_must_not_know():
    for wing in ("transcripts", "engine", "cli"):
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
        ("model.py", "from indexer.engine.schema import TEXT", "the shared wing imports indexer.engine"),
        ("engine/x.py", "print('done')", "prints outside cli/"),
        ("transcripts/x.py", "import sys\nsys.stderr.write('x')", "prints outside cli/"),
    ],
)
def test_the_check_finds_each_kind_of_violation(tmp_path, where, source, expected):
    package = tmp_path / "indexer"
    for wing in ("transcripts/formats", "engine", "cli"):
        (package / wing).mkdir(parents=True, exist_ok=True)
    (package / where).write_text(f'"""A module."""\n{source}\n')
    found = violations(package)
    assert len(found) == 1 and expected in found[0], found


def test_the_command_line_may_print_and_import_everything(tmp_path):
    package = tmp_path / "indexer"
    (package / "cli").mkdir(parents=True)
    (package / "cli" / "x.py").write_text('"""A module."""\nimport rich\nfrom indexer.engine import store\nprint(1)\n')
    (package / "x.py").write_text("import os\n")
    assert violations(package) == ["indexer/x.py: no docstring saying why the module exists"]
