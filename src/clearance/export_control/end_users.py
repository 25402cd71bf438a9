"""What a screening hit on a party means for an export licence (15 CFR parts 744, 764; 31 CFR ch. V).

The screening engine says *who* a party may be; this module says what that listing does to
the export, list by list:

* **Entity List** (15 CFR 744.11, Supp. No. 4 to part 744): a licence is required for the
  items the entry names, usually "all items subject to the EAR", under the entry's review
  policy; no licence exception may be used unless the entry says so.
* **Denied Persons List** (denial orders, 15 CFR 764.3(a)(2); General Prohibition Four,
  15 CFR 736.2(b)(4)): no one may take part in the export: prohibited.
* **Unverified List** (15 CFR 744.15): no licence exception; an export that needs no licence
  may go only after the party's UVL statement is obtained; EEI is always filed.
* **Military End-User List** (15 CFR 744.21, Supp. No. 7 to part 744): a licence is required
  for the items the entry names (the items of Supp. No. 2 to part 744, or all items).
* **OFAC SDN** (31 CFR ch. V; 15 CFR 744.8): dealing with a blocked person is prohibited.
* **ITAR debarred** (22 CFR 127.7): may not take part in an ITAR export.

A hit in the screening ``review`` band is a possible match: the determination waits until a
person resolves the alert. Hits on non-US lists are the screening engine's business only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from clearance.screening.matcher import Match


class Effect(StrEnum):
    PROHIBITED = "prohibited"
    LICENCE_REQUIRED = "licence required"
    LICENCE_IF_LISTED_ITEM = "licence required if the item is one the entry names"
    NO_EXCEPTIONS = "no licence exceptions; UVL statement before an NLR export"
    POSSIBLE_MATCH = "possible match: resolve the screening alert"


@dataclass(frozen=True)
class ListRule:
    name: str
    citation: str
    prefix: str  # how the CSL's "source" column starts


_RULES = (
    ListRule("Entity List", "15 CFR 744.11; Supp. No. 4 to part 744", "Entity List"),
    ListRule("Denied Persons List", "15 CFR 764.3(a)(2); 15 CFR 736.2(b)(4) (General Prohibition Four)",
             "Denied Persons"),
    ListRule("Unverified List", "15 CFR 744.15; 15 CFR 758.1(b)", "Unverified List"),
    ListRule("Military End-User List", "15 CFR 744.21; Supp. No. 7 to part 744", "Military End User"),
    ListRule("ITAR Debarred List", "22 CFR 127.7", "ITAR Debarred"),
    ListRule("OFAC SDN List", "31 CFR chapter V (OFAC); 15 CFR 744.8", "Specially Designated Nationals"),
)
_SDN = _RULES[-1]


@dataclass(frozen=True)
class PartyHit:
    """One party's listing and its consequence for the export."""

    party: str
    list_name: str
    entity_id: str
    matched_name: str
    score: float
    band: str
    effect: Effect
    requirement: str  # the entry's own licence requirement text, when it has one
    policy: str
    citation: str
    usml_only: bool = False  # ITAR debarment: bites on USML lines only

    @property
    def blocks_exceptions(self) -> bool:
        return self.effect is not Effect.POSSIBLE_MATCH


def list_rule(match: Match) -> ListRule | None:
    """The US export list a match belongs to, or None for lists with no US export consequence."""
    if match.list == "ofac_sdn":
        return _SDN
    if match.list != "csl":
        return None
    source = (match.entity.source if match.entity else None) or ""
    return next((rule for rule in _RULES if source.startswith(rule.prefix)), None)


def party_hit(party: str, match: Match) -> PartyHit | None:
    rule = list_rule(match)
    if rule is None:
        return None
    extra = match.entity.extra if match.entity else {}
    requirement = extra.get("license_requirement", "")
    policy = extra.get("license_policy", "")
    if match.band != "block":
        effect = Effect.POSSIBLE_MATCH
    elif rule.name in ("Denied Persons List", "OFAC SDN List", "ITAR Debarred List"):
        effect = Effect.PROHIBITED
    elif rule.name == "Unverified List":
        effect = Effect.NO_EXCEPTIONS
    elif _all_items(requirement) or (rule.name == "Entity List" and not requirement):
        effect = Effect.LICENCE_REQUIRED
    else:
        effect = Effect.LICENCE_IF_LISTED_ITEM
    return PartyHit(party=party, list_name=rule.name, entity_id=match.entity_id, matched_name=match.name,
                    score=round(match.score, 4), band=match.band, effect=effect, requirement=requirement,
                    policy=policy, citation=rule.citation, usml_only=rule.name == "ITAR Debarred List")


def _all_items(requirement: str) -> bool:
    lowered = requirement.lower()
    return "all items subject to the ear" in lowered and "when used" not in lowered
