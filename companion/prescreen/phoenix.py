"""Phoenix Sepsis Score from bedside values in the units Dutch labs report.

Plain Python, no Flask, no pandas. The scoring follows the published criteria
(Schlapbach et al., JAMA 2024;331:665-674; Sanchez-Pinto et al., JAMA
2024;331:675-686) and is checked in tests against the reference package
``phoenix-sepsis`` (module ``phoenix``). Where we differ from that package, and
why, is written in docs/phoenix.md:

- S/F is used only when SpO2 is 97% or lower (the published footnote); the
  package's ``phoenix_respiratory`` takes any S/F it is given.
- Without an age we cannot choose a MAP band: the MAP gives no points (as in
  the package) but we say so (``map_needs_age``), so that the eligibility rule
  can call the criterion unknown when those points could matter.
- Ages of 216 months and above use the oldest band (144 months up); the
  package's bands stop at 216 months and give no MAP points beyond.

Every point comes with the value that gave it (``Point``), so the screens can
show which values gave each sub-score.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: 1 kPa in mmHg (760 mmHg = 101.325 kPa).
MMHG_PER_KPA = 760 / 101.325

#: Age bands (months, lower bound inclusive) and the MAP limits (mmHg) below
#: which 1 and 2 points are given: (from_month, one_point_below, two_points_below).
MAP_BANDS = (
    (0, 31, 17),
    (1, 39, 25),
    (12, 44, 31),
    (24, 45, 32),
    (60, 49, 36),
    (144, 52, 38),
)

#: The component names accepted in ``phoenix_components`` (see CONTRACTS.md).
COMPONENTS = (
    "fio2",
    "pao2_kpa",
    "pao2_mmhg",
    "spo2_percent",
    "invasive_ventilation",
    "respiratory_support",
    "vasoactive_count",
    "lactate_mmol_l",
    "map_mmhg",
    "sbp_mmhg",
    "dbp_mmhg",
    "platelets_10e9_l",
    "inr",
    "d_dimer_mg_l_feu",
    "fibrinogen_g_l",
    "gcs",
    "pupils_fixed_both",
)

SYSTEMS = ("respiratory", "cardiovascular", "coagulation", "neurologic")
MAX_POINTS = {"respiratory": 3, "cardiovascular": 6, "coagulation": 2, "neurologic": 2}


@dataclass(frozen=True)
class Point:
    """One reason for points: ``code`` names the rule, ``values`` what it saw."""

    system: str
    points: int
    code: str
    values: dict = field(default_factory=dict)


@dataclass
class PhoenixResult:
    subscores: dict
    points: list  # list[Point]
    map_needs_age: bool = False  # a MAP was given but no age to choose its band
    map_points_if_age_known: int = 0  # the most points that MAP could add
    any_value: bool = False  # at least one component was given

    @property
    def total(self) -> int:
        return sum(self.subscores.values())


def kpa_to_mmhg(kpa: float) -> float:
    return kpa * MMHG_PER_KPA


def mean_arterial_pressure(sbp: float, dbp: float) -> float:
    """Calculated MAP, as the published footnote: diastolic + (systolic - diastolic) / 3."""
    return dbp + (sbp - dbp) / 3


def map_band(age_months: float) -> tuple[int, int, int]:
    """The MAP band for an age in months; 216 months and above use the oldest band."""
    chosen = MAP_BANDS[0]
    for band in MAP_BANDS:
        if age_months >= band[0]:
            chosen = band
    return chosen


def map_points(map_mmhg: float, age_months: float) -> int:
    _, one, two = map_band(age_months)
    return (map_mmhg < one) + (map_mmhg < two)


def _given(c: dict, name: str):
    value = c.get(name)
    return value


def respiratory(c: dict) -> tuple[int, list]:
    fio2 = _given(c, "fio2")
    pao2 = _given(c, "pao2_mmhg")
    if pao2 is None and _given(c, "pao2_kpa") is not None:
        pao2 = kpa_to_mmhg(c["pao2_kpa"])
    spo2 = _given(c, "spo2_percent")
    imv = c.get("invasive_ventilation") is True
    support = imv or c.get("respiratory_support") is True

    pf = pao2 / fio2 if (pao2 is not None and fio2) else None
    sf = spo2 / fio2 if (spo2 is not None and spo2 <= 97 and fio2) else None

    def below(pf_limit, sf_limit):
        hits = []
        if pf is not None and pf < pf_limit:
            hits.append(("pf", pf, pf_limit))
        if sf is not None and sf < sf_limit:
            hits.append(("sf", sf, sf_limit))
        return hits

    score = 0
    why = []
    if support:
        hits = below(400, 292)
        if hits:
            score = 1
            kind, ratio, limit = hits[0]
            why = [Point("respiratory", 1, f"resp_{kind}_support",
                         {"ratio": ratio, "limit": limit, "imv": imv})]
    if imv:
        for level, (pf_limit, sf_limit) in ((2, (200, 220)), (3, (100, 148))):
            hits = below(pf_limit, sf_limit)
            if hits:
                score = level
                kind, ratio, limit = hits[0]
                why = [Point("respiratory", level, f"resp_{kind}_imv",
                             {"ratio": ratio, "limit": limit})]
    return score, why


def cardiovascular(c: dict, age_months: float | None) -> tuple[int, list, bool, int]:
    why = []
    score = 0
    vaso = c.get("vasoactive_count")
    if vaso:
        p = 2 if vaso > 1 else 1
        score += p
        why.append(Point("cardiovascular", p, "cv_vasoactive", {"count": vaso}))
    lactate = c.get("lactate_mmol_l")
    if lactate is not None and lactate >= 5:
        p = 2 if lactate >= 11 else 1
        score += p
        why.append(Point("cardiovascular", p, "cv_lactate",
                         {"lactate": lactate, "limit": 11 if p == 2 else 5}))
    map_value = c.get("map_mmhg")
    calculated = False
    if map_value is None and c.get("sbp_mmhg") is not None and c.get("dbp_mmhg") is not None:
        map_value = mean_arterial_pressure(c["sbp_mmhg"], c["dbp_mmhg"])
        calculated = True
    needs_age = False
    possible = 0
    if map_value is not None:
        if age_months is None:
            needs_age = True
            possible = max(map_points(map_value, band[0]) for band in MAP_BANDS)
        else:
            p = map_points(map_value, age_months)
            if p:
                start, one, two = map_band(age_months)
                score += p
                why.append(Point("cardiovascular", p, "cv_map",
                                 {"map": map_value, "limit": two if p == 2 else one,
                                  "calculated": calculated, "age_months": age_months}))
    return score, why, needs_age, possible


def coagulation(c: dict) -> tuple[int, list]:
    why = []
    platelets = c.get("platelets_10e9_l")
    if platelets is not None and platelets < 100:
        why.append(Point("coagulation", 1, "coag_platelets", {"value": platelets}))
    inr = c.get("inr")
    if inr is not None and inr > 1.3:
        why.append(Point("coagulation", 1, "coag_inr", {"value": inr}))
    d_dimer = c.get("d_dimer_mg_l_feu")
    if d_dimer is not None and d_dimer > 2:
        why.append(Point("coagulation", 1, "coag_d_dimer", {"value": d_dimer}))
    fibrinogen = c.get("fibrinogen_g_l")
    if fibrinogen is not None and fibrinogen < 1.0:
        why.append(Point("coagulation", 1, "coag_fibrinogen", {"value": fibrinogen}))
    return min(2, len(why)), why


def neurologic(c: dict) -> tuple[int, list]:
    if c.get("pupils_fixed_both") is True:
        return 2, [Point("neurologic", 2, "neuro_pupils", {})]
    gcs = c.get("gcs")
    if gcs is not None and gcs <= 10:
        return 1, [Point("neurologic", 1, "neuro_gcs", {"value": gcs})]
    return 0, []


def score(components: dict, age_months: float | None = None) -> PhoenixResult:
    """Score validated components (missing or None values score 0, as the definition)."""
    c = {k: v for k, v in (components or {}).items() if v is not None}
    resp, resp_why = respiratory(c)
    card, card_why, needs_age, possible = cardiovascular(c, age_months)
    coag, coag_why = coagulation(c)
    neur, neur_why = neurologic(c)
    return PhoenixResult(
        subscores={"respiratory": resp, "cardiovascular": card,
                   "coagulation": coag, "neurologic": neur},
        points=resp_why + card_why + coag_why + neur_why,
        map_needs_age=needs_age,
        map_points_if_age_known=possible,
        any_value=bool(c),
    )
