"""`soundbite trend` and `search --count-by date|week|month|year`: counts per period, checked by brute force.

The fixture is a TV-News-archive CSV (network, air time in UTC with the
station's offset, `>> NAME:` turns) plus a dated briefing and an undated
transcript. Every count is checked against the same count made another way:
each hit of a full `search` (limit 0), grouped by the date its transcript
reports.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date

import pytest
from conftest import run_soundbite
from test_commands import environment, run

from indexer.cli import commands
from indexer.engine.features.trend import trend
from indexer.engine.querying.search import search
from indexer.engine.storage.writer import index_paths
from indexer.errors import BadQuery
from indexer.model import SearchOptions

ROWS = [
    # identifier, network, start_time (UTC), utc_offset, text
    (
        "cnn-0630",
        "CNN",
        "2021-07-01 03:30:00",
        "-400",  # 23:30 on June 30 in New York: June's, not July's
        ">> ANNA LEE: Climate change is here. >> BOB RAY: Inflation too, and climate change again.",
    ),
    (
        "fox-0630",
        "FOXNEWS",
        "2021-07-01 01:00:00",
        "-400",
        ">> CARL DIX: Inflation is the story. >> ANNA LEE: Climate change matters.",
    ),
    (
        "msnbc-0701",
        "MSNBC",
        "2021-07-01 14:00:00",
        "-400",
        ">> DANA OKE: Climate change and inflation. >> DANA OKE: More on inflation.",
    ),
    ("cnn-0702", "CNN", "2021-07-02 12:00:00", "-400", ">> ANNA LEE: Nothing about the weather today."),
    (
        "cnn-0815",
        "CNN",
        "2021-08-15 12:00:00",
        "-400",
        ">> BOB RAY: Climate change drove the floods. >> ANNA LEE: Climate change, again.",
    ),
    ("bbc-0816", "BBC", "2021-08-16 08:00:00", "+100", ">> EVE NG: Climate change in Europe."),
    ("nodate", "CNN", "", "", ">> ANNA LEE: Climate change, undated."),
]
BRIEFING = """---
title: "Briefing"
date: '2021-07-20'
---

MS. PSAKI:  Climate change is a priority.

Q    And inflation?

MS. PSAKI:  Inflation is transitory.
"""
UNDATED = """MS. PSAKI:  Climate change, on a day nobody wrote down.
"""


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dated")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["identifier", "contributor", "start_time", "utc_offset", "text"])
    writer.writerows(ROWS)
    (folder / "archive.csv").write_text(out.getvalue(), encoding="utf-8")
    (folder / "briefing.md").write_text(BRIEFING, encoding="utf-8")
    (folder / "undated.md").write_text(UNDATED, encoding="utf-8")
    index = tmp_path_factory.mktemp("dated-index") / "ix"
    report = index_paths(index, [str(folder)])
    assert not report.skipped
    return index


def _label(day: str, by: str) -> str:
    """The period a date falls in, worked out independently of the engine."""
    when = date.fromisoformat(day)
    if by == "day":
        return day
    if by == "week":
        year, week, _ = when.isocalendar()
        return f"{year}-W{week:02d}"
    return day[:7] if by == "month" else day[:4]


def brute_force(index, query: str, by: str, options: SearchOptions | None = None, key=None) -> Counter:
    """Matching passages per period from every hit's own transcript date."""
    options = options or SearchOptions()
    result = search(index, query, SearchOptions(**{**options.__dict__, "limit": 0}))
    counts: Counter = Counter()
    for hit in result.hits:
        if len(hit.transcript.meta.date) == 10 and (key is None or key(hit)):
            counts[_label(hit.transcript.meta.date, by)] += 1
    return counts


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
@pytest.mark.parametrize("query", ["climate", '"climate change"', "inflation", "climate OR inflation"])
def test_counts_per_period_agree_with_a_count_of_every_hit(dated_index, by, query):
    found = trend(dated_index, [query], by=by)
    (series,) = found.series
    expected = brute_force(dated_index, query, by)
    assert dict(zip(found.periods, series.counts, strict=True)) == {p: expected.get(p, 0) for p in found.periods}
    assert sum(series.counts) == sum(expected.values())


def test_every_period_of_the_span_is_there_with_its_zeros_and_the_air_date_decides(dated_index):
    found = trend(dated_index, ['"climate change"'], by="month")
    assert found.periods == ["2021-06", "2021-07", "2021-08"]
    assert found.starts == ["2021-06-01", "2021-07-01", "2021-08-01"]
    # June: CNN's 23:30 broadcast (03:30 UTC on July 1) and FOX's 21:00 one, by their New York dates.
    assert found.series[0].counts == [3, 2, 3]
    by_day = trend(dated_index, ['"climate change"'], by="day")
    assert by_day.periods[0] == "2021-06-30" and by_day.periods[-1] == "2021-08-16"
    assert len(by_day.periods) == 48  # June 30 to August 16, every day
    assert by_day.series[0].counts[:3] == [3, 1, 0]
    assert trend(dated_index, ["floods"], by="week").periods[0] == "2021-W26"  # (the week of June 28)


