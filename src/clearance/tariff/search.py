"""Free-text search over the schedule: tokens of each line's own description and its path.

A line's own words weigh more than its ancestors' words, rare words more than common ones
(inverse document frequency over the schedule), and statistical lines rank above headings
when the score ties. This is lookup, not classification.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from clearance.tariff.schedule import Schedule

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = {"of", "the", "and", "or", "for", "with", "in", "a", "an", "other", "not", "to", "by", "than",
         "whether", "its", "their", "thereof", "nesoi"}


def tokens(text: str) -> list[str]:
    words = _TOKEN.findall(text.lower())
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in _STOP]


@dataclass(frozen=True)
class Hit:
    code: str
    score: float
    line: dict[str, Any]


def search(schedule: Schedule, query: str, limit: int = 20, digits: int | None = None) -> list[Hit]:
    wanted = set(tokens(query))
    if not wanted:
        return []
    lines = [ln for ln in schedule.lines() if ln.get("code")]
    frequency: Counter[str] = Counter()
    for ln in lines:
        frequency.update(set(tokens(ln["description"])))
    total = len(lines)
    idf = {w: math.log((total + 1) / (frequency[w] + 1)) + 1 for w in wanted}
    hits = []
    for ln in lines:
        if digits and len(ln["code"]) != digits:
            continue
        own = set(tokens(ln["description"]))
        above = set(tokens(" ".join(ln["path"][:-1])))
        score = sum(2 * idf[w] for w in wanted & own) + sum(idf[w] for w in (wanted & above) - own)
        if score > 0:
            hits.append(Hit(ln["code"], score / sum(2 * idf[w] for w in wanted), ln))
    hits.sort(key=lambda h: (-h.score, -len(h.code), h.code))
    return hits[:limit]
