"""Schedule files that are hostile or unlucky, by class, and the exact lines ostbot answers.

Built on ``bad_cases.GOOD`` (``[drama]`` on line 1, the release's keys on lines 6-10, keys
added to the release from line 11). Each class is a list of ``Case``s over many variants, so
that a variant nobody listed is likely to be caught by the same rule.
"""

from __future__ import annotations

from bot.domain.text import character_name, printable
from tests.bot.schedules.bad_cases import GOOD, Case, good

SUPPORTED = "(1970-01-01 to 2200-12-31, UTC)"
SKIPS = "does not exist in {zone} (the clocks skip it)"
FRACTION = "times are stored to the second; fractions of a second are not allowed"
NESTED = "invalid TOML: arrays and tables nested more than 400 levels deep"


def case(name: str, text: str, *expected: str) -> Case:
    """One file, ``bad.toml``; the lines as printed (anything harmful in them escaped)."""
    return Case(name, {"bad.toml": text}, [printable(line) for line in expected])


def in_zone(zone: str, text: str = GOOD) -> str:
    """``text`` with a drama time zone: every release line moves down by one."""
    return text.replace('title = "Good Drama"', f'title = "Good Drama"\ntimezone = "{zone}"')


def with_at(at: str, text: str = GOOD) -> str:
    """``text`` with the release's ``date`` line replaced by ``at = ...`` (same line)."""
    return text.replace("date = 2030-01-01", f"at = {at}")


def drama_line(raw: str) -> str:
    """GOOD with ``raw`` added to the drama on line 4."""
    return GOOD.replace('title = "Good Drama"', f'title = "Good Drama"\n{raw}')


# --- instants at the edge of time ------------------------------------------------------------

EDGE_YEARS = ["0001", "0002", "1000", "1969", "2201", "5000", "9999"]
EDGE_ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "America/New_York"]
EDGE_OFFSETS = ["+14:00", "-12:00", "+23:59", "-23:59", "Z"]


def _edge_year_cases() -> list[Case]:
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


def _gap_cases() -> list[Case]:
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


def _nesting_cases() -> list[Case]:
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


# --- text that can do harm ---------------------------------------------------------------------

# (name, the character, how TOML writes it in a basic string)
CHARACTERS = [
    ("NUL", "\x00", "\\u0000"),
    ("BEL", "\x07", "\\u0007"),
    ("BS", "\x08", "\\b"),
    ("TAB", "\t", "\\t"),
    ("CR", "\r", "\\r"),
    ("ESC (TOML 1.1 escape)", "\x1b", "\\e"),
    ("ANSI red", "\x1b", "\\u001b[31m"),
    ("DEL", "\x7f", "\\u007f"),
    ("C1 NEL raw", "\x85", "\x85"),
    ("C1 CSI raw", "\x9b", "\x9b"),
    ("soft hyphen raw", "\u00ad", "\u00ad"),
    ("ALM", "\u061c", "\\u061c"),
    ("ZWSP raw", "\u200b", "\u200b"),
    ("LRM", "\u200e", "\\u200e"),
    ("RLM raw", "\u200f", "\u200f"),
    ("LRE", "\u202a", "\\u202a"),
    ("RLE raw", "\u202b", "\u202b"),
    ("PDF", "\u202c", "\\u202c"),
    ("LRO", "\u202d", "\\u202d"),
    ("RLO raw", "\u202e", "\u202e"),
    ("line separator", "\u2028", "\\u2028"),
    ("paragraph separator raw", "\u2029", "\u2029"),
    ("word joiner", "\u2060", "\\u2060"),
    ("LRI raw", "\u2066", "\u2066"),
    ("RLI", "\u2067", "\\u2067"),
    ("FSI", "\u2068", "\\u2068"),
    ("PDI raw", "\u2069", "\u2069"),
    ("BOM inside text", "\ufeff", "\\ufeff"),
    ("tag letter", "\U000e0041", "\\U000E0041"),
    ("Hangul filler raw", "\u3164", "\u3164"),
]


def _name(char: str) -> str:
    return character_name(char)  # the names themselves are tested in tests/bot/domain


def harm(char: str) -> str:
    """The message for ``char``, as the rules word it."""
    if char == "\n":
        return f"contains {_name(char)}, a line break; write it on one line"
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        return f"contains {_name(char)}, a control character; remove it"
    return (
        f"contains {_name(char)}, an invisible character that can hide or reorder text; remove it"
    )


