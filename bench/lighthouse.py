"""Lighthouse (mobile) on the five family pages the issue names: the four scores, and every
audit that did not pass in full, the "text compression" and "cache policy" findings among them.
Targets: 100 on performance, accessibility, best practices and SEO; no compression or cache finding.
Scores of performance move with the machine's load: read them on an idle machine.

Heavy (Chromium per page, about half a minute each): run by `make bench` and `make lighthouse`,
never by the tests. Needs `make node-deps` (node_modules/.bin/lighthouse) and /usr/bin/chromium.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from transfer import start_server  # noqa: E402

PAGES = ["/nl/", "/nl/info/what-happens", "/nl/chat", "/nl/prescreen/", "/nl/timeline"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
         "--no-first-run")


def run(url: str) -> dict | None:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    result = subprocess.run([str(binary), url, "--quiet", "--output=json", "--form-factor=mobile",
                             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={FLAGS}"],
                            capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        print(f"lighthouse failed on {url}: {result.stderr[-500:]}")
        return None
    return json.loads(result.stdout)


def findings(report: dict) -> list[str]:
    """Audits of the four categories that count and did not score 1, worst first."""
    ids = {ref["id"] for name in CATEGORIES for ref in report["categories"][name]["auditRefs"] if ref.get("weight")}
    failed = [(audit["score"], audit_id) for audit_id in ids
              if (audit := report["audits"].get(audit_id)) and audit["score"] is not None and audit["score"] < 1]
    return [f"{audit_id} ({score:.2f})" for score, audit_id in sorted(failed)]


def watched_findings(report: dict) -> list[str]:
    """The "text compression" and "cache policy" findings. Lighthouse 13 reports both as insights:
    the page's compression in the document-latency checklist, the cache policy as the list of
    resources cached too briefly."""
    found = []
    latency = report["audits"].get("document-latency-insight") or {}
    compression = ((latency.get("details") or {}).get("items") or {}).get("usesCompression") or {}
    if compression.get("value") is False:
        found.append("text compression: " + compression.get("label", ""))
    cache = report["audits"].get("cache-insight") or {}
    short = (cache.get("details") or {}).get("items") or []
    if short:
        found.append(f"cache policy: {len(short)} resources cached too briefly")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to serve (default: this one)")
    args = parser.parse_args()
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print("lighthouse: node_modules/.bin/lighthouse missing, run `make node-deps`")
        return
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(args.root.resolve(), Path(tmp) / "lighthouse.db")
        try:
            print(f"{'page':28} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}  (target 100 each)  not passed in full")
            for path in PAGES:
                report = run(base + path)
                if report is None:
                    continue
                scores = [round(report["categories"][name]["score"] * 100) for name in CATEGORIES]
                watched = watched_findings(report)
                print(f"{path:28} {scores[0]:>5} {scores[1]:>5} {scores[2]:>5} {scores[3]:>5}  "
                      f"{'; '.join(findings(report)) or '-'}"
                      f"{'  FINDING: ' + '; '.join(watched) if watched else ''}")
        finally:
            process.terminate()
            process.wait(timeout=15)


if __name__ == "__main__":
    main()
