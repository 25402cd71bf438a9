"""Structured legal notes of the US tariff schedule (HTSUS), parsed from the USITC notes text.

Source: ``shared/data/classification/hts_us/notes_usitc_2025/chapter_NN_notes.md`` (98 files,
chapters 01-99 except 77): the notes pages of the 2025 HTSUS chapter PDFs (USITC, public
domain), extracted to plain text by the ``ozswap/hs-agent`` repository (``PROVENANCE.md``,
section "hts_us/notes_usitc_2025").

Extracted per note: scope (section/chapter), section numeral (from the ``SECTION`` header, or for
chapter notes from the section numeral printed above the chapter's first page marker), chapter,
kind, number, cleaned text (page markers, ``... (con.)`` running heads, ``1/`` footnote markers,
markdown emphasis/strike-through removed; wrapped lines re-joined; labelled items ``(a)``,
``(ij)``, ``(i)``, ``(1)``, ``(A)``, bullets and new paragraphs on their own lines), footnote
lines (kept apart), the heading/subheading numbers cited (text and footnotes), exclusions ("does
not cover", "do not include", "is not covered", "does not apply to", "covers ... except:"; not
"shall not apply", which concerns duties) with their targets, and definitions ("the
expression/term "X" means/includes/covers/refers to ...", ""X" means ...", and "(a) Term" +
text lists after "the following expressions have the meanings ...").

Not extracted: tables (cells stay as flattened text), conditions and rates, the meaning of
cross-references ("note 2 to section XV" is dropped from exclusion targets, not resolved),
headings cited without the word "heading" ("of 2710 or 3403"), numbers mistyped in the source
("6104.2l.00"), and definitions phrased otherwise (""X" are ...", "a "slitting line" is ...").
Subchapter U.S. notes of chapters 98/99 restart their numbering; ``subchapter`` tells them apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

__all__ = ["Definition", "Exclusion", "LegalNote", "applicable_notes", "note_label", "parse_notes_file", "parse_notes_text",
           "references"]


@dataclass(frozen=True)
class Exclusion:
    item: str  # "a", "ij", "ii", "C" ... or "" for an excluding sentence outside a labelled item
    text: str
    targets: tuple[str, ...]  # "3406", "950430", "ch39", "secXV"


@dataclass(frozen=True)
class Definition:
    term: str
    text: str


@dataclass(frozen=True)
class LegalNote:
    scope: str  # "section" | "chapter"
    section: str | None
    chapter: str
    kind: str  # "note" | "subheading_note" | "additional_us_note" | "statistical_note"
    number: str
    text: str
    exclusions: tuple[Exclusion, ...] = ()
    definitions: tuple[Definition, ...] = ()
    references: tuple[str, ...] = ()
    subchapter: str | None = None  # chapters 98/99 only ("I", ...)
    footnotes: tuple[str, ...] = ()  # "1/ See subheading 9817.95.01 ..." lines, not in ``text``


_ROMAN = r"[IVXL]+"
_PAGE = re.compile(rf"^(?:{_ROMAN}|(?:{_ROMAN}\s+)?(?:\d{{1,2}}|{_ROMAN})(?:\s*-\s*{_ROMAN})?\s*-\s*\d+)$")
_HEADER = re.compile(r"^(?P<k>(?:additional\s+)?u\.\s?s\.\s+|subheading\s+|statistical\s+)?notes?(?:\s*:)?"
                     r"(?P<con>\s*\(con\.?\))?(?:\s*:)?$", re.I)
_STRUCTURE = re.compile(rf"^(SECTION|CHAPTER|SUBCHAPTER)\s+(\d{{1,2}}|{_ROMAN})$")
_NOTE_START = re.compile(r"^(\d{1,2})(?:\.\s+|\.$|\s+(?=[A-Z]))(.*)$")
_FOOTNOTE = re.compile(r"^(\d{1,2})/\s+\S")
_LABEL = re.compile(r"^(?:\((?P<p>[a-z]{1,2}|[ivx]{1,5}|[A-Z]{1,2}|\d{1,2})\)|(?P<d>[a-z])\.)\s")
_BULLET = re.compile(r"^[-–•]\s")
_EXCL = re.compile(r"\b(?:does|do)\s+not(?:,\s*however,)?\s+(?:cover|include|apply\s+to)\b"
                   r"|\bis\s+not\s+covered\b", re.I)
_NUM = r"\d{4}(?:\.\d{2}(?:\.\d{2}(?:\.?\d{2})?)?)?(?!\d)(?!\.\d)"
_SEP = r"(?:\s*[,;])?\s*(?:(?:and/or|and|or|to|through)\s+|-\s*)?"
_HEADINGS = re.compile(rf"\b(?:sub)?headings?\s+(?:nos?\.\s*)?({_NUM}(?:{_SEP}{_NUM})*)", re.I)
_DOTTED = re.compile(r"(?<![\d.])\d{4}\.\d{2}(?:\.\d{2}(?:\.?\d{2})?)?(?!\d)(?!\.\d)")
_CHAPTERS = re.compile(r"\b(?i:chapters?)\s+(\d{1,2}(?![\d.]\d?)(?:" + _SEP + r"\d{1,2}(?![\d.]\d?))*)")
_SECTIONS = re.compile(rf"\b(?i:sections?)\s+({_ROMAN}\b(?:{_SEP}{_ROMAN}\b)*)")
_NOTE_XREF = re.compile(r"\b(?:additional\s+U\.S\.\s+|subheading\s+|statistical\s+)?notes?\s+\d+(?:\s*\(\w+\))?"
                        r"\s+(?:to|of)\s+(?:this\s+)?(?:chapter|section|subchapter)(?:\s+(?:\d{1,2}|[IVXL]+))?", re.I)
_Q = "\"“”"
_TERMS = rf"[{_Q}][^{_Q}\n]{{1,100}}[{_Q}](?:(?:\s*,)?\s*(?:(?:and|or)\s*)?[{_Q}][^{_Q}\n]{{1,100}}[{_Q}])*"
_DEF_KEYWORD = re.compile(
    rf"\b(?:expressions?|terms?|phrases?|words?)\s+(?P<t>{_TERMS})(?:\s*,)?\s*(?:(?:only|also)\s+)?(?:means?|includes?"
    r"|covers?|appl(?:y|ies)\b|refers?\s+to|relates?\s+to|embraces?|shall\s+(?:mean|include|cover)|(?:is|are)\s+to\s+be"
    r"\s+taken)", re.I)
_DEF_BARE = re.compile(rf"(?P<t>{_TERMS})(?:\s*,)?\s*(?:means?\b|that\s+is,)")
_DEF_LIST_LEAD = re.compile(r"have\s+the\s+meanings?\s+hereby\s+assigned|following\s+expressions\s+have", re.I)
_NOT_ABBREV = r"(?<!\.[A-Z])(?<!\bNo)(?<!\bi\.e)(?<!\be\.g)(?<!\bviz)(?<!\bcf)"
_SENTENCE_BREAK = re.compile(_NOT_ABBREV + r"[.;](?:\s+|(?=[A-Z][a-z]))(?=[A-Z“\"(])")
_SENTENCE_END = re.compile(_NOT_ABBREV + r"[.;](?=\s+[A-Z“\"(]|\s*$)")
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


def parse_notes_file(path: Path) -> list[LegalNote]:
    """Parse one ``chapter_NN_notes.md`` file; the chapter comes from the file name."""
    m = re.search(r"(\d{1,2})", Path(path).stem)
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return parse_notes_text(text, m.group(1) if m else "00")


def _clean(raw: str) -> str:
    line = re.sub(r"~~.*?~~", "", raw.replace("<br>", " ").replace("\u00a0", " "))
    line = re.sub(r"(?<!\w)_([^_]+)_(?!\w)", r"\1", line.replace("**", "").replace("~~", ""))
    line = re.sub(r"^\s*#+\s*", "", line).strip().lstrip("|").strip()
    return re.sub(r"\s+\d{1,2}/(?=\s|$)", "", line).strip()  # footnote markers "1/"


def parse_notes_text(text: str, chapter: str) -> list[LegalNote]:
    """Parse the text of one chapter's notes pages into notes, in document order; never raises on odd text."""
    state: dict[str, Any] = {"scope": "chapter", "section": None, "chapter": (chapter or "00").zfill(2),
                             "kind": None, "subchapter": None}
    records: list[dict[str, Any]] = []  # built at the end: a footnote may follow its note
    chapter_section: str | None = None
    title = in_footnote = skip = bracket = False
    current: dict[str, Any] | None = None
    owner: dict[str, Any] | None = None
    last = 0

    def flush() -> None:
        nonlocal current
        if current is not None and state["kind"] is not None:
            sec = state["section"] if state["scope"] == "section" else chapter_section or state["section"]
            records.append({**current, **state, "section": sec})
        current = None

    for raw in text.splitlines():
        line, stripped = _clean(raw), raw.strip()
        markers = set(re.findall(r"(?:^|\s)(\d{1,2})/(?=\s|$)", stripped))
        if current is not None and not _FOOTNOTE.match(stripped):
            current["markers"] |= markers
        if not line or re.fullmatch(r"[-|: ]+|\d{1,2}/?", line):
            continue
        if _PAGE.match(line):
            in_footnote = False
            if title and re.fullmatch(_ROMAN, line) and state["scope"] == "chapter":
                chapter_section = line  # "XX" above "95-1": the chapter's section
            continue
        if bracket:  # "[COMPILER'S NOTE: ...]"
            bracket = "]" not in line
            continue
        m_struct, m_head, m_start = _STRUCTURE.match(line), _HEADER.match(line), _NOTE_START.match(line)
        m_foot = _FOOTNOTE.match(stripped)
        if in_footnote and not (m_struct or m_head or m_start or m_foot or _LABEL.match(line)):
            if owner is not None:
                owner["footnotes"][-1] += " " + line
            continue
        in_footnote = False
        if m_foot:  # "1/ See subheading ...": goes to the note that carries the marker
            in_footnote, candidates = True, ([current] if current else []) + records[::-1]
            owner = next((r for r in candidates if m_foot.group(1) in r["markers"]), (candidates or [None])[0])
            if owner is not None:
                owner["footnotes"].append(stripped)
            continue
        if "NOTICE TO EXPORTERS" in line.upper():
            flush()
            skip = True
        if skip and not (m_struct or m_head):
            continue
        skip = False
        if line.startswith("[") and current is None:
            bracket = "]" not in line
            continue
        if m_struct:
            flush()
            word, value = m_struct.groups()
            title, last, state["kind"] = True, 0, None
            if word == "SECTION" and not value.isdigit():
                state.update(scope="section", section=value)
            elif word == "CHAPTER" and value.isdigit():
                state.update(scope="chapter", chapter=value.zfill(2), subchapter=None)
                chapter_section = None
            elif word == "SUBCHAPTER":
                state["subchapter"] = value
            continue
        if m_head:
            if not m_head.group("con"):  # "Notes (con.)" is a running head
                flush()
                k = (m_head.group("k") or "").lower()
                state["kind"] = ("additional_us_note" if "u." in k else "subheading_note" if "subheading" in k
                                 else "statistical_note" if "statistical" in k else "note")
                title, last = False, 0
            continue
        if title or state["kind"] is None:
            continue
        step = int(m_start.group(1)) - last if m_start else 0
        if m_start and (current is None or step == 1 or (step in (2, 3) and re.match(r"[A-Z]", m_start.group(2))))\
                and ("." in line[:3] or step == 1):  # numbers out of sequence are sub-items; "10 Heading" lost its dot
            flush()
            last = int(m_start.group(1))
            body = [(m_start.group(2), False)] if m_start.group(2) else []
            current = {"number": m_start.group(1), "lines": body, "footnotes": [], "markers": markers}
        elif current is None:  # "Additional U.S. Note" followed directly by its text
            last, current = 1, {"number": "1", "lines": [(line, False)], "footnotes": [], "markers": markers}
        else:
            current["lines"].append((line, raw[:1] in (" ", "\t") or bool(_BULLET.match(line))))
    flush()
    return [_build(r) for r in records]


