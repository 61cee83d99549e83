"""Small pieces of English that every generated sentence shares.

Reasons, attrition rows and the Methods text are written from the design and
the data; these helpers keep their grammar the same wherever they are used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["a_or_an", "days_text", "no", "or_list", "without_article"]

_ARTICLE = re.compile(r"(?:a|an|the)\s+(?=\S)", re.IGNORECASE)


def or_list(names: Sequence[str]) -> str:
    """``"a"``, ``"a or b"``, ``"a, b or c"``.

    >>> or_list(["MMF"]), or_list(["AZA", "MTX"]), or_list(["AZA", "MTX", "TAC"])
    ('MMF', 'AZA or MTX', 'AZA, MTX or TAC')
    """
    if not names:
        raise ValueError("or_list needs at least one name")
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def days_text(n: int) -> str:
    """``"1 day"``, ``"12 days"``.

    >>> days_text(1), days_text(30)
    ('1 day', '30 days')
    """
    return f"{n} day" if n == 1 else f"{n} days"


def without_article(name: str) -> str:
    """``name`` without a leading "a", "an" or "the".

    >>> without_article("a glucocorticoid"), without_article("antimetabolite")
    ('glucocorticoid', 'antimetabolite')
    """
    return _ARTICLE.sub("", name, count=1) if _ARTICLE.match(name) else name


def no(name: str) -> str:
    """``"no MMF"``; a label that starts with an article loses it ("no glucocorticoid").

    >>> no("MMF"), no("a glucocorticoid"), no("An immunosuppressant")
    ('no MMF', 'no glucocorticoid', 'no immunosuppressant')
    """
    return f"no {without_article(name)}"


def a_or_an(noun: str) -> str:
    """``"a calcineurin inhibitor"``, ``"an antimetabolite"``.

    >>> a_or_an("calcineurin inhibitor"), a_or_an("antimetabolite")
    ('a calcineurin inhibitor', 'an antimetabolite')
    """
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun
