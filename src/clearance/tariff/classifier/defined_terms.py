"""Terms the legal notes define by example, recognised in a description (GRI 1: headings and notes).

A heading's terms are sometimes defined in a note by a list of examples, and the goods are
described by an example rather than the term: a "necklace" or "earrings" are "articles of
jewelry" (Chapter 71, Note 9(a)), yet the schedule's lines for imitation jewelry never say
"necklace". When a description names one of the examples, the headings whose notes use the term
("For the purposes of heading 7113 ...", "For the purposes of heading 7117, "imitation jewelry"
means articles of jewelry within the meaning of ... note 9") are the ones the goods can fall in,
and the classifier favours them; what the goods are made of then decides between them
(:mod:`.materials`).

Only the definitions listed in :data:`EXPANDING` are used: most "(for example, ...)" lists in the
notes name technical variants ("squares", "grooves, ribs") that would mislead if read this way.
The example words themselves are read from the loaded notes, not copied here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from clearance.tariff.classifier.attributes import singular, words

#: (chapter, defined term): the definitions whose "(for example, ...)" examples name the goods.
EXPANDING = (("71", "articles of jewelry"),)
#: Words before an example that make it something else ("O rings", "piston rings", "key rings").
NOT_AFTER = {"o", "piston", "jump", "split", "snap", "retaining", "sealing", "key", "keyring", "slip", "bearing"}

_SPELLING = {"jewellery": "jewelry"}
_EXAMPLES = re.compile(r"\(for example,\s*([^)]*)\)")
_PURPOSES = re.compile(r"for the purposes? of headings? (\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class Recognised:
    word: str  # the example the description names
    term: str  # the term the note defines by it
    citation: str
    chapter: str  # of the defining note
    headings: frozenset[str]  # the headings whose notes use the term


class DefinedTerms:
    """Example word (singular) -> the defined term, its citation and the headings using it."""

    def __init__(self, notes: Iterable[dict[str, Any]], lines: Iterable[dict[str, Any]] = ()) -> None:
        """``lines``: the schedule's lines; an example word they use outside the note's chapter
        ("rings" of pistons, "bracelets" of watches) is ambiguous, and names the term only beside an
        unambiguous example, the term's own noun ("Gothic rings jewelry") or other evidence."""
        notes = list(notes)
        self._by_word: dict[str, Recognised] = {}
        wanted = set(EXPANDING)
        for note in notes:
            for definition in note.get("definitions") or []:
                if (note.get("chapter"), definition["term"]) not in wanted:
                    continue
                found = _EXAMPLES.search(definition["text"])
                if not found:
                    continue
                term = definition["term"]
                headings = frozenset(heading for other in notes if other.get("chapter") == note["chapter"]
                                     and term in other["text"].lower() for heading in _PURPOSES.findall(other["text"]))
                citation = f"Chapter {note['chapter']}, Note {note['number']}"
                for example in re.split(r",|\band\b", found.group(1)):
                    tokens = words(example)
                    if len(tokens) == 1:  # "watch chains", "tie pins": two words name other goods too
                        self._by_word[singular(tokens[0])] = Recognised(tokens[0], term, citation, note["chapter"],
                                                                        headings)
        self._ambiguous = _used_elsewhere(self._by_word, lines)

    def recognise(self, text: str, corroborated: bool = False) -> list[Recognised]:
        """The defined terms the description names an example of, each once. An ambiguous example
        counts when ``corroborated`` (the caller has other evidence of the term, such as a wearer
        for objects of personal adornment)."""
        tokens = [_SPELLING.get(t, t) for t in words(text)]
        hits: dict[str, list[Recognised]] = {}
        for n, token in enumerate(tokens):
            hit = self._by_word.get(singular(token))
            if hit and (n == 0 or tokens[n - 1] not in NOT_AFTER):
                hits.setdefault(hit.term, []).append(Recognised(token, hit.term, hit.citation, hit.chapter,
                                                                hit.headings))
        found = []
        for term, named in hits.items():
            sure = [r for r in named if singular(r.word) not in self._ambiguous]
            if sure or corroborated or term.split()[-1] in tokens:
                found.append((sure or named)[0])
        return found


def _used_elsewhere(examples: dict[str, Recognised], lines: Iterable[dict[str, Any]]) -> set[str]:
    """The example words the schedule's lines use outside the chapter of their note."""
    if not examples:
        return set()
    chapter_of = {word: found.chapter for word, found in examples.items()}
    # a cheap test first: only lines whose text contains an example's stem are read word by word
    stems = re.compile("|".join(sorted({word[:-1] if len(word) > 4 else word for word in examples})))
    ambiguous: set[str] = set()
    for line in lines:
        text = " ".join([*line.get("path", ()), line.get("description") or ""]).lower()
        if not stems.search(text):
            continue
        chapter = (line.get("code") or "")[:2]
        ambiguous.update(word for word in map(singular, words(text)) if word in chapter_of
                         and chapter_of[word] != chapter)
    return ambiguous
