#!/usr/bin/env python3
"""Generates the SYNTHETIC data of Vila Serena, the fictional demonstration municipality.

Every number written by this script is invented. Vila Serena, its districts, its people, its
complaints, its participatory budget and its budget do not exist; the trends are made to look
plausible for a Brazilian city of about 180,000 inhabitants and to exercise every status,
chart and check of localis (see data/README.md for which indicator shows which case).

The script uses the Python standard library only. It is deterministic: every random draw
comes from a generator seeded with the dataset's name, so rerunning it reproduces the
committed files byte for byte.

    python3 data/generate.py            # (re)writes the files under data/
    python3 data/generate.py --check    # writes to a temporary folder and compares

Layout of what it writes (all paths relative to data/):

    counts/<indicator-id>.csv    counts behind a ratio: Year, Sex, Age, District, Disability,
                                 Race, Value (the count, numerator), Denominator
    values/<indicator-id>.csv    Open SDG values: Year, disaggregation columns, Value
                                 (optionally Observation status, COMMENT_OBS)
    milestones.csv               Year, Milestone, Value (1 = in place, 0 = not yet)
    population.csv               Year, Sex, Age, District, Disability, Race, Value
    records/complaints.csv       the human-rights complaints log, one row per complaint
    records/pb-proposals.csv     participatory-budget proposals with their votes
    records/pb-ballots.csv       participatory-budget ballots, one row per voter
    budget/budget-lines.csv      budget by year, department, programme and economic class, tagged
    budget/revenue.csv           revenue by year and category, budgeted and actual
    budget/deflator.csv          consumer price index, 2015 = 100
    environment/air-quality.csv  European dialect: `;` separator, `,` decimal separator
    maps/districts.geojson       boundaries of the six districts (GeoJSON, WGS84), code in `district`
    school-census.xlsx           one sheet with a title block above the table
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "vila-serena-synthetic-2025"
FIRST_YEAR, LAST_YEAR = 2010, 2025
ALL = list(range(FIRST_YEAR, LAST_YEAR + 1))


def years_from(y: int, until: int = LAST_YEAR) -> list[int]:
    return list(range(y, until + 1))


EVERY2_ODD = [2011, 2013, 2015, 2017, 2019, 2021, 2023, 2025]
EVERY3 = [2010, 2013, 2016, 2019, 2022, 2025]
ELECTIONS = [2012, 2016, 2020, 2024]
CENSUS = [2010, 2022]
NO2020 = [y for y in ALL if y != 2020]


def rng_for(name: str) -> random.Random:
    """A random generator seeded by the seed and a name, the same on every run and platform."""
    digest = hashlib.sha256(f"{SEED}/{name}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def gauss(r: random.Random, sd: float) -> float:
    """An approximately normal draw from four uniforms (plain arithmetic, no libm)."""
    return (r.random() + r.random() + r.random() + r.random() - 2.0) * sd * math.sqrt(3.0)


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def frac(year: int) -> float:
    """Position of a year between the first (0) and the last (1) data year."""
    return (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)


# ---------------------------------------------------------------------------------------
# The fictional city: six districts, its population by sex, age, district, disability, race
# ---------------------------------------------------------------------------------------

DISTRICTS = ["Centro", "Jardim das Flores", "Vale Verde", "Morro Alto", "Porto Novo", "Santa Luzia"]
DISTRICT_SHARE = {  # 2010 -> 2025: the periphery grows faster
    "Centro": (0.22, 0.20),
    "Jardim das Flores": (0.18, 0.17),
    "Vale Verde": (0.15, 0.15),
    "Morro Alto": (0.19, 0.20),
    "Porto Novo": (0.14, 0.145),
    "Santa Luzia": (0.12, 0.135),
}
SEXES = ["Female", "Male"]
AGES = ["0-14", "15-29", "30-59", "60+"]
AGE_SHARE = {"0-14": (0.225, 0.185), "15-29": (0.265, 0.225), "30-59": (0.405, 0.42), "60+": (0.105, 0.17)}
WORK_AGES = ["15-29", "30-59", "60+"]
DISABILITY = ["With disability", "Without disability"]
RACES = ["White", "Black", "Brown", "Asian", "Indigenous"]
RACE_SHARE = {
    "White": (0.43, 0.41),
    "Black": (0.115, 0.12),
    "Brown": (0.44, 0.455),
    "Asian": (0.007, 0.007),
    "Indigenous": (0.008, 0.008),
}
DIMENSIONS = ["Sex", "Age", "District", "Disability", "Race"]
DIM_CODES = {"S": "Sex", "A": "Age", "D": "District", "P": "Disability", "R": "Race"}


def population(year: int) -> float:
    """Resident population: 163,200 in 2010, about 180,400 in 2025."""
    return 163_200 * (1.00671 ** (year - FIRST_YEAR))


def interp_shares(table: dict[str, tuple[float, float]], year: int) -> dict[str, float]:
    raw = {g: lerp(a, b, frac(year)) for g, (a, b) in table.items()}
    total = sum(raw.values())
    return {g: v / total for g, v in raw.items()}


def resident_shares(dim: str, year: int) -> dict[str, float]:
    if dim == "Sex":
        return {"Female": 0.515, "Male": 0.485}
    if dim == "Age":
        return interp_shares(AGE_SHARE, year)
    if dim == "District":
        return interp_shares(DISTRICT_SHARE, year)
    if dim == "Disability":
        w = lerp(0.085, 0.09, frac(year))
        return {"With disability": w, "Without disability": 1 - w}
    if dim == "Race":
        return interp_shares(RACE_SHARE, year)
    raise KeyError(dim)


def age_share(group: str, year: int) -> float:
    return interp_shares(AGE_SHARE, year)[group]


def households(year: int) -> float:
    return population(year) / lerp(2.95, 2.70, frac(year))


def births(year: int) -> float:
    return lerp(2650, 2280, frac(year))


def linear(a: float, b: float):
    return lambda y: lerp(a, b, frac(y))


def share_of_pop(a: float, b: float):
    return lambda y: population(y) * lerp(a, b, frac(y))


# A base is the population a count is taken among: its total by year and, where it differs
# from the residents', the split of that total by the groups of a dimension.
BASES: dict[str, tuple] = {
    "residents": (population, {}),
    "households": (households, {"Sex": lambda y: {"Female": lerp(0.40, 0.52, frac(y)), "Male": lerp(0.60, 0.48, frac(y))}}),
    "low-income-households": (lambda y: households(y) * lerp(0.32, 0.27, frac(y)), {"Sex": lambda y: {"Female": 0.58, "Male": 0.42}}),
    "eligible-households": (lambda y: households(y) * lerp(0.17, 0.15, frac(y)), {"Sex": lambda y: {"Female": 0.72, "Male": 0.28}}),
    "risk-households": (linear(3800, 3100), {}),
    "women": (lambda y: population(y) * 0.515, {}),
    "women-15-19": (lambda y: population(y) * 0.515 * lerp(0.085, 0.074, frac(y)), {}),
    "women-20-24": (lambda y: population(y) * 0.515 * lerp(0.088, 0.076, frac(y)), {}),
    "women-25-64": (lambda y: population(y) * 0.515 * lerp(0.50, 0.53, frac(y)), {}),
    "births": (births, {"Sex": lambda y: {"Female": 0.488, "Male": 0.512}}),
    "infants-under-6-months": (lambda y: births(y) / 2, {"Sex": lambda y: {"Female": 0.488, "Male": 0.512}}),
    "children-1": (births, {"Sex": lambda y: {"Female": 0.488, "Male": 0.512}}),
    "children-0-3": (share_of_pop(0.063, 0.051), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-0-4": (share_of_pop(0.078, 0.064), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-5": (share_of_pop(0.0155, 0.0128), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-6-14": (share_of_pop(0.145, 0.118), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-0-14": (lambda y: population(y) * age_share("0-14", y), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-0-17": (share_of_pop(0.29, 0.245), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-10-17": (share_of_pop(0.135, 0.11), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-9-14": (share_of_pop(0.10, 0.08), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "children-grade-2": (share_of_pop(0.016, 0.0135), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "youth-15-17": (share_of_pop(0.052, 0.042), {"Sex": lambda y: {"Female": 0.495, "Male": 0.505}}),
    "youth-15-24": (share_of_pop(0.175, 0.148), {"Sex": lambda y: {"Female": 0.5, "Male": 0.5}}),
    "youth-15-29": (lambda y: population(y) * age_share("15-29", y), {"Sex": lambda y: {"Female": 0.5, "Male": 0.5}}),
    "youth-18-24": (share_of_pop(0.12, 0.10), {"Sex": lambda y: {"Female": 0.5, "Male": 0.5}}),
    "working-age": (share_of_pop(0.68, 0.69), {"Age": lambda y: {"15-29": 0.37, "30-59": 0.58, "60+": 0.05}}),
    "adults-15": (lambda y: population(y) * (1 - age_share("0-14", y)), {"Age": lambda y: {"15-29": 0.32, "30-59": 0.52, "60+": 0.16}}),
    "adults-30-69": (share_of_pop(0.42, 0.47), {}),
    "adults-no-primary": (share_of_pop(0.16, 0.12), {}),
    "cohort-13-15": (share_of_pop(0.048, 0.040), {"Sex": lambda y: {"Female": 0.495, "Male": 0.505}}),
    "pupils-grade-5": (share_of_pop(0.0155, 0.013), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}}),
    "low-income-residents": (share_of_pop(0.31, 0.26), {"Sex": lambda y: {"Female": 0.54, "Male": 0.46}}),
    "older-60": (lambda y: population(y) * age_share("60+", y), {"Sex": lambda y: {"Female": 0.56, "Male": 0.44}}),
    "older-65": (share_of_pop(0.07, 0.115), {"Sex": lambda y: {"Female": 0.57, "Male": 0.43}}),
    "labour-force": (share_of_pop(0.43, 0.45), {"Sex": lambda y: {"Female": lerp(0.43, 0.46, frac(y)), "Male": lerp(0.57, 0.54, frac(y))}, "Age": lambda y: {"15-29": 0.30, "30-59": 0.63, "60+": 0.07}}),
    "employed": (share_of_pop(0.39, 0.41), {"Sex": lambda y: {"Female": lerp(0.42, 0.45, frac(y)), "Male": lerp(0.58, 0.55, frac(y))}, "Age": lambda y: {"15-29": 0.28, "30-59": 0.65, "60+": 0.07}}),
    "domestic-workers": (linear(4300, 3900), {"Sex": lambda y: {"Female": 0.93, "Male": 0.07}}),
    "job-seekers": (linear(5200, 7600), {"Sex": lambda y: {"Female": 0.55, "Male": 0.45}, "Age": lambda y: {"15-29": 0.46, "30-59": 0.49, "60+": 0.05}}),
    "persons-with-disabilities": (share_of_pop(0.085, 0.09), {}),
    "severe-disabilities": (share_of_pop(0.024, 0.026), {"Sex": lambda y: {"Female": 0.54, "Male": 0.46}}),
    "pupils": (linear(24500, 21800), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}, "Disability": lambda y: {"With disability": lerp(0.025, 0.045, frac(y)), "Without disability": lerp(0.975, 0.955, frac(y))}}),
    "pupils-lower-secondary": (linear(9800, 8700), {"Sex": lambda y: {"Female": 0.49, "Male": 0.51}, "Disability": lambda y: {"With disability": 0.035, "Without disability": 0.965}}),
    "pupils-with-disabilities": (linear(610, 980), {"Sex": lambda y: {"Female": 0.41, "Male": 0.59}}),
    "teachers": (linear(1150, 1240), {"Sex": lambda y: {"Female": 0.82, "Male": 0.18}}),
    "staff": (linear(4050, 4620), {"Sex": lambda y: {"Female": 0.62, "Male": 0.38}, "Disability": lambda y: {"With disability": lerp(0.04, 0.06, frac(y)), "Without disability": lerp(0.96, 0.94, frac(y))}, "Race": lambda y: {"White": 0.55, "Black": 0.10, "Brown": 0.33, "Asian": 0.01, "Indigenous": 0.01}}),
    "managers": (linear(310, 340), {"Race": lambda y: {"White": 0.70, "Black": 0.06, "Brown": 0.22, "Asian": 0.015, "Indigenous": 0.005}}),
    "guard-officers": (linear(180, 240), {"Sex": lambda y: {"Female": lerp(0.12, 0.22, frac(y)), "Male": lerp(0.88, 0.78, frac(y))}}),
    "homeless": (linear(190, 285), {"Sex": lambda y: {"Female": 0.17, "Male": 0.83}}),
    "requests": (linear(300, 1400), {}),
    "protective-requests": (linear(410, 880), {}),
    "mediation-cases": (linear(160, 420), {}),
    "force-incidents": (linear(60, 45), {}),
    "entrants": (linear(160, 210), {}),
    "arrests": (linear(900, 1100), {"Sex": lambda y: {"Female": 0.11, "Male": 0.89}}),
    "adolescents-in-proceedings": (linear(140, 95), {"Sex": lambda y: {"Female": 0.12, "Male": 0.88}}),
    "socio-educational-measures": (linear(95, 70), {"Sex": lambda y: {"Female": 0.1, "Male": 0.9}}),
    "hypertensive-registered": (linear(18000, 26000), {"Sex": lambda y: {"Female": 0.58, "Male": 0.42}}),
    "registered-voters": (share_of_pop(0.72, 0.76), {}),
    "adults-with-dispute": (share_of_pop(0.08, 0.09), {}),
    "land-titles": (linear(300, 650), {}),
    "sexual-violence-survivors": (linear(95, 140), {}),
    "women-violence-survivors": (linear(600, 900), {}),
}


def base_total(base: str, year: int) -> float:
    return BASES[base][0](year)


def base_shares(base: str, dim: str, year: int) -> dict[str, float]:
    override = BASES[base][1].get(dim)
    if override is not None:
        return override(year)
    return resident_shares(dim, year)


def groups_of(base: str, dim: str) -> list[str]:
    return list(base_shares(base, dim, FIRST_YEAR).keys())


# ---------------------------------------------------------------------------------------
# Group profiles: how much more (> 1) or less (< 1) a group is exposed to the disadvantage an
# indicator measures. They are normalised so that the groups average to the headline.
# ---------------------------------------------------------------------------------------

_D = lambda c, j, v, m, p, s: {"Centro": c, "Jardim das Flores": j, "Vale Verde": v, "Morro Alto": m, "Porto Novo": p, "Santa Luzia": s}
_R = lambda w, b, br, a, i: {"White": w, "Black": b, "Brown": br, "Asian": a, "Indigenous": i}
_S = lambda f, m: {"Female": f, "Male": m}
_A = lambda c, y, a, o: {"0-14": c, "15-29": y, "30-59": a, "60+": o}
_P = lambda w, wo: {"With disability": w, "Without disability": wo}

PROFILES: dict[str, dict[str, dict[str, float]]] = {
    "flat": {},
    "deprivation": {"Sex": _S(1.10, 0.90), "Age": _A(1.45, 1.15, 0.85, 0.70), "District": _D(0.50, 0.80, 0.95, 1.65, 1.15, 1.35), "Disability": _P(1.55, 0.95), "Race": _R(0.62, 1.40, 1.22, 0.70, 1.90)},
    "access": {"Sex": _S(1.02, 0.98), "Age": _A(1.2, 1.1, 0.9, 1.0), "District": _D(0.30, 0.60, 0.90, 2.00, 1.20, 1.60), "Disability": _P(1.35, 0.97), "Race": _R(0.65, 1.35, 1.20, 0.70, 1.80)},
    "violence": {"Sex": _S(0.12, 1.88), "Age": _A(0.08, 2.90, 0.95, 0.30), "District": _D(0.85, 0.65, 0.80, 1.75, 1.30, 0.95), "Disability": _P(0.90, 1.00), "Race": _R(0.65, 1.45, 1.25, 0.60, 1.40)},
    "gbv": {"Age": _A(0.5, 1.5, 1.0, 0.5), "District": _D(0.80, 0.85, 0.90, 1.40, 1.15, 1.10), "Disability": _P(1.70, 0.95), "Race": _R(0.78, 1.35, 1.12, 0.70, 1.60)},
    "health": {"Sex": _S(0.85, 1.15), "Age": _A(0.60, 0.50, 1.00, 2.60), "District": _D(0.80, 0.90, 0.95, 1.30, 1.10, 1.20), "Disability": _P(1.60, 0.95), "Race": _R(0.82, 1.30, 1.12, 0.80, 1.60)},
    "child": {"Sex": _S(0.88, 1.12), "District": _D(0.70, 0.85, 0.90, 1.35, 1.10, 1.25), "Disability": _P(1.8, 0.97), "Race": _R(0.75, 1.40, 1.10, 0.80, 1.90)},
    "education": {"Sex": _S(0.85, 1.15), "Age": _A(1.0, 0.8, 1.1, 2.2), "District": _D(0.70, 0.85, 0.95, 1.35, 1.10, 1.25), "Disability": _P(2.20, 0.95), "Race": _R(0.70, 1.35, 1.15, 0.60, 1.80)},
    "literacy": {"Sex": _S(0.95, 1.05), "Age": _A(1.0, 0.3, 0.8, 3.2), "District": _D(0.60, 0.80, 0.95, 1.45, 1.10, 1.30), "Disability": _P(2.4, 0.9), "Race": _R(0.60, 1.45, 1.25, 0.60, 2.2)},
    "work": {"Sex": _S(1.30, 0.78), "Age": {"15-29": 1.90, "30-59": 0.80, "60+": 0.70}, "District": _D(0.75, 0.90, 0.95, 1.35, 1.10, 1.20), "Disability": _P(1.80, 0.96), "Race": _R(0.72, 1.42, 1.18, 0.70, 1.50)},
    "pay": {"Sex": _S(1.15, 0.88), "Age": {"15-29": 1.4, "30-59": 0.88, "60+": 0.9}, "District": _D(0.70, 0.88, 1.00, 1.30, 1.08, 1.18), "Disability": _P(1.30, 0.98), "Race": _R(0.80, 1.25, 1.20, 0.85, 1.35)},
    "safety": {"Sex": _S(1.35, 0.65), "Age": _A(1.0, 0.90, 1.00, 1.25), "District": _D(1.10, 0.80, 0.85, 1.35, 1.20, 0.90), "Disability": _P(1.30, 0.98), "Race": _R(0.90, 1.15, 1.05, 0.90, 1.10)},
    "discrimination": {"Sex": _S(1.25, 0.75), "Age": _A(1.0, 1.3, 1.0, 0.7), "District": _D(0.80, 0.85, 0.90, 1.30, 1.10, 1.15), "Disability": _P(2.10, 0.90), "Race": _R(0.45, 2.10, 1.35, 1.30, 2.00)},
    "digital": {"Sex": _S(1.02, 0.98), "Age": _A(0.8, 0.40, 0.80, 2.60), "District": _D(0.55, 0.80, 0.95, 1.50, 1.10, 1.35), "Disability": _P(1.60, 0.95), "Race": _R(0.70, 1.30, 1.20, 0.60, 1.90)},
    "participation": {"Sex": _S(0.95, 1.05), "Age": _A(1.0, 1.25, 0.95, 0.90), "District": _D(1.10, 1.00, 1.00, 0.85, 0.95, 1.05), "Disability": _P(1.25, 0.98), "Race": _R(0.95, 1.05, 1.02, 1.0, 1.1)},
    "care": {"Sex": _S(1.45, 0.55), "District": _D(0.85, 0.95, 1.0, 1.15, 1.05, 1.1), "Race": _R(0.9, 1.1, 1.05, 0.9, 1.1)},
    "air": {"District": _D(1.25, 0.80, 0.75, 0.95, 1.35, 0.90)},
    "homeless": {"Sex": _S(0.35, 1.65), "Age": _A(0.2, 1.1, 1.5, 0.7), "Race": _R(0.60, 1.80, 1.20, 0.5, 1.6)},
    "longevity": {"Sex": _S(0.95, 1.055), "District": _D(0.965, 0.98, 0.99, 1.035, 1.01, 1.02), "Race": _R(0.975, 1.03, 1.015, 0.97, 1.04)},
    "suicide": {"Sex": _S(0.40, 1.65), "Age": _A(0.1, 1.2, 1.1, 1.4), "Race": _R(0.9, 1.0, 1.0, 1.0, 3.0)},
    "older": {"Sex": _S(0.9, 1.1), "District": _D(0.7, 0.9, 1.0, 1.3, 1.1, 1.2), "Disability": _P(1.5, 0.95), "Race": _R(0.8, 1.3, 1.1, 0.8, 1.5)},
}

GAP_TREND = {
    "stable": (1.0, 1.0),
    "narrowing": (1.25, 0.55),
    "widening": (0.8, 1.4),
}


def group_risks(profile: str, dim: str, groups: list[str], gap, year: int) -> dict[str, float]:
    """Each group's multiplier in a year; `gap` is a trend name or a map from dimension to one."""
    table = PROFILES[profile].get(dim, {})
    trend = gap.get(dim, "stable") if isinstance(gap, dict) else gap
    a, b = GAP_TREND[trend]
    m = lerp(a, b, frac(year))
    return {g: max(0.02, 1 + (table.get(g, 1.0) - 1) * m) for g in groups}


