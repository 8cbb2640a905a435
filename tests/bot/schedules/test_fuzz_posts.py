"""The promise, over generated schedules: `file:line` problems, or every post Discord accepts.

Hypothesis writes schedule documents that follow docs/SCHEDULE_FORMAT.md loosely: long, unicode,
markup-laden text up to each limit, up to 25 artists, 25 credit roles of up to 25 names and 25
links, several releases at one instant, and now and then a broken field (over a limit, blank, a
typo, a wrong type, the edge of time, deep nesting). Each
document is either refused with ``ScheduleError`` problems that name the file and a line, or
parsed; then every post the bot can build from it (``tests/bot/render/every_post.py``: grouped
announcements, reminders, DMs, edits, ``/ost info``, ``/ost upcoming``, ``/ost search``, the
admin reply, scheduled events) must pass the fake Discord's validation.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain import ScheduleError
from bot.schedules import parse_text
from tests.bot.render.every_post import check_all

NAME = "fuzz.toml"
NOW = datetime(2000, 1, 1, tzinfo=UTC)  # before every generated release: all posts are owed

# Mostly printable text that escaping grows or Discord would parse; a few unsafe characters
# (the input checks refuse them or rendering strips them: either keeps the promise).
SAFE = [
    "a", "Z", " ", "한", "ß", "é", "👩‍👩‍👧", "*", "_", "~", "`", "|", "\\", "[", "]", "#", ">",
    "-", "<", "@", ":", "\n", "<t:1700000000:R>", "</ost info:12>", "<:e:1>", "<a:e:2>", "<#3>",
    "<@4>", "<@!5>", "<@&6>", "@everyone", "@here", "<id:browse>", "[x](https://e.com)", "||s||",
    "# ", "-# ", "> ", "\"", "'", "\u200b",
]  # fmt: skip
UNSAFE = ["\x00", "\x1b[31m", "\u202e", "\u2067", "\x7f", "\r", "\x9b", "\x85", "\u2028"]
# Lines that make a release invalid: over a limit, blank, a typo, a wrong type.
BREAKS = [
    f"notes = {json.dumps('n' * 501)}",
    f"title = {json.dumps('t' * 201)}",
    f"credits = {{ a = [{json.dumps('n' * 101)}] }}",
    'credits = { a = [" "] }',
    "artist = []",
    'part = "1"',
    "at = 5",
    "mv = 3",
    'mv = "http://e.com"',
    "links = { a = 1 }",
    "at = 9999-12-31T23:30:00-12:00",  # the edge of time
    "date = 0001-01-01",
    "nested = " + "[" * 800 + "]" * 800,
]
ZONES = ["Asia/Seoul", "UTC", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"]
INSTANTS = [
    "2030-01-01T18:00:00+09:00",
    "2030-01-01T09:00:00Z",
    "2031-06-15T18:00:00",
    "2031-03-09T02:30:00",  # in New York's spring-forward gap
]


def pieces(unsafe: bool) -> st.SearchStrategy[str]:
    pool = SAFE + UNSAFE if unsafe else SAFE
    return st.lists(st.sampled_from(pool), min_size=1, max_size=8).map("".join)


@st.composite
def text(draw: st.DrawFn, limit: int) -> str:
    """Short text, text up to ``limit`` and text of exactly ``limit`` characters, never blank."""
    length = draw(st.one_of(st.integers(1, 12), st.integers(1, limit), st.just(limit)))
    unit = draw(pieces(unsafe=draw(st.integers(0, 19)) == 0))
    if not unit.strip():
        unit = "a" + unit  # blank text is refused; that class is covered by BREAKS
    drawn = (unit * (length // len(unit) + 1))[:length]
    return drawn if drawn.strip() else "a" + drawn[1:]


def toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def names(draw: st.DrawFn, most: int = 25) -> str:
    count = draw(st.integers(1, most))
    return "[" + ", ".join(toml(draw(text(100))) for _ in range(count)) + "]"


def url(draw: st.DrawFn) -> str:
    length = draw(st.one_of(st.integers(0, 30), st.just(512 - 15)))
    return toml("https://e.com/" + "p" * length)


@st.composite
def release(draw: st.DrawFn, index: int) -> list[str]:
    lines = ["[[release]]", f'id = "r{index}"', f"part = {index + 1}"]
    lines.append(f"artists = {names(draw)}")
    if draw(st.booleans()):
        lines.append(f"title = {toml(draw(text(200)))}")
    when = draw(st.sampled_from(["at", "date", "tba"]))
    if when == "at":
        lines.append(f"at = {draw(st.sampled_from(INSTANTS))}")
    elif when == "date":
        lines.append(f"date = {draw(st.sampled_from(['2030-01-01', '2031-03-09']))}")
    if draw(st.booleans()):
        lines.append(f"notes = {toml(draw(text(500)))}")
    if draw(st.booleans()):
        lines.append(f"mv = {url(draw)}")
    links = draw(st.integers(0, 25))
    if links:
        # Two links drawn, repeated: the count and the lengths matter, drawing each costs time.
        drawn = [url(draw), url(draw)]
        urls = ", ".join(f"s{i} = {drawn[i % 2]}" for i in range(links))
        lines.append(f"links = {{ {urls} }}")
    roles = draw(st.sampled_from([0, 1, 3, 25]))
    if roles:
        drawn = [names(draw, draw(st.sampled_from([1, 5, 25]))) for _ in range(min(roles, 3))]
        credits = ", ".join(f"role_{i} = {drawn[i % len(drawn)]}" for i in range(roles))
        lines.append(f"credits = {{ {credits} }}")
    lines.append(f'status = "{draw(st.sampled_from(["scheduled", "postponed", "cancelled"]))}"')
    if draw(st.integers(0, 30)) == 0:  # a broken field: must be a problem, not a crash
        lines.append(draw(st.sampled_from(BREAKS)))
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = ["[drama]", 'id = "fuzz"', f"title = {toml(draw(text(200)))}"]
    if draw(st.booleans()):
        lines.append(f"title_native = {toml(draw(text(200)))}")
    lines.append(f'timezone = "{draw(st.sampled_from(ZONES))}"')
    count = draw(st.sampled_from([1, 2, 3, 11]))
    for index in range(count):
        lines += ["", *draw(release(index))]
    return "\n".join(lines) + "\n"


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document())
def test_every_accepted_schedule_posts_only_what_discord_accepts(source):
    """Refused with file:line problems, or every post of every kind passes Discord's limits."""
    try:
        schedule = parse_text(source, NAME)
    except ScheduleError as error:
        refused = error
    else:
        assert check_all([schedule], NOW) > 0
        return
    lines = source.count("\n") + 1
    assert refused.problems
    for problem in refused.problems:
        assert problem.file == NAME
        assert 1 <= problem.line <= lines, problem
