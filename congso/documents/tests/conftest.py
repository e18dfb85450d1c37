import pytest

from .factories import make_office


@pytest.fixture
def office(db):
    return make_office()


@pytest.fixture
def other_office(db):
    return make_office(short_name="SNV", name="Sở Nội vụ tỉnh Thử Nghiệm")