def _join(lines: list[tuple[str, bool]]) -> list[str]:
    """Re-join wrapped lines; labelled items, bullets and new paragraphs start a new line."""
    out: list[str] = []
    for line, indented in lines:
        prev = out[-1] if out else ""
        new_line = (not out or indented or _LABEL.match(line) or re.match(r"\d{1,2}\.\s+[A-Z“\"(]", line)
                    or (_LABEL.match(prev) and len(prev) < 70 and not re.search(r"[.,;:)]$", prev))  # "(a) Pig iron"
                    or (re.search(r"[.:;]$", prev) and re.match(rf"[A-Z{_Q}]", line)))
        if new_line:
            out.append(line)
        else:
            out[-1] = prev + ("" if re.search(r"[A-Za-z]-$", prev) else " ") + line
    return [ln.strip() for ln in out if ln.strip()]


def _label(line: str) -> str:
    m = _LABEL.match(line)
    return (m.group("p") or m.group("d")) if m else ""


def _strip_label(line: str) -> str:
    return re.sub(r"^\d{1,2}\.\s+", "", _LABEL.sub("", line, count=1)).strip()


def _style(label: str) -> str:
    return "num" if label.isdigit() else "upper" if label.isupper() else "roman" if label in _ROMANS else "alpha"


def _follows(prev: str, label: str, style: str) -> bool:
    """Whether ``label`` comes right after ``prev`` in a list of ``style`` (letters use "ij", not "i")."""
    if style == "num":
        return label.isdigit() and prev.isdigit() and int(label) == int(prev) + 1
    if style == "roman":
        return prev in _ROMANS[:-1] and label == _ROMANS[_ROMANS.index(prev) + 1]
    p, lab = prev.lower(), label.lower()
    if p in ("i", "ij"):
        return lab == "k" or (p == "i" and lab == "j")
    return (p == "h" and lab == "ij") or (len(p) == len(lab) == 1 and ord(lab) == ord(p) + 1)


