"""Hostile schedule files about time, nesting, encodings and size, and their exact lines."""

from __future__ import annotations

from tests.bot.schedules.bad_cases import GOOD, Case, good
from tests.bot.schedules.case_helpers import case, in_zone, with_at

SUPPORTED = "(1970-01-01 to 2200-12-31, UTC)"
SKIPS = "does not exist in {zone} (the clocks skip it)"
FRACTION = "times are stored to the second; fractions of a second are not allowed"
NESTED = "invalid TOML: arrays and tables nested more than 400 levels deep"

# --- instants at the edge of time ------------------------------------------------------------

EDGE_YEARS = ["0001", "0002", "1000", "1969", "2201", "5000", "9999"]
EDGE_ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "America/New_York"]
EDGE_OFFSETS = ["+14:00", "-12:00", "+23:59", "-23:59", "Z"]


def edge_year_cases() -> list[Case]:
    cases = []
    for year in EDGE_YEARS:
        out = f"year {int(year)} is outside the supported range (1970 to 2200)"
        forms = {
            "date": (f"date = {year}-12-31", "date"),
            "local at": (f"at = {year}-12-31T23:59:59", "at"),
            "string date": (f'date = "{year}-01-01"', "date"),
            "string at": (f'at = "{year}-01-01T00:00:00"', "at"),
            **{
                f"at {offset}": (f"at = {year}-01-01T00:00:00{offset}", "at")
                for offset in EDGE_OFFSETS
            },
            "at 23:59:59 -12:00": (f"at = {year}-12-31T23:59:59-12:00", "at"),
        }
        for form, (line, key) in forms.items():
            text = GOOD.replace("date = 2030-01-01", line)
            cases.append(
                case(f"year {year}, {form}", text, f"bad.toml:10: release[0].{key}: {out}")
            )
        for zone in EDGE_ZONES:
            text = in_zone(zone, GOOD.replace("date = 2030-01-01", f"date = {year}-12-31"))
            cases.append(
                case(f"year {year} in {zone}", text, f"bad.toml:11: release[0].date: {out}")
            )
    return cases


EDGE_RANGE = [
    case(
        "1970-01-01 00:00 at +09:00 is before 1970 in UTC",
        with_at("1970-01-01T00:00:00+09:00"),
        "bad.toml:10: release[0].at: 1970-01-01T00:00:00+09:00 is 1969-12-31 15:00 UTC, "
        f"before the supported range {SUPPORTED}",
    ),
    case(
        "a local 1970-01-01 in a zone east of UTC",
        in_zone("Etc/GMT-14", with_at("1970-01-01T09:00:00")),
        "bad.toml:11: release[0].at: 1970-01-01 09:00 in Etc/GMT-14 is 1969-12-31 19:00 UTC, "
        f"before the supported range {SUPPORTED}",
    ),
    case(
        "a date on the last day, far west: 18:00 there is 2201 in UTC",
        in_zone("Etc/GMT+12", good(date="2200-12-31")),
        "bad.toml:11: release[0].date: 2200-12-31 18:00 in Etc/GMT+12 is 2201-01-01 06:00 UTC, "
        f"after the supported range {SUPPORTED}",
    ),
    case(
        "the last day at -01:00",
        with_at("2200-12-31T23:30:00-01:00"),
        "bad.toml:10: release[0].at: 2200-12-31T23:30:00-01:00 is 2201-01-01 00:30 UTC, "
        f"after the supported range {SUPPORTED}",
    ),
    case(
        "several releases: each edge reported on its own line",
        GOOD.replace("date = 2030-01-01", "date = 9999-01-01")
        + '\n[[release]]\nid = "p2"\nartists = ["B"]\nat = 0001-01-01T00:00:00Z\n',
        "bad.toml:10: release[0].date: year 9999 is outside the supported range (1970 to 2200)",
        "bad.toml:15: release[1].at: year 1 is outside the supported range (1970 to 2200)",
    ),
]

# --- local times that do not exist ---------------------------------------------------------------

GAPS = [
    ("America/New_York", "2027-03-14T02:30:00"),
    ("America/New_York", "2027-03-14T02:00:00"),
    ("America/New_York", "2027-03-14T02:59:59"),
    ("Europe/London", "2027-03-28T01:30:00"),
    ("Europe/Berlin", "2026-03-29T02:15:00"),
    ("Australia/Sydney", "2026-10-04T02:30:00"),
    ("America/Santiago", "2026-09-06T00:30:00"),
    ("Pacific/Auckland", "2026-09-27T02:45:00"),
]


def gap_cases() -> list[Case]:
    cases = []
    for zone, local in GAPS:
        wall = local.replace("T", " ")[:16]
        message = f"bad.toml:11: release[0].at: {wall} {SKIPS.format(zone=zone)}"
        cases.append(case(f"gap {zone} {local}", in_zone(zone, with_at(local)), message))
        string = in_zone(zone, with_at(f'"{local}"'))
        cases.append(case(f"gap {zone} {local} as a string", string, message))
    return cases


