"""The pages over a real SQLite store, through aiohttp's test server with a fixed clock."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import quote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.domain import Drama, Release, Schedule
from bot.store import open_store
from bot.web import pages
from bot.web.app import build_app
from bot.web.context import WebContext
from bot.web.headers import CONTENT_SECURITY_POLICY, SECURITY_HEADERS
from bot.web.views import KST
from tests.web.pages import world
from tests.web.pages.conftest import NOW, serve


def text_of(html: str) -> str:
    """What a reader sees: the page without its tags, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


def links_of(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', html)]


def release_links(html: str) -> list[str]:
    return [link for link in links_of(html) if re.fullmatch(r"/dramas/[^/]+/[^/]+", link)]


async def get(client, path: str, status: int = 200) -> str:
    response = await client.get(path)
    body = await response.text()
    assert response.status == status, body
    assert response.content_type == "text/html"
    return body


async def test_the_front_page_lists_coming_curated_releases_in_time_order_tba_last(
    client, the_world
):
    """/: every curated release in time order, TBA last; a server's own releases are absent."""
    body = await get(client, "/")
    assert release_links(body) == [
        "/dramas/sea-of-stars/part-1",
        "/dramas/la-story/part-1",
        "/dramas/evil-markup/part-1",
        "/dramas/sea-of-stars/part-2",
        "/dramas/sea-of-stars/part-3",
    ]
    assert world.OWN_RELEASE not in body
    assert world.OWN_DRAMA not in body
    shown = text_of(body)
    assert "TBA" in shown
    assert "Times are in Korea Standard Time (KST, UTC+9)." in shown


async def test_times_are_shown_in_kst_with_the_utc_instant_for_the_script(client, the_world):
    """Without the script a time reads in KST, zone named; <time datetime> holds the UTC instant."""
    body = await get(client, "/")
    at = the_world.first.at
    assert at is not None
    kst = at.astimezone(KST)
    iso = world.utc(at).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f'<time datetime="{iso}" data-local>{kst:%Y-%m-%d %H:%M} KST</time>' in body
    assert f'data-countdown="{iso}"' in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?artist=kyuhyun", ["/dramas/sea-of-stars/part-2"]),
        ("?drama=la-story", ["/dramas/la-story/part-1"]),
        ("?drama=sea-of-stars&artist=IU", ["/dramas/sea-of-stars/part-1"]),
        ("?drama=&artist=", None),  # an empty form: no filter
        ("?artist=nobody", []),
        ("?drama=" + world.OWN_DRAMA, []),  # a server's own drama is not public
        ("?utm_source=x", None),  # unknown parameters are ignored
    ],
)
async def test_filters_narrow_the_list(client, query, expected):
    """drama and artist filter the list (artist in any case); empty fields mean no filter."""
    body = await get(client, "/" + query)
    shown = release_links(body)
    if expected is None:
        assert len(shown) == 5
    else:
        assert shown == expected
    if expected == []:
        assert "Nothing coming matches these filters." in text_of(body)


async def test_the_calendar_links_carry_the_filters(client):
    """The subscribe link is webcal:// on the public address, with the page's filters."""
    body = await get(client, "/?artist=IU&drama=sea-of-stars")
    assert "webcal://ost.example.org/calendar.ics?drama=sea-of-stars&artist=IU" in links_of(body)
    assert "https://ost.example.org/calendar.ics?drama=sea-of-stars&artist=IU" in links_of(body)


async def test_a_drama_page_has_all_its_parts_native_title_cast_and_sources(client):
    """/dramas/<id>: parts in time order (TBA last), native title, cast and source links."""
    body = await get(client, "/dramas/sea-of-stars")
    shown = text_of(body)
    assert "별의 바다" in shown
    assert "Kim Ha-neul, Lee Min-ho" in shown
    assert "https://example.org/sea-of-stars" in links_of(body)
    parts = [link for link in links_of(body) if link.startswith("/dramas/sea-of-stars/")]
    assert parts == [f"/dramas/sea-of-stars/part-{n}" for n in (1, 2, 3)]
    assert world.OWN_RELEASE not in body  # a server's own release in this curated drama
    assert '<html lang="en">' in body
    assert '<span lang="ko">' in body