# (field, a file with {} where the TOML-written text goes, its line, its label)
PLACES = [
    ("drama.id", GOOD.replace('id = "good"', 'id = "go{}od"'), 2, "drama.id"),
    (
        "drama.title",
        GOOD.replace('title = "Good Drama"', 'title = "Good{} Drama"'),
        3,
        "drama.title",
    ),
    ("title_native", drama_line('title_native = "사랑{}"'), 4, "drama.title_native"),
    ("cast", drama_line('cast = ["Park Hyung Sik", "Han{} So Hee"]'), 4, "drama.cast"),
    ("synopsis", drama_line('synopsis = "A story{}"'), 4, "drama.synopsis"),
    ("timezone", drama_line('timezone = "Asia/Seoul{}"'), 4, "drama.timezone"),
    ("sources", drama_line('sources = ["https://example.com/{}"]'), 4, "drama.sources"),
    ("release.id", GOOD.replace('id = "part-1"', 'id = "part{}-1"'), 6, "release[0].id"),
    ("release.title", good(title='"First{}"'), 8, "release[0].title"),
    ("artists", good(artists='["Singer", "Kim{}"]'), 9, "release[0].artists"),
    ("notes", good(notes='"Notes{}"'), 11, "release[0].notes"),
    ("mv", good(mv='"https://youtu.be/x{}"'), 11, "release[0].mv"),
    (
        "link url",
        good(links='{ melon = "https://www.melon.com/{}" }'),
        11,
        "release[0].links.melon",
    ),
    ("credit name", good(credits='{ producer = ["DOKO{}"] }'), 11, "release[0].credits.producer"),
]


def _harm_cases() -> list[Case]:
    cases = []
    for label, char, written in CHARACTERS:
        for place, template, line, field in PLACES:
            message = harm(char)
            text = template.replace("{}", written)
            cases.append(case(f"{label} in {place}", text, f"bad.toml:{line}: {field}: {message}"))
        raw_key = char if written == char else None
        if raw_key is not None:  # quoted keys: TOML allows these raw
            cases += [
                case(
                    f"{label} in a link's name",
                    good(links=f'{{ "mel{char}on" = "https://www.melon.com/x" }}'),
                    f"bad.toml:11: release[0].links.mel{char}on: "
                    f'the name "mel{_json(char)}on" {harm(char)}',
                ),
                case(
                    f"{label} in a credit's role",
                    good(credits=f'{{ "prod{char}" = ["DOKO"] }}'),
                    f"bad.toml:11: release[0].credits.prod{char}: "
                    f'the name "prod{_json(char)}" {harm(char)}',
                ),
                case(
                    f"{label} in an unknown release key",
                    good(**{f'"ti{char}tle"': '"x"'}),
                    f"bad.toml:11: release[0].ti{char}tle: unknown key; it {harm(char)}",
                ),
                case(
                    f"{label} in a comment",
                    GOOD.replace("[[release]]", f"# reviewed{char}\n[[release]]"),
                    f"bad.toml:5: comment: {harm(char)}",
                ),
            ]
    return cases


