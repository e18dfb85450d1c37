"""The documents' part of “Việc của tôi” (core.work): each item of my_work() as an entry that names the action
and links to the page where it is taken."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congso.core.work import WorkEntry

from . import my_work

ACTIONS = {
    "lead": _("Handle (lead)"),
    "collaborate": _("Collaborate"),
    "for_information": _("Read (for information)"),
    "to_direct": _("Give a direction"),
    "to_approve": _("Review and approve"),
    "to_register": _("Register"),
    "to_submit": _("Submit to a leader"),
    "to_issue": _("Number and issue"),
    "to_sign": _("Sign digitally"),
    "to_draft": _("Finish the draft"),
}


def document_work(user: Any, limit: int) -> list[WorkEntry]:
    entries = []
    for item in my_work(user=user, limit=limit, brief=True):
        document = item.document
        url = (
            reverse("documents:register_received", args=[document.pk])
            if item.reason == "to_register"
            else document.get_absolute_url()
        )
        entries.append(
            WorkEntry(
                title=document.subject,
                url=url,
                action=ACTIONS.get(item.reason, _("Open")),
                due=item.due_date,
                urgency=document.urgency if document.urgency != "normal" else "",
            )
        )
    return entries
