"""From files to passages: find transcript files, decode them, detect their format, parse and cut them.

`sources.load` is the wing's front door: a file in, a `model.Transcript` with
numbered, timed passages out (or an `UnreadableFile` saying why not). This
wing must not know how passages are stored or shown: it never imports Whoosh,
Typer or rich, nor anything from `engine` or `cli`, and it never prints.
A new format is a module in `formats/` and a line in its registry.
"""
