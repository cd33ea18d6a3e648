"""A search with many matches, split across the machine's cores by index segment.

Whoosh scores every match in pure Python, a few microseconds each, and one
process uses one core: at 50,000 transcripts `"climate change"` matches
78,746 passages and takes 0.4 s on its own. An index built by soundbite's
parallel writer has a few large segments, and segments are independent: each
has its own postings and document numbers. So when a query is expected to
match many passages, the segments are shared out between this process and
forked children; each runs the same collectors over its segments and reports
its best hits (score, document number), its match count and the transcript
ids it saw, and the parts are merged in Whoosh's own order (score, then the
lower document number). Lucene and Elasticsearch search segments concurrently
for the same reason.

A child opens the index again: a forked file handle shares its read position
with the parent's, and Whoosh seeks and reads. Should a child fail for any
reason, the search is simply run again in one process; the answer is the same.
The setting SOUNDBITE_SEARCH_PROCS caps the processes (1: never split).
"""

from __future__ import annotations

import os
import pickle

# Below this much expected work (postings read), forking costs about what it saves. Measured at
# 50,000 transcripts, one process vs split: a phrase of 16,900 postings 55 vs 41 ms, a word of
# 16,300 37 vs 39 ms, 24,000 55 vs 42 ms, "climate change" (198,000) 445 vs 249 ms.
SPLIT_FROM = 15_000


def processes(cap: int | None = None) -> int:
    """How many processes a search may use: the cores, or fewer if `cap` (SOUNDBITE_SEARCH_PROCS) says so."""
    cores = os.cpu_count() or 1
    return max(1, min(cap, cores)) if cap else cores


def shares(leaves: list, parts: int) -> list[list[int]]:
    """Indexes into `leaves`, in `parts` groups of about equal document counts (largest segments first)."""
    groups: list[list[int]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    by_size = sorted(range(len(leaves)), key=lambda i: -leaves[i][0].doc_count_all())
    for i in by_size:
        smallest = sizes.index(min(sizes))
        groups[smallest].append(i)
        sizes[smallest] += leaves[i][0].doc_count_all()
    return [sorted(g) for g in groups if g]


def worth_splitting(searcher, query, cap: int | None = None) -> int:
    """How many processes to use for this query: 1 unless it is expected to read many postings."""
    if not hasattr(os, "fork"):
        return 1
    wanted = processes(cap)
    leaves = searcher.leaf_searchers()
    if wanted < 2 or len(leaves) < 2:
        return 1
    return min(wanted, len(leaves)) if expected_work(searcher.reader(), query) >= SPLIT_FROM else 1


def expected_work(reader, query) -> int:
    """Roughly how many postings a search reads: Whoosh's match estimate or its words' postings, the larger.

    The match estimate alone misses phrases with a frequent word: `"rule of
    law"` matches 6,000 passages at 50,000 transcripts but reads the postings
    of `of` in nearly every passage.
    """
    try:
        matches = query.estimate_size(reader)
        postings = sum(reader.doc_frequency(field, text) for field, text in query.iter_all_terms())
    except Exception:  # an estimate is only a hint; a query Whoosh cannot estimate runs whole
        return 0
    return max(matches, postings)


def run_part(searcher, query, make_collector, leaf_indexes: list[int]):
    """Run a fresh collector stack over some of `searcher`'s segments: (top hits, match count, transcript ids)."""
    collector, counter = make_collector(searcher)
    collector.prepare(searcher, query, searcher.context())
    leaves = searcher.leaf_searchers()
    try:
        for i in leaf_indexes:
            collector.set_subsearcher(*leaves[i])
            collector.collect_matches()
    finally:
        collector.finish()
    results = collector.results()
    return list(results.top_n), len(results), counter.values


def _reply(pid: int, read_end: int):
    """A child's part, once it has exited; None if it failed."""
    with os.fdopen(read_end, "rb") as reply:
        data = reply.read()
    _, status = os.waitpid(pid, 0)
    try:
        part = pickle.loads(data)
    except Exception:  # no reply, or half of one
        return None
    return part if status == 0 else None


def search_split(open_index, searcher, query, make_collector, parts: int, limit: int):
    """The best `limit` hits, match count and transcript ids over every segment, from `parts` processes.

    None if a child failed.

    `open_index` opens the same index again (in a child); `make_collector`
    builds the collector stack for a searcher and returns it with its
    DistinctCounter.
    """
    groups = shares(searcher.leaf_searchers(), parts)
    children = []
    for group in groups[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own index handles, its share of segments, then gone
            code = 1
            try:
                os.close(read_end)
                index = open_index()
                with index.searcher() as own, os.fdopen(write_end, "wb") as out:
                    pickle.dump(run_part(own, query, make_collector, group), out, pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    try:
        mine = run_part(searcher, query, make_collector, groups[0])
    finally:  # children are always waited for, even when this part fails
        theirs = [_reply(pid, read_end) for pid, read_end in children]
    if any(part is None for part in theirs):
        return None
    parts_found = [mine, *theirs]
    top = sorted((hit for part in parts_found for hit in part[0]), key=lambda hit: (-hit[0], hit[1]))[:limit]
    values = set().union(*(part[2] for part in parts_found))
    return top, sum(part[1] for part in parts_found), values
