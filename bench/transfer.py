"""Bytes a phone fetches for each family page, as Chromium itself counts them (DevTools'
"transferred": headers and compressed bodies), printed as a table.

first visit: an empty browser cache. repeat visit: the same browser comes back to the page
(a new tab, cache kept): the page is asked again with its ETag, the year-cached CSS and JS
are not asked at all. HTML + CSS + JS count against the targets (first <= 25 KB, repeat
<= 8 KB); images are shown apart, as the target is for the page before images.

    .venv/bin/python bench/transfer.py               # this checkout
    .venv/bin/python bench/transfer.py --root DIR    # another checkout (e.g. `git archive` of an
                                                     # older commit), to compare before and after
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FIRST_TARGET, REPEAT_TARGET = 25 * 1024, 8 * 1024
COUNTED = {"Document", "Stylesheet", "Script"}  # HTML + CSS + JS; "Image" and the rest apart

# (label, path, button to press on that page: the measured page is where it leads)
PAGES = [
    ("home", "/{lang}/", None),
    ("information", "/{lang}/info/", None),
    ("section", "/{lang}/info/what-happens", None),
    ("section 12-15", "/{lang}/info/12-15/", None),
    ("all information (print)", "/{lang}/info/print", None),
    ("word list", "/{lang}/glossary", None),
    ("chat", "/{lang}/chat", None),
    ("pre-screen", "/{lang}/prescreen/", None),
    ("pre-screen question 1", "/{lang}/prescreen/", "form[action$='/prescreen/start'] button[type=submit]"),
    ("timeline", "/{lang}/timeline", None),
    ("timeline with dates", "/{lang}/timeline?start=2026-05-04", None),
    ("privacy", "/{lang}/privacy", None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path, db_path: Path):
    port = free_port()
    env = {**os.environ, "COMPANION_DB": str(db_path), "SECRET_KEY": "bench-secret", "COMPANION_INSECURE_COOKIES": "1",
           # the chat's sentence model changes no page's bytes; loading it would only slow the first chat page
           "COMPANION_CONFIG_CHAT_MEANING_MODEL": "none"}
    # threads: a sync worker would sit on a connection the browser opened ahead and left idle
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4",
                                "--graceful-timeout", "2", "--bind", f"127.0.0.1:{port}", "--preload", "app:app"],
                               cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not answer /healthz within 60 s")


class Recorder:
    """Bytes per request from the DevTools protocol: loadingFinished.encodedDataLength is what came
    over the network (headers included); a request answered from the cache counts 0."""

    def __init__(self, context, page):
        self.requests: dict[str, dict] = {}
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._cached)

    def _entry(self, request_id):
        return self.requests.setdefault(request_id, {"bytes": 0, "type": "Other", "url": "", "encoding": None})

    def _response(self, event):
        entry = self._entry(event["requestId"])
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        entry.update(type=event["type"], url=event["response"]["url"], status=event["response"]["status"],
                     encoding=headers.get("content-encoding"),
                     cached=event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"))

    def _finished(self, event):
        self._entry(event["requestId"])["bytes"] = event["encodedDataLength"]

    def _cached(self, event):
        self._entry(event["requestId"])["cached"] = True

    def reset(self):
        self.requests.clear()

    def totals(self) -> tuple[int, int, set]:
        counted = sum(r["bytes"] for r in self.requests.values() if r["type"] in COUNTED)
        images = sum(r["bytes"] for r in self.requests.values() if r["type"] not in COUNTED)
        encodings = {r["encoding"] or "none" for r in self.requests.values()
                     if r["type"] in COUNTED and r["bytes"] and r.get("status") == 200}
        return counted, images, encodings


def visit(context, url: str, button: str | None, empty_cache: bool = False) -> tuple[str, tuple]:
    """Open `url` in a new tab (and press `button` there); the bytes of the page measured and its path."""
    page = context.new_page()
    recorder = Recorder(context, page)
    page.goto(url, wait_until="load")
    if button:
        if empty_cache:  # the cache starts empty at the page the button leads to
            context.new_cdp_session(page).send("Network.clearBrowserCache")
        recorder.reset()
        with page.expect_navigation(wait_until="load"):
            page.click(button)
    page.wait_for_load_state("networkidle")
    path = page.url.split("/", 3)[3]
    page.close()
    return "/" + path, recorder.totals()


def measure(base: str) -> list[tuple]:
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for lang in ("nl", "en"):
                for label, path, button in PAGES:
                    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=lang)
                    url = base + path.format(lang=lang)
                    shown, first = visit(context, url, button, empty_cache=True)
                    _, repeat = visit(context, url, button)
                    context.close()
                    rows.append((shown, label, first, repeat))
        finally:
            browser.close()
    return rows


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def print_table(rows) -> bool:
    print(f"{'page':30} {'path':36} {'first KB':>9} {'repeat KB':>10} {'images KB':>10}  encodings  (targets: first <= "
          f"{FIRST_TARGET // 1024} KB, repeat <= {REPEAT_TARGET // 1024} KB; HTML+CSS+JS, headers included)")
    ok = True
    for path, label, (first, images, encodings), (repeat, _, _) in rows:
        over = first > FIRST_TARGET or repeat > REPEAT_TARGET
        ok = ok and not over
        print(f"{label:30} {path:36} {kb(first):>9} {kb(repeat):>10} {kb(images):>10}  {','.join(sorted(encodings)):9}"
              f"{'  OVER TARGET' if over else ''}")
    worst_first = max(r[2][0] for r in rows)
    worst_repeat = max(r[3][0] for r in rows)
    print(f"largest: first visit {kb(worst_first)} KB (target <= 25 KB), repeat visit {kb(worst_repeat)} KB "
          f"(target <= 8 KB): {'met' if ok else 'NOT met'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to serve (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_server(args.root.resolve(), Path(tmp) / "transfer.db")
        try:
            print_table(measure(base))
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
