"""The compact autocomplete index answers exactly as the index of per-entry objects did."""

from __future__ import annotations

import json
import pickle

import pytest

from bot.services.catalog_index import CatalogIndex
from tests.bot.services.catalog_sample import GOLDEN, answers, sample_index


def test_answers_match_those_recorded_from_the_previous_index():
    """On a generated catalog of 3,000 releases, every query's answers (values and names, in
    order) are those the previous index gave (catalog_golden.json)."""
    assert answers(sample_index()) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_an_unpacked_index_answers_as_the_one_packed():
    """``CatalogIndex.unpack(index.packed())`` (how the catalog hands back the build's memory)
    gives the same answers."""
    index = CatalogIndex.unpack(sample_index().packed())
    assert answers(index) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_unpack_refuses_what_is_not_an_index():
    """Bytes of anything but an index are refused, not used as one."""
    with pytest.raises(TypeError, match="not a packed CatalogIndex"):
        CatalogIndex.unpack(pickle.dumps(["not", "an", "index"]))
