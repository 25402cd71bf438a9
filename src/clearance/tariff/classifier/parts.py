"""Parts classified with their machine (GRI 1: Section XVI, Note 2(b); Section XVII, Note 3; Chapter 90, Note 2(b)).

Parts that are not goods of a heading of their own, "if suitable for use solely or principally with
a particular kind of machine", are classified with the machines of that kind: in the heading's
own subheadings for parts (8439.99, parts of papermaking machinery) or in the heading the notes
and heading texts set aside for them (8409 for the engines of 8407 and 8408, 8431 for 8425 to
8430...). A description says so in its words: "a crankshaft sensing blade used in spark ignition
internal combustion piston engines", "gearbox assembly for fertilizer spreaders". Retrieval over
the whole description is drawn to the part's own name ("blade", "gearbox"); the machine it names
decides where the part goes.

What is read here: the goods a description names before "for" (:func:`goods_phrase`, which the
classifier also matches alone), the machine a description names as the one its goods are used in or are parts
of (:func:`machine_phrase`), and, from HS 2022, the parts provisions of each heading: its
subheadings whose terms begin with "parts", or else the subheadings of the heading whose terms take
the parts of its machines ("Parts suitable for use solely or principally with the engines of
heading no. 8407 or 8408").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from clearance.tariff.classifier.attributes import STOP, words

#: Words that say the goods are a part, a component or an accessory of something they are "for".
PART_WORDS = frozenset({"part", "parts", "replacement", "spare", "accessory", "accessories", "assembly",
                        "assemblies", "attachment", "attachments", "component", "components"})
#: Phrases that name the machine whatever the other words; "for" alone only beside a word of PART_WORDS.
_USED_IN = re.compile(r"\b(?:used (?:in|on|with)|for use (?:in|on|with)|suitable for use (?:in|on|with)|"
                      r"parts? (?:of|for)|components? (?:of|for)|accessor(?:y|ies) (?:of|for))\s+(.*)", re.IGNORECASE)
_FOR = re.compile(r"\bfor\s+(.*)", re.IGNORECASE)
#: Where the machine's name ends: punctuation, or a word that starts another clause.
_END = re.compile(r"[,;.()\[\]]|\b(?:to|that|which|and|with|including|such as|in order)\b", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:(?:an?|the|all|most|various|many)\s+)+", re.IGNORECASE)
MAX_WORDS = 6
SECTION_XVII = ("86", "87", "88", "89")
_LEFT_OUT = re.compile(r"other than|not those|excluding|except", re.IGNORECASE)
_PARTS = re.compile(r"\bparts\b", re.IGNORECASE)
_CODES = re.compile(r"\b(\d{4})\b(?:\s*(?:to|-)\s*(\d{4}))?")


@dataclass(frozen=True)
class Machine:
    """The machine a description names, its heading, and the subheadings that take its parts."""
    phrase: str
    heading: str
    parts: frozenset[str]

    def takes(self, goods_hs6: str) -> bool:
        """Whether the machine's parts provision can take goods whose own wording best matches
        ``goods_hs6``: Section XVII, Note 2(e)-(g) keeps machines of 8401-8479, electrical equipment
        of Chapter 85 and instruments of Chapter 90 out of the parts of vehicles, aircraft and
        vessels (a headlamp "for cars" is of 8512, not 8708)."""
        vehicle = any(code[:2] in SECTION_XVII for code in self.parts)
        return not (vehicle and (goods_hs6[:2] in ("85", "90") or "8401" <= goods_hs6[:4] <= "8479"))


def parts_note(hs6: str) -> str:
    """The note that sends a part to its machine's provision, by the provision's chapter."""
    chapter = hs6[:2]
    if chapter in ("84", "85"):
        return "Section XVI, Note 2(b)"
    if chapter in SECTION_XVII:
        return "Section XVII, Note 3"
    if chapter == "90":
        return "Chapter 90, Note 2(b)"
    return f"heading {hs6[:4]} (its terms take the parts)"


def machine_phrase(text: str) -> str | None:
    """The machine the goods are said to be used in, or to be parts of; None when the description
    names none. "For" names it only when the description also calls the goods a part, spare,
    accessory, assembly or attachment ("brush for hair" names no machine)."""
    found = _USED_IN.search(text)
    if found is None and PART_WORDS.intersection(words(text)):
        found = _FOR.search(text)
    if found is None:
        return None
    phrase = _ARTICLE.sub("", _END.split(found.group(1), maxsplit=1)[0].strip())
    kept = phrase.split()[:MAX_WORDS]
    return " ".join(kept) if any(len(w) > 2 for w in kept) else None


def goods_phrase(text: str) -> str | None:
    """The words before the first "for", when they name something (two content words at least): in
    "X for Y", X names the goods and Y their use or the machine they fit ("phone case for iPhone 16",
    "carbon brush for angle grinders"). None when the description has no such "for"."""
    found = re.search(r"(?:^|\s)for\s", text, re.IGNORECASE)  # the first "for", even as the first word
    if found is None:
        return None
    head = text[:found.start()].rstrip()
    content = [w for w in words(head) if len(w) > 2 and w not in STOP]
    return head if len(content) >= 2 else None


def parts_provisions(subheadings: dict[str, str], headings: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """For each heading, the subheadings that take the parts of its goods.

    ``subheadings``: HS6 -> its own terms; ``headings``: heading -> its terms. A heading with
    subheadings of its own for parts ("Machinery; parts of machinery for making or finishing paper")
    keeps them; a heading whose terms take the parts of other headings' machines ("... parts suitable
    for use solely or principally with the machinery of heading no. 8425 to 8430") gives all its
    subheadings to each of those headings."""
    own: dict[str, list[str]] = defaultdict(list)
    for hs6, terms in sorted(subheadings.items()):
        if re.search(r"(?:^|;\s*)parts\b", terms, re.IGNORECASE):
            own[hs6[:4]].append(hs6)
    by_heading: dict[str, list[str]] = defaultdict(list)
    for hs6 in sorted(subheadings):
        by_heading[hs6[:4]].append(hs6)
    served: dict[str, list[str]] = defaultdict(list)
    for heading, terms in headings.items():
        named = _PARTS.search(terms)
        if named and by_heading.get(heading):
            for machine in _served(terms[named.end():], heading):
                served[machine] += by_heading[heading]
    result = {heading: tuple(codes) for heading, codes in own.items()}
    for machine, codes in served.items():
        result.setdefault(machine, tuple(codes))
    return result


def _served(after: str, heading: str) -> Iterable[str]:
    """The headings a parts heading's terms name after "parts" (``after``: "... heading no. 8425 to
    8430", "8535, 8536 and 8537"), not those it leaves out ("other than those of heading no. 6212")."""
    for found in _CODES.finditer(after):
        first, last = found.groups()
        if first == heading or _LEFT_OUT.search(after[max(0, found.start() - 40):found.start()]):
            continue
        if last and first[:2] == last[:2] and first < last:
            yield from (f"{n:04d}" for n in range(int(first), int(last) + 1))
        else:
            yield first
