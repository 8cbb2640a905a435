"""A property of the schedule parser, over generated input: it returns a schedule within the
documented rules, or raises ScheduleError with ``file:line`` problems; never anything else.

Two generators: TOML-ish text (fragments of the format, brackets, quotes, dates, harmful
characters, deep nesting) and structurally valid documents whose values are drawn from the
edges (years 1-9999, any offset, any zone, control characters, fractions, nested arrays).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.domain import Schedule, ScheduleError
from bot.domain.text import refused_character
from bot.domain.timing import EARLIEST, LATEST
from bot.schedules import parse_text
from bot.schedules.loader import SourceFile, parse_bytes

NAME = "gen.toml"
# Thousands of documents in all, within ~15 s on the project's machine.
PROPERTY = settings(
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROBLEM_LINE = re.compile(r"gen\.toml:[1-9]\d*: [^\n]+: [^\n]+")

HARMFUL = "\x00\x1b\x7f\x85\x9b\u00ad\u200b\u200e\u202e\u2028\u2066\u2069\ufeff\u3164"
FRAGMENTS = [
    "[drama]\n",
    "[[release]]\n",
    "[release]\n",
    "[release.links]\n",
    'id = "d"\n',
    'title = "T"\n',
    'artists = ["A"]\n',
    "date = 2030-01-01\n",
    "at = 2030-01-01T18:00:00\n",
    "at = 0001-01-01T00:00:00+14:00\n",
    "at = 9999-12-31T23:59:59-12:00\n",
    "at = 2026-12-30T18:00:00.5+09:00\n",
    'timezone = "Pacific/Kiritimati"\n',
    'timezone = "localtime"\n',
    'mv = "https://x"\n',
    "links = { melon = ",
    "credits = {",
    "= ",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'''",
    '"""',
    "#",
    ",",
    ".",
    "\n",
    "\r\n",
    "\\u001b",
    "\\e",
    "\ufeff",
    "[" * 450,
    "{a=" * 450,
    "9" * 4400,
    "a." * 1100,
]
toml_ish = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=st.sampled_from("abz09-_=[]{}\"',.:#\n\t +TZ" + HARMFUL), max_size=12),
    ),
    max_size=40,
).map("".join)


def check_outcome(text: str) -> None:
    """The property: a schedule within the rules, or ScheduleError of file:line problems."""
    try:
        schedule = parse_text(text, NAME)
    except ScheduleError as error:
        event("refused")
        assert error.problems  # noqa: PT017 - either outcome is allowed; this one is checked
        for problem in error.problems:
            line = str(problem)
            assert PROBLEM_LINE.fullmatch(line), line
            assert refused_character(line) is None, line
            assert problem.line <= text.count("\n") + 2
        return
    event("accepted")
    within_rules(schedule)


def within_rules(schedule: Schedule) -> None:
    for release in schedule.releases:
        if release.at is not None:
            assert EARLIEST <= release.at <= LATEST
            assert release.at.microsecond == 0
        for value in (release.title, release.notes, release.mv, *release.artists):
            assert value is None or refused_character(value, newlines=True) is None


@PROPERTY
@given(toml_ish)
def test_toml_ish_text_gives_a_schedule_or_problem_lines(text: str):
    """Arbitrary TOML-ish text never raises anything but ScheduleError."""
    check_outcome(text)