def test_undated_matches_are_counted_apart(dated_index):
    found = trend(dated_index, ['"climate change"'], by="month")
    assert (found.undated, found.undated_transcripts) == (2, 2)
    code, out, err, _ = run(commands.trend, queries=['"climate change"'], index=dated_index, by="month")
    assert code == 0 and out.startswith("month ")
    assert err == "soundbite: 2 matching passages in 2 transcripts without a date (YYYY-MM-DD): not in the timeline\n"


def test_the_default_period_follows_the_span(dated_index):
    assert trend(dated_index, ["climate"]).by == "day"  # under three years
    assert trend(dated_index, ["climate"], options=SearchOptions(since="2015", until="2021-08")).by == "month"


def test_since_and_until_set_the_span_and_filter(dated_index):
    found = trend(dated_index, ["climate"], SearchOptions(since="2021-07", until="2021-07"), by="month")
    assert found.periods == ["2021-07"]
    assert found.series[0].counts == [sum(brute_force(dated_index, "climate", "month").get(p, 0) for p in ["2021-07"])]
    whole = trend(dated_index, ["climate"], SearchOptions(since="2021-06-29", until="2021-07-01"), by="day")
    assert whole.periods == ["2021-06-29", "2021-06-30", "2021-07-01"]


def test_several_queries_side_by_side(dated_index):
    found = trend(dated_index, ['"climate change"', "inflation"], by="month")
    assert [s.name for s in found.series] == ['"climate change"', "inflation"]
    assert found.series[1].counts == [brute_force(dated_index, "inflation", "month").get(p, 0) for p in found.periods]
    assert found.series[1].counts == [2, 4, 0]  # July: MSNBC's two passages and the briefing's two


def test_filters_apply(dated_index):
    options = SearchOptions(network="cnn")
    found = trend(dated_index, ["climate"], options, by="month")
    expected = brute_force(dated_index, "climate", "month", options)
    assert found.series[0].counts == [expected.get(p, 0) for p in found.periods] == [2, 0, 2]
    speaker = SearchOptions(speaker="anna lee")
    assert trend(dated_index, ["climate"], speaker, by="year").series[0].counts == [
        brute_force(dated_index, "climate", "year", speaker)["2021"]
    ]


def test_time_and_transcript_filters_apply(timed_trend_index):
    # --after/--before (also counted back from the end) and --transcript, each against every hit's date.
    for options in (
        SearchOptions(after="0:30"),
        SearchOptions(before="0:30"),
        SearchOptions(after="-0:20"),
        SearchOptions(transcript="panel*"),
    ):
        found = trend(timed_trend_index, ["climate OR drought"], options, by="day")
        expected = brute_force(timed_trend_index, "climate OR drought", "day", options)
        assert dict(zip(found.periods, found.series[0].counts, strict=True)) == {
            p: expected.get(p, 0) for p in found.periods
        }, options
        assert sum(found.series[0].counts) == sum(expected.values()) > 0, options


@pytest.fixture(scope="module")
def timed_trend_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timed-dated")
    cues = "".join(
        f"{i}\n00:00:{10 * i:02d}.000 --> 00:00:{10 * i + 8:02d}.000\n<v Ann Lee>{word} item {i}.</v>\n\n"
        for i, word in enumerate(["Climate", "Drought", "Weather", "Climate", "Drought", "Climate"], 1)
    )
    for name, day in (("panel-one", "2022-03-01"), ("panel-two", "2022-03-02"), ("other", "2022-03-02")):
        (folder / f"{name}.vtt").write_text("WEBVTT\n\n" + cues, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps({"date": day, "duration": 70}), encoding="utf-8")
    index = tmp_path_factory.mktemp("timed-dated-index") / "ix"
    assert not index_paths(index, [str(folder)]).skipped
    return index


def test_split_by_network_keeps_the_top_and_sums_the_rest(dated_index):
    everyone = trend(dated_index, ["climate"], by="month", split_by="network")
    # Most matches first, ties by name; a transcript without a network is its own series.
    assert [(s.name, sum(s.counts)) for s in everyone.series] == [
        ("CNN", 4),
        ("(none)", 1),
        ("BBC", 1),
        ("FOXNEWS", 1),
        ("MSNBC", 1),
    ]
    for series in everyone.series:
        network = "" if series.name == "(none)" else series.name
        expected = brute_force(dated_index, "climate", "month", key=lambda h, n=network: h.transcript.meta.network == n)
        assert series.counts == [expected.get(p, 0) for p in everyone.periods], series.name
    found = trend(dated_index, ["climate"], by="month", split_by="network", top=2)
    assert [s.name for s in found.series] == ["CNN", "(none)", "other"]
    rest = brute_force(dated_index, "climate", "month", key=lambda h: h.transcript.meta.network not in ("CNN", ""))
    assert found.series[2].counts == [rest.get(p, 0) for p in found.periods] == [1, 1, 1]


