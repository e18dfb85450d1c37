"""Fixtures for every app's tests."""

from importlib import import_module

import pytest

# Data migrations whose rows the tests rely on. Tests with transaction=True flush the database afterwards, so the
# next such test seeds them again (idempotent).
SEEDS = [
    "congso.documents.migrations.0002_document_types",
    "congso.dossiers.migrations.0003_form_01",
    "congso.dossiers.migrations.0005_forms_02_05",
    "congso.dossiers.migrations.0009_form_06",
]


@pytest.fixture(autouse=True)
def _seeded_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from django.apps import apps

        request.getfixturevalue("transactional_db")
        for module in SEEDS:
            import_module(module).seed(apps, None)
