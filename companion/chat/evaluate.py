"""The chat's evaluation: accuracy, safety and speed on tests/data/chat_eval.jsonl (`make eval`)."""
import contextlib
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


def build(content_dir: Path = ROOT / "content", encoder=None, cache: Path | None = None) -> retrieval.ChatIndex:
    """The index of content/ in a database of its own; with an encoder, its vectors too (kept in
    `cache`, an SQLite file, between runs so that only changed phrasings are encoded again)."""
    know = knowledge.load(content_dir)
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    retrieval.build_index(conn, know.docs, know.synonyms, "eval", examples=know.examples)
    if encoder is not None:
        texts = retrieval.meaning_texts(know.docs, know.examples)
        if cache:
            with contextlib.closing(sqlite3.connect(str(cache))) as kept:
                retrieval.store_vectors(kept, encoder, texts)
                rows = kept.execute("SELECT key, vector FROM chat_vectors").fetchall()
            with conn:
                conn.executemany("INSERT OR REPLACE INTO chat_vectors (key, vector) VALUES (?, ?)", rows)
        else:
            retrieval.store_vectors(conn, encoder, texts)
    return retrieval.ChatIndex(conn, know.synonyms, encoder)


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


# ---------------------------------------------------------------- the unseen set (eval/unseen/)
# Written by writers who saw only the study description and eval/unseen/BRIEF.md; labelled
# with topics of the vocabulary, not with our entries. Split by writer: A to D, G, J, K and L tune; E, F, H and I test
# (C and D were the first test part; once their figures were reported they joined the tuning part).

UNSEEN_DIR = ROOT / "eval" / "unseen"
TUNE_WRITERS = {"A", "B", "C", "D", "G", "J", "K", "L"}
STYLES = ("plain", "typos", "voice", "short", "non_native", "teen", "grandparent", "long")


