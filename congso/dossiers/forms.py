"""Forms of the one-stop pages: reception at the desk (three outcomes), the actions on a dossier, the public
lookup. They parse and clean; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congso.core.forms import StyledForm, date_field

from .models import Dossier

OUTCOMES = [
    ("accept", _("Complete: accept and print the receipt (Mẫu 01)")),
    ("incomplete", _("Incomplete: request a supplement (Mẫu 02)")),
    ("refuse", _("Refuse (Mẫu 03)")),
]


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ReceptionForm(StyledForm):
    procedure = forms.ChoiceField(label=_("Procedure"))
    handling_agency = forms.ChoiceField(label=_("Competent agency"))
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Dossier.Channel.DIRECT, _("At the desk")), (Dossier.Channel.POSTAL, _("By post"))],
    )
    postal_reference = forms.CharField(label=_("Postal item number"), required=False, max_length=40)
    name = forms.CharField(label=_("Applicant"), max_length=200)
    id_number = forms.CharField(label=_("Identity number (12 digits)"), max_length=20)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    email = forms.CharField(label=_("Email"), required=False, max_length=254)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    outcome = forms.ChoiceField(label=_("Outcome of the check"), choices=OUTCOMES, widget=forms.RadioSelect)
    items = forms.CharField(
        label=_("Missing or incomplete papers (one per line)"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, procedures=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", "—")] + [
            (p.code, f"{p.code} · {p.name}") for p in procedures
        ]
        self.fields["handling_agency"].choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"

    def applicant(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in ("name", "id_number", "phone", "email", "address")}


class ActionForm(StyledForm):
    """Every action's fields; each action reads the ones it needs and the service validates them."""

    version = forms.IntegerField(required=False)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea({"rows": 2}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea({"rows": 2}))
    items = forms.CharField(
        label=_("Missing or incomplete papers (one per line)"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    new_date = date_field(_("New appointment date"))
    method = forms.ChoiceField(label=_("Returned"), required=False, choices=Dossier.ReturnMethod.choices)
    assignee = forms.IntegerField(required=False)
    agencies = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=())
    lead_agency = forms.IntegerField(required=False)
    step = forms.IntegerField(required=False)
    result_summary = forms.CharField(label=_("Result"), required=False, widget=forms.Textarea({"rows": 2}))
    result_file = forms.FileField(label=_("Result file (PDF)"), required=False)

    def __init__(self, *args, agency_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(pk, pk) for pk in agency_ids]


class LookupForm(StyledForm):
    code = forms.CharField(label=_("Dossier code"), max_length=60)
    check = forms.CharField(label=_("Last 4 digits of the applicant's phone"), min_length=4, max_length=4)
