"""Backup and restore of the whole platform: database rows and uploaded files in one .tar.gz archive.

The archive holds `manifest.json` (format, time, database vendor, row counts, file list with SHA-256),
`data.json` (Django's portable serialisation, so a backup taken on SQLite restores into PostgreSQL and the
other way round) and `media/…`. Restore refuses a database that already holds accounts, checks every file's
checksum before writing anything, and loads the rows in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "congso.backup/1"
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "django_tasks_database", "axes"]


class BackupError(Exception):
    pass


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if settings.MEDIA_STORAGE != "local" or not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".") and "healthz" not in p.parts
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup_create(target: Path) -> dict:
    """Write an archive to `target`; returns its manifest."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDE,
        stdout=data,
        format="json",
        indent=None,
    )
    payload = data.getvalue().encode("utf-8")
    rows = Counter(item["model"] for item in json.loads(payload))
    root = Path(settings.MEDIA_ROOT)
    files = _media_files()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "rows": dict(sorted(rows.items())),
        "files": {str(p.relative_to(root)): _sha256(p) for p in files},
        "media_storage": settings.MEDIA_STORAGE,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".part")
    with tarfile.open(tmp, "w:gz") as archive:
        for name, content in (
            ("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()),
            ("data.json", payload),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(content))
        for path in files:
            archive.add(path, arcname=f"media/{path.relative_to(root)}")
    tmp.replace(target)  # a crash mid-write never leaves a truncated archive under the final name
    return manifest


def _database_is_empty() -> bool:
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Agency = apps.get_model("organizations", "Agency")
    return not User.objects.exists() and not Agency.objects.exists()


def backup_restore(source: Path) -> dict:
    """Restore an archive into an empty, migrated database."""
    if not source.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {source}")
    if not _database_is_empty():
        raise BackupError(
            "Cơ sở dữ liệu đã có dữ liệu: chỉ khôi phục vào CSDL trống (chạy `congso flush` trước nếu chắc chắn)."
        )
    with tempfile.TemporaryDirectory(prefix="congso-restore-") as tmpdir:
        workdir = Path(tmpdir)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(workdir, filter="data")
        try:
            manifest = json.loads((workdir / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise BackupError("Tệp sao lưu thiếu hoặc hỏng manifest.json") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Định dạng sao lưu không được hỗ trợ: {manifest.get('format')}")
        for name, checksum in manifest["files"].items():
            path = workdir / "media" / name
            if not path.is_file() or _sha256(path) != checksum:
                raise BackupError(f"Tệp {name} trong bản sao lưu bị thiếu hoặc hỏng (sai SHA-256)")
        with transaction.atomic():
            call_command("loaddata", str(workdir / "data.json"), verbosity=0)
        root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            destination = root / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes((workdir / "media" / name).read_bytes())
    return manifest