def _json(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else char


LINE_BREAKS = [
    case(
        "a line feed in a title",
        good(title='"Part\\nOne"'),
        f"bad.toml:8: release[0].title: {harm(chr(10))}",
    ),
    case(
        "a multi-line title",
        good(title='"""Part\nOne"""'),
        f"bad.toml:8: release[0].title: {harm(chr(10))}",
    ),
    case(
        "a line feed in an artist",
        good(artists='["A\\nB"]'),
        f"bad.toml:9: release[0].artists: {harm(chr(10))}",
    ),
    case(
        "a line feed in a link",
        good(mv='"https://youtu.be/a\\nb"'),
        f"bad.toml:11: release[0].mv: {harm(chr(10))}",
    ),
    case(
        "a CR line break in notes",
        good(notes='"one\\r\\ntwo"'),
        f"bad.toml:11: release[0].notes: {harm(chr(13))}",
    ),
]

# --- host-dependent zones ----------------------------------------------------------------------

HOST = 'depends on the machine ostbot runs on; name the drama\'s zone, such as "Asia/Seoul"'
ZONE_CASES = [
    *(
        case(
            f"zone {zone}",
            drama_line(f'timezone = "{zone}"'),
            f'bad.toml:4: drama.timezone: "{zone}" {HOST}',
        )
        for zone in ("localtime", "posixrules", "Factory")
    ),
    *(
        case(
            f"zone {zone}",
            drama_line(f'timezone = "{zone}"'),
            f'bad.toml:4: drama.timezone: "{zone}" is not an IANA time zone name{hint}',
        )
        for zone, hint in (
            ("/etc/localtime", ""),
            ("../../../../etc/localtime", ""),
            ("/usr/share/zoneinfo/Asia/Seoul", ""),
            ("posix/Asia/Seoul", ' (did you mean "Asia/Seoul"?)'),
            ("right/UTC", ' (did you mean "Etc/UTC"?)'),
            ("Asia/../Asia/Seoul", ' (did you mean "Asia/Seoul"?)'),
        )
    ),
]

# --- links without a real host -------------------------------------------------------------------

NO_HOST = "has no valid host name: give a full one, such as https://www.youtube.com/..."
BAD_LINKS = [
    ("https://", NO_HOST),
    ("https://x", NO_HOST),
    ("https://x/", NO_HOST),
    ("https://localhost/song", NO_HOST),
    ("https://1.2.3.4/song", NO_HOST),
    ("https://[::1]/song", NO_HOST),
    ("https://.com/x", NO_HOST),
    ("https://com./x", NO_HOST),
    ("https://a..b.com/x", NO_HOST),
    ("https://-bad.com/x", NO_HOST),
    ("https://bad-.com/x", NO_HOST),
    ("https://under_score.com/x", NO_HOST),
    ("https://youtu.be:99999/x", NO_HOST),
    ("https://youtu.be:/x", NO_HOST),
    ("https://youtu.be\\\\@evil.com/x", 'contains a backslash; links use "/"'),
    ("https://evil.com\\\\.youtu.be/x", 'contains a backslash; links use "/"'),
    ("https:///path", NO_HOST),
    ("https://?q=1", NO_HOST),
    ("https://#frag", NO_HOST),
    ("https://user@youtu.be/x", "carries a user name or password (user@); leave it out"),
    ("https://user:secret@youtu.be/x", "carries a user name or password (user@); leave it out"),
    ("https://youtu.be/a b", "contains a space; write it as %20"),
    ("https://you tu.be/x", "contains a space; write it as %20"),
    ("https://youtu.be/\\u3000x", "contains a space; write it as %20"),
    ("http://youtu.be/x", "is not an https:// URL"),
    ("HTTPS://youtu.be/x", "is not an https:// URL"),
    ("javascript:alert(1)", "is not an https:// URL"),
    ("//youtu.be/x", "is not an https:// URL"),
    ("youtu.be/x", "is not an https:// URL"),
]


def _link_cases() -> list[Case]:
    cases = []
    for url, problem in BAD_LINKS:
        shown = url.replace("\\\\", "\\").replace("\\u3000", "\u3000")
        quoted = '"' + shown.replace("\\", "\\\\") + '"'
        cases.append(
            case(
                f"mv {url}", good(mv=f'"{url}"'), f"bad.toml:11: release[0].mv: {quoted} {problem}"
            )
        )
        cases.append(
            case(
                f"link {url}",
                good(links=f'{{ melon = "{url}" }}'),
                f"bad.toml:11: release[0].links.melon: {quoted} {problem}",
            )
        )
    cases.append(
        case(
            "a source without a host",
            drama_line('sources = ["https://x"]'),
            f'bad.toml:4: drama.sources: "https://x" {NO_HOST}',
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


CLASSES: dict[str, list[Case]] = {
    "edge years": _edge_year_cases(),
    "edge range": EDGE_RANGE,
    "gaps": _gap_cases(),
    "fractions": FRACTION_CASES,
    "nesting": _nesting_cases(),
    "harm": _harm_cases(),
    "line breaks": LINE_BREAKS,
    "zones": ZONE_CASES,
    "links": _link_cases(),
    "encodings": ENCODING_CASES,
    "sizes": SIZE_CASES,
}
INPUT_CASES = [c for cases in CLASSES.values() for c in cases]

# Through the command line: every class, and of the character matrix each character once and
# each place once (the parser test above covers the whole matrix; a CLI run costs more).
_HARM_SAMPLE = {
    f"{label} in {PLACES[i % len(PLACES)][0]}" for i, (label, _, _) in enumerate(CHARACTERS)
}
_HARM_SAMPLE |= {
    f"{CHARACTERS[i % len(CHARACTERS)][0]} in {place[0]}" for i, place in enumerate(PLACES)
}
CLI_CASES = [
    c
    for c in INPUT_CASES
    if c not in CLASSES["harm"] or c.name in _HARM_SAMPLE or " in a " in c.name
]