def split_integer(total: int, weights: dict[str, float], caps: dict[str, int] | None = None) -> dict[str, int]:
    """Splits an integer among groups in proportion to weights (largest remainder), within caps."""
    keys = list(weights)
    out = {k: 0 for k in keys}
    remaining = total
    active = [k for k in keys if weights[k] > 0]
    for _ in range(len(keys) + 1):
        if remaining <= 0 or not active:
            break
        wsum = sum(weights[k] for k in active)
        raw = {k: remaining * weights[k] / wsum for k in active}
        alloc = {k: int(math.floor(raw[k])) for k in active}
        left = remaining - sum(alloc.values())
        order = sorted(active, key=lambda k: (-(raw[k] - alloc[k]), keys.index(k)))
        for k in order[:left]:
            alloc[k] += 1
        overflow = 0
        next_active = []
        for k in active:
            room = (caps[k] - out[k]) if caps else None
            if room is not None and alloc[k] > room:
                out[k] += room
                overflow += alloc[k] - room
            else:
                out[k] += alloc[k]
                if room is None or alloc[k] < room:
                    next_active.append(k)
        remaining = overflow
        active = next_active
    return out


# ---------------------------------------------------------------------------------------
# Series: a headline path through anchor values, noise, shocks and missing years
# ---------------------------------------------------------------------------------------


def path(name: str, anchors: dict[int, float], years: list[int], noise: float, shocks: dict[int, float]) -> dict[int, float]:
    """Values for `years`: log-linear through the anchors (exact there), noisy elsewhere."""
    pts = sorted(anchors.items())
    r = rng_for(name + "/path")
    out = {}
    for y in ALL:
        if len(pts) == 1:
            v = pts[0][1]
        else:
            if y <= pts[0][0]:
                (y0, v0), (y1, v1) = pts[0], pts[1]
            elif y >= pts[-1][0]:
                (y0, v0), (y1, v1) = pts[-2], pts[-1]
            else:
                i = max(i for i, (py, _) in enumerate(pts) if py <= y)
                (y0, v0), (y1, v1) = pts[i], pts[i + 1]
            t = (y - y0) / (y1 - y0)
            if v0 > 0 and v1 > 0:
                v = v0 * (v1 / v0) ** t
            else:
                v = lerp(v0, v1, t)
        e = gauss(r, noise)
        if y not in anchors:
            v *= 1 + e
            v *= 1 + shocks.get(y, 0.0)
        out[y] = v
    return {y: out[y] for y in years}


class Counts:
    """Counts behind a ratio: numerator (Value) and denominator (Denominator) per group."""

    def __init__(self, id, base, factor, anchors, profile="flat", dims="", *, up, gap="stable",
                 years=ALL, noise=0.02, shocks=None, comments=None, targeted=False):
        self.id, self.base, self.factor, self.anchors = id, base, factor, anchors
        self.targeted = targeted
        self.profile, self.dims, self.up, self.gap = profile, [DIM_CODES[c] for c in dims], up, gap
        self.years, self.noise, self.shocks, self.comments = years, noise, shocks or {}, comments or {}

    @property
    def proportion(self) -> bool:
        return self.factor == 100

    def rows(self):
        head = path(self.id, self.anchors, self.years, self.noise, self.shocks)
        for y in self.years:
            P = int(round(base_total(self.base, y)))
            rate = head[y]
            if self.proportion:
                rate = min(max(rate, 0.0), 100.0)
            N = int(round(rate * P / self.factor))
            yield y, {}, N, P
            for dim in self.dims:
                shares = base_shares(self.base, dim, y)
                groups = list(shares)
                Pg = split_integer(P, shares)
                rr = group_risks(self.profile, dim, groups, self.gap, y)
                complement = self.proportion and rate > 50
                if complement:
                    # the groups' shortfall from 100% follows the profile (bad value: the rest)
                    deficit = P - N
                    short = self.up and not self.targeted
                    w = {g: (rr[g] if short else 1 / rr[g]) * Pg[g] for g in groups}
                    Mg = split_integer(deficit, w, caps=Pg)
                    Ng = {g: Pg[g] - Mg[g] for g in groups}
                else:
                    favour = self.targeted or not self.up
                    w = {g: (rr[g] if favour else 1 / rr[g]) * Pg[g] for g in groups}
                    Ng = split_integer(N, w, caps=Pg if self.proportion else None)
                for g in groups:
                    yield y, {dim: g}, Ng[g], Pg[g]

    def write(self, root: Path):
        lines = ["Year,Sex,Age,District,Disability,Race,Value,Denominator" + (",COMMENT_OBS" if self.comments else "")]
        for y, dis, n, p in self.rows():
            cells = [str(y)] + [dis.get(d, "") for d in DIMENSIONS] + [str(n), str(p)]
            if self.comments:
                cells.append(self.comments.get(y, "") if not dis else "")
            lines.append(",".join(csv_cell(c) for c in cells))
        write_text(root / "counts" / f"{self.id}.csv", lines)


class Values:
    """Values in the Open SDG convention: Year, disaggregation columns, Value."""

    def __init__(self, id, anchors, profile="flat", dims="", *, up, gap="stable", years=ALL,
                 noise=0.02, shocks=None, dec=1, status=None, comments=None, integer=False,
                 group_base="residents", targeted=False):
        self.targeted = targeted
        self.id, self.anchors, self.profile = id, anchors, profile
        self.dims, self.up, self.gap = [DIM_CODES[c] for c in dims], up, gap
        self.years, self.noise, self.shocks = years, noise, shocks or {}
        self.dec = 0 if integer else dec
        self.status, self.comments = status or {}, comments or {}
        self.group_base = group_base

    def rows(self):
        head = path(self.id, self.anchors, self.years, self.noise, self.shocks)
        for y in self.years:
            v = head[y]
            yield y, {}, v
            for dim in self.dims:
                shares = base_shares(self.group_base, dim, y)
                rr = group_risks(self.profile, dim, list(shares), self.gap, y)
                w = {g: (1 / rr[g] if self.up and not self.targeted else rr[g]) for g in shares}
                mean = sum(shares[g] * w[g] for g in shares)
                for g in shares:
                    yield y, {dim: g}, v * w[g] / mean

    def write(self, root: Path):
        extra = (["Observation status"] if self.status else []) + (["COMMENT_OBS"] if self.comments else [])
        header = ["Year"] + self.dims + ["Value"] + extra
        lines = [",".join(csv_cell(h) for h in header)]
        for y, dis, v in self.rows():
            cells = [str(y)] + [dis.get(d, "") for d in self.dims] + [fmt(v, self.dec)]
            if self.status:
                cells.append(self.status.get(y, "") if not dis else "")
            if self.comments:
                cells.append(self.comments.get(y, "") if not dis else "")
            lines.append(",".join(csv_cell(c) for c in cells))
        write_text(root / "values" / f"{self.id}.csv", lines)


def fmt(v: float, dec: int) -> str:
    s = f"{v:.{dec}f}"
    return "0" if s.strip("-0.") == "" and dec == 0 else ("0." + "0" * dec if s.startswith("-") and float(s) == 0 else s)


