import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congso.core.text import clean_text, collation_key, fold, input_text, is_nfc, nfc, person_sort_key


def test_fold_strips_marks_and_maps_d():
    assert fold("Kế hoạch ứng dụng CNTT") == "ke hoach ung dung cntt"
    assert fold("Đăng ký  kinh doanh") == "dang ky kinh doanh"
    assert fold(unicodedata.normalize("NFD", "Hòa Bình")) == "hoa binh"


def test_clean_text_normalises_to_nfc_and_collapses_space():
    decomposed = unicodedata.normalize("NFD", "  Ủy   ban ")
    assert not is_nfc(decomposed)
    assert clean_text(decomposed) == "Ủy ban"
    assert is_nfc(clean_text(decomposed))


def test_vietnamese_alphabet_order():
    words = ["Đào", "Dung", "Ê-đê", "Em", "Ăn", "An", "Ân", "Bé", "Ơn", "Ôm", "Ong", "Ưng", "Um"]
    assert sorted(words, key=collation_key) == [
        "An",
        "Ăn",
        "Ân",
        "Bé",
        "Dung",
        "Đào",
        "Em",
        "Ê-đê",
        "Ong",
        "Ôm",
        "Ơn",
        "Um",
        "Ưng",
    ]


def test_tones_sort_after_letters_in_dictionary_order():
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=collation_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert collation_key("ma") < collation_key("mà") < collation_key("mac")


def test_person_names_sort_by_given_name():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Đức Anh"]
    assert sorted(names, key=person_sort_key) == ["Nguyễn Thị An", "Lê Đức Anh", "Trần Văn Bình"]


@given(st.text())
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_nfc_forms_compare_equal_after_normalisation(text):
    assert nfc(unicodedata.normalize("NFD", text)) == nfc(text)
    assert collation_key(unicodedata.normalize("NFD", text)) == collation_key(text)


def test_input_text_drops_control_characters_and_keeps_lines():
    assert input_text("Hồ\x00 sơ\x07\tsố\r\n1\x7f") == "Hồ sơ\tsố\r\n1"
    assert input_text(unicodedata.normalize("NFD", "Nguyễn")) == "Nguyễn"


@given(st.text())
def test_input_text_is_nfc_without_nul(text):
    cleaned = input_text(text)
    assert "\x00" not in cleaned and is_nfc(cleaned)


@pytest.mark.django_db
def test_a_nul_in_a_query_string_is_dropped_not_a_server_error(client):
    from congso.accounts.tests.factories import make_member

    member = make_member(title="Chuyên viên")
    client.force_login(member.user)
    assert client.get("/api/v1/accounts/users", {"role": "specialist\x00"}).status_code == 200
