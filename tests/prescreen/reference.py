"""Our Phoenix calculator next to the reference package ``phoenix-sepsis`` (test-only).

Used by tests/prescreen/test_phoenix_reference.py and bench/prescreen.py.
``to_reference_inputs`` feeds the package the way its own README does
(S/F only when SpO2 <= 97, MAP = DBP + (SBP - DBP) / 3, fibrinogen in mg/dL);
``quirks=True`` feeds it the raw S/F instead, to count where its quirks bite.
"""
from __future__ import annotations

import csv
import importlib.resources
import math
import random

from companion.prescreen import phoenix as ours
from companion.prescreen import validation

NAN = float("nan")
SYSTEMS = ours.SYSTEMS


def dataset_cases() -> list[tuple[dict, float | None]]:
    """The package's bundled example data (sepsis.csv) as (components, age_months)."""
    path = importlib.resources.files("phoenix").joinpath("data").joinpath("sepsis.csv")
    cases = []
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            def num(name):
                return float(row[name]) if row[name] != "" else None
            fio2 = num("fio2")
            components = {
                "fio2": fio2,
                "pao2_mmhg": num("pao2"),
                "spo2_percent": num("spo2"),
                "invasive_ventilation": row["vent"] == "1",
                # as the package's README: support when FiO2 above room air
                "respiratory_support": fio2 is not None and fio2 > 0.21,
                "vasoactive_count": sum(int(row[d]) for d in (
                    "dobutamine", "dopamine", "epinephrine", "milrinone",
                    "norepinephrine", "vasopressin")),
                "lactate_mmol_l": num("lactate"),
                "sbp_mmhg": num("sbp"),
                "dbp_mmhg": num("dbp"),
                "platelets_10e9_l": num("platelets"),
                "inr": num("inr"),
                "d_dimer_mg_l_feu": num("d_dimer"),
                "fibrinogen_g_l": None if num("fibrinogen") is None else num("fibrinogen") / 100,
                "gcs": None if num("gcs_total") is None else int(num("gcs_total")),
                "pupils_fixed_both": row["pupil"] == "both-fixed",
            }
            # the dataset must pass our own validation unchanged
            components = validation.check_components(components)
            cases.append((components, num("age")))
    return cases


def _pick(rng, low, high, cuts, decimals=2):
    """A value in [low, high], often right at or next to one of the cut-offs."""
    r = rng.random()
    if r < 0.45 and cuts:
        cut = rng.choice(cuts)
        step = 10 ** -decimals
        return round(min(high, max(low, cut + rng.choice((-step, 0, 0, step)))), decimals)
    return round(rng.uniform(low, high), decimals)