def csv_cell(s: str) -> str:
    if any(c in s for c in ',"\n;'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_text(path: Path, lines: list[str]):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


class XlsxCounts(Counts):
    """Counts written as one XLSX sheet with a title block above the table."""

    sheet = "Full-time schooling"

    def write(self, root: Path):
        header = ["Year", "Sex", "Age", "District", "Disability", "Race", "Value", "Denominator"]
        table = [header]
        for y, dis, n, p in self.rows():
            table.append([y] + [dis.get(d, "") for d in DIMENSIONS] + [n, p])
        title = [
            ["Vila Serena (fictional municipality): school census, pupils of the municipal network in full-time schooling"],
            ["SYNTHETIC DATA generated by data/generate.py; Value = pupils in full-time schooling, Denominator = pupils enrolled"],
            [],
        ]
        write_xlsx(root / "school-census.xlsx", self.sheet, title + table)
        self.range = f"A{len(title) + 1}:{col_letter(len(header))}{len(title) + len(table)}"


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_xlsx(path: Path, sheet: str, rows: list[list]):
    """A minimal, byte-reproducible XLSX (inline strings, stored entries, fixed timestamps)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets><sheet name="{xml_escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<styleSheet xmlns="{ns}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
    }
    width = max(len(r) for r in rows)
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{ns}"><dimension ref="A1:{col_letter(width)}{len(rows)}"/><sheetData>',
    ]
    for i, row in enumerate(rows, start=1):
        cells = []
        for j, v in enumerate(row, start=1):
            ref = f"{col_letter(j)}{i}"
            if v == "" or v is None:
                continue
            if isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{xml_escape(str(v))}</t></is></c>')
        out.append(f'<row r="{i}">' + "".join(cells) + "</row>")
    out.append("</sheetData></worksheet>")
    files["xl/worksheets/sheet1.xml"] = "".join(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, text.encode("utf-8"))
    path.write_bytes(buf.getvalue())


# ---------------------------------------------------------------------------------------
# Context: population by group and the price deflator
# ---------------------------------------------------------------------------------------


def write_population(root: Path):
    lines = ["Year,Sex,Age,District,Disability,Race,Value"]
    for y in ALL:
        P = int(round(population(y)))
        lines.append(f"{y},,,,,,{P}")
        for dim in DIMENSIONS:
            for g, n in split_integer(P, resident_shares(dim, y)).items():
                cells = [str(y)] + [g if d == dim else "" for d in DIMENSIONS] + [str(n)]
                lines.append(",".join(cells))
    write_text(root / "population.csv", lines)


# Consumer price inflation of each year (in the style of Brazil's IPCA), for the deflator.
INFLATION = {2010: 5.9, 2011: 6.5, 2012: 5.8, 2013: 5.9, 2014: 6.4, 2015: 10.7, 2016: 6.3, 2017: 2.9,
             2018: 3.7, 2019: 4.3, 2020: 4.5, 2021: 10.1, 2022: 5.8, 2023: 4.6, 2024: 4.8, 2025: 4.5}


def deflator() -> dict[int, float]:
    idx = {2015: 100.0}
    for y in range(2016, LAST_YEAR + 1):
        idx[y] = idx[y - 1] * (1 + INFLATION[y] / 100)
    for y in range(2014, FIRST_YEAR - 1, -1):
        idx[y] = idx[y + 1] / (1 + INFLATION[y + 1] / 100)
    return {y: round(idx[y], 2) for y in ALL}


def write_deflator(root: Path):
    lines = ["Year,Value"] + [f"{y},{v:.2f}" for y, v in deflator().items()]
    write_text(root / "budget" / "deflator.csv", lines)


# ---------------------------------------------------------------------------------------
# Milestones: structural commitments, 1 from the year they are in place
# ---------------------------------------------------------------------------------------


def write_milestones(root: Path, milestones: dict[str, tuple]):
    lines = ["Year,Milestone,Value"]
    for mid in sorted(milestones):
        met, repealed = milestones[mid]
        for y in ALL:
            on = met is not None and y >= met and (repealed is None or y < repealed)
            lines.append(f"{y},{mid},{1 if on else 0}")
    write_text(root / "milestones.csv", lines)


# ---------------------------------------------------------------------------------------
# Records: the complaints log and the participatory budget
# ---------------------------------------------------------------------------------------


def pick(r: random.Random, weights: dict[str, float]) -> str:
    total = sum(weights.values())
    x = r.random() * total
    acc = 0.0
    for k, w in weights.items():
        acc += w
        if x < acc:
            return k
    return k


def day_of_year(year: int, r: random.Random, first: int = 1, last: int | None = None) -> str:
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    last = last or sum(days)
    d = first + int(r.random() * (last - first + 1))
    m = 0
    while d > days[m]:
        d -= days[m]
        m += 1
    return f"{year}-{m + 1:02d}-{d:02d}"


COMPLAINT_RIGHTS = {  # share of complaints by the right concerned, 2014 -> 2025
    "adequate-housing": (0.18, 0.24),
    "non-discrimination-and-equality": (0.16, 0.19),
    "health": (0.16, 0.12),
    "social-security": (0.11, 0.09),
    "education": (0.09, 0.07),
    "violence-against-women": (0.05, 0.07),
    "liberty-and-security": (0.07, 0.05),
    "work": (0.05, 0.04),
    "water-and-sanitation": (0.05, 0.04),
    "participation-in-public-affairs": (0.02, 0.02),
    "freedom-of-opinion-and-expression": (0.01, 0.01),
    "healthy-environment": (0.02, 0.03),
    "adequate-food": (0.03, 0.03),
}


def write_complaints(root: Path):
    r = rng_for("records/complaints")
    lines = ["Id,Date,Right,District,Sex,Age group,Race,Disability,Channel,Status,Days to resolution,Within 60 days"]
    for y in years_from(2014):
        t = (y - 2014) / 11
        n = int(round(180 * (1150 / 180 / 1.3) ** t * (1.3 if y >= 2023 else 1.0)))
        rights = {k: lerp(a, b, t) for k, (a, b) in COMPLAINT_RIGHTS.items()}
        median = 95 * (38 / 95) ** t
        items = []
        for _ in range(n):
            date = day_of_year(y, r)
            right = pick(r, rights)
            district = pick(r, {d: resident_shares("District", y)[d] * w for d, w in zip(DISTRICTS, [0.8, 0.8, 0.9, 1.5, 1.1, 1.2])})
            sex = pick(r, {"Female": 0.58, "Male": 0.42})
            age = pick(r, {"0-14": 0.02, "15-29": 0.25, "30-59": 0.55, "60+": 0.18})
            race_w = {"White": 0.33, "Black": 0.2 if right != "non-discrimination-and-equality" else 0.38, "Brown": 0.45, "Asian": 0.006, "Indigenous": 0.014}
            race = pick(r, race_w)
            disability = pick(r, {"With disability": 0.12, "Without disability": 0.88})
            channel = pick(r, {"In person": 0.55 - 0.3 * t, "Phone": 0.3 - 0.1 * t, "Online": 0.15 + 0.15 * t, "App": (0.25 if y >= 2021 else 0.0)})
            month = int(date[5:7])
            pending_p = 0.02 if y < 2025 else (0.05 + 0.6 * max(0, month - 8) / 4)
            status = "Pending" if r.random() < pending_p else pick(r, {"Resolved": 0.72, "Referred": 0.14, "Dismissed": 0.14})
            if status == "Pending":
                days, within = "", ""
            else:
                d = max(1, int(round(median * math.exp(gauss(r, 0.6)))))
                days, within = str(d), ("yes" if d <= 60 else "no")
            items.append([date, right, district, sex, age, race, disability, channel, status, days, within])
        items.sort(key=lambda x: x[0])
        for i, it in enumerate(items, start=1):
            lines.append(",".join(csv_cell(c) for c in [f"VS-{y}-{i:04d}"] + it))
    write_text(root / "records" / "complaints.csv", lines)


PB_THEMES = {"Housing": 0.16, "Health": 0.14, "Education": 0.13, "Mobility": 0.14, "Culture": 0.08,
             "Environment": 0.1, "Public safety": 0.08, "Sport and leisure": 0.09, "Social assistance": 0.08}


def write_participatory_budget(root: Path):
    r = rng_for("records/pb")
    props = ["Id,Date,District,Theme,Proposer sex,Proposer age group,Votes,Status,Cost"]
    ballots = ["Date,District,Sex,Age group,Channel"]
    for y in years_from(2016):
        t = (y - 2016) / 9
        n_ballots = int(round(1400 * (6000 / 1400) ** t * (0.45 if y == 2020 else 1.0)))
        district_w = {d: resident_shares("District", y)[d] * w for d, w in zip(DISTRICTS, [0.7, 0.8, 0.9, 1.6, 1.1, 1.3])}
        ballot_districts = []
        day_rows = []
        for _ in range(n_ballots):
            d = pick(r, district_w)
            ballot_districts.append(d)
            sex = pick(r, {"Female": 0.56, "Male": 0.44})
            age = pick(r, {"16-29": 0.18 + 0.12 * t, "30-59": 0.55 - 0.05 * t, "60+": 0.27 - 0.07 * t})
            channel = "Online" if y == 2020 else pick(r, {"In person": 0.8 - 0.45 * t, "Online": 0.2 + 0.45 * t})
            day_rows.append([day_of_year(y, r, 213, 243), d, sex, age, channel])
        day_rows.sort()
        ballots.extend(",".join(row) for row in day_rows)
        n_props = int(round(140 * (420 / 140) ** t * (0.6 if y == 2020 else 1.0)))
        rows = []
        for _ in range(n_props):
            d = pick(r, district_w)
            theme = pick(r, PB_THEMES)
            sex = pick(r, {"Female": 0.38 + 0.16 * t, "Male": 0.62 - 0.16 * t})
            age = pick(r, {"16-29": 0.15 + 0.1 * t, "30-59": 0.6, "60+": 0.25 - 0.1 * t})
            cost = int(round(math.exp(math.log(180_000) + gauss(r, 0.7)) / 1000)) * 1000
            rows.append([day_of_year(y, r, 60, 150), d, theme, sex, age, cost])
        # every ballot gives three votes, shared among the proposals of the voter's district
        votes_by_district = {d: 3 * ballot_districts.count(d) for d in DISTRICTS}
        by_district: dict[str, list] = {d: [] for d in DISTRICTS}
        for row in rows:
            by_district[row[1]].append(row)
        for d, items in by_district.items():
            if not items:
                continue
            weights = {str(i): 0.2 + r.random() ** 2 for i in range(len(items))}
            split = split_integer(votes_by_district[d], weights)
            ranked = sorted(range(len(items)), key=lambda i: -split[str(i)])
            budget_left = 1_500_000 * (1.06 ** (y - 2016))
            selected = set()
            for i in ranked:
                if items[i][5] <= budget_left:
                    selected.add(i)
                    budget_left -= items[i][5]
            for i, row in enumerate(items):
                row.insert(5, split[str(i)])
                row.insert(6, "Selected" if i in selected else "Not selected")
        rows.sort(key=lambda x: (x[0], x[1], x[2]))
        for i, row in enumerate(rows, start=1):
            props.append(",".join(csv_cell(str(c)) for c in [f"PB-{y}-{i:03d}"] + row))
    write_text(root / "records" / "pb-proposals.csv", props)
    write_text(root / "records" / "pb-ballots.csv", ballots)


# ---------------------------------------------------------------------------------------
# Budget: approved, revised and executed amounts by department and programme, tagged
# ---------------------------------------------------------------------------------------


ECONOMIC_CLASSES = {  # how a programme's allocation splits by economic class
    "debt": [("Debt service", 1.0)],
    "transfers": [("Transfers", 0.92), ("Personnel", 0.05), ("Goods and services", 0.03)],
    "works": [("Investment", 0.75), ("Goods and services", 0.15), ("Personnel", 0.10)],
    "services": [("Personnel", 0.65), ("Goods and services", 0.30), ("Investment", 0.05)],
    "other": [("Personnel", 0.45), ("Goods and services", 0.45), ("Investment", 0.10)],
}


def economic_mix(code: str) -> list[tuple[str, float]]:
    if code.startswith("FIN-01"):
        return ECONOMIC_CLASSES["debt"]
    if code in ("SOC-03", "SOC-04", "HOU-03", "MOB-01"):
        return ECONOMIC_CLASSES["transfers"]
    if code in ("OBR-01", "PLA-02", "WAT-02", "HOU-01", "HOU-02", "MOB-02"):
        return ECONOMIC_CLASSES["works"]
    if code[:3] in ("EDU", "HEA", "SEG") or code == "ADM-01":
        return ECONOMIC_CLASSES["services"]
    return ECONOMIC_CLASSES["other"]


def write_budget(root: Path, programmes: list[tuple]) -> dict[int, float]:
    """Writes the budget lines (one per year, programme and economic class); returns the
    approved total by year, which the revenue table balances."""
    r = rng_for("budget")
    infl = deflator()
    totals: dict[int, float] = {}
    lines = ["Year,Department,Programme code,Programme,Economic class,Rights,SDG targets,Indicators,Gender marker,Approved,Revised,Executed"]
    for y in years_from(2012):
        for code, dept, name, rights, sdg, inds, marker, amount2015, real_growth, shocks, start in programmes:
            if y < start:
                continue
            # allocations move smoothly (their falls are the deliberate ones); the housing and
            # social assistance lines also execute smoothly, so that their only falls are the
            # retrogression cases
            calm = 0.15 if dept in ("housing", "social-assistance") else 1.0
            real = amount2015 * (1 + real_growth) ** (y - 2015) * (1 + shocks.get(y, 0.0)) * (1 + gauss(r, 0.006 * calm))
            approved = real * infl[y] / 100
            revised = approved * (1 + gauss(r, 0.04 * calm))
            for cls, share in economic_mix(code):
                execution = min(1.0, (0.955 if y != 2025 else 0.93) + gauss(r, 0.03 * calm))
                a, v = approved * share, revised * share
                cells = [str(y), dept, code, name, cls, "|".join(rights), "|".join(sdg), "|".join(inds), str(marker),
                         f"{a:.2f}", f"{v:.2f}", f"{v * execution:.2f}"]
                lines.append(",".join(csv_cell(c) for c in cells))
                totals[y] = totals.get(y, 0.0) + float(f"{a:.2f}")
    write_text(root / "budget" / "budget-lines.csv", lines)
    return totals


REVENUE = [  # category, own revenue?, share of revenue in 2012 and 2025
    ("Property tax (IPTU)", True, 0.085, 0.110),
    ("Services tax (ISS)", True, 0.140, 0.160),
    ("Property transfer tax (ITBI)", True, 0.030, 0.032),
    ("Fees and charges", True, 0.050, 0.058),
    ("Federal revenue-sharing fund (FPM)", False, 0.225, 0.205),
    ("State VAT share (ICMS)", False, 0.260, 0.240),
    ("Health transfers (SUS)", False, 0.120, 0.110),
    ("Education fund (FUNDEB)", False, 0.090, 0.085),
]
REVENUE_SHORTFALL = {2016: -0.08, 2020: -0.06, 2024: -0.05, 2025: -0.045}   # own revenue fell short: recession, pandemic, the slowdown of 2024-2025


def write_revenue(root: Path, budget_totals: dict[int, float]):
    r = rng_for("revenue")
    lines = ["Year,Category,Own,Budgeted,Actual"]
    for y in sorted(budget_totals):
        t = (y - 2012) / (LAST_YEAR - 2012)
        shares = {c: lerp(a, b, t) for c, _, a, b in REVENUE}
        norm = sum(shares.values())
        for cat, own, _, _ in REVENUE:
            budgeted = budget_totals[y] * 1.01 * shares[cat] / norm
            outturn = 1 + gauss(r, 0.02) + (REVENUE_SHORTFALL.get(y, 0.0) if own else 0.0)
            actual = f"{budgeted * outturn:.2f}"
            lines.append(",".join(csv_cell(c) for c in [str(y), cat, "yes" if own else "no", f"{budgeted:.2f}", actual]))
    write_text(root / "budget" / "revenue.csv", lines)


# ---------------------------------------------------------------------------------------
# The European dialect: air quality with `;` between fields and `,` as decimal separator
# ---------------------------------------------------------------------------------------


def write_air_quality(root: Path, series: dict[str, dict]):
    lines = ["Ano;Poluente;Distrito;Valor"]
    for pollutant, spec in series.items():
        head = path("air/" + pollutant, spec["anchors"], spec["years"], spec["noise"], spec.get("shocks", {}))
        for y in spec["years"]:
            v = head[y]
            lines.append(f"{y};{pollutant};;" + f"{v:.1f}".replace(".", ","))
            shares = resident_shares("District", y)
            rr = group_risks("air", "District", DISTRICTS, "stable", y)
            mean = sum(shares[d] * rr[d] for d in DISTRICTS)
            for d in DISTRICTS:
                lines.append(f"{y};{pollutant};{d};" + f"{v * rr[d] / mean:.1f}".replace(".", ","))
    write_text(root / "environment" / "air-quality.csv", lines)


# ---------------------------------------------------------------------------------------
# District boundaries: six districts of a fictional coastal town, as GeoJSON
# ---------------------------------------------------------------------------------------

# Where the fictional town is drawn (longitude, latitude of its south-west corner) and the
# size of a degree there, in kilometres (written out, so that no libm call enters the file).
MAP_ORIGIN = (-48.745, -27.02)
KM_PER_DEG_LON, KM_PER_DEG_LAT = 99.23, 110.70

# Junctions (km east, km north of the origin) where district borders, the coast and the
# municipal border meet.
NODES = {
    "NW": (0.2, 12.2), "N1": (5.4, 12.5), "CN": (12.6, 12.4), "C1": (13.5, 8.8), "C2": (12.9, 5.2),
    "CS": (12.0, -0.2), "S1": (6.9, -0.7), "SW": (0.4, -0.2), "W2": (-0.2, 3.6), "W1": (0.3, 8.6),
    "J1": (7.4, 8.9), "J2": (4.3, 7.3), "J3": (3.9, 3.8), "J4": (7.2, 5.2),
}
# Each border once: its ends, the points it passes through, and how much it wanders (km).
ARCS = {
    "north-west": ("NW", [(2.5, 12.9)], "N1", 0.12),
    "north-east": ("N1", [(8.4, 12.2), (10.6, 13.0)], "CN", 0.12),
    "coast-north": ("CN", [(13.9, 10.6), (13.2, 9.6)], "C1", 0.22),
    "coast-centre": ("C1", [(13.8, 6.9)], "C2", 0.18),
    # the estuary cuts into Porto Novo's shore
    "coast-estuary": ("C2", [(11.4, 3.9), (10.3, 3.1), (11.3, 2.6), (12.9, 2.1), (12.7, 0.9)], "CS", 0.12),
    "south-east": ("CS", [(9.4, -1.0)], "S1", 0.12),
    "south-west": ("S1", [(4.0, -0.4), (2.0, -1.1)], "SW", 0.12),
    "west-south": ("SW", [(-0.9, 1.9)], "W2", 0.14),
    "west-centre": ("W2", [(-0.6, 6.1)], "W1", 0.14),
    "west-north": ("W1", [(-0.2, 10.5)], "NW", 0.14),
    "morro-jardim": ("N1", [(6.6, 11.0), (6.2, 9.9)], "J1", 0.18),
    "morro-vale": ("W1", [(1.8, 8.1), (3.1, 8.0)], "J2", 0.18),
    "morro-centro": ("J2", [(5.6, 8.6)], "J1", 0.14),
    "jardim-centro": ("J1", [(9.1, 8.2), (11.0, 9.0)], "C1", 0.18),
    "vale-centro": ("J2", [(5.2, 6.4), (4.6, 5.0)], "J3", 0.16),
    "vale-luzia": ("W2", [(1.5, 4.4), (2.9, 3.6)], "J3", 0.16),
    "luzia-centro": ("J3", [(5.4, 4.4)], "J4", 0.12),
    "centro-porto": ("J4", [(8.8, 5.6), (10.8, 4.7)], "C2", 0.16),
    "luzia-porto": ("J4", [(6.6, 3.3), (7.3, 1.5)], "S1", 0.16),
}
# Each district walks borders (a leading `-` walks one backwards); Porto Novo also has an
# island off the estuary, and Vale Verde a reservoir that belongs to no district (a hole).
DISTRICT_BORDERS = {
    "Morro Alto": ["-west-north", "morro-vale", "morro-centro", "-morro-jardim", "-north-west"],
    "Jardim das Flores": ["morro-jardim", "jardim-centro", "-coast-north", "-north-east"],
    "Vale Verde": ["-west-centre", "vale-luzia", "-vale-centro", "-morro-vale"],
    "Centro": ["vale-centro", "luzia-centro", "centro-porto", "-coast-centre", "-jardim-centro", "-morro-centro"],
    "Santa Luzia": ["-west-south", "-south-west", "-luzia-porto", "-luzia-centro", "-vale-luzia"],
    "Porto Novo": ["luzia-porto", "-south-east", "-coast-estuary", "-centro-porto"],
}
DISTRICT_ISLANDS = {"Porto Novo": [((14.3, 1.6), 0.45)]}
DISTRICT_HOLES = {"Vale Verde": [((2.4, 6.3), 0.55)]}


def border_points(name: str) -> list[tuple[float, float]]:
    """The points of one border: straight runs of about 250 m between its ends and the
    points it passes through, each inner point moved sideways by smoothed seeded noise."""
    start, via, end, wander = ARCS[name]
    r = rng_for("boundary/" + name)
    corners = [NODES[start]] + via + [NODES[end]]
    points: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        length = math.sqrt((x1 - x0) ** 2 + (y1 - y0) ** 2)
        steps = max(1, int(length / 0.25))
        for k in range(steps):
            t = k / steps
            points.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    points.append(corners[-1])
    raw = [r.random() * 2.0 - 1.0 for _ in points]
    smooth = [0.0] + [(raw[i - 1] + 2 * raw[i] + raw[i + 1]) / 4.0 for i in range(1, len(points) - 1)] + [0.0]
    out = [points[0]]
    for i in range(1, len(points) - 1):
        (xa, ya), (xb, yb) = points[i - 1], points[i + 1]
        dx, dy = xb - xa, yb - ya
        norm = math.sqrt(dx * dx + dy * dy) or 1.0
        x, y = points[i]
        out.append((x - dy / norm * smooth[i] * wander, y + dx / norm * smooth[i] * wander))
    out.append(points[-1])
    return out


def circle(centre: tuple[float, float], radius: float, clockwise: bool) -> list[tuple[float, float]]:
    """A 24-sided ring around `centre`, from the rational parametrisation of the circle."""
    cx, cy = centre
    quarter = [(1 - t * t) / (1 + t * t) for t in (0, 1 / 6, 1 / 3, 1 / 2, 2 / 3, 5 / 6)]
    sines = [2 * t / (1 + t * t) for t in (0, 1 / 6, 1 / 3, 1 / 2, 2 / 3, 5 / 6)]
    unit = list(zip(quarter, sines))
    unit += [(-s, c) for c, s in unit] + [(-c, -s) for c, s in unit] + [(s, -c) for c, s in unit]
    ring = [(cx + radius * c, cy + radius * s) for c, s in unit]
    return ring[::-1] if clockwise else ring


def lon_lat(p: tuple[float, float]) -> str:
    x, y = p
    lon = MAP_ORIGIN[0] + x / KM_PER_DEG_LON
    lat = MAP_ORIGIN[1] + y / KM_PER_DEG_LAT
    return f"[{lon:.6f},{lat:.6f}]"


def ring_json(points: list[tuple[float, float]]) -> str:
    closed = points + [points[0]]
    return "[" + ",".join(lon_lat(p) for p in closed) + "]"


def write_district_boundaries(root: Path):
    """data/maps/districts.geojson: one feature per district (a Polygon, or a MultiPolygon for
    Porto Novo and its island), `district` holding the category of the `District` column."""
    borders = {name: border_points(name) for name in ARCS}
    features = []
    for i, district in enumerate(DISTRICTS, start=1):
        ring: list[tuple[float, float]] = []
        for b in DISTRICT_BORDERS[district]:
            pts = borders[b.lstrip("-")]
            pts = pts[::-1] if b.startswith("-") else pts
            ring.extend(pts[:-1])  # the next border starts where this one ends
        polygon = [ring] + [circle(c, r, clockwise=True) for c, r in DISTRICT_HOLES.get(district, [])]
        polygons = [polygon] + [[circle(c, r, clockwise=False)] for c, r in DISTRICT_ISLANDS.get(district, [])]
        if len(polygons) == 1:
            geometry = '{"type":"Polygon","coordinates":[' + ",".join(ring_json(r) for r in polygon) + "]}"
        else:
            geometry = '{"type":"MultiPolygon","coordinates":[' + ",".join(
                "[" + ",".join(ring_json(r) for r in p) + "]" for p in polygons) + "]}"
        features.append(
            '{"type":"Feature","properties":{"code":"VS-%02d","district":"%s"},"geometry":%s}' % (i, district, geometry)
        )
    lines = [
        '{"type":"FeatureCollection",',
        '"name":"Districts of Vila Serena (SYNTHETIC boundaries of a fictional municipality, data/generate.py)",',
        '"features":[',
        ",\n".join(features),
        "]}",
    ]
    write_text(root / "maps" / "districts.geojson", lines)


# =======================================================================================
# THE SCENARIOS: one line per dataset. `anchors` are exact values at those years (the
# headline); other years follow the path between them with noise. Groups follow a profile.
# Cases built on purpose are marked CASE (see data/README.md).
# =======================================================================================

C, V, X = Counts, Values, XlsxCounts
UP, DOWN = True, False

SCENARIOS = [
    # ---- OHCHR: adequate housing -------------------------------------------------------
    C("ohchr-housing-households-assisted", "households", 100, {2010: 2.1, 2015: 3.0, 2025: 4.6}, "deprivation", "SDR", up=UP, targeted=True),
    V("ohchr-housing-upgrading", {2010: 180, 2015: 320, 2025: 610}, up=UP, integer=True, noise=0.12),
    C("ohchr-housing-inadequate", "residents", 100, {2010: 16.5, 2015: 14.8, 2025: 10.9}, "deprivation", "SDR", up=DOWN, gap="narrowing"),
    C("ohchr-housing-overcrowding", "households", 100, {2010: 9.8, 2015: 8.9, 2025: 7.6}, "deprivation", "SDR", up=DOWN),
    # CASE deterioration: rents rise faster than incomes, the gap between districts widens
    C("ohchr-housing-cost-overburden", "households", 100, {2010: 19.5, 2015: 21.2, 2025: 26.8}, "deprivation", "SDR", up=DOWN, gap="widening"),
    C("ohchr-housing-evictions", "households", 10000, {2010: 4.5, 2015: 3.9, 2025: 1.6}, "deprivation", "D", up=DOWN, noise=0.08),
    C("ohchr-housing-homeless", "residents", 10000, {2010: 11.6, 2015: 12.4, 2025: 15.8}, "homeless", "SR", up=DOWN),
    C("ohchr-housing-services-access", "households", 100, {2010: 78.0, 2015: 82.5, 2025: 91.2}, "access", "SDR", up=UP, gap="narrowing"),
    # ---- OHCHR: education ----------------------------------------------------------------
    V("ohchr-edu-spending-per-pupil", {2010: 5200, 2015: 6100, 2025: 7900}, up=UP, dec=0, noise=0.03),
    V("ohchr-edu-pupil-teacher", {2010: 23.5, 2015: 22.1, 2025: 19.4}, "education", "D", up=DOWN, dec=1),
    C("ohchr-edu-qualified-teachers", "teachers", 100, {2010: 71, 2015: 78, 2025: 91}, "flat", "S", up=UP),
    C("ohchr-edu-preschool", "children-5", 100, {2010: 81, 2015: 88, 2025: 96.5}, "access", "SDR", up=UP),
    C("ohchr-edu-primary-completion", "cohort-13-15", 100, {2010: 86, 2015: 90.5, 2025: 96.8}, "education", "SDR", up=UP),
    C("ohchr-edu-out-of-school", "children-6-14", 100, {2010: 3.4, 2015: 2.6, 2025: 1.1}, "education", "SDPR", up=DOWN, shocks={2020: 0.8, 2021: 0.6}),
    C("ohchr-edu-secondary-enrolment", "youth-15-17", 100, {2010: 58, 2015: 64, 2025: 76}, "education", "SDR", up=UP),
    # CASE missing years: a survey every three years
    C("ohchr-edu-literacy", "adults-15", 100, {2010: 93.1, 2016: 94.2, 2025: 96.4}, "literacy", "SADPR", up=UP, years=EVERY3),
    # CASE missing years and latest value older than the last year: national assessment, odd years
    C("ohchr-edu-proficiency", "pupils-grade-5", 100, {2011: 38, 2015: 47, 2023: 55}, "education", "SDPR", up=UP, years=[2011, 2013, 2015, 2017, 2019, 2021, 2023], shocks={2021: -0.12}),
    # ---- OHCHR: health -------------------------------------------------------------------
    V("ohchr-health-spending-per-capita", {2010: 640, 2015: 760, 2025: 1010}, up=UP, dec=0, noise=0.03),
    C("ohchr-health-primary-care", "residents", 100, {2010: 58, 2015: 63, 2025: 86}, "access", "SDR", up=UP, gap="narrowing"),
    C("ohchr-health-prenatal", "births", 100, {2010: 64, 2015: 70, 2025: 81}, "access", "DR", up=UP),
    # CASE retrogression WITH a recorded justification: the pandemic year 2020 (monotone otherwise)
    C("ohchr-health-immunisation", "children-1", 100, {2010: 93.8, 2015: 95.2, 2019: 95.8, 2020: 84.5, 2021: 87.2, 2022: 90.8, 2025: 95.4}, "child", "DR", up=UP, noise=0.0),
    # CASE target achieved (threshold above 99%)
    C("ohchr-health-births-attended", "births", 100, {2010: 98.9, 2015: 99.2, 2025: 99.7}, "flat", "", up=UP, noise=0.001),
    C("ohchr-health-infant-mortality", "births", 1000, {2010: 15.8, 2015: 13.9, 2025: 10.1}, "child", "SDR", up=DOWN, gap={"Race": "widening"}),
    C("ohchr-health-under5-mortality", "births", 1000, {2010: 18.2, 2015: 16.1, 2025: 11.9}, "child", "SDR", up=DOWN),
    # published as a three-year moving average (too few deaths for a yearly ratio)
    V("ohchr-health-maternal-mortality", {2010: 78, 2015: 66, 2025: 47}, up=DOWN, dec=0, noise=0.08,
      comments={2010: "Three-year moving average (2008-2010)", 2025: "Three-year moving average (2023-2025), provisional"}, status={2025: "P"}),
    C("ohchr-health-adolescent-births", "women-15-19", 1000, {2010: 64, 2015: 58, 2025: 39}, "deprivation", "DR", up=DOWN),
    C("ohchr-health-tb-incidence", "residents", 100000, {2010: 41, 2015: 38, 2025: 35.5}, "health", "SDR", up=DOWN),
    C("ohchr-health-ncd-mortality", "adults-30-69", 100000, {2010: 395, 2015: 372, 2025: 318}, "health", "SDR", up=DOWN),
    C("ohchr-health-catastrophic-spending", "households", 100, {2010: 9.1, 2016: 8.4, 2025: 7.2}, "deprivation", "DR", up=DOWN, years=EVERY3),
    # ---- OHCHR: adequate food ------------------------------------------------------------
    # CASE target achieved (coverage 100% reached in 2023)
    C("ohchr-food-school-meals", "pupils", 100, {2010: 91.5, 2015: 94.8, 2023: 100.0, 2024: 100.0, 2025: 100.0}, "access", "SD", up=UP, noise=0.005),
    V("ohchr-food-local-purchase", {2010: 12, 2015: 24, 2025: 41}, up=UP, dec=1, noise=0.05),
    V("ohchr-food-inspections", {2010: 48, 2015: 55, 2025: 71}, up=UP, dec=1),
    # CASE deterioration with missing years (survey 2013, 2017, 2021, 2024)
    C("ohchr-food-insecurity", "households", 100, {2013: 22.5, 2017: 24.1, 2021: 33.8, 2024: 26.2}, "deprivation", "SDR", up=DOWN, years=[2013, 2017, 2021, 2024]),
    C("ohchr-food-stunting", "children-0-4", 100, {2010: 9.1, 2015: 8.2, 2025: 6.1}, "child", "SDR", up=DOWN),
    C("ohchr-food-overweight-children", "children-0-4", 100, {2010: 7.0, 2015: 7.8, 2025: 9.9}, "deprivation", "SD", up=DOWN),
    V("ohchr-food-basket-cost", {2010: 44, 2015: 46.5, 2025: 52.0}, up=DOWN, dec=1),
    C("ohchr-food-assistance", "low-income-households", 100, {2013: 8, 2015: 11, 2021: 24, 2025: 17}, "deprivation", "D", up=UP, targeted=True, years=years_from(2013)),
    # ---- OHCHR: work ---------------------------------------------------------------------
    C("ohchr-work-job-placements", "job-seekers", 100, {2010: 14, 2015: 11.5, 2025: 19.8}, "flat", "SA", up=UP, shocks={2020: -0.35}),
    C("ohchr-work-vocational-training", "working-age", 1000, {2010: 4.1, 2015: 5.0, 2025: 7.9}, "work", "SAD", up=UP, targeted=True),
    C("ohchr-work-child-labour", "children-10-17", 100, {2010: 6.2, 2015: 4.9, 2025: 2.6}, "deprivation", "SDR", up=DOWN),
    C("ohchr-work-unemployment", "labour-force", 100, {2010: 8.2, 2015: 9.6, 2017: 13.1, 2020: 14.2, 2021: 13.4, 2025: 7.9}, "work", "SADPR", up=DOWN),
    C("ohchr-work-informality", "employed", 100, {2010: 42.5, 2015: 41.0, 2025: 38.6}, "work", "SADR", up=DOWN),
    # CASE narrowing gap (women/men) and widening gap (Black/White)
    V("ohchr-work-earnings", {2010: 2380, 2015: 2520, 2020: 2440, 2025: 2890}, "pay", "SDPR", up=UP, dec=0, gap={"Sex": "narrowing", "Race": "widening"}),
    C("ohchr-work-injuries", "employed", 100000, {2010: 1480, 2015: 1320, 2025: 980}, "work", "S", up=DOWN),
    C("ohchr-work-neet", "youth-15-24", 100, {2010: 21.5, 2015: 23.4, 2020: 27.0, 2025: 19.2}, "work", "SDPR", up=DOWN),
    # ---- OHCHR: social security ----------------------------------------------------------
    C("ohchr-socsec-registry-coverage", "low-income-households", 100, {2010: 71, 2015: 82, 2025: 93}, "access", "D", up=UP),
    C("ohchr-socsec-cash-transfer-coverage", "eligible-households", 100, {2010: 76, 2015: 84, 2025: 91}, "deprivation", "DR", up=UP, targeted=True),
    C("ohchr-socsec-pension-coverage", "older-65", 100, {2010: 82.5, 2015: 84.1, 2025: 87.9}, "older", "SDR", up=UP),
    C("ohchr-socsec-disability-benefit", "severe-disabilities", 100, {2010: 44, 2015: 51, 2025: 63}, "access", "SD", up=UP),
    C("ohchr-socsec-contributors", "employed", 100, {2010: 56, 2015: 58.5, 2025: 61.2}, "work", "SAR", up=UP),
    C("ohchr-socsec-extreme-poverty", "residents", 100, {2010: 6.9, 2015: 5.6, 2021: 8.2, 2025: 3.9}, "deprivation", "SADR", up=DOWN),
    C("ohchr-socsec-childcare", "children-0-3", 100, {2010: 21, 2015: 29, 2025: 47}, "access", "DR", up=UP),
    V("ohchr-socsec-benefit-adequacy", {2018: 22, 2025: 31}, up=UP, dec=1, years=years_from(2018)),
    # ---- OHCHR: participation in public affairs ------------------------------------------
    V("ohchr-part-public-hearings", {2010: 4, 2015: 7, 2025: 14}, up=UP, integer=True, noise=0.15),
    # CASE missing years (elections every four years) and deterioration since the base year
    C("ohchr-part-turnout", "registered-voters", 100, {2012: 81.5, 2016: 79.8, 2020: 74.2, 2024: 77.9}, "participation", "D", up=UP, years=ELECTIONS),
    V("ohchr-part-women-council", {2012: 9.5, 2016: 14.3, 2020: 19.0, 2024: 28.6}, up=UP, dec=1, years=ELECTIONS, noise=0.0),
    V("ohchr-part-black-council", {2012: 28.6, 2016: 33.3, 2020: 38.1, 2024: 42.9}, up=UP, dec=1, years=ELECTIONS, noise=0.0),
    C("ohchr-part-women-management", "managers", 100, {2010: 31, 2015: 36, 2025: 47}, "flat", "", up=UP),
    V("ohchr-part-civil-society-seats", {2010: 42, 2015: 48, 2025: 52}, up=UP, dec=1),
    V("ohchr-part-women-in-councils", {2010: 38, 2015: 42, 2025: 53}, up=UP, dec=1),
    C("ohchr-part-inclusive-decisions", "adults-15", 100, {2015: 28, 2025: 39}, "participation", "SADR", up=UP, years=[2015, 2017, 2019, 2021, 2023, 2025]),
    # ---- OHCHR: non-discrimination and equality ------------------------------------------
    C("ohchr-nd-quota-entrants", "entrants", 100, {2015: 12, 2025: 24}, "flat", "", up=UP, years=years_from(2015), noise=0.08),
    V("ohchr-nd-accessible-buildings", {2010: 18, 2015: 27, 2025: 52}, up=UP, dec=1),
    # CASE widening gap: persons with disabilities
    C("ohchr-nd-felt-discriminated", "adults-15", 100, {2011: 14.2, 2015: 13.1, 2025: 11.6}, "discrimination", "SAPR", up=DOWN, years=EVERY2_ODD, gap={"Disability": "widening"}),
    C("ohchr-nd-employment-rate", "working-age", 100, {2010: 61, 2015: 60, 2017: 56.5, 2020: 55, 2025: 63.5}, "work", "SADPR", up=UP, gap={"Disability": "widening"}),
    # ---- OHCHR: violence against women ---------------------------------------------------
    V("ohchr-vaw-shelter-places", {2010: 0.8, 2015: 1.2, 2025: 2.3}, up=UP, dec=2),
    V("ohchr-vaw-reference-centre", {2012: 220, 2015: 410, 2025: 930}, up=UP, integer=True, years=years_from(2012)),
    C("ohchr-vaw-protective-48h", "protective-requests", 100, {2010: 52, 2015: 61, 2025: 84}, "flat", "", up=UP),
    # counts too small for a ratio: the number of femicides (zero target, not reached)
    V("ohchr-vaw-femicides", {2010: 4, 2011: 3, 2012: 5, 2013: 4, 2014: 3, 2015: 3, 2016: 4, 2017: 2, 2018: 3, 2019: 2,
                              2020: 3, 2021: 2, 2022: 1, 2023: 2, 2024: 1, 2025: 1}, up=DOWN, integer=True, noise=0.0),
    C("ohchr-vaw-reported-violence", "women", 100000, {2010: 620, 2015: 710, 2025: 860}, "gbv", "ADR", up=DOWN),
    C("ohchr-vaw-harassment", "women", 100, {2016: 38, 2025: 31}, "gbv", "ADPR", up=DOWN, years=[2016, 2019, 2022, 2025]),
    # CASE unable to assess: census only (2010, 2022), a single observation after the base year
    C("ohchr-vaw-child-marriage", "women-20-24", 100, {2010: 19.5, 2022: 14.2}, "gbv", "DR", up=DOWN, years=CENSUS),
    # ---- OHCHR: right to life ------------------------------------------------------------
    # CASE widening gap: Black / White homicide rates; small cells (Indigenous, Asian)
    C("ohchr-life-homicide-rate", "residents", 100000, {2010: 29.5, 2015: 31.8, 2017: 35.2, 2025: 21.4}, "violence", "SADR", up=DOWN, gap={"Race": "widening"}),
    V("ohchr-life-police-killings", {2010: 4, 2011: 5, 2012: 3, 2013: 6, 2014: 5, 2015: 6, 2016: 7, 2017: 8, 2018: 7,
                                     2019: 9, 2020: 6, 2021: 7, 2022: 5, 2023: 6, 2024: 4, 2025: 5}, up=DOWN, integer=True, noise=0.0),
    V("ohchr-life-missing-persons", {2010: 14, 2015: 11, 2025: 7}, up=DOWN, integer=True, noise=0.15),
    V("ohchr-life-life-expectancy", {2010: 73.1, 2015: 74.4, 2025: 76.6}, "longevity", "SDR", up=UP, dec=1, noise=0.002),
    C("ohchr-life-road-deaths", "residents", 100000, {2010: 21.5, 2015: 19.6, 2025: 13.1}, "violence", "SAD", up=DOWN),
    C("ohchr-life-suicide", "residents", 100000, {2010: 5.8, 2015: 6.1, 2025: 6.9}, "suicide", "SR", up=DOWN, noise=0.08),
    V("ohchr-life-homicide-clearance", {2010: 31, 2015: 35, 2025: 44}, up=UP, dec=1),
    C("ohchr-life-youth-prevention", "youth-15-29", 1000, {2012: 6, 2015: 9, 2025: 21}, "violence", "SDR", up=UP, targeted=True, years=years_from(2012)),
    # ---- OHCHR: liberty and security of person -------------------------------------------
    C("ohchr-lib-guard-trained", "guard-officers", 100, {2010: 12, 2015: 25, 2025: 78}, "flat", "S", up=UP),
    C("ohchr-lib-guard-complaints", "guard-officers", 100, {2010: 9.5, 2015: 8.8, 2025: 6.1}, "flat", "", up=DOWN, noise=0.06),
    C("ohchr-lib-guard-use-of-force", "guard-officers", 100, {2010: 33, 2015: 27, 2025: 19}, "flat", "", up=DOWN, noise=0.05),
    C("ohchr-lib-open-measures", "socio-educational-measures", 100, {2010: 58, 2015: 66, 2025: 81}, "flat", "", up=UP, noise=0.03),
    # CASE narrowing gap: women feel less safe, but the gap closes
    C("ohchr-lib-feel-safe", "adults-15", 100, {2011: 44, 2015: 42.5, 2025: 51}, "safety", "SADPR", up=UP, years=EVERY2_ODD, gap={"Sex": "narrowing"}),
    C("ohchr-lib-involuntary-admissions", "residents", 100000, {2010: 38, 2015: 35, 2025: 24}, "health", "S", up=DOWN),
    C("ohchr-lib-custody-hearings", "arrests", 100, {2015: 62, 2025: 97}, "flat", "", up=UP, years=years_from(2015)),
    # ---- OHCHR: freedom from torture -----------------------------------------------------
    V("ohchr-tort-monitoring-visits", {2014: 4, 2015: 6, 2025: 18}, up=UP, integer=True, years=years_from(2014), noise=0.1),
    C("ohchr-tort-force-reviewed", "force-incidents", 100, {2010: 35, 2015: 48, 2025: 88}, "flat", "", up=UP, noise=0.04),
    V("ohchr-tort-allegations", {2010: 9, 2015: 11, 2025: 6}, up=DOWN, integer=True, noise=0.15),
    C("ohchr-tort-child-violence", "children-0-17", 1000, {2010: 5.9, 2015: 7.2, 2025: 9.8}, "child", "SDR", up=DOWN),
    C("ohchr-tort-elder-violence", "older-60", 1000, {2010: 3.1, 2015: 3.9, 2025: 5.2}, "older", "SD", up=DOWN),
    # CASE target achieved: every long-term care institution inspected
    V("ohchr-tort-ltc-inspected", {2010: 40, 2015: 57.1, 2021: 92.9, 2022: 100, 2023: 100, 2024: 100, 2025: 100}, up=UP, dec=1, noise=0.0),
    # CASE zero target achieved
    V("ohchr-tort-custody-deaths", {2010: 2, 2011: 1, 2012: 1, 2013: 0, 2014: 2, 2015: 1, 2016: 0, 2017: 1, 2018: 0, 2019: 1,
                                    2020: 0, 2021: 0, 2022: 0, 2023: 0, 2024: 0, 2025: 0}, up=DOWN, integer=True, noise=0.0),
    # ---- OHCHR: fair trial ---------------------------------------------------------------
    C("ohchr-fair-legal-aid", "low-income-residents", 1000, {2014: 11, 2015: 14, 2025: 37}, "deprivation", "SD", up=UP, targeted=True, years=years_from(2014)),
    C("ohchr-fair-mediation-agreement", "mediation-cases", 100, {2010: 58, 2015: 63, 2025: 71}, "flat", "", up=UP, noise=0.03),
    V("ohchr-fair-appeal-days", {2010: 94, 2015: 88, 2025: 52}, up=DOWN, dec=0),
    C("ohchr-fair-dispute-access", "adults-with-dispute", 100, {2017: 42, 2025: 55}, "deprivation", "SDR", up=UP, years=[2017, 2019, 2021, 2023, 2025]),
    C("ohchr-fair-adolescents-assisted", "adolescents-in-proceedings", 100, {2010: 61, 2015: 70, 2025: 92}, "flat", "", up=UP, noise=0.03),
    V("ohchr-fair-interpretation", {2016: 40, 2025: 85}, up=UP, dec=1, years=years_from(2016)),
    # ---- OHCHR: freedom of opinion and expression ----------------------------------------
    C("ohchr-foe-requests-on-time", "requests", 100, {2013: 48, 2015: 57, 2025: 88}, "flat", "", up=UP, years=years_from(2013)),
    V("ohchr-foe-open-datasets", {2016: 12, 2025: 164}, up=UP, integer=True, years=years_from(2016), noise=0.05),
    V("ohchr-foe-community-media", {2010: 3, 2015: 4, 2025: 9}, up=UP, integer=True, noise=0.05),
    V("ohchr-foe-attacks-journalists", {2010: 1, 2015: 3, 2019: 6, 2025: 4}, up=DOWN, integer=True, noise=0.2),
    C("ohchr-foe-internet-use", "residents", 100, {2010: 42, 2015: 58, 2025: 86.5}, "digital", "SADPR", up=UP, gap={"Age": "narrowing"}),
    V("ohchr-foe-hate-speech", {2016: 8, 2025: 27}, up=DOWN, integer=True, years=years_from(2016), noise=0.12),
    # ---- Human-rights city: process indicators -------------------------------------------
    V("hrc-procurement-clauses-share", {2021: 8, 2025: 46}, up=UP, dec=1, years=years_from(2021), noise=0.05),
    C("hrc-staff-trained-share", "staff", 100, {2018: 6, 2025: 58}, "flat", "SPR", up=UP, years=years_from(2018)),
    V("hrc-council-meetings", {2018: 2, 2019: 3, 2020: 2, 2021: 4, 2022: 4, 2023: 5, 2024: 6, 2025: 6}, up=UP, integer=True, years=years_from(2018), noise=0.0),
    # ---- Scorecard: the social assistance department's KPIs ------------------------------
    V("bsc-citizens-satisfaction", {2015: 68, 2025: 79}, up=UP, dec=1, years=years_from(2015)),
    V("bsc-citizens-waiting-days", {2015: 21, 2025: 9}, up=DOWN, dec=1, years=years_from(2015), noise=0.05),
    V("bsc-citizens-complaints-30-days", {2015: 55, 2025: 81}, up=UP, dec=1, years=years_from(2015)),
    # CASE flow target: at least 100 people housed a year from 2024 (met in 2024 and 2025)
    V("bsc-citizens-homeless-housed", {2015: 35, 2023: 88, 2024: 104, 2025: 121}, up=UP, integer=True, years=years_from(2015), noise=0.06),
    V("bsc-citizens-accessible-units", {2015: 40, 2025: 83}, up=UP, dec=1, years=years_from(2015)),
    V("bsc-citizens-info-languages", {2018: 20, 2025: 75}, up=UP, dec=1, years=years_from(2018)),
    V("bsc-finance-cost-per-case", {2015: 410, 2025: 365}, up=DOWN, dec=0, years=years_from(2015)),
    V("bsc-finance-external-funding", {2015: 4, 2025: 9}, up=UP, dec=1, years=years_from(2015), noise=0.06),
    V("bsc-finance-rights-tagged", {2015: 62, 2025: 88}, up=UP, dec=1, years=years_from(2015)),
    V("bsc-finance-benefits-on-time", {2015: 88, 2025: 97}, up=UP, dec=1, years=years_from(2015), noise=0.005),
    V("bsc-processes-online-applications", {2015: 5, 2025: 58}, up=UP, dec=1, years=years_from(2015), noise=0.05),
    V("bsc-processes-processing-days", {2015: 34, 2025: 14}, up=DOWN, dec=1, years=years_from(2015), noise=0.04),
    V("bsc-processes-hria", {2019: 0, 2020: 5, 2021: 10, 2022: 20, 2023: 35, 2024: 45, 2025: 60}, up=UP, dec=1, years=years_from(2019), noise=0.0),
    V("bsc-processes-disaggregated", {2015: 35, 2025: 82}, up=UP, dec=1, years=years_from(2015)),
    V("bsc-processes-digital-files", {2015: 10, 2025: 74}, up=UP, dec=1, years=years_from(2015), noise=0.04),
    V("bsc-processes-referrals-closed", {2015: 61, 2025: 78}, up=UP, dec=1, years=years_from(2015)),
    V("bsc-employees-trained-hr", {2015: 8, 2025: 64}, up=UP, dec=1, years=years_from(2015), noise=0.04),
    V("bsc-employees-satisfaction", {2015: 61, 2017: 63, 2019: 66, 2021: 58, 2023: 63, 2025: 67}, up=UP, dec=1, years=[2015, 2017, 2019, 2021, 2023, 2025], noise=0.0),
    V("bsc-employees-sick-days", {2015: 11.2, 2025: 9.4}, up=DOWN, dec=1, years=years_from(2015), shocks={2020: 0.2, 2021: 0.15}),
    V("bsc-employees-women-management", {2015: 48, 2025: 61}, up=UP, dec=1, years=years_from(2015)),
    # CASE threshold met: the legal quota of 5% employees with disabilities
    V("bsc-employees-disability", {2015: 3.1, 2022: 4.8, 2023: 5.1, 2025: 5.4}, up=UP, dec=1, years=years_from(2015), noise=0.01),
    V("bsc-employees-turnover", {2015: 12, 2025: 9.5}, up=DOWN, dec=1, years=years_from(2015), noise=0.05),
    V("bsc-employees-training-hours", {2015: 14, 2025: 31}, up=UP, dec=1, years=years_from(2015)),
    V("bsc-employees-black-management", {2015: 18, 2025: 31}, up=UP, dec=1, years=years_from(2015)),
    # ---- Municipal 2030 Agenda: goal 1 ---------------------------------------------------
    C("m01-poverty-rate", "residents", 100, {2010: 27.5, 2015: 24.1, 2021: 28.3, 2025: 18.6}, "deprivation", "SADPR", up=DOWN, gap={"District": "narrowing"}),
    C("m01-child-poverty", "children-0-14", 100, {2010: 39, 2015: 35.2, 2021: 40.1, 2025: 28.4}, "deprivation", "SDR", up=DOWN),
    V("m01-basic-income-households", {2022: 1200, 2023: 2900, 2024: 4400, 2025: 5800}, up=UP, integer=True, years=years_from(2022), noise=0.0),
    V("m01-cash-transfer-households", {2018: 2100, 2025: 4300}, up=UP, integer=True, years=years_from(2018)),
    C("m01-registry-updated", "low-income-households", 100, {2010: 61, 2015: 68, 2025: 83}, "access", "D", up=UP),
    C("m01-cras-proximity", "low-income-households", 100, {2010: 54, 2015: 63, 2025: 78}, "access", "D", up=UP),
    C("m01-disaster-affected", "residents", 100000, {2010: 410, 2015: 280, 2025: 190}, "access", "D", up=DOWN, noise=0.15, shocks={2011: 2.0, 2019: 1.5, 2024: 1.2}),
    C("m01-homeless-sheltered", "homeless", 100, {2010: 38, 2015: 44, 2025: 63}, "flat", "S", up=UP),
    V("m01-bpc-beneficiaries", {2010: 3100, 2015: 3650, 2025: 4600}, up=UP, integer=True, noise=0.01),
    V("m01-mpi", {2010: 0.092, 2016: 0.081, 2025: 0.058}, up=DOWN, dec=3, years=EVERY3),
    V("m01-poverty-gap", {2010: 9.8, 2015: 8.6, 2021: 10.1, 2025: 6.4}, up=DOWN, dec=1),
    # ---- goal 2 --------------------------------------------------------------------------
    V("m02-community-meals", {2012: 180000, 2015: 260000, 2020: 410000, 2025: 330000}, up=UP, integer=True, years=years_from(2012)),
    V("m02-urban-gardens", {2010: 6, 2015: 11, 2025: 34}, up=UP, integer=True, noise=0.04),
    V("m02-family-farmers", {2010: 85, 2015: 120, 2025: 210}, up=UP, integer=True),
    V("m02-organic-school-meals", {2012: 2, 2015: 6, 2025: 19}, up=UP, dec=1, years=years_from(2012)),
    C("m02-anaemia-children", "children-0-4", 100, {2010: 21, 2016: 18.5, 2025: 14.2}, "child", "DR", up=DOWN, years=EVERY3),
    C("m02-exclusive-breastfeeding", "infants-under-6-months", 100, {2010: 38, 2015: 43, 2025: 54}, "deprivation", "DR", up=UP),
    V("m02-farmers-markets", {2010: 0.6, 2015: 0.8, 2025: 1.3}, up=UP, dec=2, noise=0.03),
    V("m02-school-gardens", {2012: 10, 2015: 18, 2025: 46}, up=UP, dec=1, years=years_from(2012)),
    C("m02-adult-obesity", "adults-15", 100, {2010: 17.5, 2016: 20.1, 2025: 24.9}, "deprivation", "SR", up=DOWN, years=EVERY3),
    # ---- goal 3 --------------------------------------------------------------------------
    C("m03-neonatal-mortality", "births", 1000, {2010: 10.4, 2015: 9.2, 2025: 7.1}, "child", "DR", up=DOWN),
    C("m03-hiv-new", "residents", 100000, {2010: 24, 2015: 27, 2025: 19}, "health", "SA", up=DOWN),
    C("m03-dengue", "residents", 100000, {2010: 310, 2015: 520, 2025: 180}, "access", "D", up=DOWN, noise=0.3, shocks={2013: 2.5, 2016: 1.8, 2019: 1.6, 2024: 3.0}),
    C("m03-congenital-syphilis", "births", 1000, {2010: 4.1, 2015: 7.8, 2018: 10.2, 2025: 6.4}, "deprivation", "R", up=DOWN),
    V("m03-caps-coverage", {2010: 0.9, 2015: 1.2, 2025: 1.7}, up=UP, dec=2, noise=0.02),
    # CASE deterioration with a target: waits get longer
    V("m03-specialist-wait-days", {2012: 58, 2015: 64, 2025: 77}, up=DOWN, dec=0, years=years_from(2012)),
    C("m03-hypertension-controlled", "hypertensive-registered", 100, {2013: 31, 2015: 35, 2025: 52}, "flat", "S", up=UP, years=years_from(2013)),
    C("m03-cervical-screening", "women-25-64", 100, {2010: 49, 2015: 53, 2025: 61}, "access", "DR", up=UP),
    C("m03-hpv-vaccination", "children-9-14", 100, {2014: 38, 2015: 47, 2025: 71}, "access", "SD", up=UP, years=years_from(2014)),
    V("m03-physicians", {2010: 9.8, 2015: 11.5, 2025: 14.9}, up=UP, dec=1),
    C("m03-substance-treatment", "residents", 100000, {2010: 120, 2015: 150, 2025: 210}, "flat", "S", up=UP),
    C("m03-tobacco-use", "adults-15", 100, {2010: 15.8, 2016: 13.2, 2025: 10.1}, "health", "S", up=DOWN, years=EVERY3),
    C("m03-oral-health-coverage", "residents", 100, {2010: 31, 2015: 36, 2025: 49}, "access", "D", up=UP),
    # a series that starts in 2021
    C("m03-covid-vaccination", "adults-15", 100, {2021: 71, 2022: 84.5, 2025: 88.2}, "access", "SADR", up=UP, years=years_from(2021)),
    # CASE limited progress with a target
    C("m03-low-birthweight", "births", 100, {2010: 8.9, 2015: 8.6, 2025: 8.4}, "child", "DR", up=DOWN, noise=0.01),
    V("m03-ambulance-minutes", {2012: 24, 2015: 21, 2025: 14}, up=DOWN, dec=1, years=years_from(2012)),
    # ---- goal 4 --------------------------------------------------------------------------
    V("m04-creche-waiting-list", {2012: 2100, 2015: 2650, 2025: 980}, up=DOWN, integer=True, years=years_from(2012)),
    X("m04-full-time-schools", "pupils", 100, {2010: 12, 2015: 19, 2025: 36}, "access", "SDPR", up=UP),
    V("m04-ideb", {2011: 4.6, 2015: 5.2, 2023: 5.9}, up=UP, dec=1, years=[2011, 2013, 2015, 2017, 2019, 2021, 2023], noise=0.01),
    C("m04-age-grade-distortion", "pupils-lower-secondary", 100, {2010: 31, 2015: 27, 2025: 17}, "education", "SDPR", up=DOWN),
    C("m04-dropout", "pupils-lower-secondary", 100, {2010: 4.8, 2015: 3.9, 2025: 1.6}, "education", "SDR", up=DOWN, shocks={2021: 0.4}),
    C("m04-eja-enrolment", "adults-no-primary", 1000, {2010: 61, 2015: 54, 2025: 47}, "flat", "", up=UP),
    V("m04-accessible-schools", {2010: 22, 2015: 38, 2025: 84}, up=UP, dec=1),
    V("m04-schools-broadband", {2012: 15, 2015: 34, 2022: 93.8, 2023: 100, 2024: 100, 2025: 100}, up=UP, dec=1, years=years_from(2012), noise=0.0),
    C("m04-inclusive-enrolment", "pupils-with-disabilities", 100, {2010: 71, 2015: 82, 2025: 95}, "flat", "S", up=UP),
    C("m04-teacher-training", "teachers", 100, {2010: 34, 2015: 45, 2025: 68}, "flat", "S", up=UP),
    V("m04-human-rights-education", {2014: 10, 2015: 16, 2025: 70}, up=UP, dec=1, years=years_from(2014)),
    C("m04-higher-education", "youth-18-24", 100, {2010: 14.5, 2015: 17.2, 2025: 24.1}, "deprivation", "SDR", up=UP),
    C("m04-literate-grade-2", "children-grade-2", 100, {2019: 54, 2021: 41, 2025: 63}, "education", "SDR", up=UP, years=years_from(2019)),
    V("m04-school-transport", {2010: 71, 2015: 80, 2025: 93}, up=UP, dec=1),
    V("m04-library-visits", {2010: 0.42, 2015: 0.38, 2025: 0.31}, up=UP, dec=2),
    # ---- goal 5 --------------------------------------------------------------------------
    V("m05-women-secretaries", {2010: 18, 2015: 21, 2025: 39}, up=UP, dec=1, noise=0.04),
    V("m05-women-candidates", {2012: 31, 2016: 32.5, 2020: 34.8, 2024: 36.1}, up=UP, dec=1, years=ELECTIONS, noise=0.0),
    V("m05-unpaid-care-hours", {2010: 21.5, 2016: 20.8, 2025: 19.6}, "care", "SR", up=DOWN, dec=1, years=EVERY3),
    V("m05-women-entrepreneurs", {2014: 120, 2025: 640}, up=UP, integer=True, years=years_from(2014)),
    C("m05-women-land-titles", "land-titles", 100, {2010: 52, 2015: 58, 2025: 74}, "flat", "", up=UP, noise=0.03),
    V("m05-patrol-visits", {2018: 350, 2025: 1900}, up=UP, integer=True, years=years_from(2018)),
    C("m05-sexual-violence-72h", "sexual-violence-survivors", 100, {2010: 48, 2015: 55, 2025: 79}, "flat", "", up=UP, noise=0.04),
    # ---- goal 6 --------------------------------------------------------------------------
    C("m06-water-access", "residents", 100, {2010: 93.1, 2015: 95.2, 2025: 98.9}, "access", "DR", up=UP),
    # CASE narrowing gap between districts (sewage reaches the periphery)
    C("m06-sewage-collection", "residents", 100, {2010: 61, 2015: 66.5, 2025: 82.3}, "access", "DR", up=UP, gap="narrowing"),
    V("m06-wastewater-treated", {2010: 38, 2015: 45, 2025: 71}, up=UP, dec=1),
    V("m06-water-losses", {2010: 41, 2015: 38.5, 2025: 33.8}, up=DOWN, dec=1, noise=0.01),
    V("m06-water-quality", {2010: 96.8, 2015: 97.9, 2025: 99.4}, up=UP, dec=1, noise=0.002),
    C("m06-social-tariff", "low-income-households", 100, {2012: 22, 2015: 31, 2025: 64}, "access", "D", up=UP, years=years_from(2012)),
    V("m06-river-quality", {2010: 25, 2015: 25, 2019: 33.3, 2025: 41.7}, up=UP, dec=1, noise=0.0),
    # CASE level target met: consumption kept within 140 +/- 10 litres
    V("m06-water-consumption", {2010: 158, 2015: 149, 2025: 141}, up=DOWN, dec=0, noise=0.01),
    V("m06-water-interruptions", {2012: 28, 2015: 24, 2025: 31}, up=DOWN, dec=1, years=years_from(2012), noise=0.05),
    # ---- goal 7 --------------------------------------------------------------------------
    V("m07-led-lighting", {2016: 4, 2025: 68}, up=UP, dec=1, years=years_from(2016)),
    V("m07-solar-capacity", {2017: 40, 2025: 1850}, up=UP, dec=0, years=years_from(2017)),
    V("m07-building-energy", {2012: 96, 2015: 92, 2025: 74}, up=DOWN, dec=1, years=years_from(2012)),
    C("m07-social-energy-tariff", "eligible-households", 100, {2010: 58, 2015: 66, 2025: 81}, "access", "D", up=UP),
    C("m07-irregular-connections", "households", 100, {2010: 6.8, 2015: 5.9, 2025: 3.1}, "access", "D", up=DOWN),
    V("m07-renewable-fleet", {2014: 6, 2015: 9, 2025: 33}, up=UP, dec=1, years=years_from(2014)),
    C("m07-energy-poverty", "households", 100, {2010: 13.5, 2016: 14.8, 2025: 18.2}, "deprivation", "D", up=DOWN, years=EVERY3),
    # ---- goal 8 --------------------------------------------------------------------------
    C("m08-formal-jobs", "residents", 1000, {2010: 181, 2015: 176, 2017: 162, 2025: 198}, "flat", "", up=UP),
    V("m08-apprentices", {2010: 210, 2015: 260, 2025: 540}, up=UP, integer=True),
    V("m08-microcredit", {2012: 140, 2015: 380, 2025: 1250}, up=UP, integer=True, years=years_from(2012)),
    # CASE latest value older than the last year (GDP is published with a three-year lag)
    V("m08-gdp-per-capita", {2010: 24100, 2014: 26300, 2016: 24200, 2022: 27900}, up=UP, dec=0, years=years_from(2010, 2022)),
    # CASE flow target partly missed: at least 20 hires a year from 2024 (19 in 2024, 21 in 2025)
    V("m08-disability-hires", {2010: 6, 2015: 9, 2023: 17, 2024: 19, 2025: 21}, up=UP, integer=True, noise=0.05),
    V("m08-solidarity-enterprises", {2010: 14, 2015: 22, 2025: 47}, up=UP, integer=True, noise=0.03),
    V("m08-tourism-jobs", {2010: 2100, 2015: 2400, 2020: 1500, 2025: 3100}, up=UP, integer=True),
    V("m08-child-labour-referred", {2010: 40, 2015: 65, 2025: 110}, up=UP, integer=True, noise=0.08),
    C("m08-bank-account", "adults-15", 100, {2010: 61, 2016: 70, 2025: 88}, "deprivation", "SAR", up=UP, years=EVERY3),
    V("m08-local-hires", {2016: 22, 2025: 41}, up=UP, dec=1, years=years_from(2016)),
    C("m08-domestic-workers-formal", "domestic-workers", 100, {2010: 28, 2015: 33, 2025: 38.5}, "deprivation", "R", up=UP),
    # ---- goal 9 --------------------------------------------------------------------------
    C("m09-fixed-broadband", "households", 100, {2010: 18, 2015: 34, 2025: 78}, "access", "D", up=UP),
    V("m09-mobile-coverage", {2012: 72, 2015: 88, 2025: 99.6}, up=UP, dec=1, years=years_from(2012), noise=0.002),
    V("m09-paved-roads", {2010: 71, 2015: 76, 2025: 86}, up=UP, dec=1, noise=0.005),
    V("m09-incubated-startups", {2017: 4, 2025: 31}, up=UP, integer=True, years=years_from(2017), noise=0.05),
    V("m09-wifi-hotspots", {2016: 10, 2025: 145}, up=UP, integer=True, years=years_from(2016), noise=0.05),
    V("m09-manufacturing-jobs", {2010: 19.5, 2015: 17.2, 2025: 15.8}, up=UP, dec=1, noise=0.01),
    V("m09-sme-credit", {2010: 24, 2016: 29, 2025: 37}, up=UP, dec=1, years=EVERY3),
    V("m09-online-services", {2014: 9, 2015: 12, 2025: 71}, up=UP, dec=1, years=years_from(2014)),
    V("m09-digital-centres", {2010: 0.4, 2015: 0.6, 2025: 0.9}, up=UP, dec=2, noise=0.03),
    # ---- goal 10 -------------------------------------------------------------------------
    V("m10-bottom40-income", {2010: 412, 2016: 455, 2025: 560}, up=UP, dec=0, years=EVERY3),
    C("m10-below-half-median", "residents", 100, {2010: 17.8, 2015: 16.9, 2025: 15.2}, "deprivation", "SAPR", up=DOWN, noise=0.01),
    V("m10-gini", {2010: 0.542, 2016: 0.528, 2025: 0.507}, up=DOWN, dec=3, years=EVERY3, noise=0.005),
    V("m10-migrants-assisted", {2016: 60, 2025: 720}, up=UP, integer=True, years=years_from(2016)),
    V("m10-sign-language-services", {2014: 5, 2015: 8, 2025: 36}, up=UP, dec=1, years=years_from(2014)),
    V("m10-lgbtqi-attended", {2019: 90, 2025: 410}, up=UP, integer=True, years=years_from(2019)),
    V("m10-lgbtqi-violence", {2016: 7, 2025: 19}, up=DOWN, integer=True, years=years_from(2016), noise=0.12),
    V("m10-accessible-sidewalks", {2012: 9, 2015: 14, 2025: 31}, up=UP, dec=1, years=years_from(2012)),
    V("m10-homeless-count", {2010: 190, 2015: 210, 2025: 285}, up=DOWN, integer=True, noise=0.03),
    # ---- goal 11 -------------------------------------------------------------------------
    V("m11-housing-deficit", {2010: 7400, 2015: 7100, 2025: 5900}, up=DOWN, integer=True, noise=0.01),
    # CASE flow target partly missed: at least 400 units a year from 2022 (2023 falls short)
    V("m11-social-housing-delivered", {2010: 120, 2015: 260, 2021: 350, 2022: 410, 2023: 380, 2024: 450, 2025: 480}, up=UP, integer=True, noise=0.08),
    V("m11-land-titles", {2010: 300, 2015: 390, 2025: 650}, up=UP, integer=True, noise=0.05),
    C("m11-transit-access", "residents", 100, {2010: 72, 2015: 76, 2025: 84.5}, "access", "DP", up=UP),
    V("m11-accessible-buses", {2010: 21, 2015: 42, 2025: 88}, up=UP, dec=1),
    V("m11-cycle-lanes", {2010: 4, 2015: 12, 2025: 58}, up=UP, dec=1, noise=0.03),
    V("m11-green-space", {2010: 6.1, 2015: 6.4, 2025: 7.9}, "access", "D", up=UP, dec=1, noise=0.01),
    C("m11-green-access", "residents", 100, {2010: 48, 2015: 53, 2025: 66}, "access", "D", up=UP),
    C("m11-waste-collection", "households", 100, {2010: 94.5, 2015: 96.8, 2025: 99.5}, "access", "D", up=UP, noise=0.003),
    C("m11-risk-households", "households", 100, {2010: 5.9, 2015: 5.3, 2025: 4.4}, "access", "D", up=DOWN),
    V("m11-heritage-spending", {2012: 9.8, 2015: 11.2, 2025: 14.6}, up=UP, dec=2, years=years_from(2012)),
    V("m11-commute-minutes", {2010: 42, 2015: 46, 2025: 44}, up=DOWN, dec=1, noise=0.01),
    V("m11-fare-share", {2010: 14.2, 2015: 15.1, 2025: 11.8}, up=DOWN, dec=1, noise=0.02),
    C("m11-traffic-injuries", "residents", 100000, {2010: 610, 2015: 540, 2025: 390}, "violence", "SA", up=DOWN),
    V("m11-vacant-buildings", {2018: 1, 2025: 14}, up=UP, integer=True, years=years_from(2018), noise=0.05),
    # ---- goal 12 -------------------------------------------------------------------------
    V("m12-waste-per-capita", {2010: 312, 2015: 331, 2025: 318}, up=DOWN, dec=0, noise=0.01),
    V("m12-recycling-rate", {2010: 2.1, 2015: 3.8, 2025: 11.5}, up=UP, dec=1),
    V("m12-waste-picker-cooperatives", {2012: 1, 2015: 3, 2025: 7}, up=UP, integer=True, years=years_from(2012), noise=0.0),
    V("m12-sustainable-procurement", {2016: 6, 2025: 28}, up=UP, dec=1, years=years_from(2016)),
    V("m12-school-food-waste", {2016: 62, 2025: 41}, up=DOWN, dec=0, years=years_from(2016)),
    V("m12-healthcare-waste", {2010: 81, 2015: 88, 2025: 99.8}, up=UP, dec=1, noise=0.005),
    C("m12-environmental-education", "pupils", 100, {2012: 18, 2015: 26, 2025: 57}, "flat", "", up=UP, years=years_from(2012)),
    C("m12-separate-collection", "households", 100, {2012: 14, 2015: 22, 2025: 61}, "access", "D", up=UP, years=years_from(2012)),
    V("m12-construction-waste", {2016: 8, 2025: 27}, up=UP, dec=1, years=years_from(2016)),
    # ---- goal 13 -------------------------------------------------------------------------
    # CASE acceleration needed / off track, with missing years (inventory years only)
    V("m13-ghg-per-capita", {2012: 2.41, 2016: 2.36, 2022: 2.18}, up=DOWN, dec=2, years=[2012, 2016, 2019, 2022]),
    C("m13-early-warning", "risk-households", 100, {2016: 18, 2025: 83}, "access", "D", up=UP, years=years_from(2016)),
    V("m13-tree-canopy", {2010: 21.5, 2016: 20.8, 2025: 22.9}, up=UP, dec=1, years=EVERY3),
    V("m13-heat-days", {2010: 6, 2015: 9, 2025: 17}, up=DOWN, integer=True, noise=0.25),
    V("m13-civil-defence-volunteers", {2014: 40, 2025: 310}, up=UP, integer=True, years=years_from(2014)),
    V("m13-disaster-deaths", {2010: 2, 2011: 7, 2012: 0, 2013: 1, 2014: 0, 2015: 0, 2016: 2, 2017: 0, 2018: 0, 2019: 4,
                              2020: 0, 2021: 0, 2022: 1, 2023: 0, 2024: 3, 2025: 0}, up=DOWN, integer=True, noise=0.0),
    V("m13-drainage-km", {2014: 2, 2025: 38}, up=UP, dec=1, years=years_from(2014), noise=0.0),
    # ---- goal 14 -------------------------------------------------------------------------
    V("m14-bathing-water", {2010: 57, 2015: 61, 2025: 79}, up=UP, dec=1),
    V("m14-outfalls-eliminated", {2015: 3, 2025: 64}, up=UP, integer=True, years=years_from(2015), noise=0.0),
    V("m14-beach-litter", {2016: 410, 2025: 260}, up=DOWN, dec=0, years=years_from(2016), noise=0.06),
    V("m14-estuary-protected", {2010: 12, 2015: 12, 2018: 12, 2019: 31, 2025: 31}, up=UP, dec=1, noise=0.0),
    V("m14-artisanal-fishers", {2010: 240, 2015: 260, 2025: 310}, up=UP, integer=True, noise=0.02),
    V("m14-mangrove-restored", {2017: 3, 2025: 46}, up=UP, dec=1, years=years_from(2017), noise=0.0),
    # ---- goal 15 -------------------------------------------------------------------------
    V("m15-protected-areas", {2010: 8.5, 2015: 9.1, 2025: 14.2}, up=UP, dec=1, noise=0.0),
    V("m15-native-vegetation", {2010: 31.2, 2016: 30.1, 2025: 30.8}, up=UP, dec=1, years=EVERY3, noise=0.002),
    V("m15-trees-planted", {2010: 1200, 2015: 2600, 2025: 9800}, up=UP, integer=True, noise=0.08),
    V("m15-animals-neutered", {2012: 800, 2015: 1900, 2025: 5200}, up=UP, integer=True, years=years_from(2012)),
    V("m15-restoration-ha", {2014: 5, 2025: 120}, up=UP, dec=0, years=years_from(2014), noise=0.0),
    V("m15-illegal-clearance", {2010: 46, 2015: 38, 2025: 19}, up=DOWN, dec=1, noise=0.1),
    V("m15-street-trees", {2010: 31, 2015: 33, 2025: 41}, up=UP, dec=1, noise=0.01),
    # ---- goal 16 -------------------------------------------------------------------------
    C("m16-birth-registration", "births", 100, {2010: 95.8, 2015: 97.9, 2025: 99.7}, "access", "DR", up=UP, noise=0.001),
    C("m16-service-satisfaction", "adults-15", 100, {2011: 48, 2015: 51, 2025: 63}, "participation", "SAD", up=UP, years=EVERY2_ODD),
    V("m16-transparency-index", {2014: 4.2, 2015: 5.1, 2025: 8.7}, up=UP, dec=1, years=years_from(2014), noise=0.02),
    C("m16-guardianship-cases", "children-0-17", 1000, {2010: 21, 2015: 24, 2025: 29}, "child", "D", up=DOWN),
    V("m16-youth-in-councils", {2014: 6, 2015: 8, 2025: 17}, up=UP, dec=1, years=years_from(2014)),
    C("m16-school-violence", "pupils", 1000, {2012: 9.5, 2015: 11.8, 2025: 8.1}, "education", "D", up=DOWN, years=years_from(2012)),
    V("m16-councils-parity", {2010: 55, 2015: 62, 2025: 80}, up=UP, dec=1),
    V("m16-guardianship-24h", {2014: 58, 2025: 84}, up=UP, dec=1, years=years_from(2014)),
    # ---- goal 17 -------------------------------------------------------------------------
    V("m17-own-revenue", {2010: 28, 2015: 31, 2025: 36}, up=UP, dec=1, noise=0.01),
    V("m17-tax-revenue-per-capita", {2010: 690, 2015: 760, 2025: 905}, up=UP, dec=0, noise=0.015),
    V("m17-partnerships", {2010: 8, 2015: 14, 2025: 37}, up=UP, integer=True, noise=0.05),
    V("m17-disaggregated-indicators", {2019: 38, 2025: 71}, up=UP, dec=1, years=years_from(2019)),
    V("m17-external-funding", {2012: 4.2, 2015: 6.8, 2025: 18.5}, up=UP, dec=1, years=years_from(2012), noise=0.1),
    V("m17-debt-service", {2010: 6.1, 2015: 7.4, 2025: 5.2}, up=DOWN, dec=1, noise=0.03),
    V("m17-statistics-staff", {2016: 2, 2025: 7}, up=UP, integer=True, years=years_from(2016), noise=0.0),
    V("m17-decentralised-cooperation", {2016: 1, 2025: 6}, up=UP, integer=True, years=years_from(2016), noise=0.0),
    # ---- Vila Serena's own context series ------------------------------------------------
    V("vs-average-rent", {2010: 610, 2015: 820, 2025: 1540}, up=DOWN, dec=0, noise=0.02),
]

# Structural commitments: the year each was first in place (None: not yet), and the year it
# was abolished (None: still in place).
MILESTONES = {
    # human-rights city commitments
    "hrc-declaration": (2016, None),
    "hrc-elected-representative": (2017, None),
    "hrc-council": (2018, None),
    "hrc-ombudsperson": (2014, None),
    "hrc-complaints-mechanism": (2014, None),
    "hrc-procurement-clauses": (2021, None),
    "hrc-grant-clauses": (2022, None),
    "hrc-staff-training": (2018, None),
    "hrc-action-plan": (2020, None),
    "hrc-annual-report": (2019, None),
    "hrc-budget-tagging": (2020, None),
    "hrc-network-membership": (2016, None),
    # OHCHR structural indicators
    "ohchr-housing-plan": (2013, None),
    "ohchr-housing-eviction-protocol": (2019, None),
    "ohchr-edu-plan": (2015, None),
    "ohchr-edu-inclusive-policy": (2017, None),
    "ohchr-health-plan": (2014, None),
    "ohchr-food-security-plan": (2018, None),
    "ohchr-work-employment-plan": (2019, None),
    "ohchr-socsec-assistance-law": (2011, None),
    "ohchr-part-participation-law": (2012, None),
    "ohchr-nd-equality-law": (2016, None),
    "ohchr-nd-racial-equality-plan": (2021, None),
    "ohchr-vaw-plan": (2017, None),
    "ohchr-life-violence-prevention-plan": (2016, None),
    "ohchr-lib-guard-oversight": (2020, None),
    "ohchr-tort-prevention-mechanism": (2022, None),
    "ohchr-fair-legal-aid-service": (2014, None),
    "ohchr-foe-access-to-information": (2013, None),
    # municipal institutional milestones (CASES: met on time, met late, overdue, not yet due)
    "m01-cash-transfer-programme": (2018, None),
    "m01-basic-income-programme": (2022, None),
    "m02-food-bank": (2019, None),
    "m05-women-policy-plan": (None, None),  # CASE not yet met, deadline 2027 ahead
    "m05-women-council": (2012, None),
    "m05-guard-women-patrol": (2018, None),
    "m06-sanitation-plan": (2014, None),
    "m08-youth-employment-programme": (2017, None),
    "m10-lgbtqi-council": (None, None),  # CASE overdue: deadline 2024 passed
    "m10-racial-equality-council": (2015, None),
    "m11-housing-council": (2021, None),  # CASE met late: deadline 2020
    "m11-master-plan": (2016, None),
    "m11-drr-strategy": (2020, None),
    "m13-climate-plan": (2023, None),
    "m14-estuary-plan": (2020, None),
    "m16-local-human-rights-office": (2023, None),
    "m16-youth-council": (2019, None),
    "m17-agenda-2030-plan": (2021, None),
    "m17-sdg-commission": (2019, None),
    "m17-vlr-published": (2025, None),  # CASE met late: deadline 2024
}

# Budget programmes: code, department, name, rights, SDG targets, indicators, gender marker
# (0 none, 1 significant, 2 principal objective), real amount of 2015 in BRL, yearly real
# growth, shocks by year (relative), first year.
FISCAL_ADJUSTMENT = {2017: -0.18, 2018: -0.08}   # CASE justified retrogression (social assistance)
HOUSING_CUT = {2023: -0.38, 2024: -0.12}         # CASE retrogression without justification
PROGRAMMES = [
    ("EDU-01", "education", "Early childhood education (creches and pre-schools)", ["education"], ["4.2"], ["ohchr-socsec-childcare", "ohchr-edu-preschool"], 1, 58e6, 0.035, {}, 2012),
    ("EDU-02", "education", "Primary and lower secondary education", ["education"], ["4.1"], ["ohchr-edu-primary-completion", "m04-dropout"], 0, 118e6, 0.005, {}, 2012),
    ("EDU-03", "education", "Inclusive education and specialised support", ["education", "non-discrimination-and-equality"], ["4.5", "4.a"], ["m04-inclusive-enrolment"], 1, 9e6, 0.06, {}, 2012),
    ("EDU-04", "education", "School meals", ["adequate-food", "education"], ["2.1"], ["ohchr-food-school-meals"], 0, 15e6, 0.02, {}, 2012),
    ("HEA-01", "health", "Primary health care and family health", ["health"], ["3.8"], ["ohchr-health-primary-care"], 0, 82e6, 0.04, {}, 2012),
    ("HEA-02", "health", "Maternal and child health", ["health"], ["3.1", "3.2"], ["ohchr-health-infant-mortality", "ohchr-health-prenatal"], 2, 16e6, 0.02, {}, 2012),
    ("HEA-03", "health", "Specialised care and hospital services", ["health"], ["3.8"], ["m03-specialist-wait-days"], 0, 62e6, 0.01, {}, 2012),
    ("HEA-04", "health", "Mental health and psychosocial care", ["health"], ["3.4", "3.5"], ["m03-caps-coverage"], 0, 8e6, 0.03, {}, 2012),
    ("HEA-05", "health", "Health surveillance and immunisation", ["health"], ["3.3", "3.b"], ["ohchr-health-immunisation"], 0, 7e6, 0.02, {2020: 0.3, 2021: 0.2}, 2012),
    ("SOC-01", "social-assistance", "Basic social protection and the unified registry", ["social-security"], ["1.3"], ["ohchr-socsec-registry-coverage"], 1, 14e6, 0.03, FISCAL_ADJUSTMENT, 2012),
    ("SOC-02", "social-assistance", "Special social protection and shelters", ["social-security", "adequate-housing"], ["1.3", "11.1"], ["m01-homeless-sheltered"], 1, 9e6, 0.03, FISCAL_ADJUSTMENT, 2012),
    ("SOC-03", "social-assistance", "Municipal cash transfer programme", ["social-security"], ["1.1", "1.3"], ["m01-cash-transfer-households"], 2, 7e6, 0.08, {}, 2018),
    ("SOC-04", "social-assistance", "Basic income programme", ["social-security", "adequate-food"], ["1.1", "1.3", "10.1"], ["m01-basic-income-households"], 2, 0.65e6, 0.45, {}, 2022),
    ("HOU-01", "housing", "Social housing production", ["adequate-housing"], ["11.1"], ["m11-social-housing-delivered", "ohchr-housing-inadequate"], 1, 14e6, 0.03, HOUSING_CUT, 2012),
    ("HOU-02", "housing", "Land regularisation and settlement upgrading", ["adequate-housing"], ["11.1", "1.4"], ["ohchr-housing-upgrading", "m11-land-titles"], 1, 6e6, 0.04, HOUSING_CUT, 2012),
    ("HOU-03", "housing", "Housing allowance", ["adequate-housing", "social-security"], ["11.1", "1.3"], ["ohchr-housing-households-assisted"], 2, 2.5e6, 0.06, HOUSING_CUT, 2012),
    ("HR-01", "human-rights", "Human rights, citizenship and complaints", ["non-discrimination-and-equality", "participation-in-public-affairs"], ["16.b", "10.3"], ["vs-complaints-received"], 1, 1.2e6, 0.08, {2023: 0.6, 2024: 0.6, 2025: 0.6}, 2012),
    ("HR-02", "human-rights", "Women's policies and prevention of violence against women", ["violence-against-women"], ["5.2", "5.1"], ["ohchr-vaw-reference-centre"], 2, 1.6e6, 0.06, {}, 2012),
    ("HR-03", "human-rights", "Racial equality and LGBTQI+ policies", ["non-discrimination-and-equality"], ["10.2", "10.3"], ["m10-lgbtqi-attended"], 2, 0.6e6, 0.07, {}, 2012),
    ("HR-04", "human-rights", "Youth and participation", ["participation-in-public-affairs"], ["16.7"], [], 1, 0.5e6, 0.05, {}, 2012),
    ("MOB-01", "urban-mobility", "Public transport fare subsidy and exemptions", ["non-discrimination-and-equality"], ["11.2"], ["m11-fare-share"], 1, 18e6, 0.04, {}, 2012),
    ("MOB-02", "urban-mobility", "Cycle lanes, sidewalks and accessibility", ["non-discrimination-and-equality"], ["11.2", "11.7"], ["m11-cycle-lanes", "m10-accessible-sidewalks"], 0, 6e6, 0.08, {}, 2012),
    ("MOB-03", "urban-mobility", "Road safety", ["life"], ["3.6"], ["ohchr-life-road-deaths"], 0, 4e6, 0.03, {}, 2012),
    ("ENV-01", "environment", "Parks, green spaces and urban trees", ["healthy-environment"], ["11.7", "15.1"], ["m11-green-space"], 0, 5e6, 0.04, {}, 2012),
    ("ENV-02", "environment", "Climate adaptation and civil defence", ["healthy-environment", "life"], ["13.1", "11.5"], ["m13-early-warning"], 0, 2.5e6, 0.09, {}, 2012),
    ("ENV-03", "environment", "Estuary and coastal protection", ["healthy-environment"], ["14.1", "14.2"], ["m14-bathing-water"], 0, 1.5e6, 0.06, {}, 2012),
    ("WAT-01", "water-sanitation", "Water supply", ["water-and-sanitation"], ["6.1"], ["m06-water-access"], 0, 24e6, 0.01, {}, 2012),
    ("WAT-02", "water-sanitation", "Sewage collection and treatment", ["water-and-sanitation", "healthy-environment"], ["6.2", "6.3"], ["m06-sewage-collection"], 0, 31e6, 0.05, {}, 2012),
    ("OBR-03", "public-works", "Solid waste collection and recycling", ["healthy-environment"], ["11.6", "12.5"], ["m11-waste-collection", "m12-recycling-rate"], 0, 28e6, 0.02, {}, 2012),
    ("ECO-01", "economic-development", "Employment service and vocational training", ["work"], ["8.5", "8.6", "4.4"], ["ohchr-work-vocational-training", "ohchr-work-job-placements"], 1, 4.5e6, 0.03, {}, 2012),
    ("ECO-02", "economic-development", "Microcredit and solidarity economy", ["work"], ["8.3", "8.10"], ["m08-microcredit"], 2, 2.2e6, 0.06, {}, 2012),
    ("ECO-03", "economic-development", "Family farming and food security", ["adequate-food"], ["2.3", "2.1"], ["m02-family-farmers", "ohchr-food-local-purchase"], 1, 1.6e6, 0.05, {}, 2012),
    ("CUL-01", "culture", "Culture, libraries and heritage", ["cultural-life"], ["11.4", "4.7"], ["m11-heritage-spending", "m04-library-visits"], 0, 8e6, 0.01, {}, 2012),
    ("CUL-02", "culture", "Sport and leisure", ["health", "cultural-life"], ["3.4", "11.7"], [], 0, 4.5e6, 0.01, {}, 2012),
    ("SEG-01", "public-safety", "Municipal guard", ["liberty-and-security", "life"], ["16.1"], ["ohchr-lib-guard-trained"], 0, 14e6, 0.03, {}, 2012),
    ("SEG-02", "public-safety", "Violence prevention and youth", ["life"], ["16.1", "16.2"], ["ohchr-life-youth-prevention"], 1, 2.8e6, 0.07, {}, 2012),
    ("OBR-01", "public-works", "Paving, drainage and urban infrastructure", ["adequate-housing"], ["9.1", "11.5"], ["m09-paved-roads", "m13-drainage-km"], 0, 45e6, 0.0, {}, 2012),
    ("OBR-02", "public-works", "Public lighting", [], ["7.3", "11.7"], ["m07-led-lighting"], 0, 11e6, 0.01, {}, 2012),
    ("ADM-01", "administration", "Administration, staff and training", [], ["16.6"], ["hrc-staff-trained-share"], 0, 48e6, 0.01, {}, 2012),
    ("ADM-02", "administration", "Digital government and access to information", ["freedom-of-opinion-and-expression"], ["16.6", "16.10", "9.c"], ["m09-online-services"], 0, 5e6, 0.07, {}, 2012),
    ("FIN-01", "finance", "Debt service", [], ["17.4"], ["m17-debt-service"], 0, 22e6, -0.01, {}, 2012),
    ("FIN-02", "finance", "Tax administration", [], ["17.1"], ["m17-own-revenue"], 0, 7e6, 0.01, {}, 2012),
    ("PLA-01", "planning", "2030 Agenda, statistics and monitoring", ["participation-in-public-affairs"], ["17.14", "17.18"], ["m17-disaggregated-indicators"], 1, 1.2e6, 0.06, {}, 2012),
    ("PLA-02", "planning", "Participatory budget investments", ["participation-in-public-affairs"], ["16.7", "11.3"], ["vs-pb-proposals"], 1, 9e6, 0.06, {}, 2016),
]

AIR_QUALITY = {
    "PM2.5": {"anchors": {2012: 19.8, 2015: 18.4, 2025: 14.1}, "years": years_from(2012), "noise": 0.04},
    "NO2": {"anchors": {2012: 31.0, 2015: 30.2, 2025: 29.1}, "years": years_from(2012), "noise": 0.03},
}


def generate(root: Path) -> dict:
    """Writes every file under `root`; returns facts the project file needs (the XLSX range)."""
    facts = {}
    ids = set()
    for s in SCENARIOS:
        if s.id in ids:
            raise SystemExit(f"duplicate scenario {s.id}")
        ids.add(s.id)
        s.write(root)
        if isinstance(s, XlsxCounts):
            facts["school-census.xlsx"] = {"sheet": s.sheet, "range": s.range}
    write_population(root)
    write_deflator(root)
    write_milestones(root, MILESTONES)
    write_complaints(root)
    write_participatory_budget(root)
    write_revenue(root, write_budget(root, PROGRAMMES))
    write_air_quality(root, AIR_QUALITY)
    write_district_boundaries(root)
    return facts


GENERATED = ["counts", "values", "records", "budget", "environment", "maps", "milestones.csv", "population.csv", "school-census.xlsx"]


def files_under(root: Path) -> dict[str, bytes]:
    out = {}
    for name in GENERATED:
        p = root / name
        if p.is_file():
            out[name] = p.read_bytes()
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file():
                    out[str(f.relative_to(root))] = f.read_bytes()
    return out


def main(argv: list[str]) -> int:
    if "--check" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp))
            fresh, committed = files_under(Path(tmp)), files_under(HERE)
        differ = sorted(k for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k))
        if differ:
            print(f"{len(differ)} generated files differ from the committed ones, such as:", file=sys.stderr)
            for k in differ[:10]:
                print(f"  data/{k}", file=sys.stderr)
            return 1
        print(f"all {len(fresh)} generated files are reproduced byte for byte")
        return 0
    for name in GENERATED:  # start clean so that removed scenarios leave no stale file
        p = HERE / name
        if p.is_dir():
            for f in sorted(p.rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
    facts = generate(HERE)
    n = len(files_under(HERE))
    print(f"wrote {n} files under data/ (synthetic); XLSX table: {facts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
