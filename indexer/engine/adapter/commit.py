"""Whoosh's commit with segments it did not write, and the clean-up of files no segment lists.

The bulk writer (`bulk`) and the worker processes (`storage.segments`) make
whole segments outside Whoosh's `IndexWriter`; they join the index through
the writer's own commit steps, which Whoosh keeps private: merge what its
policy merges, add the new segments, write the table of contents, release the
lock. The clean-up after a full disk or a killed run likewise needs the
index's private list of segments.
"""

from __future__ import annotations

import indexer.engine.adapter.startup  # noqa: F401  (before the first Whoosh import)

# isort: split

from whoosh.index import clean_files


def commit_with(writer, written: list) -> None:
    """Whoosh's commit, with the `written` segments in the table of contents beside the old ones.

    Whoosh's merge policy still merges small old segments (through its own
    slow path: they are small); the new ones join as they are. `written` is
    emptied once they are listed, so that no cancel deletes them.
    """
    final = writer._merge_segments(None, None, None)
    final.extend(written)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    written.clear()  # listed in the table of contents now: no cancel may delete them (stress run)
    writer._finish()


def remove_unlisted_files(index) -> None:
    """Delete the files of `index`'s folder that its latest table of contents does not list."""
    clean_files(index.storage, index.indexname, index.latest_generation(), index._segments())
