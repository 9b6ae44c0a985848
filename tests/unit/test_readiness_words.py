"""Why a cell of the readiness board has its light, in words with its date (``labels``): the
board's tooltips, and the reminder letters in the guardians' language."""

from __future__ import annotations

import datetime as dt

import pytest

from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.readiness import Cell, Item, ItemKind, Light, Why
from mobility_desk.labels import readiness_item_name, readiness_reason

ID = Item(ItemKind.CONSENT, "id_document", consent=ConsentItem.ID_DOCUMENT)
KOKEN = Item(ItemKind.WORKSHOP, "workshop:7", "Koken", 7)
PAYMENT = Item(ItemKind.PAYMENT, "payment")
VISA = Item(ItemKind.CUSTOM, "custom:3", "Visum", 3)
MARCH_5 = dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    ("cell", "lang", "text"),
    [
        (
            Cell(ID, Light.RED, Why.EXPIRES, MARCH_5),
            "en",
            "ID document: expires on 5 March 2026, before the return",
        ),
        (
            Cell(ID, Light.RED, Why.EXPIRES, MARCH_5),
            "nl",
            "Identiteitsbewijs: vervalt op 5 maart 2026, vóór de terugkeer",
        ),
        (
            Cell(ID, Light.RED, Why.EXPIRES, MARCH_5),
            "fr",
            "Pièce d'identité : expire le 5 mars 2026, avant le retour",
        ),
        (
            Cell(ID, Light.RED, Why.OVERDUE, dt.date(2026, 2, 13)),
            "en",
            "ID document: missing; the reply date 13 February 2026 has passed",
        ),
        (
            Cell(ID, Light.GREEN, Why.DONE, dt.date(2026, 1, 12)),
            "en",
            "ID document: received on 12 January 2026",
        ),
        (
            Cell(KOKEN, Light.GREEN, Why.ATTENDED, dt.date(2026, 1, 26)),
            "en",
            "Koken: attended on 26 January 2026",
        ),
        (
            Cell(KOKEN, Light.RED, Why.MISSED, dt.date(2026, 1, 26)),
            "en",
            "Koken: absent on 26 January 2026; needs a catch-up",
        ),
        (
            Cell(KOKEN, Light.RED, Why.MISSED, dt.date(2026, 1, 26)),
            "nl",
            "Koken: afwezig op 26 januari 2026; moet inhalen",
        ),
        (
            Cell(KOKEN, Light.AMBER, Why.TO_COME, dt.date(2026, 2, 10)),
            "fr",
            "Koken : séance du 10 février 2026 à venir",
        ),
        (
            Cell(PAYMENT, Light.RED, Why.OVERDUE, dt.date(2026, 2, 20)),
            "nl",
            "Betaling: niet betaald; de betaaldatum 20 februari 2026 is voorbij",
        ),
        (
            Cell(PAYMENT, Light.AMBER, Why.MISSING, dt.date(2026, 2, 20)),
            "en",
            "Payment: to pay by 20 February 2026",
        ),
        (Cell(VISA, Light.AMBER, Why.MISSING), "fr", "Visum : manque encore"),
        (
            Cell(VISA, Light.GREEN, Why.DONE, dt.date(2026, 1, 30)),
            "en",
            "Visum: done on 30 January 2026",
        ),
    ],
)
def test_a_reason_says_what_and_when_in_the_reader_s_language(
    cell: Cell, lang: str, text: str
) -> None:
    assert readiness_reason(cell, lang) == text


@pytest.mark.parametrize("why", list(Why))
@pytest.mark.parametrize("item", [ID, KOKEN, PAYMENT, VISA])
def test_every_reason_has_words_for_every_item_with_or_without_a_date(why: Why, item: Item) -> None:
    for on in (None, MARCH_5):
        for lang in ("en", "nl", "fr"):
            text = readiness_reason(Cell(item, Light.AMBER, why, on), lang)
            assert text.startswith(readiness_item_name(item, lang))
            assert "{" not in text
