"""How well upper-case soundbite labels split into name and role, on a list of labels written for the purpose.

    python bench/name_split.py            # accuracy, then every label it gets wrong

`tests/data/soundbite-labels.tsv` holds labels in the seed shape (`JANE
DOE-ROE EMERGENCY NURSE`) with names from many languages and the name and
role a person would write. Two figures: the split (where the name ends, by
words) and the exact strings (capitalisation too). No transcript text is
given, so no mixed-case mention helps: this is the fallback's accuracy.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.transcripts.names import split_name_title  # noqa: E402

LISTS = {
    "labels the rules were written against": ROOT / "tests" / "data" / "soundbite-labels.tsv",
    "held-out labels, written after the rules": ROOT / "tests" / "data" / "soundbite-labels-held-out.tsv",
}


def labels(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, name, role = line.split("\t")
            rows.append((label, name, role))
    return rows


def score(path: Path) -> tuple[int, int, int, list[str]]:
    rows = labels(path)
    split_right = exact = 0
    wrong = []
    for label, name, role in rows:
        got_name, got_role = split_name_title(label)
        if len(got_name.split()) == len(name.split()):
            split_right += 1
        if (got_name, got_role) == (name, role):
            exact += 1
        else:
            wrong.append(f"{label!r}: {got_name!r} / {got_role!r} (want {name!r} / {role!r})")
    return len(rows), split_right, exact, wrong


def main() -> None:
    for title, path in LISTS.items():
        total, split_right, exact, wrong = score(path)
        split_share, exact_share = split_right / total, exact / total
        print(f"{title}: {total}, split right {split_right} ({split_share:.0%}), exact {exact} ({exact_share:.0%})")
        for line in wrong:
            print("  " + line)


if __name__ == "__main__":
    main()
