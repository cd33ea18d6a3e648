"""Which files a folder walk passes over: the user's patterns, `.soundbiteignore` files, repository boilerplate.

A folder of transcripts is often a repository too, and its `README.md`,
`LICENSE` and notes are not transcripts (read as some format, they become
search hits). Three sources of rules decide, the first that has an opinion
on a path winning (git ranks patterns from the command line above
`.gitignore` files in the same way, and ripgrep its `-g` globs):

1. the patterns given with `--exclude` (the index remembers them), each
   relative to the folder given (`/drafts` is that folder's `drafts` only);
2. `.soundbiteignore` files in the folder given and below, as ripgrep reads
   `.ignore`: each for its own folder and what is under it, a deeper one's
   rules before a shallower one's;
3. the built-in list: a repository's README, LICENSE, CHANGELOG and the like
   (`is_boilerplate`).

Within one list of patterns the last that matches wins, so `!keep.md`
after `*.md` keeps it. The syntax is gitignore's, matched by `pathspec` (as
black and yamllint match theirs), which is imported only when there is a
pattern to match: a walk without any costs one name check a file. A folder
that is excluded is not entered, so nothing under it can be brought back
(as in git). `--no-ignore` turns off 2 and 3, never 1.

Only a walk applies these: a file named on the command line is always read
(`sources.discover`), as ripgrep searches a file it is given.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from indexer.errors import SoundbiteError

IGNORE_FILE = ".soundbiteignore"

# The files a repository of transcripts (the Changelog's, Talk Python's, the White House briefings' in
# ../shared/large) holds beside them: a name in any case, with no extension or a documentation one, and
# README and licence variants (`README.zh-CN.md`, `LICENSE-MIT`, `COPYING.LESSER`). Only these exact
# names: a glob like `CHANGELOG*` would take `changelog--friends-12.md`, an episode of the Changelog.
_BOILERPLATE = re.compile(
    r"(?:readme|licen[cs]e|copying|changelog|contributing|code[_-]of[_-]conduct|security|authors|notice"
    r"|(?:readme|licen[cs]e|copying)[._-][\w-]+)"
    r"(?:\.(?:md|markdown|txt|text|rst|adoc|org))?",
    re.IGNORECASE,
)


def is_boilerplate(name: str) -> bool:
    """A file name that is a repository's documentation, never a transcript (`README.md`, `LICENSE`)."""
    return _BOILERPLATE.fullmatch(name) is not None


@dataclass(frozen=True)
class Rules:
    """What a walk passes over: the `--exclude` patterns, and whether ignore files and the built-in list count."""

    patterns: tuple[str, ...] = ()
    ignore_files: bool = True  # `.soundbiteignore` files and `is_boilerplate`; off with --no-ignore


def check_patterns(patterns, where: str = "--exclude") -> None:
    """Raise a `SoundbiteError` naming the first pattern that is not one (`--exclude 'notes\\'`: ...)."""
    for pattern in patterns:
        if not pattern.strip():
            raise SoundbiteError(f"{where} {quoted(pattern)}: an empty pattern excludes nothing")
        if pattern.startswith("#"):
            raise SoundbiteError(f"{where} {quoted(pattern)}: a pattern starting with # is a comment (\\# for a name)")
    _compile(list(patterns), lambda number, pattern: f"{where} {quoted(pattern)}")


def _compile(lines: list[str], name):
    """`lines` as a gitignore spec (None for no pattern); a bad line raises, named by `name(number, line)`."""
    patterns = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not patterns:
        return None
    import pathspec

    for number, line in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error) as exc:
            raise SoundbiteError(f"{name(number, line)}: {_why(line, exc)}") from None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def quoted(pattern: str) -> str:
    """A pattern in quotes as typed (`'notes\\'`), or as Python writes it when it holds a quote or a control."""
    return f"'{pattern}'" if "'" not in pattern and pattern.isprintable() else repr(pattern)


def _why(pattern: str, exc: Exception) -> str:
    """What is wrong with a pattern, in words (pathspec says only "Invalid git pattern")."""
    if isinstance(exc, re.error):
        return f"not a valid pattern ({exc.msg})"
    text = pattern.rstrip()
    if text.lstrip("!") == "":
        return "'!' alone negates nothing: write '!' before a pattern"
    if (len(text) - len(text.rstrip("\\"))) % 2:
        return "ends in a backslash that escapes nothing"
    return "not a valid gitignore pattern"


class Matcher:
    """The rules of one walk under `root`: ignore files are read as the walk enters their folders (`enter`),
    then `excluded` answers for each file and folder by its path relative to `root`."""

    def __init__(self, root: Path, rules: Rules):
        self.root = root
        self.rules = rules
        self.given = _compile(list(rules.patterns), lambda number, pattern: f"--exclude {quoted(pattern)}")
        self.layers: dict[str, object] = {}  # folder relative to root ('' for root) -> its ignore file's spec

    def enter(self, relative: str, names) -> None:
        """The walk is in folder `relative`, holding `names`: read its ignore file if it has one."""
        if self.rules.ignore_files and IGNORE_FILE in names:
            self.layers[relative] = self._read(relative)

    def enter_above(self, folder: Path) -> bool:
        """Before a walk that starts below `root` (`index --watch` listing one folder): read the ignore files
        from `root` down to `folder`. False when `folder` or one above it is excluded (nothing in it counts)."""
        try:
            parts = folder.relative_to(self.root).parts
        except ValueError:  # not under root as written: no rule above it to read
            return True
        for depth in range(len(parts) + 1):
            relative = "/".join(parts[:depth])
            if depth and self.excluded(relative, folder=True):
                return False
            if self.rules.ignore_files:
                place = self.root / relative
                try:
                    present = (place / IGNORE_FILE).is_file()
                except OSError:
                    present = False
                if present:
                    self.layers[relative] = self._read(relative)
        return True

    def _read(self, relative: str):
        path = self.root / relative / IGNORE_FILE
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):  # a named pipe would wait for a writer forever
                raise SoundbiteError(f"{path}: not a regular file, so not read as patterns")
            with open(path, encoding="utf-8-sig", errors="surrogateescape") as file:
                lines = file.read(1 << 20).splitlines()
        except OSError as exc:
            raise SoundbiteError(f"{path}: cannot read it ({exc.strerror or exc})") from None
        return _compile(lines, lambda number, line: f"{path}:{number}: {quoted(line)}")

    def excluded(self, relative: str, folder: bool = False) -> bool:
        """Whether the path (relative to root, `/`-separated) is passed over: the first rule source that
        matches it decides (the user's patterns, then the deepest ignore file up, then the built-in list)."""
        key = relative + "/" if folder else relative  # a pattern ending in `/` matches folders only
        if self.given is not None:
            decided = self.given.check_file(key).include
            if decided is not None:
                return decided
        if self.layers:
            parent = relative.rpartition("/")[0]
            while True:
                spec = self.layers.get(parent)
                if spec is not None:
                    decided = spec.check_file(key[len(parent) + 1 :] if parent else key).include
                    if decided is not None:
                        return decided
                if not parent:
                    break
                parent = parent.rpartition("/")[0]
        return not folder and self.rules.ignore_files and is_boilerplate(relative.rpartition("/")[2])


def relative_to(folder: str, root: str) -> str:
    """`folder` (as a walk from `root` reached it) relative to `root`, `/`-separated, '' for root itself."""
    if folder == root:
        return ""
    return os.path.relpath(folder, root).replace(os.sep, "/")
