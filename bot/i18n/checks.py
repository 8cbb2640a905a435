"""Is every catalogue complete and consistent with the code? ``python -m bot.i18n.checks``.

For translators and the test suite: the messages the code uses are extracted in memory exactly
as ``pybabel extract -F babel.cfg`` extracts them (gettext calls, ``N_`` marks, and the slash
commands' strings through ``bot.i18n.extract``), and each catalogue is checked against them:

* a message the code uses and the catalogue lacks (or leaves empty, or marks fuzzy);
* a translation whose ``%(name)s`` placeholders differ from the English (Babel's own
  ``python-format`` checker, plus the exact set of names: a dropped value is a lost fact);
* a command name that breaks Discord's rule, a description or choice over 100 characters;
* the committed template (``bot/locales/ostbot.pot``) not matching the code.

It needs the source tree (``babel.cfg`` beside ``bot/``), not an installed wheel.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.i18n.catalogs import DOMAIN, LOCALES, read_catalogue
from bot.i18n.commands import DESCRIPTION_LIMIT, NAME_CONTEXT, valid_name
from bot.i18n.languages import ENGLISH, SUPPORTED

ROOT = LOCALES.parent.parent
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
Key = tuple[object, str | None]  # (message id: a string, or singular and plural; context)


def code_messages() -> Catalog:
    """The messages the code uses, extracted as ``pybabel extract -F babel.cfg`` does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        # Babel's frontend has no annotations; this is the parser pybabel itself uses.
        method_map, options_map = parse_mapping_cfg(config)  # type: ignore[no-untyped-call]
    catalog = Catalog(domain=DOMAIN)
    for _file, _line, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [], auto_comments=comments, context=context)
    return catalog


def keys(messages: Iterable[Message]) -> set[Key]:
    return {(m.id, m.context) for m in messages if m.id}


def template_problems(code: Catalog) -> list[str]:
    """What differs between the committed template and the code's messages."""
    with TEMPLATE.open("rb") as file:
        template = read_po(file)
    missing = keys(code) - keys(template)
    stale = keys(template) - keys(code)
    return [f"template lacks {k!r} (run pybabel extract)" for k in sorted(missing, key=str)] + [
        f"template has {k!r}, which the code no longer uses" for k in sorted(stale, key=str)
    ]


def catalogue_problems(code: Catalog, catalogue: Catalog, locale: str) -> list[str]:
    """Every way ``catalogue`` falls short of the code's messages (see the module doc)."""
    problems: list[str] = []
    for message in code:
        if not message.id:
            continue
        found = catalogue.get(message.id, context=message.context)
        where = f"{locale}: {message.id!r}"
        strings = found.string if found is not None else None
        translations = [strings] if isinstance(strings, str) else list(strings or [])
        if found is None or not all(translations) or not translations:
            problems.append(f"{where} is not translated")
            continue
        if found.fuzzy:
            problems.append(f"{where} is marked fuzzy")
        english = message.id if isinstance(message.id, str) else message.id[-1]
        wanted = set(PLACEHOLDER.findall(english))
        for text in translations:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{where}: placeholders {sorted(wanted)} became {text!r}")
            if message.context == NAME_CONTEXT and not valid_name(text):
                problems.append(f"{where}: {text!r} breaks Discord's rule for names")
            elif message.context is None and len(text) > DESCRIPTION_LIMIT and _command(message):
                problems.append(f"{where}: over {DESCRIPTION_LIMIT} characters for Discord")
    for found, errors in catalogue.check():
        problems.extend(f"{locale}: {found.id!r}: {error}" for error in errors)
    return problems


def _command(message: Message) -> bool:
    """Whether Discord shows the message as a command's description or a choice (100 max)."""
    return any(comment.startswith("/") for comment in message.auto_comments)


def all_problems() -> list[str]:
    code = code_messages()
    problems = template_problems(code)
    for locale in SUPPORTED:
        if locale == ENGLISH:
            continue
        catalogue = read_catalogue(locale)
        if catalogue is None:
            problems.append(f"{locale}: no catalogue at bot/locales/{locale}")
            continue
        problems.extend(catalogue_problems(code, catalogue, locale))
    return problems


def main() -> int:
    problems = all_problems()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "every catalogue is complete")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
