"""Fixtures of the web tests."""

from tests.web.served_store import served  # noqa: F401 - the feeds' and API's app over a store
