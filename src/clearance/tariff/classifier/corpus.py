"""The labelled examples the classifier retrieves from, built from declared reference data.

Every example is a text with a label: an HS6 subheading always, a 10-digit line when the
source gives one. Sources, in order: the HTS itself (each statistical line's full path, its
own words twice), HS 2022 subheadings (path from chapter), UK colloquial terms, parcel
descriptions and brand names (HS6 only), and precedents (rulings: description -> codes).
"""

from __future__ import annotations

from dataclasses import dataclass

from clearance.refdata import ReferenceData
from clearance.tariff.schedule import Schedule


@dataclass(frozen=True)
class Example:
    text: str
    hs6: str
    code: str | None  # 10-digit line, when the source names one
    source: str  # hts, hs2022, uk_search_term, uk_parcel_description, uk_brand, precedent
    ref: str  # what to cite: the HTS number, the precedent id...
    #: What the sentence encoder reads when not ``text``: an HTS line's own words, then its ancestors
    #: nearest first, as the encoder reads a bounded number of tokens (:mod:`.dense`).
    own_first: str | None = None

    def encoder_text(self) -> str:
        return self.own_first or self.text


def build_examples(reference: ReferenceData, schedule: Schedule, exclude_precedents: set[str]) -> list[Example]:
    examples: list[Example] = []
    for line in schedule.lines():
        code = line.get("code") or ""
        if len(code) == 10 and not code.startswith(("98", "99")):
            text = " ".join(line["path"]) + " " + line["description"]
            own_first = ". ".join([line["description"], *reversed(line["path"])])
            examples.append(Example(text, code[:6], code, "hts", code, own_first))
    for record in reference.records("hs2022"):
        if record.get("level") == 6:
            examples.append(Example(" ".join(record["path"]), record["code"], None, "hs2022", record["code"]))
    for record in reference.records("uk_references"):
        examples.append(Example(record["text"], record["hs6"], None, record["source"], record["uk_code"]))
    for record in reference.records("precedents"):
        if record["id"] in exclude_precedents or not record["codes"]:
            continue
        first = record["codes"][0]
        examples.append(Example(record["description"], first[:6], first if len(first) == 10 else None,
                                "precedent", record["id"]))
    return examples