# --- fractions of a second -----------------------------------------------------------------------

FRACTIONS = [
    "2026-12-30T18:00:00.5+09:00",
    "2026-12-30T18:00:00.000001+09:00",
    "2026-12-30T18:00:00.999999Z",
    "2026-12-30T18:00:00.5",
    "2026-12-30 18:00:00.25+09:00",
    '"2026-12-30T18:00:00.5+09:00"',
]
FRACTION_CASES = [
    *(
        case(f"fraction {at}", with_at(at), f"bad.toml:10: release[0].at: {FRACTION}")
        for at in FRACTIONS
    ),
    case(
        "a fraction in the second release names its own line",
        GOOD + '\n[[release]]\nid = "p2"\nartists = ["B"]\nat = 2026-12-30T18:00:00.5+09:00\n',
        f"bad.toml:15: release[1].at: {FRACTION}",
    ),
]

# --- deeply nested TOML ------------------------------------------------------------------------


def nesting_cases() -> list[Case]:
    cases = []
    for depth in (402, 1000, 5000):
        shapes = {
            "arrays": "[" * depth + "]" * depth,
            "inline tables": "{a = " * depth + "1" + "}" * depth,
            "arrays of tables": "[{a = " * (depth // 2 + 1) + "1" + "}]" * (depth // 2 + 1),
        }
        for shape, value in shapes.items():
            cases.append(
                case(
                    f"{depth} nested {shape}",
                    good(notes=value),
                    f"bad.toml:11: release[0].notes: {NESTED}",
                )
            )
    many_lines = good(credits="[\n" + "[\n" * 450 + "]\n" * 451)
    cases.append(
        case(
            "nesting over many lines names the line it goes too deep",
            many_lines,
            f"bad.toml:410: release[0].credits: {NESTED}",
        )
    )
    keys = ".".join(["a"] * 1500)
    cases.append(
        case(
            "a key of 1,500 dotted parts",
            GOOD + f"{keys} = 1\n",
            "bad.toml:11: release[0].a: invalid TOML: a key of more than 1,000 dotted parts",
        )
    )
    return cases


# --- encodings, sizes --------------------------------------------------------------------------

ENCODING_CASES = [
    Case(
        "a byte-order mark before a bad file: lines still count from the first",
        {"bad.toml": b"\xef\xbb\xbf" + good(part="0").encode()},
        ["bad.toml:7: release[0].part: 0 is out of range (1 to 999)"],
    ),
    Case(
        "UTF-16 with its byte-order mark",
        {"bad.toml": GOOD.encode("utf-16")},
        ["bad.toml:1: file: is UTF-16 text, not UTF-8: save it as UTF-8"],
    ),
    Case(
        "Latin-1 on line 8",
        {"bad.toml": good(title='"Caf\xe9"').encode("latin-1")},
        [
            "bad.toml:8: file: is not UTF-8 text (invalid continuation byte in column 13):"
            " save it as UTF-8"
        ],
    ),
    Case(
        "a lone UTF-8 continuation byte on line 9",
        {"bad.toml": good().encode().replace(b'["Singer"]', b'["Sing\x80er"]')},
        ["bad.toml:9: file: is not UTF-8 text (invalid start byte in column 17): save it as UTF-8"],
    ),
    Case(
        "a file cut inside a character",
        {"bad.toml": (GOOD + 'notes = "사랑').encode()[:-1]},
        [
            "bad.toml:11: file: is not UTF-8 text (unexpected end of data in column 13):"
            " save it as UTF-8"
        ],
    ),
]

BIG = 4 * 1024 * 1024
SIZE_CASES = [
    Case(
        "a file over 4 MiB",
        {"bad.toml": GOOD + "# " + "x" * BIG + "\n"},
        [
            f"bad.toml:1: file: is {len(GOOD) + BIG + 3:,} bytes;"
            f" a schedule file may be at most {BIG:,} bytes"
        ],
    ),
    case(
        "a one-megabyte title on one line",
        good(title='"' + "t" * 1_000_000 + '"'),
        "bad.toml:8: release[0].title: is 1000000 characters long; the limit is 200",
    ),
    case(
        "a long unknown key is shortened in the line",
        good(**{"k" * 5000: "1"}),
        "bad.toml:11: release[0]." + "k" * 79 + "…: unknown key",
    ),
    case(
        "a long bad status is shortened in the line",
        good(status='"' + "s" * 5000 + '"'),
        'bad.toml:11: release[0].status: "' + "s" * 79 + '…" is not a valid status'
        " (one of: scheduled, postponed, cancelled)",
    ),
    case(
        "a number of 5,000 digits",
        good(part="9" * 5000),
        "bad.toml:7: release[0].part: invalid TOML:"
        " a number has more digits than Python reads (4,300)",
    ),
]
