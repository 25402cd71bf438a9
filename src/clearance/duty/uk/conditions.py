"""Which duty a measure with conditions charges, given the documents the declarant presents.

TARIC conditions of one kind (code A, B, Q, ...) are tried in order: the first whose document is
presented, or which names no document (the fall-back), decides the action. The actions Clearance
applies are "Apply the mentioned duty" (the measure's own components), "Apply the amount of the
action" (the condition's components) and "Measure not applicable". Conditions on a price or quantity
(the entry price system, code V) need figures a declaration carries and this calculator does not
ask for: they are reported for manual computation, never guessed.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from clearance.duty.uk.measures import Component, Condition, Measure


@dataclass(frozen=True)
class Resolution:
    components: tuple[Component, ...] | None   # None: the measure does not apply
    presented: tuple[str, ...] = ()            # documents relied on
    missing: tuple[Condition, ...] = ()        # document conditions passed over because not presented
    manual: str | None = None


def resolve(measure: Measure, documents: AbstractSet[str]) -> Resolution:
    if not measure.conditions:
        return Resolution(measure.components)
    kinds = list(dict.fromkeys(c.code for c in measure.conditions))
    if any(c.threshold is not None for c in measure.conditions):
        first = next(c for c in measure.conditions if c.threshold is not None)
        return Resolution(None, manual=f"condition {first.condition!r} compares the goods with a price or quantity "
                                       f"({first.requirement or first.threshold}); compute by hand")
    if len(kinds) > 1:
        return Resolution(None, manual=f"the measure has conditions of several kinds ({', '.join(kinds)}); "
                                       "compute by hand")
    missing: list[Condition] = []
    for condition in measure.conditions:
        if condition.document and condition.document not in documents:
            missing.append(condition)
            continue
        presented = (condition.document,) if condition.document else ()
        return _act(measure, condition, presented, tuple(missing))
    return Resolution(None, missing=tuple(missing))


def _act(measure: Measure, condition: Condition, presented: tuple[str, ...],
         missing: tuple[Condition, ...]) -> Resolution:
    action = condition.action.casefold()
    if "not applicable" in action:
        return Resolution(None, presented, missing)
    if "apply the mentioned duty" in action:
        return Resolution(measure.components, presented, missing)
    if action.startswith("apply the amount of the action"):
        return Resolution(condition.components, presented, missing)
    return Resolution(None, presented, missing,
                      manual=f"condition action {condition.action!r} is not one Clearance applies; compute by hand")
