"""Score name pairs with nomenklatura's logic-v2, for ``benchmarks/screening.py`` (pair mode).

Runs in its own virtual environment, never the project's (logic-v2 is a benchmark-only
dependency, pinned in ``benchmarks/requirements-logicv2.txt``)::

    python -m venv /tmp/logicv2 && /tmp/logicv2/bin/pip install -r benchmarks/requirements-logicv2.txt
    /tmp/logicv2/bin/python benchmarks/logicv2_runner.py --check          # prints the version
    /tmp/logicv2/bin/python benchmarks/logicv2_runner.py IN.json OUT.json

IN.json is ``{"pairs": [[schema, [query names], [candidate names]], ...]}``. Each side becomes a
FollowTheMoney entity of that schema holding only those ``name`` values (no DOB, country or
identifier), compared with ``LogicV2.compare`` at its default configuration, which takes the
best over the names. OUT.json is ``{"scores": [...], "seconds": ..., "startup_seconds": ...,
"per_pair_ms": {"p50": ..., "p95": ...}}``; ``startup_seconds`` is the first comparison (the
name data logic-v2 loads once), not included in ``seconds``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from followthemoney import ValueEntity, model
    from nomenklatura.matching.logic_v2.model import LogicV2

    config = LogicV2.default_config()

    def entity(schema: str, names: list[str], key: str) -> ValueEntity:
        proxy = ValueEntity(model.get(schema) or model.get("LegalEntity"), {"id": key})
        proxy.add("name", names)
        return proxy

    counter = iter(range(10**12))

    def score(schema: str, query: list[str], candidate: list[str]) -> float:
        # fresh ids each time: logic-v2 caches feature results by entity id
        n = next(counter)
        return float(LogicV2.compare(entity(schema, query, f"q{n}"), entity(schema, candidate, f"c{n}"),
                                     config).score)

    if argv[:1] == ["--check"]:
        from importlib.metadata import version

        print(f"nomenklatura {version('nomenklatura')}, followthemoney {version('followthemoney')}, "
              f"rigour {version('rigour')}")
        return 0
    started = time.perf_counter()
    score("Person", ["Jane Doe"], ["John Doe"])  # loads logic-v2's name data
    startup = time.perf_counter() - started
    pairs = json.loads(Path(argv[0]).read_text("utf-8"))["pairs"]
    scores, times = [], []
    for schema, query, candidate in pairs:
        begin = time.perf_counter()
        scores.append(score(schema, query, candidate))
        times.append(time.perf_counter() - begin)
    ordered = sorted(times) or [0.0]
    Path(argv[1]).write_text(json.dumps({
        "scores": scores, "seconds": sum(times), "startup_seconds": startup,
        "per_pair_ms": {"p50": 1000 * ordered[len(ordered) // 2], "p95": 1000 * ordered[int(len(ordered) * 0.95)]},
    }), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