@PROPERTY
@given(st.binary(max_size=200) | toml_ish.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_give_a_schedule_or_problem_lines(data: bytes):
    """Bytes in any encoding (or none) never raise anything but ScheduleError."""
    try:
        parse_bytes(SourceFile(NAME, data))
    except ScheduleError as error:
        assert all(PROBLEM_LINE.fullmatch(str(p)) for p in error.problems)  # noqa: PT017


# --- structurally valid documents with values from the edges ------------------------------

offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
edge_years = (
    st.sampled_from([1, 2, 1969, 1970, 2026, 2200, 2201, 9998, 9999])
    | st.integers(1970, 2200)
    | st.integers(1, 9999)
)
days = st.builds(date, edge_years, st.integers(1, 12), st.integers(1, 28))
clocks = st.builds(
    time,
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from([0, 0, 0, 0, 0, 0, 0, 1, 500000, 999999]),
)
instants = st.builds(
    lambda day, clock, zone: datetime.combine(day, clock, tzinfo=zone),
    days,
    clocks,
    st.none() | st.just(UTC) | offsets,
)
hostile_texts = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]) | st.sampled_from(HARMFUL + "\n"),
    min_size=1,
    max_size=30,
)
# Ordinary names half the time, so that many documents are accepted and their values checked.
ordinary = st.sampled_from(["Kyuhyun", "사랑인가 봐", "Park Bo Ram", "👩\u200d🎤"])
texts = st.one_of(ordinary, ordinary, hostile_texts)
zones = st.sampled_from(
    [
        "Asia/Seoul",
        "Pacific/Kiritimati",
        "Etc/GMT+12",
        "Etc/GMT-14",
        "America/New_York",
        "Europe/London",
        "localtime",
        "Factory",
        "/etc/localtime",
        "Mars/Base",
    ]
)
good_urls = st.sampled_from(["https://youtu.be/x", "https://www.melon.com/a?b=1"])
urls = st.one_of(
    good_urls,
    good_urls,
    st.sampled_from(["https://", "https://x", "https://a@b.com", "http://a.com"]),
    texts.map(lambda t: f"https://{t}"),
)
nested = st.recursive(
    st.integers() | texts, lambda inner: st.lists(inner, max_size=3), max_leaves=8
)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    drama: dict[str, Any] = {"id": draw(st.one_of(st.just("d"), st.just("good-1"), texts))}
    drama["title"] = draw(st.just("Soundtrack #1") | texts)
    if draw(st.booleans()):
        drama["timezone"] = draw(zones)
    if draw(st.booleans()):
        drama["synopsis"] = draw(texts)
    releases = []
    for index in range(draw(st.integers(0, 3))):
        artists = st.one_of(st.lists(ordinary, min_size=1, max_size=3), st.lists(texts, max_size=3))
        release: dict[str, Any] = {"id": f"r{index}", "artists": draw(artists)}
        when = draw(st.sampled_from(["at", "at", "date", "date", "both", "none", "string"]))
        if when in ("at", "both"):
            release["at"] = draw(instants)
        if when in ("date", "both"):
            release["date"] = draw(days)
        if when == "string":
            release["at"] = draw(instants).isoformat()
        for key, values in (("title", texts), ("notes", texts), ("mv", urls)):
            if draw(st.booleans()):
                release[key] = draw(values)
        if draw(st.booleans()):
            service = st.one_of(st.just("melon"), st.just("spotify"), st.just("x y"), texts)
            release["links"] = {draw(service): draw(urls)}
        if draw(st.booleans()):
            release["credits"] = {"producer": draw(st.lists(ordinary, min_size=1) | nested)}
        releases.append(release)
    return {"drama": drama, "release": releases}


def toml_string(text: str) -> str:
    escaped = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or c in '\x7f"\\' else c for c in text)
    return f'"{escaped}"'


def toml_value(value: Any) -> str:
    match value:
        case bool():
            return "true" if value else "false"
        case int():
            return str(value)
        case str():
            return toml_string(value)
        case datetime():
            return value.isoformat()
        case date():
            return value.isoformat()
        case list():
            return "[" + ", ".join(toml_value(v) for v in value) + "]"
        case dict():
            items = ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
            return "{ " + items + " }"
    raise TypeError(value)


def to_toml(document: dict[str, Any]) -> str:
    lines = ["[drama]"]
    lines += [f"{k} = {toml_value(v)}" for k, v in document["drama"].items()]
    for release in document["release"]:
        lines += ["", "[[release]]"]
        lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in release.items()]
    return "\n".join(lines) + "\n"


@PROPERTY
@given(documents())
def test_documents_with_edge_values_give_a_schedule_or_problem_lines(document: dict[str, Any]):
    """Valid TOML with values from every edge: a schedule within the rules, or problems."""
    check_outcome(to_toml(document))
