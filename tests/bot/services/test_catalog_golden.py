"""The compact autocomplete index answers exactly as the index of per-entry objects did."""

from __future__ import annotations

import json

from tests.bot.services.catalog_sample import GOLDEN, answers, sample_index


def test_answers_match_those_recorded_from_the_previous_index():
    """On a generated catalog of 3,000 releases, every query's answers (values and names, in
    order) are those the previous index gave (catalog_golden.json)."""
    assert answers(sample_index()) == json.loads(GOLDEN.read_text(encoding="utf-8"))
