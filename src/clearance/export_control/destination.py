"""Where the item goes, as the EAR sees it: its Country Chart row, Country Groups and region.

The Commerce Country Chart (Supp. No. 1 to part 738) gives, per destination, the columns
whose reasons for control require a licence ("X"); Cuba, Iran, North Korea and Syria have no
X at all but a "special case" cell that sends the reader to part 746, which an engine must
never read as "no licence required". Country Groups (Supp. No. 1 to part 740) decide licence
exceptions and the destination rules written outside the chart. Liechtenstein is not on the
chart: footnote 5 refers it to Switzerland.

Crimea and the so-called DNR and LNR regions of Ukraine have their own rules (15 CFR 746.6);
they are named by ISO 3166-2 subdivision codes (UA-43, UA-40, UA-14, UA-09).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clearance.errors import ClearanceError
from clearance.model.codes import validate_country
from clearance.refdata import ReferenceData

CHART = "ear_country_chart"
CHART_BIS = "ear_country_chart_bis"
GROUPS = "ear_country_groups"

# ISO 3166-2 codes of the regions of 15 CFR 746.6, with the words an address may use for them.
REGIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "UA-43": ("Crimea region of Ukraine", ("crimea", "krym", "simferopol")),
    "UA-40": ("Sevastopol (Crimea region of Ukraine)", ("sevastopol",)),
    "UA-14": ("so-called Donetsk People's Republic (DNR) region of Ukraine", ("donetsk", "dnr")),
    "UA-09": ("so-called Luhansk People's Republic (LNR) region of Ukraine", ("luhansk", "lugansk", "lnr")),
}
# Destinations answered from another row: Liechtenstein "refer to Switzerland" (chart footnote 5); Hong Kong,
# removed from the chart by BIS's rule of 2020-12-23, is treated as China.
_REFERRED = {"LI": ("CH", "footnote 5 refers it to Switzerland"),
             "HK": ("CN", "BIS removed Hong Kong from the chart on 2020-12-23; it is treated as China")}


class DestinationError(ClearanceError, ValueError):
    """A destination the Country Chart cannot answer for."""


@dataclass(frozen=True)
class Destination:
    code: str  # what was asked: "DE", "UA-43"
    country: str  # ISO alpha-2 of the chart row used
    name: str
    x: frozenset[str]  # chart columns with an X
    special_case: str | None  # the part 746 pointer of an embargoed destination
    footnotes: tuple[tuple[int, str], ...]
    groups: frozenset[str]
    bis_x: frozenset[str] | None  # BIS's own chart export, to cross-check a cell
    region: str | None = None  # a 746.6 region's name
    referred: str | None = None  # "Liechtenstein refers to Switzerland (footnote 5)"

    def in_group(self, *names: str) -> bool:
        return any(name in self.groups for name in names)

    @property
    def embargoed(self) -> bool:
        return bool(self.special_case) or self.region is not None

    def footnote(self, number: int) -> str | None:
        return next((text for n, text in self.footnotes if n == number), None)


def region_in(text: str | None) -> str | None:
    """The 746.6 region an address text names, if any (Ukrainian addresses only)."""
    lowered = (text or "").lower()
    for code, (_, words) in REGIONS.items():
        if any(re.search(rf"\b{word}\b", lowered) for word in words):
            return code
    return None


def destination(reference: ReferenceData, code: str) -> Destination:
    """The chart row and groups for ``code`` (ISO alpha-2 or a 746.6 region code)."""
    asked = (code or "").strip().upper()
    region = REGIONS.get(asked)
    if region is not None:
        country = "UA"
    else:
        try:
            country = validate_country(asked)
        except ValueError as exc:
            raise DestinationError(f"unknown destination '{code}': {exc}; regions of 15 CFR 746.6 are "
                                   f"{', '.join(REGIONS)}") from None
    referred = None
    row_country = country
    if country in _REFERRED:
        row_country, why = _REFERRED[country]
        referred = f"{country} is not on the Country Chart ({why}): the {row_country} row is used"
    row = reference.get(CHART, row_country)
    if row is None:
        if not reference.has(CHART):
            raise DestinationError("the Commerce Country Chart (dataset ear_country_chart) is not loaded: "
                                   "run `clearance data import`")
        raise DestinationError(f"destination '{code}' is not on the Commerce Country Chart "
                               "(Supp. No. 1 to part 738); no determination can be made for it")
    groups = reference.get(GROUPS, row_country) or reference.get(GROUPS, country) or {}
    bis = reference.get(CHART_BIS, row_country)
    return Destination(
        code=asked, country=country, name=region[0] if region else row["name"], x=frozenset(row["x"]),
        special_case=row.get("special_case") or None,
        footnotes=tuple((int(f["number"]), f["text"]) for f in row.get("footnotes") or ()),
        groups=frozenset(groups.get("groups") or ()), bis_x=frozenset(bis["x"]) if bis else None,
        region=region[0] if region else None, referred=referred,
    )


# Destination rules written outside the chart in a control row ("To or within Macau or a
# destination specified in Country Group D:5", "China, Russia, or Venezuela").
_NAMED = {"united arab emirates": "AE", "macau": "MO", "iraq": "IQ", "pakistan": "PK", "north korea": "KP",
          "china": "CN", "russia": "RU", "venezuela": "VE", "belarus": "BY"}
_GROUP = re.compile(r"\b([A-E]:\d)\b")
_SECTION = re.compile(r"§+\s*([\d.]+(?:\([a-zA-Z0-9]+\))*)")


@dataclass(frozen=True)
class OutsideChart:
    applies: bool | None  # None: the text is not a destination rule this engine can read
    why: str
    citation: str


def outside_chart(text: str, reason: str, dest: Destination) -> OutsideChart:
    """Whether a control row's destination rule (not a chart column) reaches ``dest``."""
    lowered = text.lower()
    sections = _SECTION.findall(text)
    citation = "; ".join(f"15 CFR {s}" for s in sections) or "15 CFR 742 (the ECCN's control row)"
    if reason == "UN" or "746.1" in text:
        hit = dest.footnote(1) is not None
        return OutsideChart(hit, "UN arms-embargo destination (chart footnote 1)" if hit else
                            "not a UN arms-embargo destination of 15 CFR 746.1(b) (no chart footnote 1)",
                            "15 CFR 746.1(b)")
    if reason == "EI" or "742.15" in text:  # 742.15(a): EI items need a licence to every destination but Canada
        hit = dest.country != "CA"
        return OutsideChart(hit, "EI: licence to all destinations except Canada" if hit else "EI: Canada is excepted",
                            "15 CFR 742.15(a)")
    if text.strip(" .").upper() == "N/A":
        return OutsideChart(False, "the entry says N/A", citation)
    if "746.8" in text or "746.5" in text:
        targets = {"RU", "BY"} if "746.8" in text else {"RU"}
        hit = dest.country in targets
        return OutsideChart(hit, f"{'applies' if hit else 'does not apply'}: rule for "
                            f"{'/'.join(sorted(targets))} ({text})", citation)
    head, _, excluding = lowered.partition("excluding")
    if any(word in head for word in ("worldwide", "all destinations", "any destination")):
        excepted = "except canada" in head and dest.country == "CA"
        return OutsideChart(not excepted, "Canada is excepted" if excepted else f"worldwide control: {text}",
                            citation)
    named = {code for name, code in _NAMED.items() if re.search(rf"\b{name}\b", head)}
    groups = set(_GROUP.findall(text.partition("excluding")[0]))
    if not named and not groups:
        return OutsideChart(None, f"destination rule not machine-readable, decide by hand: {text}", citation)
    excluded = set(_GROUP.findall(excluding.upper()))
    hit = (dest.country in named or dest.in_group(*groups)) and not dest.in_group(*excluded)
    scope = ", ".join(sorted(named) + sorted(groups)) + (f" excluding {', '.join(sorted(excluded))}"
                                                          if excluded else "")
    return OutsideChart(hit, f"{'in' if hit else 'not in'} {scope}", citation)
