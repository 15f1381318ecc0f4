"""Our Phoenix calculator against the published table and the reference package."""
import pytest

from companion.prescreen import phoenix
from tests.prescreen import reference


def test_agrees_with_reference_on_its_dataset():
    cases = reference.dataset_cases()
    share, differ = reference.agreement(cases)
    assert len(cases) == 20
    assert differ == [] and share == 1.0


def test_agrees_with_reference_on_random_inputs():
    cases = reference.random_cases(3000, seed=11)
    share, differ = reference.agreement(cases)
    assert differ == [], [cases[i] for i in differ[:3]]


def test_random_inputs_reach_every_subscore_level():
    """The random inputs are not all zeros: they cover every level of every system."""
    seen = {s: set() for s in phoenix.SYSTEMS}
    for c, age in reference.random_cases(3000, seed=11):
        for system, points in phoenix.score(c, age).subscores.items():
            seen[system].add(points)
    assert seen == {s: set(range(phoenix.MAX_POINTS[s] + 1)) for s in phoenix.SYSTEMS}


def test_quirk_reference_keeps_sf_above_97_percent():
    # SpO2 98% on FiO2 0.4 gives S/F 245 < 292: the package scores it, the definition does not
    case = ({"spo2_percent": 98, "fio2": 0.4, "respiratory_support": True}, 60.0)
    assert reference.reference_scores([case], quirks=True)[0]["respiratory"] == 1
    assert phoenix.score(*case).subscores["respiratory"] == 0
    # at 97% both count it
    case97 = ({"spo2_percent": 97, "fio2": 0.4, "respiratory_support": True}, 60.0)
    assert phoenix.score(*case97).subscores["respiratory"] == 1
    assert reference.reference_scores([case97])[0]["respiratory"] == 1


def test_quirk_reference_gives_no_map_points_from_216_months():
    case = ({"map_mmhg": 30}, 230.0)
    assert reference.reference_scores([case])[0]["cardiovascular"] == 0
    assert phoenix.score(*case).subscores["cardiovascular"] == 2


def test_map_without_age_scores_nothing_but_says_so():
    result = phoenix.score({"map_mmhg": 30}, None)
    assert result.subscores["cardiovascular"] == 0
    assert result.map_needs_age and result.map_points_if_age_known == 2
    assert reference.reference_scores([({"map_mmhg": 30}, None)])[0]["cardiovascular"] == 0


@pytest.mark.parametrize("pf_pao2, imv, support, points", [
    (399.9, False, True, 1), (400, False, True, 0), (199.9, False, True, 1),
    (199.9, True, True, 2), (200, True, True, 1), (99.9, True, False, 3), (100, True, False, 2),
    (50, False, False, 0),
])
def test_respiratory_pf_limits(pf_pao2, imv, support, points):
    c = {"fio2": 1.0, "pao2_mmhg": pf_pao2, "invasive_ventilation": imv, "respiratory_support": support}
    assert phoenix.score(c).subscores["respiratory"] == points


def test_pao2_in_kpa():
    # 26.6 kPa = 199.5 mmHg on FiO2 1.0, ventilated: P/F < 200 -> 2 points
    assert phoenix.score({"fio2": 1.0, "pao2_kpa": 26.6, "invasive_ventilation": True}).subscores["respiratory"] == 2
    assert phoenix.score({"fio2": 1.0, "pao2_kpa": 26.7, "invasive_ventilation": True}).subscores["respiratory"] == 1


@pytest.mark.parametrize("age, map_mmhg, points", [
    (0, 16.9, 2), (0, 17, 1), (0, 31, 0), (1, 24, 2), (11.9, 38, 1), (12, 44, 0), (12, 43, 1),
    (24, 31, 2), (59, 45, 0), (60, 48, 1), (143, 35, 2), (144, 37, 2), (144, 38, 1), (215, 52, 0),
    (216, 51, 1),
])
def test_map_bands(age, map_mmhg, points):
    assert phoenix.score({"map_mmhg": map_mmhg}, age).subscores["cardiovascular"] == points


def test_calculated_map_from_sbp_and_dbp():
    # DBP 30 + (SBP 60 - 30) / 3 = 40: below 44 at 12 months -> 1 point
    result = phoenix.score({"sbp_mmhg": 60, "dbp_mmhg": 30}, 12)
    assert result.subscores["cardiovascular"] == 1
    assert result.points[0].values["map"] == 40 and result.points[0].values["calculated"]


def test_cardiovascular_sums_to_six():
    c = {"vasoactive_count": 2, "lactate_mmol_l": 11, "map_mmhg": 10}
    result = phoenix.score(c, 100)
    assert result.subscores["cardiovascular"] == 6
    assert [p.code for p in result.points] == ["cv_vasoactive", "cv_lactate", "cv_map"]
    assert phoenix.score({"lactate_mmol_l": 4.9}).subscores["cardiovascular"] == 0
    assert phoenix.score({"lactate_mmol_l": 5}).subscores["cardiovascular"] == 1


def test_coagulation_capped_at_two_and_fibrinogen_in_g_per_l():
    c = {"platelets_10e9_l": 99, "inr": 1.31, "d_dimer_mg_l_feu": 2.1, "fibrinogen_g_l": 0.99}
    result = phoenix.score(c)
    assert result.subscores["coagulation"] == 2 and len(result.points) == 4
    edge = {"platelets_10e9_l": 100, "inr": 1.3, "d_dimer_mg_l_feu": 2, "fibrinogen_g_l": 1.0}
    assert phoenix.score(edge).subscores["coagulation"] == 0


def test_neurologic():
    assert phoenix.score({"gcs": 10}).subscores["neurologic"] == 1
    assert phoenix.score({"gcs": 11}).subscores["neurologic"] == 0
    assert phoenix.score({"gcs": 15, "pupils_fixed_both": True}).subscores["neurologic"] == 2


def test_sf_only_without_pao2_and_total():
    c = {"spo2_percent": 90, "fio2": 0.5, "invasive_ventilation": True, "gcs": 5}  # S/F 180 -> 2
    result = phoenix.score(c)
    assert result.subscores == {"respiratory": 2, "cardiovascular": 0, "coagulation": 0, "neurologic": 1}
    assert result.total == 3