def random_cases(n: int, seed: int = 4, max_age: float = 216) -> list[tuple[dict, float | None]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        c = {}

        def maybe(name, value, p=0.75):
            if rng.random() < p:
                c[name] = value

        fio2 = _pick(rng, 0.21, 1.0, [0.21, 0.25, 0.3, 0.4, 0.5, 0.6, 1.0])
        maybe("fio2", fio2, 0.85)
        if rng.random() < 0.5:
            # PaO2 around P/F 100, 200 and 400 at this FiO2
            maybe("pao2_mmhg", _pick(rng, 5, 760, [fio2 * 100, fio2 * 200, fio2 * 400], 1))
        else:
            maybe("pao2_kpa", _pick(rng, 1, 100, [fio2 * 100 / ours.MMHG_PER_KPA,
                                                  fio2 * 200 / ours.MMHG_PER_KPA,
                                                  fio2 * 400 / ours.MMHG_PER_KPA], 2))
        maybe("spo2_percent", _pick(rng, 50, 100, [97, 98, fio2 * 148, fio2 * 220, fio2 * 292], 0))
        maybe("invasive_ventilation", rng.random() < 0.5)
        maybe("respiratory_support", rng.random() < 0.6)
        maybe("vasoactive_count", rng.randint(0, 6) if rng.random() < 0.5 else 0)
        maybe("lactate_mmol_l", _pick(rng, 0, 20, [5, 11], 1))
        if rng.random() < 0.5:
            maybe("map_mmhg", _pick(rng, 5, 120, [17, 25, 31, 32, 36, 38, 39, 44, 45, 49, 52], 0))
        else:
            sbp = _pick(rng, 20, 160, [40, 60, 80], 0)
            maybe("sbp_mmhg", sbp)
            maybe("dbp_mmhg", round(rng.uniform(5, sbp), 0))
        maybe("platelets_10e9_l", _pick(rng, 0, 500, [100], 0))
        maybe("inr", _pick(rng, 0.5, 5, [1.3], 2))
        maybe("d_dimer_mg_l_feu", _pick(rng, 0, 20, [2], 2))
        maybe("fibrinogen_g_l", _pick(rng, 0, 8, [1.0], 2))
        maybe("gcs", rng.randint(3, 15))
        maybe("pupils_fixed_both", rng.random() < 0.1)
        c = validation.check_components(c)
        r = rng.random()
        if r < 0.1:
            age = None
        elif r < 0.5:
            age = float(rng.choice([0, 1, 12, 24, 60, 144, 215]) + rng.choice((0, 0.5, -0.01)))
            age = min(max(age, 0.0), max_age)
        else:
            age = round(rng.uniform(0, max_age), 2)
        cases.append((c, age))
    return cases


def to_reference_inputs(cases, quirks: bool = False) -> dict:
    """Columns for ``phoenix.phoenix(**columns)``, NaN where a value is missing."""
    cols = {k: [] for k in ("pf_ratio", "sf_ratio", "imv", "other_respiratory_support",
                            "vasoactives", "lactate", "map", "platelets", "inr", "d_dimer",
                            "fibrinogen", "gcs", "fixed_pupils", "age")}

    def v(x):
        return NAN if x is None else float(x)

    for c, age in cases:
        fio2 = c.get("fio2")
        pao2 = c.get("pao2_mmhg")
        if pao2 is None and c.get("pao2_kpa") is not None:
            pao2 = ours.kpa_to_mmhg(c["pao2_kpa"])
        spo2 = c.get("spo2_percent")
        cols["pf_ratio"].append(pao2 / fio2 if pao2 is not None and fio2 else NAN)
        use_sf = spo2 is not None and fio2 and (quirks or spo2 <= 97)
        cols["sf_ratio"].append(spo2 / fio2 if use_sf else NAN)
        cols["imv"].append(1.0 if c.get("invasive_ventilation") else 0.0)
        cols["other_respiratory_support"].append(1.0 if c.get("respiratory_support") else 0.0)
        cols["vasoactives"].append(v(c.get("vasoactive_count")))
        cols["lactate"].append(v(c.get("lactate_mmol_l")))
        map_value = c.get("map_mmhg")
        if map_value is None and c.get("sbp_mmhg") is not None and c.get("dbp_mmhg") is not None:
            map_value = c["dbp_mmhg"] + (c["sbp_mmhg"] - c["dbp_mmhg"]) / 3
        cols["map"].append(v(map_value))
        cols["platelets"].append(v(c.get("platelets_10e9_l")))
        cols["inr"].append(v(c.get("inr")))
        cols["d_dimer"].append(v(c.get("d_dimer_mg_l_feu")))
        fib = c.get("fibrinogen_g_l")
        cols["fibrinogen"].append(NAN if fib is None else fib * 100)
        cols["gcs"].append(v(c.get("gcs")))
        cols["fixed_pupils"].append(1.0 if c.get("pupils_fixed_both") else 0.0)
        cols["age"].append(v(age))
    import numpy as np
    return {k: np.array(x, dtype=float) for k, x in cols.items()}


def reference_scores(cases, quirks: bool = False) -> list[dict]:
    import phoenix as phx
    frame = phx.phoenix(**to_reference_inputs(cases, quirks=quirks))
    rows = []
    for i in range(len(cases)):
        rows.append({
            "respiratory": int(frame["phoenix_respiratory_score"].iloc[i]),
            "cardiovascular": int(frame["phoenix_cardiovascular_score"].iloc[i]),
            "coagulation": int(frame["phoenix_coagulation_score"].iloc[i]),
            "neurologic": int(frame["phoenix_neurologic_score"].iloc[i]),
            "total": int(frame["phoenix_sepsis_score"].iloc[i]),
        })
    return rows


def our_scores(cases) -> list[dict]:
    rows = []
    for c, age in cases:
        r = ours.score(c, age)
        rows.append({**r.subscores, "total": r.total})
    return rows


def agreement(cases, quirks: bool = False) -> tuple[float, list[int]]:
    """Share of cases (0..1) where every sub-score and the total agree; the differing indexes."""
    theirs, mine = reference_scores(cases, quirks=quirks), our_scores(cases)
    differ = [i for i, (a, b) in enumerate(zip(theirs, mine)) if a != b]
    return (1 - len(differ) / len(cases)) if cases else math.nan, differ
