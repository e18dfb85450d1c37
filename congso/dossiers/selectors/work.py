"""The one-stop part of “Việc của tôi” (core.work): the officer's queue (my_queue) as entries — the step to take
(Thẩm định, Phê duyệt, Trả kết quả…), or the online dossier to check and receive — overdue first."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congso.core.work import WorkEntry

from . import my_queue


def dossier_work(user: Any, limit: int) -> list[WorkEntry]:
    prefix = reverse("dossiers:detail", args=[0])[:-2]
    entries = []
    for item in my_queue(user=user, limit=limit):
        dossier = item.dossier
        entries.append(
            WorkEntry(
                title=dossier.procedure.name,
                url=f"{prefix}{dossier.pk}/",
                action=_("Check and receive") if item.reason == "check" else item.reason,
                due=item.due,
                detail=f"{dossier.code} · {dossier.applicant_name}",
            )
        )
    return entries
