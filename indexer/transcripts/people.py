"""Who is who, in the user's own words: the people file (`soundbite.toml`) read, checked and applied.

A transcript knows labels, not always people: `Mr. Zients` and `Jeff Zients`
are one person, `The President` is Joe Biden in 2021 and Donald Trump in
2025, a heading read as a speaker is nobody. The resolution in `speakers`
does what one transcript can tell; the people file says the rest, for the
whole index:

    not_people = ["White House"]

    [[person]]
    name = "Jeff Zients"
    forms = ["Mr. Zients", "Zients"]
    role = "COVID-19 Response Coordinator"

    [[person]]
    name = "Joe Biden"
    forms = [{ form = "The President", from = 2021-01-20, until = 2025-01-20 }]

A form matches the name a passage was given (`Mr. Zients`) or its label as
the file wrote it (`MR. ZIENTS`), in any case, punctuation and spacing aside.
`from` is the first day a form or role holds, `until` the first day it no
longer does; either may be left out. A dated form needs the transcript's date
(to the day): a transcript without one is left as the file says, and counted.

The rules change only a passage's speaker and role (a passage of `not_people`
keeps every word, and has no speaker); what the transcript said is kept as
`Passage.as_read`, so that a changed people file is applied again from the
index alone (`engine.storage.renames`), without reading a transcript again.

A file that is not right is refused whole, in one line naming the file, the
line where it can be told, and what is wrong (`PeopleFileError`): an index run
then changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import SoundbiteError
from indexer.model import Passage
from indexer.transcripts.names import fold

FILE_NAME = "soundbite.toml"  # looked for beside the index folder

_TOP_KEYS = ("person", "not_people")
_PERSON_KEYS = ("name", "forms", "role", "roles")
_FORM_KEYS = ("form", "from", "until")
_ROLE_KEYS = ("role", "from", "until")
_WORDS = re.compile(r"\w+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BARE_DATE = re.compile(r"\b(from|until)\s*=\s*(\d[\d:T.+-]*)")
_PERSON_HEADER = re.compile(r"\s*\[\[\s*person\s*\]\]")


class PeopleFileError(SoundbiteError):
    """A people file that cannot be used: `str()` names the file, the line where known, and what is wrong."""


def match_key(name: str) -> str:
    """What a form and a label are compared by: `MR. ZIENTS`, `Mr Zients` and `mr.  zients` are one."""
    return " ".join(_WORDS.findall(fold(name)))


@dataclass(frozen=True)
class Span:
    """The days a form or a role holds: from `start` (inclusive) to `end` (exclusive), ISO dates; "" is open."""

    start: str = ""
    end: str = ""

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)

    def holds(self, day: str) -> bool:
        return (not self.start or day >= self.start) and (not self.end or day < self.end)

    def overlaps(self, other: Span) -> bool:
        return (not self.end or not other.start or other.start < self.end) and (
            not other.end or not self.start or self.start < other.end
        )

    def __str__(self) -> str:
        if not self.dated:
            return "always"
        return " ".join(
            part for part in (self.start and f"from {self.start}", self.end and f"until {self.end}") if part
        )


@dataclass(frozen=True)
class Rule:
    """One form: whom it names (None: nobody, a label that is not a person) over which days."""

    form: str  # as the user wrote it
    person: str | None
    span: Span = Span()


@dataclass
class People:
    """A people file, read and checked: what `apply` needs (picklable: it goes to the index workers)."""

    path: str = ""
    sha256: str = ""
    given: bool = False  # named with --people (remembered), not found beside the index
    forms: dict[str, list[Rule]] = field(default_factory=dict)  # match_key(form) -> its rules
    names: dict[str, str] = field(default_factory=dict)  # match_key(a person's name) -> the name
    roles: dict[str, list[tuple[str, Span]]] = field(default_factory=dict)  # a person's name -> (role, span)s

    @property
    def origin(self) -> str:
        """How `soundbite speakers` names where a name came from: the file's name."""
        return Path(self.path).name if self.path else FILE_NAME


