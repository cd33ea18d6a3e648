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
    """`Indexed 12 transcripts: 2 added, 1 updated, ...; 140 passages written in 0.41 s (index)`."""
    counts = (
        f"{report.added:,} added, {report.updated:,} updated, {report.removed:,} removed, "
        f"{report.unchanged:,} unchanged, {len(report.skipped):,} skipped"
    )
    verb = "Rebuilt" if report.rebuilt else "Indexed"
    return (
        f"{verb} {plural(report.transcripts, 'transcript')}: {counts}; "
        f"{plural(report.passages, 'passage')} written in {report.seconds:.2f} s ({index_dir})"
    ) + people_summary(report)


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
