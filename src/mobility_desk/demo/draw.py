"""Every random choice of the demo comes from one generator, so a seed gives one school."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


class Draw:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, items: Sequence[_T]) -> _T:
        return items[self.rng.randrange(len(items))]

    def weighted(self, pairs: Sequence[tuple[_T, float]]) -> _T:
        return self.rng.choices([v for v, _w in pairs], [w for _v, w in pairs])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def phone(self) -> str:
        """A Belgian mobile number: +32 4xx xx xx xx."""
        r = self.rng
        return (
            f"+32 4{r.randint(60, 99)} {r.randint(0, 99):02d} "
            f"{r.randint(0, 99):02d} {r.randint(0, 99):02d}"
        )
