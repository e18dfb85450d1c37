"""Exchange bench (issue 3 §8), run through `congso shell` on each installation with BENCH_PHASE set:

setup-a    sender agency EXA.01 and peer "b" on installation A
setup-b    receiver agency EXB.01 and peer "a" on installation B
issue-a    BENCH_PACKAGES issued documents with a PDF each, dispatched: one outbox package per document
due-a      the packages waiting for their back-off (refused with 413 by the bench's proxy) are due now
verify-a   every package sent once, every recipient answered 01
replay-a   put BENCH_REPLAY sent packages back in the queue (a crash between sending and acknowledging)
verify-b   exactly one received document per package, none twice
"""

import io
import os
import sys
from datetime import date

from django.db import transaction

PHASE = os.environ["BENCH_PHASE"]
SECRET = os.environ.get("BENCH_EXCHANGE_SECRET", "bench-exchange-shared-secret-0123456789abcdef")
PACKAGES = int(os.environ.get("BENCH_PACKAGES", "10000"))


def agency(organ_id: str, name: str):
    from congso.organizations.models import Agency
    from congso.organizations.services import agency_create

    return Agency.objects.filter(organ_id=organ_id).first() or agency_create(
        actor=None,
        name=name,
        short_name="UBND",
        organ_id=organ_id,
        kind="commune_committee",
        valid_from=date(2020, 1, 1),
    )


def pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def main() -> None:
    from congso.documents import services
    from congso.documents.models import (
        Document,
        DocumentRecipient,
        DocumentType,
        InboxMessage,
        OutboxMessage,
        Register,
    )

    if PHASE == "setup-a":
        agency("EXA.01", "Ủy ban nhân dân xã Gửi Thử")
        services.peer_save(
            actor=None,
            name="Hệ thống B",
            code="b",
            base_url=os.environ["BENCH_PEER_URL"],
            organ_ids=["EXB.*"],
            secret=SECRET,
        )
    elif PHASE == "setup-b":
        agency("EXB.01", "Ủy ban nhân dân xã Nhận Thử")
        services.peer_save(
            actor=None,
            name="Hệ thống A",
            code="a",
            base_url=os.environ["BENCH_PEER_URL"],
            organ_ids=["EXA.*"],
            secret=SECRET,
        )
    elif PHASE == "issue-a":
        from django.core.files.base import ContentFile

        from congso.documents.services.exchange import dispatch
        from congso.documents.services.registers import registers_ensure_defaults

        sender = agency("EXA.01", "Ủy ban nhân dân xã Gửi Thử")
        registers_ensure_defaults(agency_id=sender.pk)
        register = Register.objects.get(agency=sender, direction="outgoing", name="Sổ văn bản đi")
        kind = DocumentType.objects.get(code="KH")
        content = pdf("Ke hoach thu tai lien thong")
        import congso.documents.services.exchange as exchange

        exchange._enqueue = lambda pk: None  # sent by the `congso exchange retry` processes of the bench
        start = Document.objects.filter(agency=sender, direction="outgoing").count()
        for index in range(start, PACKAGES):
            with transaction.atomic():
                document = Document.objects.create(
                    agency=sender,
                    direction="outgoing",
                    status="issued",
                    source="draft",
                    register=register,
                    year=2026,
                    number=index + 1,
                    code_number=f"{index + 1:02d}",
                    code_notation="KH-UBND",
                    issued_date=date(2026, 11, 20),
                    document_type=kind,
                    subject=f"Kế hoạch thử tải liên thông số {index + 1}",
                    signer_name="Nguyễn Văn Ký",
                    issuer=sender,
                    issuer_name=sender.name,
                )
                stored = document.files.model(
                    document=document,
                    kind="main",
                    name="ke-hoach.pdf",
                    content_type="application/pdf",
                    size=len(content),
                    sha256="0" * 64,
                    text="Ke hoach thu tai lien thong",
                )
                stored.file.save("ke-hoach.pdf", ContentFile(content), save=False)
                stored.save()
                DocumentRecipient.objects.create(
                    document=document, organ_id="EXB.01", name="UBND xã Nhận Thử"
                )
                dispatch(document, None)
        print(f"outbox: {OutboxMessage.objects.filter(kind='package').count()} packages")
    elif PHASE == "due-a":
        from django.utils import timezone

        waiting = OutboxMessage.objects.filter(kind="package", state="pending")
        retried = waiting.filter(attempts__gt=0).count()
        waiting.update(next_attempt_at=timezone.now())
        print(f"due again: {retried} packages refused once (413) and waiting for their back-off")
    elif PHASE == "verify-a":
        states = {
            s: OutboxMessage.objects.filter(kind="package", state=s).count()
            for s in ("pending", "sent", "failed")
        }
        answered = DocumentRecipient.objects.filter(organ_id="EXB.01", status_code="01").count()
        recipients = DocumentRecipient.objects.filter(organ_id="EXB.01").count()
        print(
            f"RESULT-A pending={states['pending']} sent={states['sent']} failed={states['failed']} "
            f"answered01={answered} recipients={recipients}"
        )
        sys.exit(0 if states["sent"] == recipients == answered == PACKAGES else 1)
    elif PHASE == "replay-a":
        replay = int(os.environ.get("BENCH_REPLAY", "500"))
        ids = list(
            OutboxMessage.objects.filter(kind="package", state="sent").values_list("pk", flat=True)[:replay]
        )
        OutboxMessage.objects.filter(pk__in=ids).update(state="pending", sent_at=None)
        print(f"replaying {len(ids)} packages")
    elif PHASE == "verify-b":
        documents = Document.objects.filter(agency__organ_id="EXB.01", source="exchange")
        distinct = documents.values("exchange_id").distinct().count()
        inbox = InboxMessage.objects.filter(kind="package").count()
        refused = InboxMessage.objects.filter(kind="package", accepted=False).count()
        print(f"RESULT-B documents={documents.count()} distinct={distinct} inbox={inbox} refused={refused}")
        sys.exit(0 if documents.count() == distinct == PACKAGES and refused == 0 else 1)


main()
