"""The made-up school: its name and address, and how big each demo size is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mobility_desk.domain.enums import MobilityKind

DemoSize = Literal["small", "large"]
DEMO_SIZES: tuple[DemoSize, ...] = ("small", "large")

SCHOOL_NAME = "Sint-Jozefscollege"
SCHOOL_ADDRESS = "Kerkstraat 12, 2800 Mechelen"
SCHOOL_CITY = "Mechelen"
SCHOOL_DOMAIN = "sjc-mechelen.be"


@dataclass(frozen=True)
class SizePlan:
    pupils: int
    classes_per_year: tuple[int, int, int, int, int, int]
    teachers: int
    care: int
    leadership: int
    administration: int
    partners: tuple[int, ...]  # indexes into partners.PARTNERS
    mobilities: tuple[tuple[MobilityKind, int], ...]
    cancelled: int


PLANS: dict[DemoSize, SizePlan] = {
    "small": SizePlan(
        pupils=300,
        classes_per_year=(2, 2, 2, 2, 2, 2),
        teachers=32,
        care=3,
        leadership=2,
        administration=3,
        partners=(0, 2, 3, 5, 9, 13),
        mobilities=(
            (MobilityKind.PUPIL_GROUP, 2),
            (MobilityKind.PARTNERSHIP, 1),
            (MobilityKind.HOSTING, 1),
            (MobilityKind.VET_SHORT, 1),
            (MobilityKind.PUPIL_SHORT, 1),
            (MobilityKind.JOB_SHADOWING, 2),
            (MobilityKind.COURSE, 2),
        ),
        cancelled=1,
    ),
    "large": SizePlan(
        pupils=2000,
        classes_per_year=(14, 14, 13, 13, 13, 13),
        teachers=168,
        care=12,
        leadership=6,
        administration=14,
        partners=tuple(range(16)),
        mobilities=(
            (MobilityKind.PUPIL_GROUP, 14),
            (MobilityKind.PARTNERSHIP, 4),
            (MobilityKind.HOSTING, 3),
            (MobilityKind.PUPIL_SHORT, 3),
            (MobilityKind.PUPIL_LONG, 2),
            (MobilityKind.VET_SHORT, 5),
            (MobilityKind.VET_LONG, 1),
            (MobilityKind.JOB_SHADOWING, 14),
            (MobilityKind.COURSE, 12),
            (MobilityKind.TEACHING, 2),
        ),
        cancelled=2,
    ),
}