async def test_a_release_page_shows_artists_credits_links_and_history(client, the_world):
    """/dramas/<id>/<release>: artists, credits, MV and streaming links; unsafe links as text."""
    body = await get(client, "/dramas/sea-of-stars/part-1")
    shown = text_of(body)
    for fact in ("IU", "Producer", "DOKO", "Lyrics", "Kim Eana", "ballad", "main theme"):
        assert fact in shown
    assert "https://www.youtube.com/watch?v=abc" in links_of(body)
    assert "https://www.melon.com/song/1" in links_of(body)
    assert not any(link.startswith("javascript:") for link in links_of(body))
    assert "javascript:alert(1)" in shown  # shown, not linked
    assert "Added to the schedule" in shown


async def test_a_postponed_release_says_postponed_from_when_to_when(client, the_world):
    """The history of a moved release reads "Postponed from <old> to <new>"."""
    body = await get(client, "/dramas/sea-of-stars/part-2")
    old = the_world.moved_from.astimezone(KST)
    assert the_world.moved.at is not None
    new = the_world.moved.at.astimezone(KST)
    expected = f"Postponed from {old:%Y-%m-%d %H:%M} KST to {new:%Y-%m-%d %H:%M} KST"
    assert expected in " ".join(text_of(body).split())
    assert "postponed" in text_of(body)


@pytest.mark.parametrize(
    "path",
    [
        "/dramas/nope",
        "/dramas/sea-of-stars/nope",
        f"/dramas/{world.OWN_DRAMA}",
        f"/dramas/{world.OWN_DRAMA}/{world.OWN_RELEASE}",
        f"/dramas/sea-of-stars/{world.OWN_RELEASE}-2",
        "/dramas/" + quote("a\x00b", safe=""),
        "/dramas/" + "x" * 300,
        "/no/such/page",
        "/static/",
        "/static/missing.js",
    ],
)
async def test_unknown_or_private_pages_are_an_html_404(client, path):
    """Unknown, a server's own, or impossible ids: a 404 page; a folder is never listed."""
    response = await client.get(path)
    body = await response.text()
    assert response.status == 404
    assert response.content_type == "text/html"
    assert world.OWN_RELEASE not in body
    assert "Index of" not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?skip=2", "“skip” only goes with “from”"),
        ("?from=abc&skip=0", "“from” must be a whole number"),
        ("?from=1&skip=-1", "“skip” must be a whole number"),
        ("?drama=a&drama=b", "“drama” is given more than once"),
        ("?artist=" + "x" * 201, "“artist” is longer than 200 characters"),
        ("?artist=%00", "“artist” holds control or direction characters"),
        ("?artist=%E2%80%AEevil", "“artist” holds control or direction characters"),
    ],
)
async def test_bad_query_parameters_are_a_400_page_saying_why(client, query, message):
    """A bad parameter: 400, an HTML page whose message names the parameter and the fix."""
    body = await get(client, "/" + query, status=400)
    assert message in text_of(body)


async def test_every_response_has_the_security_headers(client):
    """Pages, errors, static files and 405s all carry the CSP and the other headers."""
    for method, path in [
        ("GET", "/"),
        ("GET", "/dramas/nope"),
        ("GET", "/?skip=1"),
        ("GET", "/static/countdown.js"),
        ("GET", "/static/style.css"),
        ("POST", "/"),
    ]:
        response = await client.request(method, path)
        await response.read()
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
        assert "aiohttp" not in response.headers.get("Server", "")
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["Content-Security-Policy"]
    assert "unsafe-inline" not in SECURITY_HEADERS["Content-Security-Policy"]


