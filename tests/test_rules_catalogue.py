"""docs/rules.md is generated from the rule declarations and must not go stale."""

from __future__ import annotations

import re

from clearance.rules_catalogue import all_rules, rules_markdown
from tests.conftest import PROJECT

RULE_ID = re.compile(r"^[A-Z]+(\.[A-Z0-9_]+)+$")


def test_docs_rules_md_is_current():
    path = PROJECT / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run 'clearance rules --markdown > docs/rules.md'")


def test_rule_ids_are_stable_shaped_and_cited():
    for _, rule in all_rules():
        assert RULE_ID.match(rule.id), rule.id
        assert rule.citation.strip() and rule.summary.strip(), rule.id
