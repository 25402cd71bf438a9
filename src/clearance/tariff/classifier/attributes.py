"""Attributes that decide classifications, read from a description and given attributes.

Each attribute has the words that reveal it. When the candidates differ on an attribute the
description does not reveal, the classifier abstains and asks the deciding question rather
than guess (a broker would ask the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9%]+")
#: Words that name nothing: left out when the words of a description are compared with a tariff text's.
STOP = frozenset({"and", "or", "of", "the", "for", "with", "in", "a", "an", "to", "other", "not", "by", "its",
                  "their"})

MATERIALS = {
    "cotton": "cotton", "wool": "wool", "cashmere": "wool", "silk": "silk", "linen": "flax", "flax": "flax",
    "polyester": "synthetic", "nylon": "synthetic", "polyamide": "synthetic", "acrylic": "synthetic",
    "spandex": "synthetic", "elastane": "synthetic", "synthetic": "synthetic", "rayon": "artificial",
    "viscose": "artificial", "plastic": "plastics", "plastics": "plastics", "pvc": "plastics",
    "polyethylene": "plastics", "polypropylene": "plastics", "silicone": "plastics", "acrylonitrile": "plastics",
    "rubber": "rubber", "leather": "leather", "wood": "wood", "wooden": "wood", "bamboo": "wood",
    "paper": "paper", "cardboard": "paper", "glass": "glass", "ceramic": "ceramic", "porcelain": "ceramic",
    "steel": "iron or steel", "iron": "iron or steel", "stainless": "iron or steel", "aluminum": "aluminum",
    "aluminium": "aluminum", "copper": "copper", "brass": "copper", "zinc": "zinc", "gold": "precious metal",
    "silver": "precious metal", "platinum": "precious metal", "alloy": "base metal", "metal": "base metal",
}
#: Words that say how a fabric is made: knitted or crocheted (Chapter 61) or woven (Chapter 62); the
#: named fabrics are woven by definition (broadcloth, chiffon, satin...) or knitted (jersey, velour).
CONSTRUCTION = {"knit": "knitted", "knitted": "knitted", "crochet": "knitted", "crocheted": "knitted",
                "jersey": "knitted", "velour": "knitted", "interlock": "knitted",
                "woven": "woven", "denim": "woven", "twill": "woven", "poplin": "woven", "broadcloth": "woven",
                "chiffon": "woven", "satin": "woven", "taffeta": "woven", "organza": "woven", "corduroy": "woven",
                "chambray": "woven", "seersucker": "woven", "georgette": "woven", "voile": "woven"}
GENDER = {**dict.fromkeys(("men", "mens", "man", "mans", "boys", "boy", "male"), "men's or boys'"),
          **dict.fromkeys(("women", "womens", "woman", "womans", "ladies", "girls", "girl", "female"),
                          "women's or girls'"),
          **dict.fromkeys(("baby", "babys", "babies", "infant", "infants", "newborn", "newborns"), "babies'"),
          "unisex": "unisex"}  # "mans", "womans", "babys": "man's", "woman's", "baby's" once the apostrophe is gone
POWER = {"electric": "electric", "electrical": "electric", "battery": "electric", "rechargeable": "electric",
         "usb": "electric", "cordless": "electric", "manual": "manual", "hand": "manual"}
FLAGS = {"set": "set", "kit": "set", "parts": "parts", "part": "parts", "accessory": "parts",
         "accessories": "parts", "spare": "parts"}

#: Chapters whose split between them, or within them, turns on an attribute.
MATERIAL_CHAPTERS = {"39": "plastics", "40": "rubber", "42": "leather", "44": "wood", "48": "paper",
                     "69": "ceramic", "70": "glass", "73": "iron or steel", "74": "copper",
                     "76": "aluminum", "71": "precious metal"}
APPAREL_CHAPTERS = {"61", "62"}


@dataclass(frozen=True)
class Attributes:
    material: tuple[str, ...]
    construction: str | None
    gender: str | None
    power: str | None
    flags: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"material": list(self.material), "construction": self.construction, "gender": self.gender,
                "power": self.power, "flags": list(self.flags)}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("'", ""))


def singular(word: str) -> str:
    """English plural folded to the singular, by rule ("dresses" -> "dress", "accessories" ->
    "accessory", "brooches" -> "brooch"); words too short or ending like a singular are kept."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "os")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word.removesuffix("s")


def construction_of(tokens: list[str], n: int) -> str | None:
    """How the garment is made, from the construction word ``tokens[n]``: "not knitted" is woven;
    "non-woven" is neither (nonwovens are bonded, not knitted: heading 5603)."""
    said = CONSTRUCTION[tokens[n]]
    if n and tokens[n - 1] in {"not", "non"}:
        return "woven" if said == "knitted" else None
    return said


def read_attributes(text: str, given: dict[str, str] | None = None) -> Attributes:
    """Attributes from the description plus ``given`` (k=v pairs win over the text)."""
    tokens = words(text + " " + " ".join(f"{v}" for v in (given or {}).values()))
    material = tuple(dict.fromkeys(MATERIALS[t] for t in tokens if t in MATERIALS))
    construction = next((c for n, t in enumerate(tokens) if t in CONSTRUCTION and (c := construction_of(tokens, n))),
                        None)
    gender = next((GENDER[t] for t in tokens if t in GENDER), None)
    power = next((POWER[t] for t in tokens if t in POWER), None)
    flags = tuple(dict.fromkeys(FLAGS[t] for t in tokens if t in FLAGS))
    given = {k.lower(): v for k, v in (given or {}).items()}
    if "material" in given:
        material = tuple(dict.fromkeys(MATERIALS.get(w, w) for w in words(given["material"]))) or material
    return Attributes(material, given.get("construction", construction), given.get("gender", gender),
                      given.get("power", power), flags)


def deciding_question(attributes: Attributes, chapters: list[str]) -> tuple[str, str] | None:
    """(attribute, question) when the leading candidates turn on an attribute the text lacks."""
    leading = set(chapters)
    if leading & APPAREL_CHAPTERS:
        if leading >= APPAREL_CHAPTERS and attributes.construction is None:
            return "construction", "Is the garment knitted or crocheted (chapter 61) or woven (chapter 62)?"
        textile = {"cotton", "wool", "silk", "flax", "synthetic", "artificial"}
        if not set(attributes.material) & textile:
            return "material", "What is the fibre content by weight (e.g. 60% cotton, 40% polyester)?"
        if attributes.gender is None:
            return "gender", "Is it for men or boys, women or girls, or babies?"
    material_chapters = leading & set(MATERIAL_CHAPTERS)
    if len(material_chapters) >= 2 and not attributes.material:
        options = ", ".join(sorted(MATERIAL_CHAPTERS[c] for c in material_chapters))
        return "material", f"What is it made of ({options}...)?"
    return None
