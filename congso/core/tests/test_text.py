import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from congso.core.text import clean_text, collation_key, fold, is_nfc, nfc, person_sort_key


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