def test_split_by_speaker(dated_index):
    found = trend(dated_index, ['"climate change"'], by="year", split_by="speaker")
    assert {s.name: s.counts for s in found.series} == {
        "Anna Lee": [3],
        "Bob Ray": [2],
        "Dana Oke": [1],
        "Eve Ng": [1],
        "Ms. Psaki": [1],
    }


def test_normalise_divides_by_the_passages_indexed_in_the_period(dated_index):
    found = trend(dated_index, ["inflation"], by="month", normalise=True)
    every = brute_force(dated_index, "*", "month")  # every dated passage
    (series,) = found.series
    assert series.totals == [every.get(p, 0) for p in found.periods]
    assert series.values == pytest.approx([1000 * c / t for c, t in zip(series.counts, series.totals, strict=True)])
    split = trend(dated_index, ["climate"], by="year", split_by="network", normalise=True)
    cnn = next(s for s in split.series if s.name == "CNN")
    cnn_all = brute_force(dated_index, "*", "year", key=lambda h: h.transcript.meta.network == "CNN")
    assert cnn.totals == [cnn_all["2021"]]


def test_smooth_is_a_centred_moving_average(dated_index):
    raw = trend(dated_index, ["climate"], by="day").series[0].counts
    smooth = trend(dated_index, ["climate"], by="day", smooth=3).series[0].values
    assert smooth[0] == pytest.approx((raw[0] + raw[1]) / 2)
    assert smooth[5] == pytest.approx(sum(raw[4:7]) / 3)
    assert smooth[-1] == pytest.approx((raw[-2] + raw[-1]) / 2)


def test_mistakes_are_one_line(dated_index):
    for kwargs, message in [
        ({"by": "fortnight"}, "--by must be one of day, week, month, year"),
        ({"split_by": "network", "queries": ["a", "b"]}, "--split-by takes one query"),
        ({"smooth": 0}, "--smooth must be at least 1"),
    ]:
        with pytest.raises(BadQuery, match=message):
            trend(dated_index, kwargs.pop("queries", ["climate"]), **kwargs)


def test_a_chart_on_a_terminal_a_table_on_a_pipe(dated_index):
    params = {"queries": ['"climate change"', "inflation"], "index": dated_index, "by": "month"}
    code, table, _, _ = run(commands.trend, terminal=False, **params)
    assert code == 0
    assert table == (
        'month    "climate change"  inflation\n'
        "2021-06                 3          2\n"
        "2021-07                 2          4\n"
        "2021-08                 3          0\n"
    )
    env = environment(terminal=True)
    assert commands.run(commands.trend, env, color="never", **params) == 0
    chart = env.stdout.getvalue().splitlines()
    assert chart[0] == "matching passages, by month"
    assert chart[1] == '█ "climate change"   █ inflation'
    assert chart[2].startswith("2021-06 │") and chart[2].endswith(" 3")
    assert chart[3].startswith("        │") and chart[3].endswith(" 2")
    assert chart[-1] == "        │ 0"  # August's inflation: no bar
    # The longest bar is the largest value (July's 4 inflation passages); the others in proportion.
    bars = [line.split("│")[1].rsplit(" ", 1)[0] for line in chart[2:]]
    assert len(bars[3]) == max(map(len, bars))
    assert len(bars[0]) == len(bars[4]) == round(len(bars[3]) * 3 / 4)
    coloured = environment(terminal=True)
    commands.run(commands.trend, coloured, color="always", **params)
    assert "\x1b[" in coloured.stdout.getvalue()


def test_json_and_csv_rows(dated_index):
    params = {"queries": ["inflation"], "index": dated_index, "by": "month"}
    code, out, _, _ = run(commands.trend, json_output=True, **params)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"period": "2021-06", "start": "2021-06-01", "series": "inflation", "passages": 2, "total": None, "value": 2.0},
        {"period": "2021-07", "start": "2021-07-01", "series": "inflation", "passages": 4, "total": None, "value": 4.0},
        {"period": "2021-08", "start": "2021-08-01", "series": "inflation", "passages": 0, "total": None, "value": 0.0},
    ]
    code, out, _, _ = run(commands.trend, csv_output=True, **params)
    assert out.splitlines() == [
        "period,start,series,passages,total,value",
        "2021-06,2021-06-01,inflation,2,,2.0",
        "2021-07,2021-07-01,inflation,4,,4.0",
        "2021-08,2021-08-01,inflation,0,,0.0",
    ]
    code, _, err, _ = run(commands.trend, json_output=True, csv_output=True, **params)
    assert (code, err) == (2, "soundbite: error: --json and --csv: choose one\n")


