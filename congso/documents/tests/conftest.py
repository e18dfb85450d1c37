import pytest

from .factories import make_office


@pytest.fixture
def office(db):
    return make_office()


@pytest.fixture
def other_office(db):
    return make_office(short_name="SNV", name="Sở Nội vụ tỉnh Thử Nghiệm")


@pytest.fixture(autouse=True)
def _document_types(request):
    """Tests with transaction=True flush the database, seeded types included: seed them again (idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from importlib import import_module

        from django.apps import apps

        request.getfixturevalue("transactional_db")
        import_module("congso.documents.migrations.0002_document_types").seed(apps, None)
