"""GRI 1 for materials: does the material a heading or subheading names agree with the goods?

Many headings and subheadings are defined by what the goods are made of: "of precious metal"
(7113), "imitation jewellery ... of base metal" (7117.19), "uppers of leather" (6403), "of cotton"
(6109.10). Retrieval by similar wording hardly sees that a zinc-alloy necklace is not "of
precious metal", so the classifier reads the goods' materials (from the description and from
given attributes such as ``Material``, ``Upper Material``, ``Outsole Material``) and the materials
each subheading's terms name (HS 2022 heading and subheading texts), role by role:

* ``main``: "of X" anywhere in the terms;
* ``upper`` and ``sole`` for footwear: "uppers of X", "outer soles of X" (Chapter 64, Note 4:
  the upper's material is the one with the greatest external surface area, the sole's the one
  in contact with the ground).

A subheading *agrees* when the goods are of a material it names, *conflicts* when the goods'
materials for that role are known and none is named, or when the goods contain a material its
legal note keeps out. Precious-metal plating or colour does not make goods "of precious metal"
(Chapter 71, Note 7: plating is not cladding; Note 11: imitation jewellery may carry precious
metal as plating), so "gold plated" and "silver color" are not read as precious metal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clearance.tariff.classifier.attributes import CONSTRUCTION, GENDER, construction_of, words

#: Parent classes: goods of stainless steel are goods of base metal; cotton is a textile material.
PARENT = {"silver": "precious metal", "gold": "precious metal", "platinum": "precious metal",
          "palladium": "precious metal", "iron or steel": "base metal", "copper": "base metal",
          "aluminum": "base metal", "zinc": "base metal", "nickel": "base metal", "tin": "base metal",
          "titanium": "base metal", "cotton": "textile", "wool": "textile", "silk": "textile", "flax": "textile",
          "synthetic": "textile", "artificial": "textile"}

#: Words of a description that name a material (one word, or two read together).
_GOODS_WORDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("silver", "sterling", "925", "s925"), ("silver",)), "gold": ("gold",),
    "platinum": ("platinum",), "palladium": ("palladium",),
    **dict.fromkeys(("alloy", "metal", "tungsten"), ("base metal",)),
    **dict.fromkeys(("steel", "iron", "stainless"), ("iron or steel",)),
    **dict.fromkeys(("copper", "brass", "bronze"), ("copper",)),
    **dict.fromkeys(("aluminum", "aluminium"), ("aluminum",)),
    "zinc": ("zinc",), "titanium": ("titanium",), "nickel": ("nickel",),
    **dict.fromkeys(("zircon", "zirconia", "cz", "moissanite", "gemstone", "gemstones", "diamond", "diamonds",
                     "ruby", "sapphire", "emerald", "opal", "agate", "jade", "turquoise", "amethyst", "garnet",
                     "moonstone", "topaz", "onyx", "quartz", "tourmaline", "obsidian", "lapis", "labradorite",
                     "aquamarine", "citrine", "peridot", "jasper", "malachite", "amber"), ("stones",)),
    **dict.fromkeys(("plastic", "plastics", "pvc", "pu", "tpu", "eva", "abs", "pla", "petg", "resin", "silicone",
                     "polyethylene", "polypropylene", "polystyrene", "polycarbonate", "ptfe", "vinyl",
                     "melamine", "polyurethane", "acrylic"), ("plastics",)),
    **dict.fromkeys(("rubber", "latex", "neoprene"), ("rubber",)),
    "tpr": ("rubber", "plastics"),
    **dict.fromkeys(("leather", "cowhide", "suede", "nubuck", "sheepskin", "pigskin", "calfskin"), ("leather",)),
    "cotton": ("cotton",), **dict.fromkeys(("wool", "cashmere", "merino"), ("wool",)), "silk": ("silk",),
    **dict.fromkeys(("linen", "flax"), ("flax",)),
    **dict.fromkeys(("polyester", "nylon", "spandex", "elastane", "lycra", "polyamide", "microfiber",
                     "microfibre"), ("synthetic",)),
    **dict.fromkeys(("rayon", "viscose", "modal", "lyocell"), ("artificial",)),
    **dict.fromkeys(("mesh", "canvas", "fabric", "cloth", "textile", "velvet", "flock", "fleece", "denim", "satin",
                     "chiffon", "felt", "knit", "knitted", "woven", "lace"), ("textile",)),
    **dict.fromkeys(("wood", "wooden", "bamboo", "plywood"), ("wood",)),
    **dict.fromkeys(("paper", "cardboard", "paperboard", "kraft"), ("paper",)),
    "glass": ("glass",), **dict.fromkeys(("ceramic", "porcelain", "stoneware"), ("ceramic",)),
}
#: A precious-metal word followed by one of these is plating or colour, not precious metal.
_NOT_PRECIOUS_AFTER = {"plated", "plating", "color", "colour", "colored", "tone", "toned", "coated", "filled"}
_CLAD_AFTER = {"filled"}  # "gold filled": a base metal clad with gold (Chapter 71, Note 7)
#: Words before "leather" that make it plastics (PU, faux, synthetic leather), and before "pearl" that
#: make it a real pearl.
_NOT_LEATHER_BEFORE = {"pu", "faux", "synthetic", "artificial", "vegan", "microfiber", "imitation"}
_REAL_PEARL_BEFORE = {"freshwater", "cultured", "natural", "genuine", "akoya", "baroque"}
#: Words before "hair" that say whose hair it is (wigs and false eyelashes, heading 6704).
_HAIR_BEFORE = {**dict.fromkeys(("human", "remy", "virgin", "brazilian", "peruvian", "malaysian", "indian"),
                                "human hair"),
                **dict.fromkeys(("mink", "animal", "horse", "goat", "yak", "camel"), "animal hair")}

#: Words in a subheading's terms that name a material.
_TERMS = [
    ("base metal clad with precious metal", ("clad",)), ("metal clad with precious metal", ("clad",)),
    ("clad with precious metal", ("clad",)),
    ("precious or semi-precious stones", ("stones",)), ("precious or semiprecious stones", ("stones",)),
    ("semi-precious stones", ("stones",)), ("precious stones", ("stones",)),
    ("natural or cultured pearls", ("pearls",)), ("cultured pearls", ("pearls",)), ("pearls", ("pearls",)),
    ("precious metal", ("precious metal",)), ("silver", ("silver",)), ("gold", ("gold",)),
    ("platinum", ("platinum",)), ("base metal", ("base metal",)), ("iron or steel", ("iron or steel",)),
    ("stainless steel", ("iron or steel",)), ("steel", ("iron or steel",)), ("iron", ("iron or steel",)),
    ("copper", ("copper",)), ("aluminium", ("aluminum",)), ("aluminum", ("aluminum",)), ("zinc", ("zinc",)),
    ("nickel", ("nickel",)), ("tin", ("tin",)), ("titanium", ("titanium",)),
    ("sheeting of plastics", ("plastics",)), ("plastics", ("plastics",)), ("plastic", ("plastics",)),
    ("vulcanised rubber", ("rubber",)), ("vulcanized rubber", ("rubber",)), ("rubber", ("rubber",)),
    ("composition leather", ("leather",)), ("leather", ("leather",)),
    ("synthetic textile materials", ("synthetic",)), ("textile materials", ("textile",)),
    ("textile material", ("textile",)), ("textiles", ("textile",)),
    ("man-made fibres", ("synthetic", "artificial")), ("man-made fibers", ("synthetic", "artificial")),
    ("synthetic fibres", ("synthetic",)), ("synthetic fibers", ("synthetic",)),
    ("synthetic rubber", ("rubber",)), ("synthetic", ("synthetic",)),
    ("artificial fibres", ("artificial",)), ("artificial fibers", ("artificial",)), ("cotton", ("cotton",)),
    ("fine animal hair", ("wool",)), ("human hair", ("human hair",)), ("animal hair", ("animal hair",)),
    ("wool", ("wool",)), ("silk", ("silk",)), ("flax", ("flax",)),
    ("wood", ("wood",)), ("paperboard", ("paper",)), ("paper", ("paper",)), ("glass", ("glass",)),
    ("porcelain or china", ("ceramic",)), ("porcelain", ("ceramic",)), ("ceramic", ("ceramic",)),
]
_MATERIAL = "|".join(re.escape(term) for term, _ in _TERMS)
_LIST = rf"(?:{_MATERIAL})(?:(?:,| or| and|, or|, and)\s+(?:of\s+)?(?:{_MATERIAL}))*"
_ROLE_PATTERNS = [  # the role a material list has in the terms, most specific first
    (("sole", "upper"), re.compile(rf"outer soles and uppers of ({_LIST})")),
    (("upper",), re.compile(rf"uppers of ({_LIST})")),
    (("sole",), re.compile(rf"outer soles of ({_LIST})")),
    (("main",), re.compile(rf"\bof ({_LIST})")),
]
#: Clauses that name materials the goods need not be of (or must not be of).
_IGNORED = re.compile(r"\([^)]*\)|whether or not[^,;]*|excluding[^,;]*|n\.e\.c\.[^,;]*")
_OTHER_THAN = re.compile(rf"(?:of )?other than ({_LIST})(?! of heading)")  # not "other than leather of heading 4108"
_EXCLUDING = re.compile(rf"\(excluding ({_LIST})\)")  # "(excluding silver)": only a list of materials
_EITHER_WAY = re.compile(r"whether or not[^,;)]*")
_NOT_KNITTED = re.compile(r"(?:not|other than) knitted")
#: "knitted or crocheted" as the only construction; not "knitted or crocheted, or made up from lace, felt
#: or other textile fabric" (hats, 6505), which takes woven goods as well.
_KNITTED_ONLY = re.compile(r"knitted(?: or crocheted)?(?!,? or )")
_WEARER_TERMS = ((re.compile(r"(?<![a-z])men's or boys'"), "men"),
                 (re.compile(r"(?<![a-z])women's or girls'"), "women"))
#: Words of a description that say for whom a garment is made: the attribute reader's gender words
#: (babies' garments are not told apart here), and two it does not have.
#: A garment for either sex is a women's or girls' garment (Chapter 61, Note 9; Chapter 62, Note 9).
_WEARERS_OF = {"men's or boys'": ("men",), "women's or girls'": ("women",), "unisex": ("women",)}
_WEARER = {word: _WEARERS_OF[gender] for word, gender in GENDER.items() if gender in _WEARERS_OF} | {
    "gentlemen": ("men",), "lady": ("women",)}
#: Footwear parts named in a description: "uppers of textile materials", "leather upper".
_GOODS_ROLE_PATTERNS = [
    ("upper", re.compile(r"uppers? (?:(?:is|are|made|composed|constructed) )*(?:of|from) "
                         r"([a-z -]+?)(?:[,;.]| and| with|$)")),
    ("upper", re.compile(r"([a-z]+(?: leather)?) uppers?\b")),
    ("sole", re.compile(r"(?:outer |out)soles? (?:(?:is|are|made|composed) )*(?:of|from) "
                        r"([a-z -]+?)(?:[,;.]| and| with|$)")),
    ("sole", re.compile(r"([a-z]+) (?:outer |out)?soles?\b")),
]
#: Legal notes that keep materials out of a heading whose terms do not name them.
KEPT_OUT = {
    "7117": (("precious metal", "clad", "stones", "pearls"),
             ("Chapter 71, Note 11: imitation jewellery does not incorporate pearls, precious or semi-precious "
              "stones, or precious metal or metal clad with it (other than as plating or minor constituents)")),
}


_ROLE_LABEL = {"main": "of", "upper": "uppers of", "sole": "soles of", "construction": "garment", "wearer": "for"}


@dataclass(frozen=True)
class Requirement:
    """The materials a subheading's terms name, by role; and those its notes or terms keep out."""
    named: dict[str, frozenset[str]] = field(default_factory=dict)
    kept_out: frozenset[str] = frozenset()
    note: str | None = None


