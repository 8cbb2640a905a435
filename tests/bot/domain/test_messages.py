"""Messages: English text as made, the template and values kept for another language."""

from __future__ import annotations

import re

import pytest

from bot.domain.durations import DurationError, parse_offsets
from bot.domain.errors import OstbotError
from bot.domain.messages import Joined, Message
from bot.i18n import language


class Upper:
    """A language whose every translation is the English template in capitals."""

    def gettext(self, message: str) -> str:
        # Placeholders keep their case: %(NAME)S would not be filled.
        return re.sub(r"%\([a-z]+\)s|[^%]+", _upper_text, message)


def _upper_text(found: re.Match[str]) -> str:
    text = found.group()
    return text if text.startswith("%(") else text.upper()


def test_a_message_is_its_english_text_and_localizes_nested_values():
    """str() is the English text; localized translates the template and any message inside."""
    hint = Message("did you mean %(zone)s?", zone="Asia/Seoul")
    message = Message("not a zone (%(hint)s)", hint=hint)
    assert message == "not a zone (did you mean Asia/Seoul?)"
    assert f"{message}" == str(message) == "not a zone (did you mean Asia/Seoul?)"
    assert message.localized(Upper()) == "NOT A ZONE (DID YOU MEAN Asia/Seoul?)"


def test_joined_parts_are_localized_one_by_one():
    """Joined keeps its separator and localizes each part; plain strings stay as they are."""
    joined = Joined("; ", [Message("too long"), "as typed"])
    assert joined == "too long; as typed"
    assert joined.localized(Upper()) == "TOO LONG; as typed"


def test_a_translation_with_other_placeholders_falls_back_to_english():
    """A catalogue mistake never fails a reply: the English text is shown."""

    class Broken:
        def gettext(self, message: str) -> str:
            return "%(other)s"

    assert Message("%(value)s is wrong", value=3).localized(Broken()) == "3 is wrong"
    assert Message("").localized(language("ko")) == ""


def test_an_error_raised_with_a_message_keeps_its_values():
    """OstbotError(Message) shows the message's own translation; str() stays English."""
    with pytest.raises(DurationError) as raised:
        parse_offsets("2x")
    assert str(raised.value) == '"2x": use a number and a unit (m, h, d), e.g. 24h'
    korean = raised.value.localized(language("ko"))
    assert korean == '"2x": 숫자와 단위(m, h, d)로 적어 주세요. 예: 24h'
    wrapped = OstbotError(Message("when: %(problem)s", problem=Message("is required")))
    assert wrapped.localized(language("es-ES")) == "when: es obligatorio"
