"""The stored JSON listing and the file digests that let unchanged files be skipped."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.bot.store.builders import NOW, drama, release, schedule


async def test_documents_are_the_listing_as_json(store):
    """upcoming_documents gives, in the same order, exactly upcoming()'s as_dict() values."""
    await store.releases.import_schedules(
        [schedule(drama(), release("part-1"), release("part-2", days=-1), release("x", days=None))],
        now=NOW,
    )
    changed = release("part-1", mv="https://youtu.be/new")
    await store.releases.import_schedules(
        [schedule(drama(), changed, release("x", days=None))], now=NOW
    )
    for include_past in (False, True):
        releases = await store.releases.upcoming(now=NOW, include_past=include_past)
        documents = await store.releases.upcoming_documents(now=NOW, include_past=include_past)
        assert [json.loads(doc) for doc in documents] == [r.as_dict() for r in releases]
    by_id = {json.loads(doc)["id"]: json.loads(doc) for doc in documents}
    assert by_id["part-1"]["mv"] == "https://youtu.be/new"


async def test_json_listing_is_the_documents_joined_in_order(store):
    """upcoming_json is "[" + the documents joined by commas + "]" in UTF-8, for each window,
    Korean text as stored, and "[]" when nothing matches."""
    korean = release("part-3", days=2, title="사랑 노래", artists=("아이유",))
    await store.releases.import_schedules(
        [
            schedule(
                drama(),
                release("part-1"),
                release("part-2", days=-1),
                korean,
                release("x", days=None),
                release("y", days=None),
            )
        ],
        now=NOW,
    )
    windows = [
        {},
        {"include_past": True},
        {"artist": "아이유"},
        {"drama": "soundtrack-1", "include_past": True},
        {"drama": "nope"},
    ]
    for window in windows:
        documents = await store.releases.upcoming_documents(now=NOW, **window)
        joined = await store.releases.upcoming_json(now=NOW, **window)
        assert joined == f"[{','.join(documents)}]".encode()
    assert await store.releases.upcoming_json(now=NOW, drama="nope") == b"[]"


@pytest.mark.sqlite_only  # counts rows through SQLite's total_changes
async def test_digest_is_remembered_per_drama(store):
    """The file digest of the last import is kept, and follows a content-free byte change."""
    first = replace(schedule(drama(), release()), digest="aaa")
    await store.releases.import_schedules([first], now=NOW)
    assert await store.releases.imported_digests() == {"aaa": "soundtrack-1"}
    changes_before = store.database.total_changes
    report = await store.releases.import_schedules([replace(first, digest="bbb")], now=NOW)
    assert not report.wrote_anything
    assert store.database.total_changes == changes_before + 1
    assert await store.releases.imported_digests() == {"bbb": "soundtrack-1"}