@dataclass(frozen=True)
class Verdict:
    agrees: bool
    conflicts: bool
    reason: str


def requirement(heading_text: str, subheading_text: str, hs6: str) -> Requirement:
    """The materials named by a subheading's terms (HS 2022 heading and subheading texts)."""
    named: dict[str, set[str]] = {}
    kept_out: set[str] = set()
    for text in (heading_text.lower(), subheading_text.lower()):
        for found in [*_OTHER_THAN.finditer(text), *_EXCLUDING.finditer(text)]:
            kept_out |= _classes_in(found.group(1))
        here: dict[str, set[str]] = _garment(text)  # read before parentheses go: "(not knitted or crocheted)"
        text = _IGNORED.sub(" ", _OTHER_THAN.sub(" ", text))
        for roles, pattern in _ROLE_PATTERNS:
            for found in pattern.finditer(text):
                for role in roles:
                    here.setdefault(role, set()).update(_classes_in(found.group(1)))
            text = pattern.sub(" ", text)
        named.update(here)  # the subheading's terms narrow its heading's, role by role (GRI 6)
    note = None
    if hs6[:4] in KEPT_OUT:
        out, note = KEPT_OUT[hs6[:4]]
        kept_out |= set(out)
    return Requirement({role: frozenset(c) for role, c in named.items() if c}, frozenset(kept_out), note)