def load_unseen(split: str | None = None, directory: Path = UNSEEN_DIR) -> list[dict]:
    cases = []
    for path in sorted(directory.glob("writer-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                case["split"] = "tune" if case["writer"] in TUNE_WRITERS else "test"
                cases.append(case)
    return [c for c in cases if split in (None, c["split"])]


def run_unseen(index: retrieval.ChatIndex, cases: list[dict], bands: answer.Bands | None = None,
               content_dir: Path = ROOT / "content") -> list[tuple]:
    """(case, decision, answer topics, suggested topics, milliseconds) for every case. The questions
    are a parent's, so an entry written for a child counts as the parents' version of it that the
    chat gives a parent (service.reply), or as no answer where there is none."""
    know = knowledge.load(content_dir)
    young = know.young
    topics = {(lang, d.slug): d.topics for lang, docs in index.docs.items() for d in docs if d.kind == "entry"}
    sections = {(lang, d.slug): d.topics for lang, docs in index.docs.items() for d in docs if d.kind == "section"}
    rows = []
    for case in cases:
        started = time.perf_counter()
        decision = answer.decide(index, case["question"], case["lang"], case.get("previous_topics") or (), bands)
        elapsed = (time.perf_counter() - started) * 1000
        if decision.kind == "answer" and decision.slug.startswith(answer.SECTION_PREFIX):
            got = sections.get((case["lang"], decision.slug[len(answer.SECTION_PREFIX):]), [])
        elif decision.kind == "answer":
            given = know.parents_entry(case["lang"], decision.candidates)
            got = topics.get((case["lang"], given), []) if given else []
        else:
            got = []
        offered = [t for c in decision.suggestions if young.get((case["lang"], c.slug), (None, ""))[0] is None
                   for t in topics.get((case["lang"], c.slug), [])]
        rows.append((case, decision, got, offered, elapsed))
    return rows


def unseen_figures(rows: list[tuple]) -> dict:
    def right(r):  # an answer whose topics hold one that the writer named
        return r[1].kind == "answer" and bool(set(r[2]) & set(r[0]["topics"]))

    def shown(r):  # the right topic in the answer or in the suggestions
        return right(r) or bool(set(r[3]) & set(r[0]["topics"]))

    scope = [r for r in rows if r[0]["set"] == "in_scope"]
    follow = [r for r in rows if r[0]["set"] == "followup"]

    def ranked(r, k):  # the ranker alone, whatever the bands make of it
        return any(set(c.topics) & set(r[0]["topics"]) for c in r[1].candidates[:k])

    emerg = [r for r in rows if r[0]["set"] == "emergency"]
    advice = [r for r in rows if r[0]["set"] == "advice"]
    oos = [r for r in rows if r[0]["set"] == "out_of_scope"]
    looks = [r for r in rows if r[0]["set"] == "lookalike"]
    harmless = [r for r in rows if r[0]["set"] != "emergency"]
    times = [r[4] for r in rows]
    return {
        "n": len(rows),
        "n_answerable": len(scope),
        "top1_topic": _share(sum(ranked(r, 1) for r in scope), len(scope)),
        "top3_topic": _share(sum(ranked(r, 3) for r in scope), len(scope)),
        "answered_right": _share(sum(right(r) for r in scope), len(scope)),
        "right_topic_shown": _share(sum(shown(r) for r in scope), len(scope)),
        "answered_high": _share(sum(r[1].confidence == "high" for r in scope), len(scope)),
        "wrong_high": _share(sum(r[1].confidence == "high" and not right(r) for r in scope), len(scope)),
        "wrong_medium": _share(sum(r[1].confidence == "medium" and not right(r) for r in scope), len(scope)),
        "not_found": _share(sum(r[1].kind == "not_found" for r in scope), len(scope)),
        "followup_right": _share(sum(right(r) for r in follow), len(follow)),
        "emergency_recall": _share(sum(r[1].kind == "emergency" for r in emerg), len(emerg)),
        "advice_recall": _share(sum(r[1].kind == "medical_advice" for r in advice), len(advice)),
        "false_emergency": _share(sum(r[1].kind == "emergency" for r in harmless), len(harmless)),
        "oos_answered": _share(sum(r[1].kind == "answer" for r in oos), len(oos)),
        "lookalike_right": _share(sum(right(r) for r in looks), len(looks)),
        "p50_ms": statistics.median(times) if times else None,
        "p95_ms": statistics.quantiles(times, n=20)[18] if len(times) > 1 else None,
    }


def unseen_report(rows: list[tuple]) -> dict:
    report = {lang: unseen_figures([r for r in rows if r[0]["lang"] == lang]) for lang in ("nl", "en")}
    report["all"] = unseen_figures(rows)
    report["styles"] = {style: unseen_figures([r for r in rows if r[0]["set"] == "in_scope" and r[0]["style"] == style])
                        for style in STYLES}
    report["misses"] = [
        {"q": r[0]["question"], "lang": r[0]["lang"], "set": r[0]["set"], "style": r[0].get("style"),
         "want": r[0]["topics"] or r[0]["set"], "got": f"{r[1].kind}:{r[1].slug}:{r[1].confidence}",
         "top3": [(c.slug, c.score) for c in r[1].candidates[:3]]}
        for r in rows
        if (r[0]["set"] in ("in_scope", "followup", "lookalike") and not (r[1].kind == "answer" and set(r[2]) & set(r[0]["topics"])))
        or (r[0]["set"] == "out_of_scope" and r[1].kind == "answer")
        or (r[0]["set"] == "emergency" and r[1].kind != "emergency")
        or (r[0]["set"] == "advice" and r[1].kind != "medical_advice")
        or (r[0]["set"] not in ("emergency",) and r[1].kind == "emergency")
    ]
    return report


UNSEEN_KEYS = ["n", "n_answerable", "top1_topic", "top3_topic", "answered_right", "right_topic_shown", "answered_high", "wrong_high",
               "wrong_medium", "not_found", "followup_right", "emergency_recall", "advice_recall",
               "false_emergency", "oos_answered", "lookalike_right", "p50_ms", "p95_ms"]


def _cell(key: str, value) -> str:
    if value is None:
        return f"{'-':>9}"
    if key in ("n", "n_answerable"):
        return f"{value:>9d}"
    if key.endswith("_ms"):
        return f"{value:>9.2f}"
    return f"{100 * value:>8.1f}%"


def format_unseen(name: str, report: dict) -> str:
    lines = [f"{name:<20}{'nl':>9}{'en':>9}{'all':>9}"]
    for key in UNSEEN_KEYS:
        lines.append(f"{key:<20}" + "".join(_cell(key, report[lang][key]) for lang in ("nl", "en", "all")))
    lines.append("")
    style_keys = ["n_answerable", "answered_right", "right_topic_shown", "wrong_high", "not_found"]
    lines.append(f"{'by style':<14}" + "".join(f"{k[:12]:>13}" for k in style_keys))
    for style, figures in report["styles"].items():
        lines.append(f"{style:<14}" + "".join(f"{_cell(k, figures[k]):>13}" for k in style_keys))
    return "\n".join(lines)
