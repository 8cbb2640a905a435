"""A generated catalog and queries for comparing autocomplete's answers across index versions.

``python -m tests.bot.services.catalog_sample`` rewrites ``catalog_golden.json`` with what the
current index answers; the golden file was recorded from the index of per-entry objects that the
compact one replaced (issue 13), so a test can prove the answers did not change.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from bot.services.catalog_index import CatalogIndex, CatalogRow, catalog_order

GOLDEN = Path(__file__).with_name("catalog_golden.json")
NOW = 1_800_000_000
_WORDS = ["love", "stay", "with", "me", "beautiful", "song", "night", "star", "forever"]
_WORDS += ["heart", "rain", "you", "my", "dream", "sun"]
_KOREAN = ["사랑", "사랑인 것 같아", "눈물", "별", "꿈", "도깨비", "환혼", "그대"]
_SINGERS = ["Ailee", "IU", "Kyuhyun", "Punch", "Crush", "Chanyeol", "Baekhyun", "태연", "Gummy"]


def sample_rows(count: int = 3000, seed: int = 13) -> list[CatalogRow]:
    """Rows as the store lists them (timed by instant, TBA last), with shared dramas,
    recurring singers, Korean titles, long names, missing parts and titles."""
    rng = random.Random(seed)
    dramas = []
    for n in range(count // 20):
        title = " ".join(rng.sample(_WORDS, rng.randint(1, 3))).title()
        native = rng.choice([None, rng.choice(_KOREAN), title])
        dramas.append((f"drama-{n}", f"{title} {n}", native))
    rows: list[tuple[Any, ...]] = []
    for n in range(count):
        drama_id, drama_title, native = rng.choice(dramas)
        title = rng.choice(
            [None, rng.choice(_KOREAN), " ".join(rng.sample(_WORDS, rng.randint(1, 4))), "x" * 120]
        )
        singers = [*rng.sample(_SINGERS, rng.randint(0, 3)), f"Guest {rng.randint(0, 40)}"]
        at = None if rng.random() < 0.1 else NOW + rng.randint(-(10**7), 10**7)
        part = None if rng.random() < 0.2 else rng.randint(1, 30)
        rows.append((drama_id, f"r-{n}", part, title, json.dumps(singers), drama_title, native, at))
    rows.sort(key=lambda r: (r[7] is None, r[7] or 0, r[0], r[2] or -1, r[1]))
    return rows  # type: ignore[return-value]


QUERIES = [
    "",
    "s",
    "st",
    "stay",
    "stay w",
    "stay with me",
    "stay wth",
    "love song",
    "sng",
    "lov",
    "사",
    "사라",
    "사랑",
    "사랑인 것",
    "도깨비 beau",
    "iu",
    "ailee",
    "guest 3",
    "guest 1",
    "gues 12",
    "kyuhyn",
    "태연",
    "drama-3",
    "drama 4",
    "forever heart",
    "heart forever",
    "xxxx",
    "qqqqqq",
    "beautiful night",
    "r-17",
    "rain you",
    "dream sun star",
    "my",
    "crush love",
    "punch stay",
    "baekhyun",
    "gummy dream",
    "Heart 12",
    "Stay 7",
    "zebra",
]


def answers(index: CatalogIndex) -> dict[str, list[list[str]]]:
    """Each query's answers from ``search``, ``search_dramas`` and ``search_artists``."""
    out: dict[str, list[list[str]]] = {}
    for query in QUERIES:
        for kind, found in (
            ("search", index.search(query)),
            ("dramas", index.search_dramas(query)),
            ("artists", index.search_artists(query)),
            ("search5", index.search(query, limit=5)),
        ):
            out[f"{kind}:{query}"] = [[e.value, e.name] for e in found]
    return out


def sample_index() -> CatalogIndex:
    return CatalogIndex(catalog_order(sample_rows(), NOW))


if __name__ == "__main__":
    lines = [
        f"{json.dumps(key)}: {json.dumps(found, ensure_ascii=False)}"
        for key, found in answers(sample_index()).items()
    ]
    GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
