"""The one line each run ends with: `index`, each `index --watch` batch and the watch itself, `push`."""

from __future__ import annotations

from indexer.cli.render import plural


def push_summary(report, target) -> str:
    """`Pushed to URL index NAME: 120 created, 3 updated, 5 deleted, 0 failed; ...`."""
    where = target.key.replace(" ", " index ", 1)
    if not (report.files or report.removed or report.failed):
        return f"{where} is up to date: {plural(report.unchanged, 'file')} unchanged since the last push"
    created = " (index created)" if report.created_index else ""
    retries = f", {plural(report.retries, 'lost connection')} resumed" if report.retries else ""
    return (
        f"Pushed to {where}{created}: {report.created:,} created, {report.updated:,} updated, "
        f"{report.deleted:,} deleted, {len(report.failed):,} failed; {plural(report.files, 'file')} sent, "
        f"{report.unchanged:,} unchanged, {report.removed:,} removed{retries} in {report.seconds:.2f} s"
    )


def batch_line(report) -> str:
    """One `index --watch` batch: `+3 ~1 -0 transcripts, 41 passages, 0.4 s`."""
    return (
        f"+{report.added:,} ~{report.updated:,} -{report.removed:,} transcripts, "
        f"{plural(report.passages, 'passage')}, {report.seconds:.1f} s"
    ) + people_summary(report)


def watch_summary(summary) -> str:
    """The line at the end of a watch: how long, how many batches, what they did."""
    import time

    minutes, seconds = divmod(int(time.monotonic() - summary.began), 60)
    hours, minutes = divmod(minutes, 60)
    took = f"{hours} h {minutes} min" if hours else f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    failed = f", {summary.failures:,} failed and retried" if summary.failures else ""
    batches = max(0, summary.batches - 1)  # the first run was before the watch
    return (
        f"watched for {took}: {batches:,} batch{'' if batches == 1 else 'es'}, +{summary.added:,} ~{summary.updated:,} "
        f"-{summary.removed:,} transcripts, {plural(summary.passages, 'passage')} written{failed}"
    )


def index_summary(report, index_dir) -> str:
    """`Indexed 12 transcripts: 2 added, 1 updated, ...; 140 passages written in 0.41 s (index)`.

    The transcripts the index holds are all accounted for: added, updated, unchanged, from folders
    not scanned this run (paths given beside those indexed before), and kept as they were where their
    file could not be read this time; removed ones are gone (of them, those excluded now), skipped files
    are files. What the rules passed over is counted too, with the first names, so nothing is left out
    unsaid: `..., 0 skipped, 3 excluded (README.md, LICENSE, drafts/); ...`.
    """
    kept = report.transcripts - report.added - report.updated - report.unchanged - report.elsewhere
    now_excluded = f" ({report.removed_excluded:,} now excluded)" if report.removed_excluded else ""
    counts = ", ".join(
        [
            f"{report.added:,} added",
            f"{report.updated:,} updated",
            f"{report.removed:,} removed{now_excluded}",
            f"{report.unchanged:,} unchanged",
            *([f"{report.elsewhere:,} in folders not scanned this time"] if report.elsewhere else []),
            *([f"{kept:,} kept as before (file unreadable now)"] if kept > 0 else []),
            _skipped(report),
        ]
    )
    if report.excluded:
        counts += f", {len(report.excluded):,} excluded ({excluded_names(report.excluded)})"
    verb = "Rebuilt" if report.rebuilt else "Indexed"
    return (
        f"{verb} {plural(report.transcripts, 'transcript')}: {counts}; "
        f"{plural(report.passages, 'passage')} written in {report.seconds:.2f} s ({index_dir})"
    ) + people_summary(report)


def _skipped(report) -> str:
    """`2 skipped`, or with files skipped as before (not reported again): `3 skipped (2 as before: …)`."""
    known = len(report.skipped_known)
    if not known:
        return f"{len(report.skipped):,} skipped"
    return f"{len(report.skipped) + known:,} skipped ({known:,} as before: soundbite stats --skipped)"


EXCLUDED_NAMED = 3  # names of what the rules passed over in the summary; the rest are counted


def excluded_names(excluded: list[str]) -> str:
    """`README.md, LICENSE, drafts/` or `README.md, LICENSE, drafts/ and 9 more`."""
    shown = ", ".join(excluded[:EXCLUDED_NAMED])
    return shown if len(excluded) <= EXCLUDED_NAMED else f"{shown} and {len(excluded) - EXCLUDED_NAMED:,} more"


def people_summary(report) -> str:
    """What the people file did, when there is something to say: `; people file soundbite.toml changed:
    312 passages renamed`, and the passages a dated form could not name."""
    from pathlib import PurePath

    said = ""
    if report.people_changed:
        if report.people:
            said += f"; people file {PurePath(report.people).name} changed: {plural(report.renamed, 'passage')} renamed"
        else:
            said += f"; no people file now: {plural(report.renamed, 'passage')} given the transcripts' names back"
    if report.undated:
        said += (
            f"; {plural(report.undated, 'passage')} left as written: the people file dates their label, "
            "their transcript has no date"
        )
    return said