def _classify(lines: list[str]) -> list[tuple[str, str]]:
    """("item", letter) for top-level items a, b, ... (ij) ...; ("sub", "") for other labels/bullets; else "para"."""
    tags: list[tuple[str, str]] = []
    prev = ""
    for n, line in enumerate(lines):
        letter = _label(line)
        restart = letter == "a" and (not prev or lines[n - 1].endswith(":"))
        if restart or (letter and prev and _follows(prev, letter, "alpha")):
            tags.append(("item", letter))
            prev = letter
        else:
            tags.append(("sub" if letter or _BULLET.match(line) else "para", ""))
    return tags


def _heading_numbers(text: str, expand: bool) -> list[tuple[float, str]]:
    """(position, digits) of the headings/subheadings cited; ``expand`` fills ranges like "7102 to 7104"."""
    found: list[tuple[float, str]] = [(m.start(), re.sub(r"\D", "", m.group())) for m in _DOTTED.finditer(text)]
    for m in _HEADINGS.finditer(text):
        prev, prev_end = "", 0
        for n in re.finditer(_NUM, m.group(1)):
            digits, pos = re.sub(r"\D", "", n.group()), m.start(1) + n.start()
            ranged = re.search(r"\b(?:to|through)\b|-", m.group(1)[prev_end:n.start()])
            if expand and prev and ranged and len(prev) == len(digits) == 4 and prev[:2] == digits[:2]:
                found += [(pos - 0.5, f"{h:04d}") for h in range(int(prev) + 1, int(digits))]
            found.append((pos, digits))
            prev, prev_end = digits, n.end()
    return sorted((p for p in found if len(p[1]) in (4, 6, 8, 10)), key=lambda p: p[0])


