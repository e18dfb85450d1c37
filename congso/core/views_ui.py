"""The living page of the design system (/ui/, for administrators): every component as the platform draws it,
from the same templates and tags the pages use, so that a change shows here first. docs/ui.md describes them."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts
from .forms import StyledForm, date_field
from .roles import ADMIN_ROLES
from .views_errors import denied
from .work import WorkEntry


class SampleForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=10)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome of the check"),
        choices=[("ok", "Đủ"), ("incomplete", "Chưa đủ"), ("refused", "Từ chối")],
        widget=forms.RadioSelect,
    )
    collaborate = forms.MultipleChoiceField(
        label=gettext_lazy("Collaborate (phối hợp)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("Phòng, ban", [("unit:1", "Phòng Văn hóa - Xã hội"), ("unit:2", "Phòng Kinh tế")]),
            ("Cá nhân", [("user:1", "Nguyễn Thị Lan"), ("user:2", "Trần Văn Đức")]),
        ],
    )
    for_information = forms.MultipleChoiceField(  # the searchable select (Tom Select), grouped
        label=gettext_lazy("For information (để biết)"),
        required=False,
        choices=[
            ("Phòng, ban", [("unit:1", "Phòng Văn hóa - Xã hội"), ("unit:2", "Phòng Kinh tế")]),
            (
                "Cá nhân",
                [("user:1", "Nguyễn Thị Lan"), ("user:2", "Trần Văn Đức"), ("user:3", "Đỗ Minh Đạt")],
            ),
        ],
    )
    due_date = date_field(gettext_lazy("Deadline"))  # the date picker (flatpickr), dd/mm/yyyy
    attachment = forms.FileField(label=gettext_lazy("Attachments"), required=False)  # shows the upload status


@login_required
def design_system(request):
    if not any(request.user.has_role(role) for role in ADMIN_ROLES):
        return denied(request, _("The design system page is for administrators."))
    now = timezone.now()
    form = SampleForm({"name": "Một cái tên quá dài", "outcome": ""})
    form.is_valid()  # shows the error summary and the fields' errors
    entries = [
        WorkEntry(
            "Về việc báo cáo kết quả chuyển đổi số",
            "#",
            "Cho ý kiến chỉ đạo",
            now - timedelta(hours=3),
            urgency="express",
        ),
        WorkEntry(
            "Đăng ký khai sinh",
            "#",
            "Thẩm định",
            now + timedelta(days=1),
            detail="H29-261203-0001 · Lê Thị Hoa",
        ),
        WorkEntry("Kế hoạch ứng dụng CNTT năm 2027", "#", "Vào sổ", None),
    ]
    months = ["07/2026", "08/2026", "09/2026", "10/2026", "11/2026", "12/2026"]
    context = {
        "form": form,
        "entries": entries,
        "page": Paginator(list(range(95)), 20).get_page(request.GET.get("page", 2)),
        "badges": ["overdue", "due_soon", "on_time"],
        "now": now,
        "today": timezone.localdate(),
        "bar": charts.bar(
            "Tỷ lệ giải quyết đúng hạn theo cơ quan",
            ["UBND phường Hồng Hà", "UBND xã Bình An", "Sở Xây dựng"],
            {"Đúng hạn và trước hạn": [97.4, 88.0, 71.5]},
            percent=True,
            label_header="Cơ quan",
        ),
        "line": charts.line(
            "Hồ sơ theo từng tháng",
            months,
            {
                "Tiếp nhận": [1204, 1350, 1288, 1422, 1510, 380],
                "Đã giải quyết": [1180, 1302, 1300, 1391, 1466, 402],
            },
            label_header="Tháng",
        ),
        "icons": [
            "bell",
            "search",
            "printer",
            "person-circle",
            "briefcase",
            "arrow-right",
            "check2-circle",
            "shield-lock",
            "bar-chart",
            "inbox",
        ],
    }
    return render(request, "core/ui.html", context)
