"""IBANs: checked as a bank checks them, written in groups of four."""

from __future__ import annotations

import pytest

from mobility_desk.domain.payments import compact_iban, format_iban, iban_is_valid


@pytest.mark.parametrize(
    "iban",
    [
        "BE68 5390 0754 7034",  # the example of the Belgian banks
        "be68539007547034",
        "BE68-5390-0754-7034",
        "NL91 ABNA 0417 1643 00",
        "FR14 2004 1010 0505 0001 3M02 606",
        "DE89 3704 0044 0532 0130 00",
        "GB29 NWBK 6016 1331 9268 19",
        "NO93 8601 1117 947",
    ],
)
def test_real_ibans_are_accepted(iban: str) -> None:
    assert iban_is_valid(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "",
        "BE68 5390 0754 7035",  # one digit mistyped
        "BE86 5390 0754 7034",  # check digits swapped
        "BE68 5390 0754 703",  # a digit short for Belgium
        "NL91 ABNA 0417 1643 0",
        "5390 0754 7034",  # a Belgian account without the country
        "BE68 5390 0754 7O34",  # a letter O for a zero
        "BE68 5390 0754 ７034",  # a full-width digit
        "IBAN BE68 5390 0754 7034",
    ],
)
def test_mistyped_ibans_are_refused(iban: str) -> None:
    assert not iban_is_valid(iban)


def test_an_iban_is_stored_compact_and_printed_in_groups_of_four() -> None:
    assert compact_iban(" be68 5390 0754 7034 ") == "BE68539007547034"
    assert format_iban("be68539007547034") == "BE68 5390 0754 7034"
    assert format_iban("FR1420041010050500013M02606") == "FR14 2004 1010 0505 0001 3M02 606"
