"""Walk the questionnaire through the test client, the way a browser without JavaScript does."""
from companion.auth.testing import csrf_token_from
from tests.conftest import check_page


class Walker:
    def __init__(self, client, lang="en"):
        self.client, self.lang = client, lang
        self.token = None

    def get(self, path, status=200):
        r = self.client.get(path)
        assert r.status_code == status, (path, r.status_code)
        html = r.get_data(as_text=True)
        if status == 200:
            soup = check_page(html, self.lang)
            if 'name="csrf_token"' in html:
                self.token = csrf_token_from(html)
            return soup
        return r

    def start(self, mode):
        self.get(f"/{self.lang}/prescreen/")
        r = self.client.post(f"/{self.lang}/prescreen/start", data={"mode": mode, "csrf_token": self.token})
        assert r.status_code == 302, r.status_code
        return r.location

    def answer(self, mode, step, data, status=302):
        self.get(f"/{self.lang}/prescreen/{mode}/{step}")
        r = self.client.post(f"/{self.lang}/prescreen/{mode}/{step}", data={**data, "csrf_token": self.token})
        assert r.status_code == status, (step, r.status_code, r.get_data(as_text=True)[-2000:])
        return r

    def finish(self, mode):
        self.get(f"/{self.lang}/prescreen/{mode}/check")
        r = self.client.post(f"/{self.lang}/prescreen/{mode}/result", data={"csrf_token": self.token})
        assert r.status_code == 302
        return self.get(f"/{self.lang}/prescreen/{mode}/result")


FAMILY_ALL_FINE = [
    ("age", {"years": "6", "months": "3"}),
    ("weight", {"weight_kg": "21"}),
    ("cancer", {"choice": "yes"}),
    ("icu", {"choice": "yes"}),
    ("infection", {"choice": "yes"}),
    ("limits", {"choice": "no"}),
    ("allergy", {"choice": "no"}),
    ("anakinra", {"choice": "no"}),
    ("anti-inflammatory", {"choice": "unknown"}),
    ("tnf-blocker", {"choice": "no"}),
]


def clinician_all(age=None, **override):
    steps = [
        ("age", age or {"years": "9", "months": "0"}),
        ("weight", {"weight_kg": "30"}),
        ("icu", {"choice": "yes"}),
        ("cancer", {"choice": "yes"}),
        ("infection", {"choice": "yes"}),
        ("phoenix", {"phoenix_sepsis_score": "4"}),
        ("ferritin", {"ferritin": "5000", "ferritin_unit": "ug/L"}),
        ("liver", {"pt_seconds": "12", "inr": "1,1", "hepatic_encephalopathy": "no", "corrected_by_vitamin_k": ""}),
        ("other-trial", {"choice": "no"}),
        ("limits", {"choice": "no"}),
        ("organ-dysfunction", {"choice": "no"}),
        ("anti-inflammatory", {"choice": "no"}),
        ("anakinra", {"choice": "no"}),
        ("allergy", {"choice": "no"}),
        ("tnf-blocker", {"choice": "no"}),
    ]
    return [(s, override.get(s.replace("-", "_"), d)) for s, d in steps]
