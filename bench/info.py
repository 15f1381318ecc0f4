"""Foundation numbers: page weight, server time per information page, throughput against a bare
Flask app under the same gunicorn settings and the same load tool (wrk), create_app() time, and
Lighthouse (mobile) for a section page. Prints one line per number, with its target."""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion import create_app  # noqa: E402
from tests.conftest import start_server, stop_server  # noqa: E402

HELLO_APP = "from flask import Flask\napp = Flask(__name__)\n@app.get('/')\ndef hello():\n    return 'hello'\n"


def p95(values):
    return statistics.quantiles(values, n=100)[94]


def page_weight(base: str, path: str) -> int:
    """Bytes of the page plus every stylesheet, script and image it loads (uncompressed)."""
    html = urllib.request.urlopen(base + path).read()
    assets = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))
    total = len(html)
    for asset in assets:
        if asset.endswith(b".css") or b".js" in asset or b"/img/" in asset:
            total += len(urllib.request.urlopen(base + asset.decode()).read())
    return total


def server_times(tmp: Path, query: str = "") -> list[float]:
    """Per-request times of five sections in both languages. With a query string the page
    cache is bypassed and every request renders its template (the rendered Markdown stays cached)."""
    app = create_app({"DATABASE": str(tmp / "bench.db"), "TESTING": False})
    client = app.test_client()
    paths = [f"/{lang}/info/{slug}{query}" for lang in ("nl", "en") for slug in
             ("introduction", "purpose", "what-happens", "side-effects", "data-and-privacy")]
    for path in paths:  # warm the rendering cache, as a running server would be
        client.get(path)
    times = []
    for _ in range(60):
        for path in paths:
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
    return times


def wrk(url: str) -> float:
    out = subprocess.run(["wrk", "-t2", "-c16", "-d5s", url], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def throughput(tmp: Path) -> tuple[float, float]:
    process, base = start_server(tmp / "tp.db", workers=2)
    try:
        urllib.request.urlopen(base + "/en/info/purpose").read()
        app_rps = wrk(base + "/en/info/purpose")
    finally:
        stop_server(process)
    (tmp / "hello_app.py").write_text(HELLO_APP)
    port = 5901
    hello = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                              "hello_app:app"], cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
                break
            except OSError:
                time.sleep(0.1)
        hello_rps = wrk(f"http://127.0.0.1:{port}/")
    finally:
        stop_server(hello)
    return app_rps, hello_rps


def lighthouse(base: str, path: str) -> dict | None:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return None
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
    result = subprocess.run([str(binary), base + path, "--quiet", "--output=json", "--form-factor=mobile",
                             "--only-categories=performance,accessibility", f"--chrome-flags={flags}"],
                            capture_output=True, text=True, env=env, timeout=240)
    if result.returncode != 0:
        print("lighthouse failed:", result.stderr[-500:])
        return None
    report = json.loads(result.stdout)
    return {name: cat["score"] for name, cat in report["categories"].items()}


def main():
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        start = time.perf_counter()
        create_app({"DATABASE": str(tmp / "startup.db"), "TESTING": False})
        cold = time.perf_counter() - start
        start = time.perf_counter()
        create_app({"DATABASE": str(tmp / "startup.db"), "TESTING": False})
        warm = time.perf_counter() - start
        print(f"create_app with content loaded: {cold:.2f} s on a new database, {warm:.2f} s on an existing one (target <= 1 s)")

        for label, query in (("served from the page cache", ""), ("rendered each time", "?uncached=1")):
            times = server_times(tmp, query)
            print(f"information page server time, {label}: p50 {statistics.median(times):.2f} ms, "
                  f"p95 {p95(times):.2f} ms (target p95 <= 10 ms)")

        process, base = start_server(tmp / "weight.db", workers=1)
        try:
            for path in ("/nl/info/purpose", "/en/info/side-effects", "/nl/info/under-12/hello"):
                print(f"page weight {path}: {page_weight(base, path) / 1024:.1f} KB with everything it loads (target <= 50 KB)")
            scores = lighthouse(base, "/nl/info/what-happens")
            if scores:
                print(f"lighthouse mobile /nl/info/what-happens: performance {scores['performance']:.2f} (target >= 0.95), "
                      f"accessibility {scores['accessibility']:.2f} (target 1.0)")
        finally:
            stop_server(process)

        app_rps, hello_rps = throughput(tmp)
        print(f"throughput, gunicorn 2 workers, wrk -t2 -c16 -d5s: information page {app_rps:.0f} req/s, "
              f"bare Flask hello {hello_rps:.0f} req/s, ratio {app_rps / hello_rps:.2f} (target >= 0.50)")


if __name__ == "__main__":
    main()
