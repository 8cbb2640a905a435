"""Schedule files that are hostile or unlucky, by class, and the exact lines ostbot answers.

Each class is a list of ``Case``s over many variants (built in ``time_cases`` and
``text_cases``), so that a variant nobody listed is likely to be caught by the same rule.
"""

from __future__ import annotations

from tests.bot.schedules.bad_cases import Case
from tests.bot.schedules.case_helpers import in_zone, with_at
from tests.bot.schedules.text_cases import (
    CHARACTERS,
    LINE_BREAKS,
    PLACES,
    ZONE_CASES,
    harm_cases,
    link_cases,
)
from tests.bot.schedules.time_cases import (
    EDGE_RANGE,
    ENCODING_CASES,
    FRACTION_CASES,
    SIZE_CASES,
    edge_year_cases,
    gap_cases,
    nesting_cases,
)

__all__ = ["CLASSES", "CLI_CASES", "INPUT_CASES", "Case", "in_zone", "with_at"]

CLASSES: dict[str, list[Case]] = {
    "edge years": edge_year_cases(),
    "edge range": EDGE_RANGE,
    "gaps": gap_cases(),
    "fractions": FRACTION_CASES,
    "nesting": nesting_cases(),
    "harm": harm_cases(),
    "line breaks": LINE_BREAKS,
    "zones": ZONE_CASES,
    "links": link_cases(),
    "encodings": ENCODING_CASES,
    "sizes": SIZE_CASES,
}
INPUT_CASES = [c for cases in CLASSES.values() for c in cases]

# Through the command line: every class, and of the character matrix each character once and
# each place once (the parser test above covers the whole matrix; a CLI run costs more).
_HARM_SAMPLE = {
    f"{label} in {PLACES[i % len(PLACES)][0]}" for i, (label, _, _) in enumerate(CHARACTERS)
}
_HARM_SAMPLE |= {
    f"{CHARACTERS[i % len(CHARACTERS)][0]} in {place[0]}" for i, place in enumerate(PLACES)
}
CLI_CASES = [
    c
    for c in INPUT_CASES
    if c not in CLASSES["harm"] or c.name in _HARM_SAMPLE or " in a " in c.name
]
