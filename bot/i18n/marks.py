"""``N_``, the extraction mark, on its own: pure code marks its messages without loading Babel.

``pybabel extract`` finds the ``N_(...)`` calls by name; at run time the mark is the identity.
"""


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is defined; it is translated where it is shown."""
    return message
