"""A corpus of malformed schedule files and the exact lines ostbot must answer with.

Each case is a set of files (name → text) and the problem lines expected, in order. Texts are
built from ``GOOD`` so line numbers are easy to check by eye: in ``GOOD`` the ``[drama]`` header
is line 1 and the first ``[[release]]`` header is line 5.
"""

from __future__ import annotations

from dataclasses import dataclass

GOOD = """\
[drama]
id = "good"
title = "Good Drama"

[[release]]
id = "part-1"
part = 1
title = "First"
artists = ["Singer"]
date = 2030-01-01
"""


def good(drama_id: str = "good", **release: str) -> str:
    """GOOD with a different drama id, and release lines replaced or added (key → raw TOML)."""
    text = GOOD.replace('id = "good"', f'id = "{drama_id}"')
    for key, raw in release.items():
        lines = text.splitlines()
        for i, line in enumerate(lines[5:], start=5):
            if line.startswith(f"{key} ="):
                lines[i] = f"{key} = {raw}"
                break
        else:
            lines.append(f"{key} = {raw}")
        text = "\n".join(lines) + "\n"
    return text


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    expected: list[str]


def case(name: str, text: str, *expected: str) -> Case:
    return Case(name, {"bad.toml": text}, list(expected))


CASES = [
    case(
        "bad TOML: unclosed string",
        '[drama]\nid = "x\ntitle = "X"\n',
        "bad.toml:2: drama.id: invalid TOML: a string is not closed before the end of the line",
    ),
    case(
        "bad TOML: date literal out of range",
        good(date="2021-13-30"),
        "bad.toml:10: release[0].date: 2021-13-30 is not a valid date",
    ),
    case(
        "bad TOML: duplicate key",
        GOOD.replace('title = "Good Drama"', 'title = "A"\ntitle = "B"'),
        "bad.toml:4: drama.title: invalid TOML: cannot overwrite a value",
    ),
    case("empty file", "", "bad.toml:1: drama: is missing: start the file with a [drama] table"),
    case(
        "drama is not a table",
        'drama = "good"\n',
        "bad.toml:1: drama: must be a table, not a string: start the file with a [drama] table",
    ),
    case(
        "drama id missing",
        GOOD.replace('id = "good"\n', ""),
        "bad.toml:1: drama.id: is required",
    ),
    case(
        "drama id not a slug",
        good(drama_id="Good Drama"),
        'bad.toml:2: drama.id: "Good Drama" is not a slug: use only a-z, 0-9 and -',
    ),
    case(
        "drama title of the wrong type",
        GOOD.replace('title = "Good Drama"', "title = 2022"),
        "bad.toml:3: drama.title: must be a string, not a number",
    ),
    case(
        "drama title empty",
        GOOD.replace('title = "Good Drama"', 'title = "  "'),
        "bad.toml:3: drama.title: must not be empty",
    ),
    case(
        "year out of range",
        GOOD.replace('title = "Good Drama"', 'title = "Good Drama"\nyear = 20222'),
        "bad.toml:4: drama.year: 20222 is out of range (1900 to 2100)",
    ),
    case(
        "year as a string",
        GOOD.replace('title = "Good Drama"', 'title = "Good Drama"\nyear = "2022"'),
        "bad.toml:4: drama.year: must be a whole number, not a string",
    ),
    case(
        "unknown time zone",
        GOOD.replace('title = "Good Drama"', 'title = "Good Drama"\ntimezone = "Asia/Seol"'),
        'bad.toml:4: drama.timezone: "Asia/Seol" is not an IANA time zone name'
        ' (did you mean "Asia/Seoul"?)',
    ),
    case(
        "unknown drama key",
        GOOD.replace('title = "Good Drama"', 'titel = "Good Drama"'),
        "bad.toml:1: drama.title: is required",
        'bad.toml:3: drama.titel: unknown key (did you mean "title"?)',
    ),
    case(
        "unknown top-level key",
        GOOD.replace("[[release]]", "[[releases]]"),
        'bad.toml:5: releases: unknown key (did you mean "release"?)',
    ),
    case(
        "release as a single table",
        GOOD.replace("[[release]]", "[release]"),
        "bad.toml:5: release: must be an array of tables: write each one as [[release]]",
    ),
    case(
        "release id missing",
        GOOD.replace('id = "part-1"\n', ""),
        "bad.toml:5: release[0].id: is required",
    ),
    case(
        "duplicate release id",
        GOOD + '\n[[release]]\nid = "part-1"\nartists = ["Other"]\n',
        'bad.toml:13: release[1].id: "part-1" is already used by release[0]',
    ),
    case(
        "duplicate part",
        GOOD + '\n[[release]]\nid = "part-2"\npart = 1\nartists = ["Other"]\n',
        "bad.toml:14: release[1].part: 1 is already used by release[0]",
    ),
    case("part zero", good(part="0"), "bad.toml:7: release[0].part: 0 is out of range (1 to 999)"),
    case(
        "part as a string",
        good(part='"1"'),
        "bad.toml:7: release[0].part: must be a whole number, not a string",
    ),
    case(
        "artists empty",
        good(artists="[]"),
        "bad.toml:9: release[0].artists: must name at least one",
    ),
    case(
        "artists missing",
        GOOD.replace('artists = ["Singer"]\n', ""),
        "bad.toml:5: release[0].artists: is required",
    ),
    case(
        "artist name empty",
        good(artists='["Singer", ""]'),
        "bad.toml:9: release[0].artists: must not be empty",
    ),
    case(
        "artists as a string",
        good(artists='"Singer"'),
        "bad.toml:9: release[0].artists: must be a list of names, not a string",
    ),
    case(
        "artist key misspelt",
        GOOD.replace("artists =", "artist ="),
        "bad.toml:5: release[0].artists: is required",
        'bad.toml:9: release[0].artist: unknown key (did you mean "artists"?)',
    ),
    case(
        "date as an invalid string",
        good(date='"2021-13-30"'),
        'bad.toml:10: release[0].date: "2021-13-30" is not a valid date',
    ),
    case(
        "both at and date",
        good(at="2030-01-01T18:00:00+09:00"),
        "bad.toml:10: release[0].date: give either at or date, not both",
    ),
    case(
        "at given a date alone",
        GOOD.replace("date = 2030-01-01", "at = 2030-01-01"),
        "bad.toml:10: release[0].at: must be a date-time, not a date (for a date alone, write date = ...)",
    ),
    case(
        "date given a date-time",
        good(date="2030-01-01T18:00:00"),
        "bad.toml:10: release[0].date: must be a date, not a date-time (for a time, write at = ...)",
    ),
    case(
        "at given a time of day",
        GOOD.replace("date = 2030-01-01", "at = 18:00:00"),
        "bad.toml:10: release[0].at: must be a date-time, not a time of day",
    ),
    case(
        "mv over http",
        good(mv='"http://youtu.be/x"'),
        'bad.toml:11: release[0].mv: "http://youtu.be/x" is not an https:// URL',
    ),
    case(
        "link over http",
        good(links='{ melon = "http://melon.com/x" }'),
        'bad.toml:11: release[0].links.melon: "http://melon.com/x" is not an https:// URL',
    ),
    case(
        "link of the wrong type",
        good(links="{ melon = 5 }"),
        "bad.toml:11: release[0].links.melon: must be an https:// URL string, not a number",
    ),
    case(
        "link service name with spaces",
        good(links='{ "Melon Music" = "https://melon.com/x" }'),
        'bad.toml:11: release[0].links.Melon Music: "Melon Music" is not a valid name:'
        " use a-z, 0-9, _ and -",
    ),
    case(
        "credit names not a list",
        good(credits='{ producer = "DOKO" }'),
        "bad.toml:11: release[0].credits.producer: must be a list of names, not a string",
    ),
    case(
        "genre too long",
        good(genre='"' + "g" * 101 + '"'),
        "bad.toml:11: release[0].genre: is 101 characters long; the limit is 100",
    ),
    case(
        "genre not a string",
        good(genre='["ballad"]'),
        "bad.toml:11: release[0].genre: must be a string, not a list",
    ),
    case(
        "notes too long",
        good(notes='"' + "n" * 501 + '"'),
        "bad.toml:11: release[0].notes: is 501 characters long; the limit is 500",
    ),
    case(
        "synopsis too long",
        GOOD.replace('title = "Good Drama"', f'title = "Good Drama"\nsynopsis = "{"s" * 1001}"'),
        "bad.toml:4: drama.synopsis: is 1001 characters long; the limit is 1000",
    ),
    case(
        "release title too long",
        good(title='"' + "t" * 201 + '"'),
        "bad.toml:8: release[0].title: is 201 characters long; the limit is 200",
    ),
    case(
        "status misspelt",
        good(status='"canceled"'),
        'bad.toml:11: release[0].status: "canceled" is not a valid status (did you mean "cancelled"?)',
    ),
    case(
        "source over http",
        GOOD.replace('title = "Good Drama"', 'title = "Good Drama"\nsources = ["http://x.kr"]'),
        'bad.toml:4: drama.sources: "http://x.kr" is not an https:// URL',
    ),
    case(
        "every problem of a file in one run",
        good(part="-1", mv='"ftp://x"', status='"gone"'),
        "bad.toml:7: release[0].part: -1 is out of range (1 to 999)",
        'bad.toml:11: release[0].mv: "ftp://x" is not an https:// URL',
        'bad.toml:12: release[0].status: "gone" is not a valid status'
        " (one of: scheduled, postponed, cancelled)",
    ),
    Case(
        "duplicate drama ids across files",
        {"a.toml": GOOD, "b.toml": GOOD},
        ['b.toml:2: drama.id: "good" is already used by a.toml'],
    ),
    Case(
        "one good file and one bad",
        {"a.toml": good("fine"), "b.toml": good(part='"two"')},
        ["b.toml:7: release[0].part: must be a whole number, not a string"],
    ),
    Case(
        "not UTF-8",
        {"bad.toml": '[drama]\nid = "caf\xe9"\n'.encode("latin-1")},
        [
            "bad.toml:2: file: is not UTF-8 text (invalid continuation byte in column 10): save it as UTF-8"
        ],
    ),
]
