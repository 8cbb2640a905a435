"""How a pressed button reaches the services: through the client, which must be an ostbot Host."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.exts.browse._services import services_of


def test_a_client_without_services_is_refused_by_name():
    """A component that reached some other client fails loudly, naming that client's type."""
    interaction = SimpleNamespace(client=object())
    with pytest.raises(TypeError, match="object carries no ostbot services"):
        services_of(interaction)