@dataclass
class Applied:
    """What applying the people file to some passages did."""

    renamed: int = 0  # passages whose speaker or role is now not the one they had
    undated: int = 0  # passages left as the file says: a dated form matched, and the transcript has no date


def read(path: Path) -> People:
    """The people file at `path`, checked; `PeopleFileError` for anything wrong with it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PeopleFileError(f"{path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PeopleFileError(f"{path}: not UTF-8 text") from None
    people = parse(text, str(path))
    people.path = str(path)
    people.sha256 = hashlib.sha256(data).hexdigest()
    return people


def parse(text: str, where: str = FILE_NAME) -> People:
    """A people file's text, checked (`where` names it in a message)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover  (3.10)
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        if message.endswith(" (at end of document)"):  # an unclosed string or table: at the last line
            last = len(text.splitlines())
            raise PeopleFileError(
                f"{where}, line {last}: not valid TOML: {message.removesuffix(' (at end of document)')} "
                "(at the end of the file)"
            ) from None
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", message)
        if found:
            line = text.splitlines()[int(found.group(2)) - 1] if int(found.group(2)) <= len(text.splitlines()) else ""
            for date in _BARE_DATE.finditer(line):  # what TOML makes of `from = 2021-1-20`: say it plainly
                what = _not_a_day(date.group(2))
                if what:
                    raise PeopleFileError(
                        f"{where}, line {found.group(2)}: the {date.group(1)} date {date.group(2)} {what}"
                    ) from None
            raise PeopleFileError(
                f"{where}, line {found.group(2)}: not valid TOML: {found.group(1)} (column {found.group(3)})"
            ) from None
        raise PeopleFileError(f"{where}: not valid TOML: {message}") from None
    return _Checker(text, where).people(data)


def _not_a_day(text: str) -> str:
    """What is wrong with a date as written, "" for a day that is right."""
    if not _DATE.fullmatch(text):
        return "is not a date: write YYYY-MM-DD"
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return "is a day that does not exist"
    return ""


