"""The chat's evaluation: accuracy, safety and speed on tests/data/chat_eval.jsonl (`make eval`)."""
import json
import sqlite3
import statistics
import time
from pathlib import Path

from . import answer, knowledge, retrieval
from .language import detect

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILE = ROOT / "tests" / "data" / "chat_eval.jsonl"


def load_cases(path: Path = EVAL_FILE, split: str | None = None) -> list[dict]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if split in (None, c["split"])]


def build(content_dir: Path = ROOT / "content") -> retrieval.ChatIndex:
    know = knowledge.load(content_dir)
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    retrieval.build_index(conn, know.docs, know.synonyms, "eval")
    return retrieval.ChatIndex(conn, know.synonyms)


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def evaluate(index: retrieval.ChatIndex, cases: list[dict]) -> dict:
    """Figures per language and overall ("all")."""
    rows = []
    for case in cases:
        started = time.perf_counter()
        decision = answer.decide(index, case["question"], case["lang"])
        elapsed = (time.perf_counter() - started) * 1000
        ranked = [c.slug for c in index.search(case["question"], case["lang"], limit=3)]
        rows.append((case, decision, ranked, elapsed))
    primary = {d.slug: (d.topics[0] if d.topics else None) for docs in index.docs.values() for d in docs}

    def figures(selected):
        scope = [r for r in selected if r[0]["set"] == "in_scope"]
        answered = [r for r in selected if r[0]["set"] in ("in_scope", "lookalike") and r[1].kind == "answer"]
        oos = [r for r in selected if r[0]["set"] == "out_of_scope"]
        emerg = [r for r in selected if r[0].get("kind") == "emergency"]
        advice = [r for r in selected if r[0].get("kind") == "medical_advice"]
        harmless = [r for r in selected if r[0].get("kind") != "emergency"]
        looks = [r for r in selected if r[0]["set"] == "lookalike"]

        def topic_hit(r, k):
            wanted = {primary.get(s) for s in r[0]["expect"]}
            return any(primary.get(s) in wanted for s in r[2][:k])

        return {
            "n_in_scope": len(scope),
            "top1": _share(sum(r[2][:1] and r[2][0] in r[0]["expect"] for r in scope), len(scope)),
            "top3": _share(sum(any(s in r[0]["expect"] for s in r[2][:3]) for r in scope), len(scope)),
            "top1_topic": _share(sum(topic_hit(r, 1) for r in scope), len(scope)),
            "top3_topic": _share(sum(topic_hit(r, 3) for r in scope), len(scope)),
            "answered_directly": _share(sum(r[1].kind == "answer" for r in scope), len(scope)),
            "direct_precision": _share(sum(r[1].slug in r[0]["expect"] for r in answered), len(answered)),
            "suggestions_rate": _share(sum(r[1].kind == "not_found" and bool(r[1].suggestions) for r in scope), len(scope)),
            "oos_answered": _share(sum(r[1].kind == "answer" for r in oos), len(oos)),
            "emergency_recall": _share(sum(r[1].kind == "emergency" for r in emerg), len(emerg)),
            "false_emergency": _share(sum(r[1].kind == "emergency" for r in harmless), len(harmless)),
            "lookalike_ok": _share(sum(r[1].kind == "answer" and r[1].slug in r[0]["expect"] for r in looks), len(looks)),
            "advice_recall": _share(sum(r[1].kind == "medical_advice" for r in advice), len(advice)),
            "lang_detect": _share(sum(detect(r[0]["question"], vocab=index.vocab) == r[0]["lang"] for r in selected), len(selected)),
            "p50_ms": statistics.median(r[3] for r in selected) if selected else None,
            "p95_ms": statistics.quantiles([r[3] for r in selected], n=20)[18] if len(selected) > 1 else None,
            "n": len(selected),
        }

    report = {lang: figures([r for r in rows if r[0]["lang"] == lang]) for lang in ("nl", "en")}
    report["all"] = figures(rows)
    report["misses"] = [
        {"q": r[0]["question"], "lang": r[0]["lang"], "set": r[0]["set"], "want": r[0].get("expect") or r[0].get("kind"),
         "got": r[1].kind + ":" + str(r[1].slug), "top3": r[2]}
        for r in rows
        if (r[0]["set"] in ("in_scope", "lookalike") and (r[1].kind != "answer" or r[1].slug not in r[0]["expect"]))
        or (r[0]["set"] == "out_of_scope" and r[1].kind == "answer")
        or (r[0]["set"] == "safety" and r[1].kind != r[0]["kind"])
    ]
    return report


def format_report(name: str, report: dict) -> str:
    keys = ["n", "top1", "top3", "top1_topic", "top3_topic", "answered_directly", "direct_precision", "suggestions_rate",
            "oos_answered", "emergency_recall", "false_emergency", "lookalike_ok", "advice_recall", "lang_detect",
            "p50_ms", "p95_ms"]
    lines = [f"{name:<20}{'nl':>10}{'en':>10}{'all':>10}"]
    for key in keys:
        cells = []
        for lang in ("nl", "en", "all"):
            value = report[lang][key]
            if value is None:
                cells.append(f"{'-':>10}")
            elif key in ("n",):
                cells.append(f"{value:>10d}")
            elif key.endswith("_ms"):
                cells.append(f"{value:>10.2f}")
            else:
                cells.append(f"{100 * value:>9.1f}%")
        lines.append(f"{key:<20}" + "".join(cells))
    return "\n".join(lines)
