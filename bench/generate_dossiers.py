"""Generate bench dossiers on PostgreSQL: BENCH_DOSSIERS (default 1,000,000) over the last 365 days across the 40
bench agencies (agency = g mod 40), by INSERT … SELECT generate_series in batches. About 90 % returned, the rest
in progress (with their steps), done, waiting for a supplement, refused, withdrawn or stopped; two history events
each, a rating for one returned dossier in ten. A user "bench.onestop" (one-stop officer, specialist, unit head and
leader of the first agency) and a token for the intake scenario; bench/lookups.txt lists codes with their check
values for the lookup scenario. Idempotent."""

import os

from django.db import connection, transaction

from congso.accounts.models import Membership, MembershipRole, User
from congso.accounts.services import token_create
from congso.core.text import person_sort_key
from congso.demo.procedures_data import PROCEDURES
from congso.dossiers.models import Dossier
from congso.organizations.models import Agency
from congso.procedures.models import Procedure
from congso.procedures.services import procedures_import

TOTAL = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
AGENCIES = 40
BATCH = 100_000
STATUS = "(ARRAY['10','10','10','10','10','10','10','10','10','10','10','10','10','10','10','10','10','10','4','9','5','3','7','8','2'])[1 + (g / 40) %% 25]"


def main() -> None:
    if not Procedure.objects.exists():
        procedures_import(actor=None, items=PROCEDURES)
    agencies = list(Agency.objects.filter(organ_id__startswith="B").order_by("organ_id")[:AGENCIES])
    procedures = list(Procedure.objects.filter(agency_kinds__contains=["department"]).order_by("code"))
    with connection.cursor() as cursor:
        if Dossier.objects.count() < TOTAL:
            _dossiers(cursor, agencies, procedures)
        cursor.execute("SELECT EXISTS (SELECT 1 FROM dossiers_dossierevent)")
        if not cursor.fetchone()[0]:
            _history(cursor)
        for table in ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierstep", "dossiers_rating"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    _user(agencies[0], procedures[0])


def _dossiers(cursor, agencies, procedures) -> None:
    # A run stopped half-way leaves part of the data: start again from empty tables (bench database only).
    cursor.execute(
        "TRUNCATE dossiers_dossier, dossiers_dossierstep, dossiers_dossierevent, dossiers_rating, "
        "dossiers_dossiercounter CASCADE"
    )
    for start in range(0, TOTAL, BATCH):
        stop = min(TOTAL, start + BATCH)
        with transaction.atomic():
            cursor.execute(
                f"""
                INSERT INTO dossiers_dossier (
                  created_at, updated_at, code, procedure_id, receiving_agency_id, handling_agency_id, channel,
                  status, applicant_name, applicant_folded, applicant_id_number, applicant_phone, applicant_email, applicant_address,
                  received_at, clock_start, appointment_at, supplement_requested, postal_reference, finished_at,
                  returned_at, return_method, result_summary, result_file, result_signed_file, result_signature,
                  version, form_data, receipt)
                SELECT t.received, now(),
                  (%(organs)s::text[])[1 + g %% 40] || '-' || to_char(t.received, 'YYMMDD') || '-' || lpad(g::text, 7, '0'),
                  (%(procedures)s::bigint[])[1 + (g / 40) %% %(np)s], (%(agencies)s::bigint[])[1 + g %% 40],
                  (%(agencies)s::bigint[])[1 + g %% 40], (ARRAY['direct','online','online','postal','direct'])[1 + (g / 1000) %% 5],
                  t.status, 'Người Thử Tải ' || (g %% 997), 'nguoi thu tai ' || (g %% 997), lpad((g %% 1000000000000)::text, 12, '0'),
                  '09' || lpad((g %% 100000000)::text, 8, '0'), '', 'Số ' || (g %% 300) || ' đường Thử Tải',
                  t.received, CASE WHEN t.status <> '3' THEN t.received::date END, t.received + interval '5 days', false, '',
                  CASE WHEN t.status IN ('9','10') THEN t.received + interval '3 days' END,
                  CASE WHEN t.status = '10' THEN t.received + interval '4 days' END,
                  CASE WHEN t.status = '10' THEN 'desk' ELSE '' END, '', '', '', '{{}}', 3, '{{}}', ''
                FROM generate_series(%(start)s, %(stop)s - 1) AS g,
                  LATERAL (SELECT now() - ((g::bigint * 7919) %% 365) * interval '1 day' - (g %% 480) * interval '1 minute'
                             AS received, {STATUS} AS status) AS t
                """,
                {
                    "organs": [a.organ_id for a in agencies],
                    "agencies": [a.pk for a in agencies],
                    "procedures": [p.pk for p in procedures],
                    "np": len(procedures),
                    "start": start,
                    "stop": stop,
                },
            )
        print(f"{stop:,} dossiers", flush=True)


