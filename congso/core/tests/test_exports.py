"""Background exports: built by the worker, bounded per person, downloaded by whoever asked only, failures kept."""

import pytest

from congso.accounts.tests.factories import UserFactory, make_member
from congso.core.errors import ValidationFailed
from congso.core.models import AuditEntry, Export
from congso.core.registry import ExportKind, register_export_kind
from congso.core.services import export_build, export_request

pytestmark = pytest.mark.django_db


def _ok(user, params, progress):
    progress(50)
    return b"%PDF-1.4 " + params["text"].encode()


def _boom(user, params, progress):
    raise RuntimeError("disk full")


register_export_kind(ExportKind("test.ok", _ok))
register_export_kind(ExportKind("test.boom", _boom))


def ask(user, kind="test.ok", text="x"):
    return export_request(
        user=user, kind=kind, params={"text": text}, title="Sổ thử", filename="so.pdf", file_format="pdf"
    )


def test_an_export_is_built_by_the_worker_and_only_its_owner_downloads_it(
    client, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    owner, other = make_member().user, make_member().user
    with django_capture_on_commit_callbacks(execute=True):
        export = ask(owner, text="Sổ đăng ký")
    assert DBTaskResult.objects.filter(task_path__endswith="build_export").count() == 1
    assert Export.objects.get(pk=export.pk).state == "pending"
    client.force_login(owner)
    waiting = client.get(f"/xuat/{export.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "export-download" not in waiting
    assert client.get(f"/xuat/{export.pk}/tai-ve/").status_code == 404  # not ready yet
    assert export_build(export_id=str(export.pk)) == "done"
    assert export_build(export_id=str(export.pk)) == "nothing to do"  # never built twice
    ready = client.get(f"/xuat/{export.pk}/").content.decode()
    assert "export-download" in ready and 'hx-trigger="every 2s"' not in ready
    download = client.get(f"/xuat/{export.pk}/tai-ve/")
    assert b"".join(download.streaming_content) == "%PDF-1.4 Sổ đăng ký".encode()
    assert download["Cache-Control"] == "private, no-store"
    client.force_login(other)
    assert client.get(f"/xuat/{export.pk}/").status_code == 404
    assert client.get(f"/xuat/{export.pk}/tai-ve/").status_code == 404
    assert AuditEntry.objects.filter(action="export.requested", object_id=str(export.pk)).exists()


def test_each_person_has_a_bounded_number_of_exports_in_the_queue(settings):
    """Security finding 12: 200 register exports at once starved every other request; now they queue, and one
    person can have only CONGSO_EXPORT_MAX_ACTIVE waiting."""
    settings.CONGSO_EXPORT_MAX_ACTIVE = 3
    user = UserFactory()
    exports = [ask(user) for _ in range(3)]
    with pytest.raises(ValidationFailed) as refused:
        ask(user)
    assert refused.value.code == "too_many_exports" and Export.objects.count() == 3
    export_build(export_id=str(exports[0].pk))
    ask(user)  # one finished: room for another
    assert Export.objects.filter(state="pending").count() == 3


def test_a_failed_export_keeps_its_reason():
    user = UserFactory()
    export = ask(user, kind="test.boom")
    assert export_build(export_id=str(export.pk)).startswith("failed")
    export.refresh_from_db()
    assert export.state == "failed" and "RuntimeError" in export.error and not export.file


def test_unknown_kinds_and_formats_are_refused():
    user = UserFactory()
    with pytest.raises(ValidationFailed):
        export_request(user=user, kind="nope", params={}, title="x", filename="x", file_format="pdf")
    with pytest.raises(ValidationFailed):
        export_request(user=user, kind="test.ok", params={}, title="x", filename="x", file_format="exe")


def test_a_failed_export_can_be_asked_for_again_by_its_owner_only(client):
    owner, other = make_member().user, make_member().user
    failed = ask(owner, kind="test.boom")
    export_build(export_id=str(failed.pk))
    client.force_login(owner)
    page = client.get(f"/xuat/{failed.pk}/").content.decode()
    assert 'data-testid="export-failed"' in page and 'data-testid="export-again"' in page
    response = client.post(f"/xuat/{failed.pk}/thu-lai/")
    again = Export.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302 and response.url == f"/xuat/{again.pk}/"
    assert (again.kind, again.params, again.state, again.content_type) == (
        "test.boom",
        {"text": "x"},
        "pending",
        "application/pdf",
    )
    # Not a failed one: refused with the reason, nothing asked.
    response = client.post(f"/xuat/{again.pk}/thu-lai/", follow=True)
    assert "Chỉ có thể yêu cầu lại" in response.content.decode()
    assert Export.objects.count() == 2
    client.force_login(other)  # someone else's export: not found
    assert client.post(f"/xuat/{failed.pk}/thu-lai/").status_code == 404
    assert client.get(f"/xuat/{failed.pk}/thu-lai/").status_code in (404, 405)
