"""The citizens' pages in the three languages of the portal (issue 11): Vietnamese by default, English and French
when chosen in the footer (the language cookie), whatever the browser says; every message a citizen can meet is
translated into French (scripts/citizen_catalogue.py, also checked by compile_messages --check in CI)."""

import sys
from pathlib import Path

import pytest
from django.conf import settings

from congso.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
sys.path.insert(0, str(Path(settings.BASE_DIR) / "scripts"))

from citizen_catalogue import untranslated  # noqa: E402

PAGES = {
    "vi": ["Dịch vụ công trực tuyến", "Tra cứu hồ sơ", "Chuyển đến nội dung chính", "Français"],
    "en": ["Online public services", "Look up a dossier", "Skip to content"],
    "fr": ["Services publics en ligne", "Consulter un dossier", "Aller au contenu"],
}


def test_every_message_a_citizen_meets_is_translated_into_french():
    assert untranslated("fr") == []


@pytest.mark.parametrize("language", ["vi", "en", "fr"])
def test_the_public_home_and_the_citizens_pages_speak_the_chosen_language(client, ward, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert f'<html lang="{language}">' in page
    for words in PAGES[language]:
        assert words in page, (language, words)
    client.force_login(UserFactory(kind="citizen"))
    apply = client.get("/dich-vu-cong/nop/1.001612/?buoc=1").content.decode()
    expected = {"vi": "Bước 1/", "en": "Step 1 of", "fr": "Étape 1 sur"}[language]
    assert expected in apply
    assert {"vi": "Cơ quan giải quyết", "en": "Competent agency", "fr": "Organisme compétent"}[
        language
    ] in apply