def _garment(text: str) -> dict[str, set[str]]:
    """Chapters 61 and 62 split by construction and by wearer: "knitted or crocheted" against "not
    knitted or crocheted"; "men's or boys'" against "women's or girls'"."""
    found: dict[str, set[str]] = {}
    text = _EITHER_WAY.sub(" ", text)  # "whether or not knitted or crocheted" (6212) requires neither
    if _NOT_KNITTED.search(text):
        found["construction"] = {"woven"}
    elif _KNITTED_ONLY.search(text):
        found["construction"] = {"knitted"}
    wearers = {wearer for pattern, wearer in _WEARER_TERMS if pattern.search(text)}
    if wearers:
        found["wearer"] = wearers
    return found


def _classes_in(material_list: str) -> set[str]:
    classes: set[str] = set()
    rest = material_list
    for term, named in _TERMS:  # longest phrases come first in _TERMS
        if re.search(rf"\b{re.escape(term)}\b", rest):
            classes.update(named)
            rest = re.sub(rf"\b{re.escape(term)}\b", " ", rest)
    return classes


def goods_materials(text: str, given: dict[str, str] | None = None) -> dict[str, frozenset[str]]:
    """The goods' materials by role, with their parent classes: ``main`` from the description and
    the given material attributes, ``upper``/``sole`` from given footwear attributes."""
    tokens = words(text)
    roles: dict[str, set[str]] = {"main": _read(tokens)}
    roles["construction"] = {c for n, t in enumerate(tokens) if t in CONSTRUCTION and (c := construction_of(tokens, n))}
    roles["wearer"] = {w for t in tokens for w in _WEARER.get(t, ())}
    chief = _chief_fibre(text + " " + " ".join((given or {}).values()))
    if chief:  # the other fibres do not count (Section XI, Note 2(A); subheading note 2)
        roles["main"] = {c for c in roles["main"] if PARENT.get(c) != "textile"} | {chief}
    for role, pattern in _GOODS_ROLE_PATTERNS:  # "uppers of leather", "rubber outer soles" in the text
        for found in pattern.finditer(text.lower()):
            roles.setdefault(role, set()).update(_read(words(found.group(1))))
    for key, value in (given or {}).items():
        key = key.lower()
        if key == "fine or fashion":
            if value.strip().lower() == "fashion":
                roles["main"].add("fashion")
            continue
        if "upper" in key:
            role = "upper"
        elif "sole" in key and "insole" not in key:
            role = "sole"
        elif "material" in key or "metal" in key or "fabric" in key or "composition" in key:
            role = "main"
        else:
            continue
        roles.setdefault(role, set()).update(_read(words(value)))
    return {role: frozenset(found | {PARENT[c] for c in found if c in PARENT}) for role, found in roles.items()
            if found}


