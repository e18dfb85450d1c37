"""Generate bench documents on PostgreSQL (agency = g mod 40; everything else varies with g / 40, so that every
agency gets every subject, status and urgency): BENCH_DOCUMENTS (default 1,000,000) incoming and outgoing documents
across 40 agencies, written by INSERT … SELECT generate_series in batches (constant memory on the client), with
the folded search text the platform itself would store, registers, and a user "bench.docs" (clerk, leader and
unit head of the first agency) with open assignments and documents waiting for them. Idempotent."""

import os

from django.db import connection, transaction

from congso.accounts.models import Membership, MembershipRole, User
from congso.accounts.services import token_create
from congso.core.text import fold, person_sort_key
from congso.documents.models import Document, DocumentAssignment, DocumentType, Register
from congso.organizations.models import Agency, Unit

TOTAL = int(os.environ.get("BENCH_DOCUMENTS", "1000000"))
AGENCIES = 40
BATCH = 50_000
TOPICS = [
    "ứng dụng công nghệ thông tin",
    "chuyển đổi số",
    "cải cách hành chính",
    "phòng, chống thiên tai",
    "dịch vụ công trực tuyến toàn trình",
    "xây dựng nông thôn mới",
    "an toàn thông tin mạng",
    "quản lý đất đai",
    "tuyển dụng công chức cấp xã",
    "phòng cháy, chữa cháy",
    "bảo vệ môi trường",
    "đầu tư công",
    "giáo dục nghề nghiệp",
    "phát triển du lịch",
    "thu ngân sách nhà nước",
    "an toàn giao thông",
    "y tế cơ sở",
    "đê điều",
    "công tác dân tộc",
    "hỗ trợ doanh nghiệp",
]
FORMS = [
    ("KH", "Kế hoạch {} năm 2026"),
    ("BC", "Báo cáo kết quả {} quý III"),
    ("CV", "Về việc triển khai {}"),
    ("QD", "Quyết định phê duyệt đề án {}"),
    ("TB", "Thông báo kết luận về {}"),
    ("HD", "Hướng dẫn thực hiện {}"),
]


def main() -> None:
    if Document.objects.filter(agency__organ_id="B00000").exists():
        print("bench documents already present")
        return
    agencies = list(Agency.objects.filter(organ_id__startswith="B").order_by("organ_id")[:AGENCIES])
    types = {t.code: t.pk for t in DocumentType.objects.all()}
    registers = []
    for agency in agencies:
        register, _ = Register.objects.get_or_create(
            agency=agency, direction="incoming", name="Sổ văn bản đến"
        )
        registers.append(register.pk)
    subjects, folded, type_ids = [], [], []
    for topic in TOPICS:
        for code, pattern in FORMS:
            subject = pattern.format(topic)
            subjects.append(subject)
            folded.append(fold(subject))
            type_ids.append(types[code])
    with connection.cursor() as cursor:
        for start in range(0, TOTAL, BATCH):
            stop = min(TOTAL, start + BATCH)
            with transaction.atomic():
                cursor.execute(
                    """
                    INSERT INTO documents_document (
                      created_at, updated_at, agency_id, direction, status, source, register_id, year, number,
                      arrival_at, issuer_name, code_number, code_notation, issued_date, document_type_id, subject,
                      signer_name, signer_position, signing_authority, urgency, secrecy, page_count, due_date,
                      exchange_id, instruction, result, closed_at, signature_result, search_text, subject_folded,
                      pending_change, pending_reason)
                    SELECT now() - (g % 320) * interval '1 day', now(), (%(agencies)s::bigint[])[1 + g %% 40], 'incoming',
                      (ARRAY['done','done','done','assigned','registered'])[1 + (g / 40) %% 5], 'exchange',
                      (%(registers)s::bigint[])[1 + g %% 40], 2026, 1 + g / 40,
                      now() - (g %% 320) * interval '1 day', 'Sở Thử Tải ' || (g %% 97),
                      (g %% 9000)::text, 'KH-STT', current_date - (g %% 320), (%(types)s::bigint[])[1 + (g / 40 * 7) %% %(n)s],
                      (%(subjects)s::text[])[1 + (g / 40 * 7) %% %(n)s], 'Nguyễn Văn Ký', 'Giám đốc', '',
                      (ARRAY['normal','normal','normal','normal','normal','normal','urgent','very_urgent','express','normal'])[1 + (g / 40) %% 10],
                      'none', 1 + g %% 12, current_date - (g %% 320) + 10, 'B' || g, '', '', NULL, '{}',
                      (%(folded)s::text[])[1 + (g / 40 * 7) %% %(n)s] || ' ' || (g %% 9000)::text || ' kh stt so thu tai ' || (g %% 97)::text,
                      (%(folded)s::text[])[1 + (g / 40 * 7) %% %(n)s], '', ''
                    FROM generate_series(%(start)s, %(stop)s - 1) AS g
                    """.replace("(g % 320)", "(g %% 320)"),
                    {
                        "agencies": [a.pk for a in agencies],
                        "registers": registers,
                        "types": type_ids,
                        "subjects": subjects,
                        "folded": folded,
                        "n": len(subjects),
                        "start": start,
                        "stop": stop,
                    },
                )
            print(f"{stop:,} documents", flush=True)
        cursor.execute("ANALYZE documents_document")
    _user(agencies[0])


@transaction.atomic
def _user(agency: Agency) -> None:
    unit, _ = Unit.objects.get_or_create(agency=agency, short_name="TT", defaults={"name": "Phòng Thử tải"})
    user = User.objects.filter(username="bench.docs").first() or User.objects.create(
        username="bench.docs",
        full_name="Văn Thư Thử Tải",
        full_name_sort=person_sort_key("Văn Thư Thử Tải"),
        email="bench.docs@bench.local",
        kind="staff",
    )
    user.set_password("BenchPass@2026")
    user.save()
    membership = Membership.objects.create(
        user=user, agency=agency, unit=unit, position_title="Văn thư kiêm Chánh Văn phòng"
    )
    for role in ("clerk", "leader", "unit_head"):
        MembershipRole.objects.create(membership=membership, role=role)
    open_docs = list(Document.objects.filter(agency=agency, status="assigned").order_by("-pk")[:80])
    DocumentAssignment.objects.bulk_create(
        [
            DocumentAssignment(document=d, kind="lead", user=user, unit=unit, due_date=d.due_date)
            for d in open_docs
        ]
    )
    Document.objects.filter(
        pk__in=[d.pk for d in Document.objects.filter(agency=agency, status="registered")[:40]]
    ).update(status="submitted", leader=user)
    _, raw = token_create(user=user, name="bench")
    with open(os.environ.get("BENCH_TOKEN_FILE", "var/bench/token.txt"), "w") as handle:
        handle.write(raw)
    print("bench.docs ready")


main()
