"""Every interface string of the pre-screening has its Dutch text, and the catalogue is current."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_extracted_from_the_code_has_dutch(tmp_path):
    pot = tmp_path / "prescreen.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "translations/prescreen.cfg",
                    "-k", "_l", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    catalogue = read_po((ROOT / "translations/nl/LC_MESSAGES/prescreen.po").open("rb"), locale="nl")
    dutch = {m.id: m.string for m in catalogue if m.id and "fuzzy" not in m.flags}
    assert len(wanted) > 250
    missing = sorted(i for i in wanted if not dutch.get(i))
    assert missing == [], f"no Dutch text for {missing[:5]} (run `make messages` and fill them in)"
    # placeholders survive translation
    for msgid, text in dutch.items():
        for name in ("%(months)s", "%(kg)s", "%(score)s", "%(value)s", "%(n)s", "%(count)s", "%(criterion)s"):
            assert (name in msgid) == (name in text), (msgid, text)