_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%\s*([a-z]+)")
_FIBRES = {"cotton", "wool", "silk", "flax", "synthetic", "artificial"}


def _chief_fibre(text: str) -> str | None:
    """The textile fibre predominating by weight when the description gives percentages ("90% cotton,
    10% polyester"): goods of mixed fibres are classified as if of that fibre alone."""
    weights: dict[str, float] = {}
    for percent, word in _PERCENT.findall(text.lower()):
        fibre = next((c for c in _GOODS_WORDS.get(word, ()) if c in _FIBRES), None)
        if fibre:
            weights[fibre] = weights.get(fibre, 0.0) + float(percent)
    if not weights:
        return None
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None


def _read(tokens: list[str]) -> set[str]:
    return {c for named in _read_in_order(tokens) for c in named}


def first_material(text: str) -> frozenset[str]:
    """The classes of the material the description names first, with their parents ("a bib of PVC
    with textile trim": plastics). Descriptions name the main material first; which one gives the
    goods their essential character (GRI 3(b)) is for the scoring to weigh."""
    first = next(iter(_read_in_order(words(text))), set())
    return frozenset(first | {PARENT[c] for c in first if c in PARENT})


def _read_in_order(tokens: list[str]) -> list[set[str]]:
    """The material classes each material word of the tokens names, in the order they are said."""
    found: list[set[str]] = []
    for n, token in enumerate(tokens):
        before = tokens[n - 1] if n else ""
        after = tokens[n + 1: n + 3]
        if token == "hair" and before in _HAIR_BEFORE:
            found.append({_HAIR_BEFORE[before]})
            continue
        if token == "pearl" or token == "pearls":
            if before in _REAL_PEARL_BEFORE:
                found.append({"pearls"})
            continue
        classes = _GOODS_WORDS.get(token)
        if not classes:
            continue
        if PARENT.get(classes[0]) == "precious metal" and set(after) & _NOT_PRECIOUS_AFTER:
            if set(after[:1]) & _CLAD_AFTER:
                found.append({"clad"})
            continue
        if classes == ("leather",) and before in _NOT_LEATHER_BEFORE:
            found.append({"plastics"})
            continue
        found.append(set(classes))
    return found


