"""The `soundbite` command's entry point: a plain search answers without loading Typer.

Every search is a fresh process, so start-up is part of every query: Typer
(with its bundled Click) takes about 30 ms to import and build the command,
a third of the 100 ms a search may take. A `soundbite search` whose arguments
are all well-formed search options is parsed here instead, by the table of
options the Typer command is built from too (`options.SEARCH`), and run by the
same `commands.search`.
Anything else (help, another command, an unknown option, a value Typer would
reject, a malformed setting) goes to the Typer app unchanged, so every message and error is
Typer's own. `tests/test_entry.py` runs both parsers on the same arguments.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys

from indexer.cli.options import CHOICE, COUNT, FLAG, FOLDER, SEARCH, Option

_BY_NAME = {name: option for option in SEARCH for name in option.names}


class _NotPlain(Exception):
    """The arguments need Typer: help, a mistake to report, or something unusual."""


def _value(option: Option, text: str):
    if option.kind == CHOICE and text not in option.choices:
        raise _NotPlain  # Typer says what the choices are
    if option.kind == COUNT:
        try:
            number = int(text)
        except ValueError:
            raise _NotPlain from None
        if number < 0 or (option.maximum is not None and number > option.maximum):
            raise _NotPlain  # Typer says what the range is
        return number
    # A folder stays a string, as Click hands it over; commands.search takes either.
    if option.kind == FOLDER and (not text or os.path.isfile(text)):
        raise _NotPlain
    return text


def parse_search(args: list[str], settings=None) -> dict | None:
    """The parameters of `soundbite search ARGS`, as Typer would pass them; None to leave it to Typer.

    Also None when a setting is malformed (`settings` not given: the
    environment's): Typer's path reports it, with Typer's own message where
    Typer checks it ($SOUNDBITE_INDEX naming a file).

    Parsed as Click does: options before or after the query, `--opt value`,
    `--opt=value`, `-n5`, the last of a repeated option wins, `--` ends options.
    Options not given are left out, so `commands.search`'s defaults apply and
    $SOUNDBITE_INDEX is read where the Typer path reads it.
    """
    from indexer.settings import BadSetting, Settings

    if settings is None:
        try:
            settings = Settings.from_environ()
        except BadSetting:
            return None
    params: dict = {}
    positional: list[str] = []
    rest = list(args)
    try:
        while rest:
            arg = rest.pop(0)
            if arg == "--":
                positional.extend(rest)
                break
            if not arg.startswith("-") or arg == "-":
                positional.append(arg)
                continue
            name, attached = arg, None
            if arg.startswith("--") and "=" in arg:
                name, attached = arg.split("=", 1)
            elif not arg.startswith("--") and len(arg) > 2:
                name, attached = arg[:2], arg[2:]
            if name not in _BY_NAME:
                raise _NotPlain
            option = _BY_NAME[name]
            if option.kind == FLAG:
                if attached is not None:
                    raise _NotPlain
                params[option.param] = True
                continue
            if attached is None:
                if not rest:
                    raise _NotPlain
                attached = rest.pop(0)
            params[option.param] = _value(option, attached)
    except _NotPlain:
        return None
    if len(positional) != 1:
        return None
    params["query"] = positional[0]
    return params


def _quick_search(args: list[str]) -> int | None:
    from indexer.cli.environment import Environment
    from indexer.settings import BadSetting

    try:
        env = Environment.from_system()
    except BadSetting:
        return None  # reported on Typer's path
    params = parse_search(args, env.settings)
    if params is None:
        return None
    from indexer.cli import commands

    return commands.run(commands.search, env, **params)


def _exit_now(code: int) -> None:
    """Flush and leave without the interpreter's teardown (`exits.leave`).

    Tearing down a process that has loaded Whoosh (freeing every module and
    object one by one) took 8-12 ms, a tenth of a search; nothing a search
    holds needs it: its index files are only read, and it registers no exit
    handlers.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone away: nothing more to say
            stream.flush()
    if os.environ.get("COVERAGE_PROCESS_START"):  # measured (bench/coverage.py): save it first
        from indexer.exits import leave

        leave(code)
    os._exit(code)


def _interrupt_later(unraisable) -> None:
    """A Ctrl-C that lands where Python cannot raise it (a callback inside the import system) is
    printed by Python as "Exception ignored ... Traceback ... KeyboardInterrupt" and then lost. Deliver
    it again, to be raised where it can be, and handled as every other Ctrl-C is."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        return
    sys.__unraisablehook__(unraisable)


def main() -> None:
    sys.unraisablehook = _interrupt_later
    try:
        _main()
    except KeyboardInterrupt:
        # Ctrl-C before a command has started (while Python loads Typer, say):
        # nothing was changed, and a traceback would say otherwise.
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("soundbite: interrupted: nothing was changed\n")
        _exit_now(130)


def _main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["search"]:
        # A search lives a fraction of a second and makes little cyclic garbage;
        # the cycle collector's runs during start-up alone cost about 5 ms.
        gc.disable()
        code = _quick_search(args[1:])
        if code is not None:
            _exit_now(code)
        gc.enable()
    from indexer.cli.app import main as typer_main

    typer_main()