def references(text: str) -> tuple[str, ...]:
    """Heading/subheading numbers cited in ``text``, as 4/6/8/10-digit strings, first-seen order."""
    return tuple(dict.fromkeys(d for _, d in _heading_numbers(text, False)))


def _targets(text: str) -> tuple[str, ...]:
    """Where excluded goods go: headings ("3406", "950430"), chapters ("ch39"), sections ("secXV")."""
    text = _NOTE_XREF.sub(" ", text)
    found = _heading_numbers(text, True)
    for m in _CHAPTERS.finditer(text):
        nums = [int(x) for x in re.findall(r"\d{1,2}", m.group(1))]
        if len(nums) == 2 and re.search(r"\b(?:to|through)\b", m.group(1)) and nums[0] < nums[1]:
            nums = list(range(nums[0], nums[1] + 1))
        found += [(m.start(), f"ch{n:02d}") for n in nums]
    found += [(m.start(), "sec" + s) for m in _SECTIONS.finditer(text) for s in re.findall(_ROMAN, m.group(1))]
    return tuple(dict.fromkeys(t for _, t in sorted(found, key=lambda p: p[0])))


def _sentence(line: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``line`` that contains [start, end)."""
    window = max(0, start - 3000)  # sentences are shorter; keeps long lines linear
    begin = max([window + m.end() for m in _SENTENCE_BREAK.finditer(line[window:start])], default=window)
    m = _SENTENCE_END.search(line, end, end + 3000)
    return begin, m.end() if m else min(len(line), end + 3000)


def _list_items(lines: list[str], start: int, lead: str) -> tuple[list[list[str]], int]:
    """The labelled items of the list starting at ``lines[start]``, and the index after the list."""
    style = "alpha" if _label(lines[start]) == "a" else _style(_label(lines[start]))
    items: list[list[str]] = []
    j = start
    while j < len(lines):
        label = _label(lines[j])
        if label and (not items or (_style(label) in (style, "roman") and _follows(items[-1][0], label, style))):
            items.append([label, _strip_label(lines[j])])
        elif label and ((lead and _style(label) == _style(lead)) or (_style(label) == style and label != "i")):
            break  # the next item of the enclosing list, or a new list
        elif label or _BULLET.match(lines[j]) or not items[-1][1].endswith("."):
            items[-1][1] += "\n" + lines[j]
        else:
            break  # a paragraph after the last item
        j += 1
    return items, j


def _exclusions(lines: list[str], tags: list[tuple[str, str]]) -> list[Exclusion]:
    """One per item after an excluding lead ("... does not cover:"), else one per excluding sentence."""
    out: list[Exclusion] = []
    i, item = 0, ""
    while i < len(lines):
        label, body = _label(lines[i]), _strip_label(lines[i])
        item = tags[i][1] if tags[i][0] == "item" else (item if tags[i][0] == "sub" and not label else label)
        lead = _EXCL.search(body) or re.search(r"\bexcept$", body[:-1])
        if lead and body.endswith(":") and i + 1 < len(lines) and _label(lines[i + 1]):
            items, i = _list_items(lines, i + 1, label)
            out += [Exclusion(letter, txt, _targets(txt)) for letter, txt in items]
            continue
        for m in _EXCL.finditer(body):
            begin, end = _sentence(body, m.start(), m.end())
            out.append(Exclusion(item, body[begin:end].strip(), _targets(body[m.end():end])))
        i += 1
    return out


def _definitions(lines: list[str], tags: list[tuple[str, str]]) -> list[Definition]:
    """Quoted terms with a defining verb, and "(a) Term" + text lists after a "meanings" lead."""
    out: list[Definition] = []
    for i, line in enumerate(lines):
        body, taken = _strip_label(line), []  # type: str, list[tuple[int, int]]
        for m in [*_DEF_KEYWORD.finditer(body), *_DEF_BARE.finditer(body)]:
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            begin, end = _sentence(body, m.start(), m.end())
            text, j = body[begin:end].strip(), i + 1
            follow = ("item", "sub") if tags[i][0] == "para" else ("sub",)
            while text.endswith(":") and j < len(lines) and tags[j][0] in follow:  # "... means:" + its items
                j += 1
            text = "\n".join([text, *lines[i + 1:j]])
            terms = (t.strip().rstrip(",.;").strip() for t in re.findall(rf"[{_Q}]([^{_Q}\n]+)[{_Q}]", m.group("t")))
            out += [Definition(t, text) for t in terms if t]
        if _DEF_LIST_LEAD.search(body) and body.endswith(":"):
            starts = [j for j in range(i + 1, len(lines)) if tags[j][0] == "item"] + [len(lines)]
            for j, k in pairwise(starts):
                term = _strip_label(lines[j])
                if len(term) < 70 and not re.search(r"[.;:,]$", term) and k > j + 1:
                    out.append(Definition(term, "\n".join(lines[j + 1:k])))
    return out


def _build(r: dict[str, Any]) -> LegalNote:
    lines = _join(r["lines"])
    tags = _classify(lines)
    text, footnotes = "\n".join(lines), tuple(r["footnotes"])
    return LegalNote(r["scope"], r["section"], r["chapter"], r["kind"], r["number"], text,
                     tuple(_exclusions(lines, tags)), tuple(_definitions(lines, tags)),
                     references(text + "\n" + "\n".join(footnotes)), r["subchapter"], footnotes)


_KIND_LABEL = {"note": "note", "subheading_note": "subheading note", "additional_us_note": "additional U.S. note",
               "statistical_note": "statistical note"}


def note_label(note: dict[str, Any]) -> str:
    """How a stored note (a ``LegalNote`` as a dict) is cited: "Chapter 95 note 1", "Section XI note 2"."""
    where = f"Section {note['section']}" if note["scope"] == "section" else f"Chapter {note['chapter']}"
    return f"{where} {_KIND_LABEL[note['kind']]} {note['number']}"


def applicable_notes(reference: Any, code: str, section: str | None) -> dict[str, Any]:
    """The legal notes that apply to a line, those citing its heading, and exclusions elsewhere
    that send goods to it (GRI 1: headings and section and chapter notes decide)."""
    heading, subheading = code[:4], code[:6]
    applicable = reference.lookup("hts_notes", f"section:{section}") if section else []
    applicable = applicable + reference.lookup("hts_notes", f"chapter:{code[:2]}")
    cites = [n for n in applicable if heading in n["references"] or subheading in n["references"]]
    pointing = [
        {"note": note_label(n), "item": e["item"], "text": e["text"]}
        for n in reference.records("hts_notes") if n["chapter"] != code[:2] or n["scope"] == "section"
        for e in n["exclusions"] if heading in e["targets"] or subheading in e["targets"]
    ]
    return {
        "notes": [note_label(n) for n in applicable],
        "notes_citing_heading": [{"note": note_label(n), "text": n["text"]} for n in cites],
        "exclusions_pointing_here": pointing,
    }