def _history(cursor) -> None:
    with transaction.atomic():
        cursor.execute(
            """
            INSERT INTO dossiers_dossierevent (dossier_id, at, actor_id, actor_name, action, comment, data)
            SELECT id, received_at, NULL::bigint, 'Công chức Thử Tải', 'received', '', '{}'::jsonb FROM dossiers_dossier
            UNION ALL
            SELECT id, returned_at, NULL::bigint, 'Công chức Thử Tải', 'returned', '', '{}'::jsonb FROM dossiers_dossier
              WHERE status = '10'
            """
        )
        # Steps for the dossiers still in hand: the first done, the second active (the specialist's), the rest
        # waiting, each with a planned deadline.
        cursor.execute(
            """
            INSERT INTO dossiers_dossierstep (dossier_id, "order", name, agency_id, role, share, lead, cross_agency,
              status, due_at, started_at, finished_at, comment)
            SELECT d.id, s.n, s.name, d.handling_agency_id, s.role, 1, true, false,
              CASE WHEN s.n = 1 THEN 'done' WHEN s.n = 2 THEN 'active' ELSE 'pending' END,
              d.received_at + s.n * interval '1 day',
              CASE WHEN s.n <= 2 THEN d.received_at END,
              CASE WHEN s.n = 1 THEN d.received_at + interval '2 hours' END, ''
            FROM dossiers_dossier d,
              (VALUES (1, 'Tiếp nhận, chuyển hồ sơ', 'one_stop_officer'), (2, 'Thẩm định hồ sơ', 'specialist'),
                      (3, 'Lãnh đạo phòng kiểm tra, trình ký', 'unit_head'), (4, 'Lãnh đạo Sở ký duyệt', 'leader'),
                      (5, 'Trả kết quả', 'one_stop_officer')) AS s(n, name, role)
            WHERE d.status IN ('2', '4')
            """
        )
        cursor.execute(
            """
            INSERT INTO dossiers_rating (dossier_id, handling_agency_id, receiving_agency_id, officer_id, scores,
              comment, created_at)
            SELECT id, handling_agency_id, receiving_agency_id, received_by_id, jsonb_build_object('i1', 2, 'i2', 2, 'i3', 2, 'i4', 1 + id % 2, 'i5', 2, 'i6', 2, 'i7', 2 - id % 3 / 2,
                                          'i8', 2, 'i9', 1), '', returned_at + interval '1 hour'
            FROM dossiers_dossier WHERE status = '10' AND (id / 40) % 10 = 0
            """
        )


@transaction.atomic
def _user(agency: Agency, procedure: Procedure) -> None:
    user = User.objects.filter(username="bench.onestop").first()
    if user is None:
        user = User.objects.create(
            username="bench.onestop",
            full_name="Một Cửa Thử Tải",
            full_name_sort=person_sort_key("Một Cửa Thử Tải"),
            email="bench.onestop@bench.local",
            kind="staff",
        )
        user.set_password("BenchPass@2026")
        user.save()
        membership = Membership.objects.create(user=user, agency=agency, position_title="Công chức Một cửa")
        for role in ("one_stop_officer", "specialist", "unit_head", "leader"):
            MembershipRole.objects.create(membership=membership, role=role)
    _, raw = token_create(user=user, name="bench-intake")
    folder = os.environ.get("CONGSO_DATA_DIR", "var/bench")
    with open(os.path.join(folder, "onestop-token.txt"), "w") as handle:
        handle.write(raw)
    with open(os.path.join(folder, "intake.txt"), "w") as handle:
        handle.write(f"{agency.pk} {procedure.code}\n")
    codes = (
        Dossier.objects.filter(code__startswith="B0")
        .order_by("?")
        .values_list("code", "applicant_phone")[:2000]
    )
    with open(os.path.join(folder, "lookups.txt"), "w") as handle:
        for code, phone in codes:
            handle.write(f"{code} {phone[-4:]}\n")
    print("bench.onestop ready")


main()
