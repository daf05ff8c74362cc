"""The annotated corpus as training examples: gold files read from a folder, with
the codes of the project's own catalogue additions filled in."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .coder_examples import Example, examples_from_gold


def apply_local_codes(gold: dict, annotations: Sequence[dict]) -> dict:
    """Gold annotated against the design catalogue, with the codes of the local
    additions filled in (``bench/corpus/seed_local_codes.json``)."""
    mine = [a for a in annotations if a["doc"] == gold.get("doc")]
    if not mine:
        return gold
    facts = []
    for f in gold["facts"]:
        f = dict(f)
        for a in mine:
            if (f["quote"], f["unit"]) == (a["quote"], a["unit"]) and abs(
                float(f["value"]) - float(a["value"])
            ) < 1e-6:
                f["code"] = a["code"]
        facts.append(f)
    return {**gold, "facts": facts, "catalogue": "local"}


def load_local_codes(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["annotations"])


def examples_from_folder(
    gold_dir: Path, text_dir: Path, local_codes: Sequence[dict] = ()
) -> list[Example]:
    """Examples from every annual-report annotation (``*.json``) in ``gold_dir``."""
    out: list[Example] = []
    if not gold_dir.is_dir():
        return out
    for gpath in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        if gold.get("kind") != "annual_report":
            continue
        gold = apply_local_codes(gold, local_codes)
        text = (text_dir / gold["doc"]).read_text(encoding="utf-8")
        out.extend(examples_from_gold(text, gold["facts"], source=gold["doc"]))
    return out
