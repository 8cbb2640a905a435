"""The settings file ``.env`` and the environment, as ``bot.settings`` reads them, on their own:
the command line's defaults (``--db``) need only these, not the checks of every setting (their
modules cost a listing ~5 ms of start-up, ``python -X importtime``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.domain.errors import OstbotError


def raw_setting(name: str, env_file: Path | None = Path(".env")) -> str | None:
    """One variable as ``from_env`` would see it (environment first, then .env), unparsed.

    For the CLI's defaults: ``ostbot import`` must use the same store file as ``ostbot run``.
    """
    return merged(os.environ, read_env_file(env_file)).get(name)


def read_env_file(env_file: Path | None) -> dict[str, str | None]:
    """The ``.env`` file's values; a file that cannot be read is one line, not a traceback."""
    if env_file is None or not env_file.exists():
        return {}
    # Imported only when there is a file to read: dotenv loads ~10 modules (tempfile, shutil,
    # logging...), a tenth of a listing's start-up, that a machine without .env never needs.
    from dotenv import dotenv_values

    try:
        if not env_file.is_file():
            raise IsADirectoryError(21, "not a file")
        return dict(dotenv_values(env_file, encoding="utf-8"))
    except OSError as error:
        raise OstbotError(f"{env_file}: cannot read the settings file: {error.strerror}") from None
    except UnicodeDecodeError:
        raise OstbotError(
            f"{env_file}: the settings file is not UTF-8 text (NAME=value lines)"
        ) from None


def merged(environ: Mapping[str, str], from_file: Mapping[str, str | None]) -> dict[str, str]:
    """Non-empty values, the environment's over the file's."""
    merged = {k: v for k, v in from_file.items() if v}
    merged.update({k: v for k, v in environ.items() if v})
    return merged
