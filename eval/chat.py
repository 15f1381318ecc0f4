"""`make eval`: the chat's accuracy, safety and speed on tests/data/chat_eval.jsonl.

Prints per language and overall, for the tuning part and for the held-out test part:
top-1/top-3 accuracy (right entry, and right topic), precision of direct answers, share of
out-of-scope questions answered, emergency recall, false emergency flags, suggestions rate,
p50/p95 latency. Thresholds were tuned on the tuning part only.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.chat import evaluate  # noqa: E402


def main() -> int:
    index = evaluate.build()
    for split in ("tune", "test"):
        cases = evaluate.load_cases(split=split)
        evaluate.evaluate(index, cases)  # warm-up: caches of typo corrections, like a running server
        report = evaluate.evaluate(index, cases)
        print(evaluate.format_report(f"chat [{split}]", report))
        if "-v" in sys.argv:
            for miss in report["misses"]:
                print("  miss:", miss)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
