"""The demo province: a realistic fictional province under the two-tier model (since 01/7/2025).

Deterministic and idempotent: every record is found by its key (organ id, area code, username) before it
is created, so a second run changes nothing. Passwords are hashed once and the hash reused, which keeps the
whole run well under a minute.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction

from congso.accounts import services as account_services
from congso.accounts.models import Membership, User
from congso.core.roles import Role
from congso.organizations import services as org_services
from congso.organizations.models import AdministrativeArea, Agency, Unit

DEMO_PASSWORD = (
    "CongSo@2026"  # documented in the README; the demo is for trying the platform, never production
)
PROVINCE_CODE = "99"
PROVINCE_ORGAN = "H99"
MERGE_DATE = date(2025, 7, 1)
FOUNDED = date(2020, 1, 1)

DEPARTMENTS = [
    ("Văn phòng Ủy ban nhân dân tỉnh", "VP", "committee_office"),
    ("Sở Nội vụ", "SNV", "department"),
    ("Sở Tài chính", "STC", "department"),
    ("Sở Tư pháp", "STP", "department"),
    ("Sở Xây dựng", "SXD", "department"),
    ("Sở Y tế", "SYT", "department"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", "department"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT", "department"),
    ("Sở Công Thương", "SCT", "department"),
    ("Sở Khoa học và Công nghệ", "SKHCN", "department"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "department"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", "department"),
    ("Sở Ngoại vụ", "SNgV", "department"),
    ("Thanh tra tỉnh", "TTr", "department"),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN", "board"),
]
DEPARTMENT_UNITS = [("Văn phòng", "VP"), ("Phòng Kế hoạch – Tài chính", "KHTC"), ("Phòng Nghiệp vụ", "NV")]
COMMITTEE_UNITS = [
    ("Phòng Hành chính – Tổ chức", "HCTC"),
    ("Phòng Kinh tế – Ngân sách", "KTNS"),
    ("Phòng Văn hóa – Xã hội", "VX"),
    ("Trung tâm Tổng hợp", "THOP"),
]
COMMUNE_UNITS = [
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "VP"),
    ("Phòng Kinh tế", "KT"),
    ("Phòng Văn hóa – Xã hội", "VHXH"),
    ("Trung tâm Phục vụ hành chính công", "TTPVHCC"),
]
COMMUNES = [
    ("Phường Bến Ngự", "ward"),
    ("Phường Hòa Bình", "ward"),
    ("Phường Đông Sơn", "ward"),
    ("Phường Tân An", "ward"),
    ("Phường Thạnh Lợi", "ward"),
    ("Phường Mỹ Xuyên", "ward"),
    ("Xã Đắk Nông", "commune"),
    ("Xã Ea Tiêu", "commune"),
    ("Xã Long Hưng", "commune"),
    ("Xã Phú Điền", "commune"),
    ("Xã Tân Thành", "commune"),
    ("Xã Vĩnh Thạnh", "commune"),
    ("Xã Bình Minh", "commune"),
    ("Xã Hưng Đạo", "commune"),
    ("Xã Quảng Phú", "commune"),
    ("Xã Đồng Tâm", "commune"),
    ("Xã Hòa Hiệp", "commune"),
    ("Xã Cát Tiên", "commune"),
    ("Đặc khu Hòn Ngọc", "special_zone"),
]
# The merge in the demo's history: two former communes became Phường Sông Hồng on 01/7/2025.
FORMER_COMMUNES = [("Xã An Phú", "AP"), ("Xã Bình Lợi", "BL")]
MERGED_WARD = ("Phường Sông Hồng", "ward")

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Thu", "Kim", "Xuân", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Ngân",
    "Phong",
    "Phúc",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Uyên",
    "Việt",
    "Yến",
]


@dataclass
class DemoLogin:
    username: str
    role: str
    where: str


def _ascii(text: str) -> str:
    from congso.core.text import fold

    return fold(text).replace(" ", "")


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(20250701)  # noqa: S311 - deterministic demo data
        self.password_hash = make_password(DEMO_PASSWORD)
        self.logins: list[DemoLogin] = []

    # --- structure ------------------------------------------------------------------------------------
    def area(self, code: str, name: str, kind: str, parent=None, valid_from=FOUNDED) -> AdministrativeArea:
        found = AdministrativeArea.objects.filter(code=code).order_by("-valid_from").first()
        return found or org_services.area_create(
            actor=None, code=code, name=name, kind=kind, parent=parent, valid_from=valid_from
        )

    def agency(
        self,
        organ_id: str,
        name: str,
        short: str,
        kind: str,
        parent=None,
        area=None,
        valid_from=FOUNDED,
        **contact,
    ) -> Agency:
        found = Agency.objects.filter(organ_id=organ_id).order_by("-valid_from").first()
        if found:
            return found
        return org_services.agency_create(
            actor=None,
            name=name,
            short_name=short,
            organ_id=organ_id,
            kind=kind,
            parent=parent,
            area=area,
            valid_from=valid_from,
            **contact,
        )

    def units(self, agency: Agency, specs) -> list[Unit]:
        result = []
        for name, short in specs:
            unit = Unit.objects.filter(agency=agency, short_name=short, valid_to__isnull=True).first()
            result.append(
                unit
                or org_services.unit_create(
                    actor=None, agency=agency, name=name, short_name=short, valid_from=agency.valid_from
                )
            )
        return result

    # --- people ---------------------------------------------------------------------------------------
    def person(
        self,
        username: str,
        *,
        agency: Agency,
        unit: Unit | None,
        title: str,
        roles: list[str],
        superuser: bool = False,
        start: date = FOUNDED,
    ) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            name = f"{self.rng.choice(SURNAMES)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"
            user = account_services.user_create(
                actor=None,
                username=username,
                full_name=name,
                email=f"{username}@demo.congso.vn",
                phone=f"09{self.rng.randrange(10**7, 10**8)}",
            )
            user.password = self.password_hash
            user.is_superuser = user.is_staff = superuser
            user.save(update_fields=["password", "is_superuser", "is_staff"])
        else:
            (
                self.rng.random(),
                self.rng.random(),
                self.rng.random(),
                self.rng.random(),
            )  # keep the sequence stable
        if not Membership.objects.filter(user=user, agency=agency, unit=unit, position_title=title).exists():
            account_services.membership_create(
                actor=None,
                user=user,
                agency=agency,
                unit=unit,
                position_title=title,
                roles=roles,
                start_date=max(start, agency.valid_from),
            )
        return user

    def staff_agency(
        self,
        agency: Agency,
        units: list[Unit],
        prefix: str,
        *,
        leader_title: str,
        extra: list[tuple[str, int, str, list[str]]] = (),
        login_roles: bool = False,
    ) -> None:
        """Leader, records clerk, agency administrator, a unit head, and `extra` (suffix, unit index, title, roles)."""
        people = [
            ("lanhdao", None, leader_title, [Role.LEADER]),
            ("vanthu", 0, "Văn thư", [Role.CLERK]),
            ("quantri", 0, "Chuyên viên công nghệ thông tin", [Role.AGENCY_ADMIN, Role.SPECIALIST]),
            ("truong1", 1, f"Trưởng {units[1].name[0].lower()}{units[1].name[1:]}", [Role.UNIT_HEAD]),
            *extra,
        ]
        for suffix, unit_index, title, roles in people:
            self.person(
                f"{prefix}.{suffix}",
                agency=agency,
                unit=None if unit_index is None else units[unit_index],
                title=title,
                roles=roles,
            )
        if login_roles:
            labels = {
                "lanhdao": "Lãnh đạo",
                "vanthu": "Văn thư",
                "quantri": "Quản trị cơ quan",
                "truong1": "Trưởng đơn vị",
                "cv1": "Chuyên viên",
                "motcua": "Cán bộ một cửa",
            }
            for suffix, *_rest in people:
                if suffix in labels:
                    self.logins.append(DemoLogin(f"{prefix}.{suffix}", labels[suffix], agency.name))

    def citizen(self) -> User:
        """A citizen account for the online one-stop service (/dich-vu-cong/)."""
        user = User.objects.filter(username="congdan").first()
        if user is None:
            user = account_services.user_create(
                actor=None,
                username="congdan",
                full_name="Trần Thị Ngọc Anh",
                email="congdan@demo.congso.vn",
                phone="0912000111",
                kind=User.Kind.CITIZEN,
            )
            user.password = self.password_hash
            user.save(update_fields=["password"])
            # Lives in the first ward: its committee is proposed when she applies online.
            home = AdministrativeArea.objects.filter(
                code=f"{PROVINCE_CODE}001", valid_to__isnull=True
            ).first()
            if home is not None:
                account_services.home_area_set(user=user, area_id=home.pk)
        self.logins.append(DemoLogin("congdan", "Công dân (dịch vụ công trực tuyến)", "/dich-vu-cong/"))
        return user

    # --- the whole province -----------------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> dict[str, int]:
        province = self.area(PROVINCE_CODE, "Tỉnh Sông Hồng", "province")
        ubnd = self.agency(
            f"000.00.00.{PROVINCE_ORGAN}",
            "Ủy ban nhân dân tỉnh Sông Hồng",
            "UBND",
            "provincial_committee",
            area=province,
            address="Số 1 đường Trần Hưng Đạo, tỉnh Sông Hồng",
            phone="0299 3820 000",
            email="ubnd@songhong.gov.vn",
            website="https://songhong.gov.vn",
        )
        committee_units = self.units(ubnd, COMMITTEE_UNITS)
        self.person(
            "admin",
            agency=ubnd,
            unit=committee_units[0],
            title="Quản trị hệ thống",
            roles=[Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN],
            superuser=True,
        )
        self.logins.append(DemoLogin("admin", "Quản trị hệ thống (bắt buộc xác thực hai bước)", ubnd.name))
        self.staff_agency(
            ubnd,
            committee_units,
            "ubnd",
            leader_title="Chủ tịch",
            login_roles=True,
            extra=[
                ("cv1", 1, "Chuyên viên", [Role.SPECIALIST]),
                ("cv2", 3, "Chuyên viên", [Role.SPECIALIST]),
            ],
        )
        self.person("ubnd.pct", agency=ubnd, unit=None, title="Phó Chủ tịch", roles=[Role.LEADER])

        for index, (name, short, kind) in enumerate(DEPARTMENTS, start=1):
            dept = self.agency(
                f"{PROVINCE_ORGAN}.{index:02d}",
                name,
                short,
                kind,
                parent=ubnd,
                area=province,
                email=f"{_ascii(short)}@songhong.gov.vn",
            )
            units = self.units(dept, DEPARTMENT_UNITS)
            self.staff_agency(
                dept,
                units,
                _ascii(short),
                leader_title="Giám đốc" if kind == "department" else "Trưởng ban",
                login_roles=(short == "SNV"),
                extra=[
                    ("cv1", 1, "Chuyên viên", [Role.SPECIALIST]),
                    ("motcua", 0, "Công chức tiếp nhận và trả kết quả", [Role.ONE_STOP_OFFICER]),
                ],
            )
            if short == "VP":
                portal = self.units(dept, [("Cổng Thông tin điện tử", "CTTĐT")])[0]
                self.person(
                    "cong.bientap",
                    agency=dept,
                    unit=portal,
                    title="Biên tập viên",
                    roles=[Role.PORTAL_EDITOR],
                )
                self.person(
                    "cong.tongbientap",
                    agency=dept,
                    unit=portal,
                    title="Tổng biên tập",
                    roles=[Role.PORTAL_CHIEF_EDITOR],
                )
                self.logins.append(DemoLogin("cong.bientap", "Biên tập viên cổng", dept.name))

        for index, (name, kind) in enumerate(COMMUNES, start=1):
            code = f"{PROVINCE_CODE}{index:03d}"
            area = self.area(code, name, kind, parent=province)
            agency = self.agency(
                f"{PROVINCE_ORGAN}.{50 + index:02d}",
                f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
                "UBND",
                "commune_committee",
                parent=ubnd,
                area=area,
            )
            units = self.units(agency, COMMUNE_UNITS)
            self.staff_agency(
                agency,
                units,
                f"xa{index:02d}",
                leader_title="Chủ tịch",
                login_roles=(index == 1),
                extra=[("motcua", 3, "Công chức một cửa", [Role.ONE_STOP_OFFICER])],
            )
        self._history(province, ubnd)
        # Kiêm nhiệm: the Sở Nội vụ leader also chairs a provincial steering unit at the People's Committee.
        snv_leader = User.objects.get(username="snv.lanhdao")
        if not Membership.objects.filter(user=snv_leader, agency=ubnd).exists():
            account_services.membership_create(
                actor=None,
                user=snv_leader,
                agency=ubnd,
                unit=committee_units[1],
                position_title="Phó Trưởng ban Chỉ đạo chuyển đổi số (kiêm nhiệm)",
                roles=[Role.LEADER],
                start_date=date(2024, 1, 1),
            )
        self.logins.append(
            DemoLogin("snv.lanhdao", "Lãnh đạo, kiêm nhiệm hai vị trí", "Sở Nội vụ / UBND tỉnh")
        )
        return {"agencies": Agency.objects.count(), "users": User.objects.count()}

    def _history(self, province: AdministrativeArea, ubnd: Agency) -> None:
        """Two former communes (in force since 2020) merged into a ward on 01/7/2025."""
        ward_area_code = f"{PROVINCE_CODE}900"
        ward_organ = f"{PROVINCE_ORGAN}.90"
        self.logins.append(
            DemoLogin(
                "cu.ap.lanhdao",
                "Lãnh đạo xã cũ, nay ở phường sau sáp nhập",
                f"{MERGED_WARD[0]} (từ 01/7/2025)",
            )
        )
        if Agency.objects.filter(organ_id=ward_organ).exists():
            return
        sources = []
        areas = []
        for offset, (name, prefix) in enumerate(FORMER_COMMUNES):
            area = self.area(f"{PROVINCE_CODE}8{offset:02d}", name, "commune", parent=province)
            areas.append(area)
            agency = self.agency(
                f"{PROVINCE_ORGAN}.8{offset}",
                f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
                "UBND",
                "commune_committee",
                parent=ubnd,
                area=area,
            )
            units = self.units(agency, COMMUNE_UNITS[:3])
            self.staff_agency(
                agency,
                units,
                f"cu.{prefix.lower()}",
                leader_title="Chủ tịch",
                extra=[("cv1", 1, "Công chức văn hóa – xã hội", [Role.SPECIALIST])],
            )
            sources.append(agency)
        name, kind = MERGED_WARD
        ward_area = org_services.area_merge(
            actor=None,
            sources=areas,
            code=ward_area_code,
            name=name,
            kind=kind,
            parent=province,
            effective_date=MERGE_DATE,
            legal_basis="Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025",
        )
        org_services.agency_merge(
            actor=None,
            sources=sources,
            effective_date=MERGE_DATE,
            legal_basis="Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025",
            new_agency={
                "name": f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
                "short_name": "UBND",
                "organ_id": ward_organ,
                "kind": "commune_committee",
                "parent": ubnd,
                "area": ward_area,
            },
        )


def build_demo(documents: int = 600, dossiers: int = 20_000) -> tuple[dict[str, int], list[DemoLogin]]:
    """The province, then a year of documents between its agencies (`documents` outgoing ones; 0 for none) and of
    one-stop dossiers (`dossiers`; 0 for none)."""
    from congso.demo.procedures_data import PROCEDURES
    from congso.documents.demo import build_demo_documents
    from congso.procedures.models import Procedure
    from congso.procedures.services import procedures_import

    builder = Builder()
    counts = builder.build()
    if not Procedure.objects.exists():
        procedures_import(actor=None, items=PROCEDURES)
    counts["procedures"] = Procedure.objects.count()
    if documents:
        counts["documents"] = build_demo_documents(outgoing=documents)["documents"]
    citizen = builder.citizen()
    counts["users"] = User.objects.count()
    if dossiers:
        from .dossiers import build_demo_dossiers

        counts["dossiers"] = build_demo_dossiers(count=dossiers, citizen=citizen)["dossiers"]
    # After the year of history (issued before the agencies signed digitally): keys, seals, leaders' certificates.
    from congso.signatures.demo import build_demo_signatures

    counts.update(build_demo_signatures())
    return counts, builder.logins
