from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from congso.accounts.models import Membership, User
from congso.core.models import AuditEntry
from congso.demo.builder import build_demo
from congso.ops.backup import BackupError, backup_create, backup_restore
from congso.organizations.models import Agency, AgencyLink


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database(tmp_path):
    from importlib import import_module

    from django.apps import apps

    from congso.documents.models import Document, DocumentFile, ExchangeStatus

    import_module("congso.documents.migrations.0002_document_types").seed(
        apps, None
    )  # flushed by transaction=True
    build_demo(documents=15, dossiers=40)
    stored = default_storage.save("tep-thu/cong-van.txt", ContentFile("Nội dung công văn".encode()))
    counts = {
        m: m.objects.count()
        for m in (User, Membership, Agency, AgencyLink, AuditEntry, Document, DocumentFile, ExchangeStatus)
    }
    assert counts[Document] > 15
    archive = tmp_path / "congso.tar.gz"
    manifest = backup_create(archive)
    assert stored in manifest["files"]

    with pytest.raises(BackupError):
        backup_restore(archive)  # refuses a database that already holds data
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(stored)
    assert not User.objects.exists()

    backup_restore(archive)
    assert {m: m.objects.count() for m in counts} == counts
    assert default_storage.open(stored).read().decode() == "Nội dung công văn"
    ward = Agency.objects.get(organ_id="H99.90")
    assert ward.predecessor_links.count() == 2
    assert User.objects.get(username="admin").check_password("CongSo@2026")
    document_file = DocumentFile.objects.first()
    assert document_file.file.open("rb").read().startswith(b"PK")


@pytest.mark.django_db
def test_corrupt_archive_is_refused(tmp_path):
    bad = Path(tmp_path / "bad.tar.gz")
    bad.write_bytes(b"not an archive")
    with pytest.raises(Exception):  # noqa: B017 - tarfile raises ReadError
        backup_restore(bad)
