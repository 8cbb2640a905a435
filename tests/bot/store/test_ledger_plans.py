"""PostgreSQL's plans for the statements that settle one message: through the message-key index
even when the planner's statistics say no row is pending."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.domain import ANNOUNCE
from bot.store import NewDelivery, open_store
from bot.store.sql.ledger import _DEFER, _FAILED, _POSTPONE, _SENT
from tests.bot.store.builders import NOW, drama, release, schedule

ROWS = 10_000
SETTLING = {"mark_sent": _SENT, "mark_failed": _FAILED, "defer": _DEFER, "postpone": _POSTPONE}


def rows(release_id: str) -> list[NewDelivery]:
    return [
        NewDelivery("a", release_id, n, 1_000_000 + n, ANNOUNCE, NOW, f"{release_id}:{n}", 0)
        for n in range(ROWS)
    ]


@pytest.mark.parametrize("name", SETTLING)
async def test_stale_statistics_do_not_send_a_message_through_every_pending_row(postgres_url, name):
    """Analyzed while all rows were sent, then 10,000 pending: each settling statement still
    finds its message by key (``deliveries_by_message``), never the partial pending index."""
    async with await open_store(postgres_url) as store:
        releases = [release("part-1", "a"), release("part-2", "a")]
        await store.releases.import_schedules([schedule(drama("a"), *releases)], now=NOW)
        await store.ledger.add(rows("part-1"), now=NOW)
        await store.database.execute("UPDATE deliveries SET state = 'sent'")
        await store.database.execute("ANALYZE deliveries")
        await store.ledger.add(rows("part-2"), now=NOW)
        parameters = {
            "key": "part-2:7",
            "owner": "host:1:x",
            "message_id": 1,
            "now": 0,
            "error": "busy",
            "retry_at": int((NOW + timedelta(minutes=1)).timestamp()),
        }
        used = set(re.findall(r":(\w+)", SETTLING[name]))
        plan = await store.database.fetchall(
            f"EXPLAIN {SETTLING[name]}",
            {key: value for key, value in parameters.items() if key in used},
        )
    text = "\n".join(row[0] for row in plan)
    assert "deliveries_by_message" in text, text
    assert "deliveries_pending" not in text, text
