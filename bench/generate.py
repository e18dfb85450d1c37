"""Generate bench data: 5,000 agencies and 100,000 staff with memberships (bulk inserts, one password hash)."""

import os
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from congso.accounts.models import Membership, MembershipRole, User
from congso.core.text import collation_key, fold, person_sort_key
from congso.organizations.models import Agency, AgencyName

AGENCIES = int(os.environ.get("BENCH_AGENCIES", "5000"))
STAFF = int(os.environ.get("BENCH_STAFF", "100000"))


@transaction.atomic
def main() -> None:
    if User.objects.filter(username="bench.user").exists():
        print("bench data already present")
        return
    agencies = [
        Agency(
            name=f"Cơ quan thử tải {i}",
            name_sort=collation_key(f"Cơ quan thử tải {i}"),
            name_folded=fold(f"Cơ quan thử tải {i}"),
            short_name="CQ",
            organ_id=f"B{i:05d}",
            kind="department",
            valid_from=date(2020, 1, 1),
        )
        for i in range(AGENCIES)
    ]
    Agency.objects.bulk_create(agencies, batch_size=2000)
    agencies = list(Agency.objects.filter(organ_id__startswith="B"))
    AgencyName.objects.bulk_create(
        [
            AgencyName(agency=a, name=a.name, short_name=a.short_name, valid_from=a.valid_from)
            for a in agencies
        ],
        batch_size=2000,
    )
    password = make_password("BenchPass@2026")
    users = []
    for i in range(STAFF):
        name = f"Nguyễn Văn Tải {i}"
        users.append(
            User(
                username=f"bench{i}",
                full_name=name,
                full_name_sort=person_sort_key(name),
                search_folded=fold(f"{name} bench{i} bench{i}@bench.local"),
                email=f"bench{i}@bench.local",
                password=password,
                kind="staff",
            )
        )
    users.append(
        User(
            username="bench.user",
            full_name="Người Đo Tải",
            full_name_sort=person_sort_key("Người Đo Tải"),
            search_folded=fold("Người Đo Tải bench.user bench.user@bench.local"),
            email="bench.user@bench.local",
            password=password,
            kind="staff",
        )
    )
    User.objects.bulk_create(users, batch_size=5000)
    users = list(User.objects.filter(email__endswith="@bench.local").only("pk"))
    memberships = [
        Membership(
            user=u,
            agency=agencies[i % len(agencies)],
            position_title="Chuyên viên",
            start_date=date(2021, 1, 1),
        )
        for i, u in enumerate(users)
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    MembershipRole.objects.bulk_create(
        [
            MembershipRole(membership=m, role="specialist")
            for m in Membership.objects.filter(user__email__endswith="@bench.local")
        ],
        batch_size=5000,
    )
    print(f"generated {len(agencies)} agencies and {len(users)} staff")


main()
