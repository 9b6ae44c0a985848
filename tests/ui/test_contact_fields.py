"""The contact details letters and the teacher brief print, typed in the editors: a pupil's own
mobile and nationality, a staff member's emergency contact, a partner's phone."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from mobility_desk.bootstrap import Services
from mobility_desk.services.partners import PartnerData
from mobility_desk.services.people import PupilDetail, StaffDetail
from mobility_desk.ui.pages.partners.dialogs import PartnerDialog
from mobility_desk.ui.pages.people.pupil_editor import PupilEditor
from mobility_desk.ui.pages.people.staff_editor import StaffEditor
from mobility_desk.ui.widgets.country_combo import CountryCombo
from tests.ui.conftest import Dialogs
from tests.ui.screens import use_language


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_a_pupil_s_mobile_and_nationality_are_saved_and_shown_again(
    qtbot: QtBot, services: Services
) -> None:
    # Given Elif's editor
    elif_ = services.people.save_pupil(PupilDetail(last_name="Çelik", first_name="Elif"))
    editor = PupilEditor(None, services.people, [], elif_.id)
    qtbot.addWidget(editor)
    # When her mobile and her nationality (chosen by the country's name) are saved
    type_into(qtbot, editor.phone_edit, "0499 12 34 56")
    editor.nationality_combo.setCurrentIndex(editor.nationality_combo.findText("Türkiye"))
    assert editor.save()
    # Then the database holds the number and the code, and a new editor shows them
    stored = services.people.get_pupil(elif_.id or 0)
    assert (stored.phone, stored.nationality) == ("0499 12 34 56", "TR")
    again = PupilEditor(None, services.people, [], elif_.id)
    qtbot.addWidget(again)
    assert again.phone_edit.text() == "0499 12 34 56"
    assert again.nationality_combo.currentText() == "Türkiye"


@pytest.mark.parametrize(("lang", "name"), [("nl", "Turkije"), ("fr", "Turquie")])
def test_the_nationality_is_named_in_the_user_s_language(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    saved = services.people.save_pupil(
        PupilDetail(last_name="Çelik", first_name="Elif", nationality="TR")
    )
    use_language(lang, monkeypatch)
    editor = PupilEditor(None, services.people, [], saved.id)
    qtbot.addWidget(editor)
    combo = editor.findChild(CountryCombo, "nationality")
    assert combo is not None and combo.currentText() == name


def test_a_staff_member_s_emergency_contact_is_saved_and_a_missing_phone_is_pointed_at(
    qtbot: QtBot, services: Services, dialogs: Dialogs
) -> None:
    # Given Koen's editor
    koen = services.people.save_staff(StaffDetail(last_name="Janssens", first_name="Koen"))
    editor = StaffEditor(None, services.people, koen.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    # When only the contact's name is typed and saved
    type_into(qtbot, editor.emergency_name_edit, "Lies Janssens (partner)")
    assert not editor.save()
    # Then the user is told, and the phone field has the focus
    assert dialogs.take() == ["The emergency contact needs a phone number."]
    assert editor.focusWidget() is editor.emergency_phone_edit
    # And with the phone it is saved
    type_into(qtbot, editor.emergency_phone_edit, "0477 65 43 21")
    assert editor.save()
    stored = services.people.get_staff(koen.id or 0)
    assert (stored.emergency_contact_name, stored.emergency_contact_phone) == (
        "Lies Janssens (partner)",
        "0477 65 43 21",
    )


def test_a_partner_s_phone_is_saved(qtbot: QtBot, services: Services) -> None:
    partner = services.partners.save_partner(PartnerData(name="IES Velázquez", country="ES"))
    dialog = PartnerDialog(None, services.partners, partner.id)
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog.phone_edit, "+34 954 00 00 00")
    assert dialog.save()
    assert services.partners.get_partner(partner.id or 0).phone == "+34 954 00 00 00"
