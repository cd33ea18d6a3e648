"""Errors that soundbite reports to the user as one line, never as a traceback.

Every failure a user can cause (a bad file, a missing index, a malformed query)
is one of these; the CLI turns them into `soundbite: ...` on stderr and an exit
status. Anything else escaping is a bug.
"""

from __future__ import annotations


class SoundbiteError(Exception):
    """A problem the user can act on; `str()` is the whole message."""


class UnreadableFile(SoundbiteError):
    """A transcript file that cannot be read, decoded or parsed: it is skipped."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # pickled as it was made: it crosses from index workers to the parent
        return (type(self), (self.path, self.reason))


class IndexMissing(SoundbiteError):
    pass


class IndexBusy(SoundbiteError):
    pass


class IndexIncompatible(SoundbiteError):
    pass


class BadQuery(SoundbiteError):
    pass


class TranscriptNotFound(SoundbiteError):
    pass