async def test_pages_have_no_inline_script_or_style(client):
    """The CSP allows no inline code, and the pages need none: only /static files are loaded."""
    for path in ("/", "/dramas/sea-of-stars", "/dramas/sea-of-stars/part-2", "/nope"):
        body = await (await client.get(path)).text()
        assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/countdown.js" defer>']
        assert "<style" not in body
        assert " style=" not in body
        assert not re.search(r"<[^>]*\son[a-z]+=", body), "an event handler attribute"


async def test_injected_markup_stays_text(client):
    """A title of <script>…</script> or "><img onerror=…> is escaped wherever it appears."""
    for path in ("/", "/dramas/evil-markup", "/dramas/evil-markup/part-1"):
        body = await get(client, path)
        assert "<script>document" not in body
        assert "<img" not in body
        assert "<b>Bold" not in body
        shown = text_of(body)
        assert world.SCRIPT_TITLE in shown
    release = text_of(await get(client, "/dramas/evil-markup/part-1"))
    assert world.IMG_TITLE in release
    assert world.MARKUP_ARTIST in release


async def test_paging_walks_every_release_once_in_order(tmp_path):
    """With more releases than a page holds (ties at one instant, many TBA), following the
    "more" links shows every release exactly once, in the store's order."""
    path = tmp_path / "many.sqlite3"
    drama = Drama(id="many", title="Many")
    releases = [
        Release(drama_id="many", id=f"r-{n:03d}", artists=("A",), at=NOW + timedelta(hours=n // 7))
        for n in range(130)
    ] + [Release(drama_id="many", id=f"t-{n:03d}", artists=("B",)) for n in range(60)]
    async with await open_store(path) as store:
        await store.releases.import_schedules(
            [Schedule("many.toml", drama, tuple(releases))], now=NOW
        )
    seen: list[str] = []
    pages = 0
    async with serve(path, NOW) as client:
        url: str | None = "/"
        while url is not None:
            body = await get(client, url)
            pages += 1
            seen += [
                link.rsplit("/", 1)[1]
                for link in links_of(body)
                if link.startswith("/dramas/many/")
            ]
            more = re.search(r'href="([^"]*)" rel="next"', body)
            url = unescape(more.group(1)) if more else None
    assert pages == 4
    assert seen == [release.id for release in releases]


async def test_a_drama_with_more_parts_than_a_page_holds_says_so(client, monkeypatch):
    """Past the bound on a drama page's releases the page says only the first ones are shown."""
    monkeypatch.setattr(pages, "DRAMA_RELEASES", 2)
    body = await get(client, "/dramas/sea-of-stars")
    assert len(release_links(body)) == 2
    assert "Only the first 2 releases are shown." in text_of(body)


async def test_other_routes_keep_their_own_errors_and_get_the_headers(stored):
    """A route outside the pages (a feed) answers its own 404 and 304; both carry the security
    headers, and a route that fails gets the 500 page, its traceback only in the log."""

    async def feed(request: web.Request) -> web.Response:
        if request.query.get("fail"):
            raise RuntimeError("a bug")
        if request.headers.get("If-None-Match"):
            raise web.HTTPNotModified()
        raise web.HTTPNotFound(text="no such feed")

    path, _ = stored
    async with await open_store(path, readonly=True) as store:
        app = build_app(WebContext(store=store, clock=lambda: NOW, public_url=None))
        app.router.add_get("/feed.ics", feed)
        async with TestClient(TestServer(app)) as test_client:
            gone = await test_client.get("/feed.ics")
            assert (gone.status, await gone.text()) == (404, "no such feed")
            same = await test_client.get("/feed.ics", headers={"If-None-Match": '"x"'})
            assert same.status == 304
            failed = await test_client.get("/feed.ics?fail=1")
            assert failed.status == 500
            assert "a bug" not in await failed.text()
            for response in (gone, same, failed):
                assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
