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
    id_number = forms.CharField(
        label=_("Identity number (12 digits)"),
        max_length=20,
        widget=forms.TextInput({"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20, widget=forms.TextInput({"inputmode": "tel"})
    )
    email = forms.CharField(
        label=_("Email"), required=False, max_length=254, widget=forms.EmailInput({"inputmode": "email"})
    )
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
    amount = forms.IntegerField(label=_("Amount (VND)"), required=False, min_value=1)
    result_summary = forms.CharField(label=_("Result"), required=False, widget=forms.Textarea({"rows": 2}))
    result_file = forms.FileField(label=_("Result file (PDF)"), required=False)

    def __init__(self, *args, agency_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = [(pk, pk) for pk in agency_ids]


class LookupForm(StyledForm):
    code = forms.CharField(label=_("Dossier code"), max_length=60)
    check = forms.CharField(label=_("Last 4 digits of the applicant's phone"), min_length=4, max_length=4)


FIELD_WIDGETS = {
    "date": {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
    "number": {"inputmode": "decimal"},
    "phone": {"inputmode": "tel"},
    "id_number": {"inputmode": "numeric"},
    "email": {"inputmode": "email"},
}


APPLICANT_NAMES = {"ho_ten", "ho_va_ten", "ten_nguoi_yeu_cau"}


def applicant_field(spec: dict) -> str:
    """The applicant field an e-form field repeats ("name", "id_number", "phone"), or "" if it asks something
    else. By type for an identity number or a phone; by the usual names for the applicant's name."""
    kind, name = spec.get("type", ""), spec.get("name", "")
    if kind == "id_number":
        return "id_number"
    if kind == "phone":
        return "phone"
    if kind == "text" and name in APPLICANT_NAMES:
        return "name"
    return ""


class ApplyForm(StyledForm):
    """The online application: the competent agency, the applicant, each paper's e-form fields and file. Fields
    are not required here: a draft may be partial; submission checks everything at once (services.online)."""

    handling_agency = forms.ChoiceField(label=_("Competent agency"))
    name = forms.CharField(label=_("Applicant"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("Identity number (12 digits)"),
        max_length=20,
        required=False,
        widget=forms.TextInput({"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20, required=False, widget=forms.TextInput({"inputmode": "tel"})
    )
    email = forms.CharField(
        label=_("Email"), required=False, max_length=254, widget=forms.EmailInput({"inputmode": "email"})
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=300)

    def __init__(self, *args, procedure, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(agencies)
        # The competent agency is the citizen's choice: none is chosen for them unless only one can handle it.
        choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["handling_agency"].choices = choices if len(choices) == 1 else [("", "—"), *choices]
        self.paper_groups = []
        # E-form fields that repeat the applicant's own details (name, identity number, phone) are asked once, in
        # the applicant's block, and filled from it (form_data).
        self.from_applicant: dict[str, str] = {}
        for paper in procedure.papers.all():
            names = []
            for spec in paper.form_fields:
                key = f"f_{paper.pk}_{spec['name']}"
                same = applicant_field(spec)
                if same:
                    self.from_applicant[key] = same
                    names.append(key)
                    continue
                self.fields[key] = forms.CharField(
                    label=spec.get("label") or spec["name"],
                    required=False,
                    max_length=500,
                    widget=forms.TextInput(
                        {"class": "form-control", **FIELD_WIDGETS.get(spec.get("type", ""), {})}
                    ),
                )
                names.append(key)
            key = f"paper_{paper.pk}"
            self.fields[key] = forms.FileField(
                label=_("File of “%(paper)s”%(required)s")
                % {"paper": paper.name, "required": " *" if paper.required else ""},
                required=False,
                widget=forms.ClearableFileInput(
                    {"class": "form-control", "accept": ".pdf,.docx,.jpg,.jpeg,.png,.tif,.tiff"}
                ),
            )
            names.append(key)
            self.paper_groups.append((paper, names))

    def applicant(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(key) or ""
            for key in ("name", "id_number", "phone", "email", "address")
        }

    def form_data(self) -> dict[str, dict[str, str]]:
        data: dict[str, dict[str, str]] = {}
        for paper, names in self.paper_groups:
            for key in names:
                if key in self.from_applicant:
                    value = self.cleaned_data.get(self.from_applicant[key]) or ""
                    data.setdefault(str(paper.pk), {})[key.split("_", 2)[2]] = value
                elif key.startswith("f_"):
                    data.setdefault(str(paper.pk), {})[key.split("_", 2)[2]] = (
                        self.cleaned_data.get(key) or ""
                    )
        return data

    def visible_names(self, names: list[str]) -> list[str]:
        return [name for name in names if name not in self.from_applicant]

    # --- One thing per page (GOV.UK's pattern, docs/dossiers.md): the same form, asked a step at a time ---------
    APPLICANT_FIELDS = ("handling_agency", "name", "id_number", "phone", "email", "address")

    def steps(self) -> list[tuple[str, list[str]]]:
        """The pages of the step-by-step application: the agency and the applicant, then one per paper (its e-form
        questions and its file). The check-your-answers page comes after the last."""
        steps: list[tuple[str, list[str]]] = [
            (str(_("The agency and the applicant")), list(self.APPLICANT_FIELDS))
        ]
        for paper, names in self.paper_groups:
            steps.append((paper.name, self.visible_names(names)))
        return steps

    def question_count(self) -> int:
        """E-form questions and files the citizen answers (the repeats of the applicant's details are not asked)."""
        return sum(len(self.visible_names(names)) for _paper, names in self.paper_groups)

    def answer(self, name: str, uploaded: dict) -> str:
        """What the check-your-answers page shows for a field: the agency's name, the file uploaded, the text."""
        if name.startswith("paper_"):
            item = uploaded.get(int(name.split("_", 1)[1]))
            return item.filename if item else ""
        value = self[name].value() or ""
        if name == "handling_agency":
            return dict(self.fields[name].choices).get(str(value), "") if value else ""
        return str(value)