class _Checker:
    """Turns the TOML's values into `People`, saying where a value is wrong.

    tomllib gives values without their lines, so a message's line is found again in the text: the line,
    from the [[person]] table being read on, that sets the key or holds the value named.
    """

    def __init__(self, text: str, where: str):
        self.lines = text.splitlines()
        self.where = where
        self.headers = [n for n, line in enumerate(self.lines, start=1) if _PERSON_HEADER.match(line)]
        self.section = 0  # the line of the [[person]] being read; 0 at the top level

    def fail(self, what: str, key: str | None = None, value: str | None = None) -> None:
        line = self.line_of(key, value) if key or value else self.section
        at = f", line {line}" if line else ""
        raise PeopleFileError(f"{self.where}{at}: {what}")

    def line_of(self, key: str | None = None, value: str | None = None, after: int | None = None) -> int | None:
        """The first line from the table being read (or from line `after`) on that sets `key` and holds
        `value` in quotes (either given), else the first such line anywhere; None when there is none."""
        wanted = []
        if key:
            wanted.append(re.compile(rf"(^|[\s{{,]){re.escape(key)}\s*="))
        if value is not None:
            wanted.append(re.compile(rf"([\"']){re.escape(value)}\1" if value else r"\"\"|''"))
        start = self.section if after is None else after
        for first in (max(start - 1, 0), 0):
            for number, line in enumerate(self.lines[first:], start=first + 1):
                if all(pattern.search(line) for pattern in wanted):
                    return number
        return None

    def people(self, data: dict) -> People:
        people = People()
        for key in data:
            if key not in _TOP_KEYS:
                self.fail(f"unknown key {key!r} (a people file holds [[person]] tables and not_people)", key)
        persons = data.get("person", [])
        if not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
            self.fail("person must be tables, each written [[person]]", "person")
        not_people = data.get("not_people", [])
        if not isinstance(not_people, list):
            self.fail('not_people must be a list of labels: not_people = ["White House"]', "not_people")
        seen_forms: dict[str, list[Rule]] = {}
        for number, person in enumerate(persons):
            self.section = self.headers[number] if number < len(self.headers) else 0
            name = self.person_name(person)
            key = match_key(name)
            if key in people.names:
                self.fail(f"{name!r} is named by two [[person]] tables: give its forms in one", "name", person["name"])
            people.names[key] = name
            for form, span in self.forms(person.get("forms", []), f"the forms of {name!r}"):
                self.add(seen_forms, Rule(form, name, span))
            roles = self.roles(person, name)
            if roles:
                people.roles[name] = roles
        self.section = 0
        for form, span in self.forms(not_people, "not_people"):
            self.add(seen_forms, Rule(form, None, span))
        people.forms = seen_forms
        return people

    def person_name(self, person: dict) -> str:
        for key in person:
            if key not in _PERSON_KEYS:
                self.fail(f"unknown key {key!r} in a [[person]] (it takes {', '.join(_PERSON_KEYS)})", key)
        name = person.get("name")
        if not isinstance(name, str) or not match_key(name):
            shown = "" if name is None else f" (not {name!r})"
            self.fail(f'a [[person]] without a name{shown}: give name = "..."', "name" if name is not None else None)
        return " ".join(name.split())

    def forms(self, given, what: str) -> list[tuple[str, Span]]:
        key = "forms" if self.section else "not_people"
        if not isinstance(given, list):
            self.fail(f'{what} must be a list: ["Mr. Zients", ...]', key)
        found = []
        for item in given:
            if isinstance(item, str):
                form, span = item, Span()
            elif isinstance(item, dict):
                for name in item:
                    if name not in _FORM_KEYS:
                        self.fail(f"unknown key {name!r} in {what} (a dated form takes form, from, until)", name)
                form = item.get("form")
                if not isinstance(form, str):
                    self.fail(f'a dated form in {what} without form = "..."', key)
                span = self.span(item, f"{form!r} in {what}", form)
            else:
                self.fail(f"{what}: {item!r} is not a label in quotes or a table {{ form = ..., from = ... }}", key)
            if not match_key(form):
                self.fail(f"an empty form in {what}", value=form)
            found.append((form, span))
        return found

    def roles(self, person: dict, name: str) -> list[tuple[str, Span]]:
        if "role" in person and "roles" in person:
            self.fail(f"{name!r} has both role and roles: give one (roles for roles by date)", "roles")
        if "role" in person:
            role = person["role"]
            if not isinstance(role, str):
                self.fail(f"the role of {name!r} must be text in quotes", "role")
            return [(" ".join(role.split()), Span())] if role.strip() else []
        given = person.get("roles", [])
        if not isinstance(given, list) or not all(isinstance(item, dict) for item in given):
            example = 'roles = [{ role = "...", from = 2021-01-20 }]'
            self.fail(f"the roles of {name!r} must be tables: {example}", "roles")
        found: list[tuple[str, Span]] = []
        for item in given:
            for key in item:
                if key not in _ROLE_KEYS:
                    self.fail(f"unknown key {key!r} in the roles of {name!r} (a role takes role, from, until)", key)
            role = item.get("role")
            if not isinstance(role, str) or not role.strip():
                self.fail(f'a role of {name!r} without role = "..."', "roles")
            span = self.span(item, f"the role {role!r} of {name!r}", role)
            for other, other_span in found:
                if span.overlaps(other_span):
                    self.fail(
                        f"the roles {other!r} ({other_span}) and {role!r} ({span}) of {name!r} overlap", value=role
                    )
            found.append((" ".join(role.split()), span))
        return found

    def span(self, item: dict, what: str, near: str) -> Span:
        start = self.day(item.get("from"), f"from of {what}", near)
        end = self.day(item.get("until"), f"until of {what}", near)
        if start and end and end <= start:
            self.fail(f"{what}: until {end} is not after from {start}", value=near)
        return Span(start, end)

    def day(self, value, what: str, near: str) -> str:
        if value is None:
            return ""
        if isinstance(value, (dt.datetime, dt.time)):
            self.fail(f"the {what} has a time of day: give a date, YYYY-MM-DD", value=near)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str) and _DATE.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                self.fail(f"the {what} is {value!r}, a day that does not exist", value=value)
        if isinstance(value, str):
            self.fail(f"the {what} is {value!r}, not a date: write YYYY-MM-DD", value=value)
        self.fail(f"the {what} is {value!r}, not a date: write YYYY-MM-DD", value=near)
        raise AssertionError("unreachable")

    def add(self, seen: dict[str, list[Rule]], rule: Rule) -> None:
        key = match_key(rule.form)
        for other in seen.get(key, []):
            if rule.span.overlaps(other.span):
                whose = [f"{r.person!r}" if r.person else "not_people" for r in (other, rule)]
                dated = rule.span.dated or other.span.dated
                when = f" ({other.span} and {rule.span})" if dated else " (both undated)"
                same = "twice for " + whose[0] if whose[0] == whose[1] else f"for {whose[0]} and {whose[1]}"
                first = self.line_of(value=other.form, after=0) or 0
                line = self.line_of(value=rule.form, after=first + 1) if rule.person else self.line_of("not_people")
                at = f", line {line}" if line else ""
                raise PeopleFileError(
                    f"{self.where}{at}: the form {rule.form!r} is given {same} over days that overlap{when}"
                )
        seen.setdefault(key, []).append(rule)