def test_nothing_matched_is_exit_1(dated_index):
    code, out, err, _ = run(commands.trend, queries=["zeppelin"], index=dated_index, by="month")
    assert (code, err) == (1, "")
    assert out.startswith("month ")  # the timeline, all zeros: an empty period says something here


@pytest.mark.parametrize("output", [{}, {"json_output": True}, {"csv_output": True}])
def test_an_index_where_nothing_is_dated_says_how_to_give_dates_and_exits_1(seed_index, output):
    code, out, err, _ = run(commands.trend, queries=["putin"], index=seed_index, **output)
    assert (code, out) == (1, "")
    assert err == (
        f"soundbite: no transcript in the index at {seed_index} has a date, so there is no timeline: give each "
        "its date (YYYY-MM-DD) as `date` in a sidecar (talk.json beside talk.srt) or in its front matter, then run "
        "soundbite index\n"
    )


def test_search_count_by_month_is_the_same_counts_as_a_table(dated_index):
    code, out, err, _ = run(commands.search, query='"climate change"', index=dated_index, count_by="month")
    assert code == 0
    assert out == "month    passages\n2021-06         3\n2021-07         2\n2021-08         3\n"
    assert err.startswith("soundbite: 2 matching passages in 2 transcripts without a date")
    code, out, _, _ = run(commands.search, query="inflation", index=dated_index, count_by="date", json_output=True)
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0] == {"date": "2021-06-30", "passages": 2}
    assert sum(r["passages"] for r in rows) == sum(brute_force(dated_index, "inflation", "day").values())
    code, out, _, _ = run(commands.search, query="zeppelin", index=dated_index, count_by="year")
    assert (code, out) == (1, "")


@pytest.fixture(scope="module")
def briefings_index(tmp_path_factory):
    from conftest import shared_path

    folder = shared_path("corpus", "speaker-lines", "wh-briefings")
    index = tmp_path_factory.mktemp("briefings") / "ix"
    index_paths(index, [str(folder)])
    return folder, index


@pytest.mark.shared
@pytest.mark.parametrize("word", ["vaccine", "tariff", "Ukraine"])
def test_real_briefings_monthly_timeline_agrees_with_the_files(briefings_index, word):
    import re

    folder, index = briefings_index
    found = trend(index, [word], by="month", split_by="transcript", top=1000)
    # Every match is in a dated transcript: each briefing's front matter has its date.
    assert found.undated == 0
    (total,) = trend(index, [word], by="month").series
    assert dict(zip(found.periods, total.counts, strict=True)) == {
        p: brute_force(index, word, "month").get(p, 0) for p in found.periods
    }
    # Another way: the files whose text has the word (any ending the stemmer folds), by the date in their name.
    pattern = re.compile(rf"\b{word}(s|d|rs)?\b", re.IGNORECASE)
    months_of_files = Counter(
        path.name[:7] for path in folder.glob("*.md") if pattern.search(path.read_text(encoding="utf-8"))
    )
    months_of_series = Counter()
    for series in found.series:
        for period, count in zip(found.periods, series.counts, strict=True):
            if count:
                months_of_series[period] += 1  # a transcript with matches in that month
    assert months_of_series == months_of_files
    assert sum(total.counts) > 0


def test_through_the_installed_command_and_typer(dated_index):

    from typer.testing import CliRunner

    from indexer.cli.app import app

    done = run_soundbite("trend", "inflation", '"climate change"', "--by", "month", "--index", dated_index)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        'month    inflation  "climate change"',
        "2021-06          2                 3",
        "2021-07          4                 2",
        "2021-08          0                 3",
    ]
    assert done.stderr == (
        "soundbite: 2 matching passages in 2 transcripts without a date (YYYY-MM-DD): not in the timeline\n"
    )
    runner = CliRunner()
    wrong = runner.invoke(app, ["trend", "inflation", "--by", "fortnight", "--index", str(dated_index)])
    assert wrong.exit_code == 2 and "'fortnight' is not one of" in " ".join(wrong.output.replace("│", " ").split())
    helped = runner.invoke(app, ["trend", "--help"])
    assert helped.exit_code == 0
    words = " ".join(helped.output.replace("│", " ").split())  # (rich wraps and boxes the help)
    assert "per 1,000 passages indexed in it" in words and "the mean of the N periods around it" in words
    split = runner.invoke(app, ["trend", "a", "b", "--split-by", "network", "--index", str(dated_index)])
    assert split.exit_code == 2 and "--split-by takes one query" in split.output
