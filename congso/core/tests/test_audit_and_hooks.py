import pytest
from django.db import DatabaseError, connection, transaction

from congso.core import hooks
from congso.core.models import AppendOnlyError, AuditEntry
from congso.core.services import audit_log

pytestmark = pytest.mark.django_db


def test_audit_entries_cannot_be_changed_or_deleted():
    entry = audit_log(actor=None, action="test.action", object_type="x", object_id="1", message="một")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(message="hai")
    assert AuditEntry.objects.get(pk=entry.pk).message == "một"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database refuses DELETE on PostgreSQL")
def test_postgres_refuses_delete():
    entry = audit_log(actor=None, action="test.action")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_audit_entry_rolls_back_with_its_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_log(actor=None, action="test.rolled_back")
        raise RuntimeError
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()


def test_hooks_run_in_order_and_unknown_events_are_refused(monkeypatch):
    from collections import defaultdict

    monkeypatch.setattr(hooks, "_registry", defaultdict(list))
    calls = []

    def first(**kwargs):
        calls.append(("first", kwargs["value"]))

    def second(**kwargs):
        calls.append(("second", kwargs["value"]))

    hooks.register("agency_split", second, order=200)
    hooks.register("agency_split", first, order=150)
    try:
        hooks.run("agency_split", value=1)
        assert calls[-2:] == [("first", 1), ("second", 1)]
    finally:
        hooks.unregister("agency_split", first)
        hooks.unregister("agency_split", second)
    with pytest.raises(ValueError):
        hooks.register("no_such_event", first)