def _rule_for(people: People, name: str, day: str) -> tuple[Rule | None, bool]:
    """The rule of the form `name` for `day`, and whether a dated rule might have held on a day the
    transcript does not give."""
    rules = people.forms.get(match_key(name)) if name else None
    if not rules:
        return None, False
    for rule in rules:
        if not rule.span.dated or (day and rule.span.holds(day)):
            return rule, False
    return None, not day


def apply(people: People, passages: list[Passage], date: str) -> Applied:
    """Name each passage as the people file says (in place), from what the transcript said.

    The name a passage was given is tried first, then its label as the file wrote it, then the names of the
    file's persons themselves (their spelling, their role). Passages read back from the index carry what the
    transcript said in `as_read`; it is applied from there, so a rule taken out of the file gives the
    transcript's own name back.
    """
    applied = Applied()
    day = date[:10] if len(date) >= 10 and _DATE.fullmatch(date[:10]) else ""
    for passage in passages:
        label = passage.label or passage.speaker  # as the file wrote it
        speaker, role = passage.as_read or (passage.speaker, passage.role)
        if not speaker:
            continue
        new_speaker, new_role = speaker, role
        rule, undated = _rule_for(people, speaker, day)
        if rule is None and label != speaker:
            rule, label_undated = _rule_for(people, label, day)
            undated = undated or label_undated
        if rule is not None:
            new_speaker = rule.person or ""
        elif match_key(speaker) in people.names:  # the name itself: its spelling, its role
            new_speaker = people.names[match_key(speaker)]
        elif undated:
            applied.undated += 1
        if rule is not None and rule.person is None:
            new_role = ""  # nobody: no role either
        elif new_speaker in people.roles:
            for given, span in people.roles[new_speaker]:
                if not span.dated or (day and span.holds(day)):
                    new_role = given
                    break
        before = (passage.speaker, passage.role)
        passage.speaker, passage.role = new_speaker, new_role
        passage.as_read = (speaker, role) if (new_speaker, new_role) != (speaker, role) else None
        passage.label = label if label != new_speaker else ""
        if (new_speaker, new_role) != before:
            applied.renamed += 1
    return applied
