"""Every page type is valid HTML according to the Nu Html Checker (vnu.jar from npm, run with Java)."""
import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = pytest.mark.e2e

PAGE_TYPES = ["/{lang}/", "/{lang}/info/", "/{lang}/info/purpose", "/{lang}/info/12-15/",
              "/{lang}/info/under-12/hello", "/{lang}/glossary", "/{lang}/info/print",
              "/{lang}/privacy", "/{lang}/info/no-such-page"]
EXTRA_PAGES = ["/{lang}/chat", "/{lang}/timeline", "/{lang}/timeline?start=2026-05-04", "/{lang}/prescreen/",
               "/{lang}/check", "/staff/login"]


def test_pages_are_valid_html(live_server, tmp_path):
    assert VNU.exists(), "vnu.jar missing: run `make node-deps`"
    assert shutil.which("java"), "java missing: run `make system-deps`"
    files = []
    for lang in ("nl", "en"):
        for template in PAGE_TYPES + EXTRA_PAGES:
            path = template.format(lang=lang)
            try:
                with urllib.request.urlopen(live_server + path) as response:
                    body = response.read()
            except urllib.error.HTTPError as error:
                if error.code == 404 and template in EXTRA_PAGES:
                    continue  # a feature not built
                body = error.read()
            name = tmp_path / (path.strip("/").replace("/", "_").replace("?", "_").replace("=", "_") or "root")
            name = name.with_suffix(".html")
            name.write_bytes(body)
            files.append(str(name))
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors[:40])