def judge(goods: dict[str, frozenset[str]], required: Requirement) -> Verdict | None:
    """Agreement or conflict of the goods' materials with a subheading's; None when neither says."""
    main = goods.get("main", frozenset())
    out = required.kept_out & main
    if out:
        return Verdict(False, True, f"contains {', '.join(sorted(out))}, which "
                       + (required.note or "the terms keep out"))
    agreements, conflicts = [], []
    for role, named in required.named.items():
        have = goods.get(role, frozenset()) - {"fashion"}
        if role == "upper" and not have:  # "leather shoes with rubber soles": the main material is the upper's
            have = main - goods.get("sole", frozenset()) - {"fashion"}
        if role == "main" and "fashion" in main and all(n == "clad" or "precious metal" in (n, PARENT.get(n))
                                                         for n in named):
            conflicts.append("fashion jewellery is not of precious metal")
            continue
        if not have:
            continue
        if not have & named and all(PARENT.get(n) in have for n in named) and not have - set(PARENT.values()):
            continue  # "of textile" against "of synthetic fibres": the goods' fibre is not known
        label = _ROLE_LABEL[role]
        if have & named:
            agreements.append(f"{label} {', '.join(sorted(have & named))}")
        else:
            conflicts.append(f"{label} {', '.join(sorted(have - set(PARENT.values())) or sorted(have))}, "
                             f"not {' or '.join(sorted(named))}")
    if conflicts:
        return Verdict(False, True, "; ".join(conflicts))
    if agreements:
        return Verdict(True, False, "; ".join(agreements))
    return None
