"""Hostile schedule files about text: harmful characters, line breaks, host-dependent zones,
links without a real host; and their exact lines."""

from __future__ import annotations

from bot.domain.text import character_name
from tests.bot.schedules.bad_cases import GOOD, Case, good
from tests.bot.schedules.case_helpers import case, drama_line

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


def harm_cases() -> list[Case]:
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


def link_cases() -> list[Case]:
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
