"""Announcements render within Discord's limits, with links as buttons and no stray pings."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Credit, Drama, Link, Release, Status
from bot.render import Part, announcement_embed, limits, pack, post_as_text, render_post
from bot.render.post import embed_length

DRAMA = Drama(id="d", title="Drama")
AT = datetime(2026, 12, 30, 9, tzinfo=UTC)


def release(**overrides: object) -> Release:
    values: dict[str, object] = {"drama_id": "d", "id": "part-1", "artists": ("Singer",)}
    values.update(overrides)
    return Release(**values)  # type: ignore[arg-type]


def test_confirmed_time_shows_local_time_and_countdown():
    """A confirmed instant renders as Discord's full local time plus a relative countdown."""
    embed = announcement_embed(DRAMA, release(at=AT, time_confirmed=True, part=2, title="T"))
    assert embed["title"] == 'Drama OST Part 2 "T"'
    assert "<t:1798621200:F> (<t:1798621200:R>)" in embed["description"]
    assert embed["timestamp"] == "2026-12-30T09:00:00+00:00"


def test_unconfirmed_time_says_so():
    """A date-only release says its time is unconfirmed."""
    embed = announcement_embed(DRAMA, release(at=AT, time_confirmed=False))
    assert "time unconfirmed" in embed["description"]


def test_the_genre_follows_the_artists():
    """A release's genre is said on the artists' line, escaped like any schedule text."""
    embed = announcement_embed(DRAMA, release(genre="R&B *soul*"))
    assert embed["description"].splitlines()[0] == "by **Singer** · R&B \\*soul\\*"
    assert " · " not in announcement_embed(DRAMA, release())["description"]


def test_tba_and_status_are_stated():
    """TBA and a postponement are written out, not left for the reader to guess."""
    embed = announcement_embed(DRAMA, release(status=Status.POSTPONED))
    assert "Date to be announced" in embed["description"]
    assert "Postponed" in embed["description"]


def test_mv_and_links_become_buttons_in_rows_of_five():
    """The MV comes first, then each link; more than five buttons wrap to a new row."""
    links = tuple(Link(f"s{i}", f"https://s{i}.example") for i in range(6))
    post = render_post({"d": DRAMA}, [release(mv="https://youtu.be/x", links=links)])
    rows = post.components()
    assert [len(row["components"]) for row in rows] == [5, 2]
    first = rows[0]["components"][0]
    assert first == {"type": 2, "style": 5, "label": "Music video", "url": "https://youtu.be/x"}


def test_schedule_text_cannot_ping_or_format():
    """@everyone, user mentions and markdown in schedule text are defused."""
    text = "@everyone <@123> **loud**"
    embed = announcement_embed(DRAMA, release(notes=text, artists=("@here",)))
    assert "@everyone" not in embed["description"]
    assert "@here" not in embed["description"]
    assert "<@123>" not in embed["description"]
    assert "\\*\\*loud\\*\\*" in embed["description"]


def test_only_the_configured_role_may_be_pinged():
    """allowed_mentions parses nothing and names only the server's role."""
    post = render_post({"d": DRAMA}, [release()], ping_role=42)
    assert post.payload()["allowed_mentions"] == {"parse": [], "roles": ["42"]}
    assert post.content == "<@&42>"
    assert render_post({"d": DRAMA}, [release()]).payload()["allowed_mentions"]["roles"] == []


def test_longest_allowed_input_fits_discord_limits():
    """Maximum-length schedule text still fits an embed's limits."""
    long_drama = Drama(id="d", title="D" * 200)
    big = release(
        title="T" * 200,
        notes="n" * 500,
        artists=tuple("A" * 100 for _ in range(25)),
        credits=tuple(Credit(f"role{i}", ("N" * 100,) * 25) for i in range(25)),
    )
    embed = announcement_embed(long_drama, big)
    assert len(embed["title"]) <= limits.EMBED_TITLE
    assert len(embed["fields"]) <= limits.EMBED_FIELDS
    assert all(len(f["value"]) <= limits.FIELD_VALUE for f in embed["fields"])


def test_pack_respects_count_and_total_size():
    """Parts pack ten to a message and never past 6,000 characters, measured on their embeds."""

    def parts(embed: dict, count: int) -> list[Part]:
        return [Part(DRAMA, release(id=f"r{i}"), dict(embed), ()) for i in range(count)]

    assert [len(g) for g in pack(parts({"title": "x"}, 23))] == [10, 10, 3]
    groups = pack(parts({"description": "d" * 2500}, 5))
    assert [len(g) for g in groups] == [2, 2, 1]
    assert all(sum(embed_length(p.embed) for p in g) <= limits.EMBED_TOTAL for g in groups)


def test_text_preview_shows_everything_posted():
    """The preview carries title, time, credits, footer and each button's URL."""
    post = render_post(
        {"d": DRAMA},
        [release(title="T", at=AT, credits=(Credit("producer", ("DOKO",)),), mv="https://y.be/1")],
    )
    text = post_as_text(post)
    assert 'Drama OST "T"' in text
    assert "Producer: DOKO" in text
    assert "[Music video] → https://y.be/1" in text
    assert "d/part-1 · ostbot" in text
