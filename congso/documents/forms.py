"""Forms of the documents pages. They parse and label input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congso.core.forms import StyledForm, date_field

from .models import Direction, Document, DocumentAssignment


def _type_choices():
    from .selectors import document_types

    return [("", "—")] + [
        (t.code, f"{t.name}{f' ({t.abbreviation})' if t.abbreviation else ''}") for t in document_types()
    ]


class MetadataForm(StyledForm):
    document_type = forms.ChoiceField(label=_("Document type"), choices=())
    subject = forms.CharField(label=_("Subject"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Document.Urgency.choices, initial="normal")
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=Document.Secrecy.choices, initial="none")
    page_count = forms.IntegerField(label=_("Pages"), min_value=1, initial=1)
    due_date = date_field(_("Processing deadline"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = _type_choices()


class IncomingForm(MetadataForm):
    issuer = forms.ChoiceField(label=_("Issuer on the platform"), required=False, choices=())
    issuer_name = forms.CharField(label=_("Issuer (outside the platform)"), required=False, max_length=255)
    code_number = forms.CharField(label=_("Number"), max_length=20)
    code_notation = forms.CharField(
        label=_("Symbol"), max_length=80, required=False, help_text=_("e.g. KH-UBND")
    )
    issued_date = date_field(_("Issue date"), required=True)
    signer_name = forms.CharField(label=_("Signer"), max_length=150, required=False)
    files = forms.FileField(
        label=_("Files (PDF, DOCX, images)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
    )
    allow_duplicate = forms.BooleanField(
        label=_("Register it anyway (I checked: it is not a duplicate)"), required=False
    )

    field_order = [
        "issuer",
        "issuer_name",
        "code_number",
        "code_notation",
        "issued_date",
        "document_type",
        "subject",
        "signer_name",
        "urgency",
        "secrecy",
        "page_count",
        "due_date",
        "files",
        "allow_duplicate",
    ]

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [("", "—")] + [(str(a.pk), a.name) for a in agencies]
        self.fields["files"].widget.attrs["multiple"] = True


class DraftForm(MetadataForm):
    recipients = forms.MultipleChoiceField(label=_("Recipients on the platform"), required=False, choices=())
    internal_recipients = forms.MultipleChoiceField(
        label=_("Units and people of this agency"), required=False, choices=()
    )
    other_recipients = forms.CharField(
        label=_("Other recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name, or organ id; name"),
    )
    main_file = forms.FileField(label=_("Main file (DOCX or PDF)"), required=False)
    attachments = forms.FileField(
        label=_("Attachments"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}),
    )

    def __init__(self, *args, agencies=(), internal=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [(str(a.pk), a.name) for a in agencies]
        self.fields["internal_recipients"].choices = list(internal)
        self.fields["internal_recipients"].widget.attrs["size"] = 5
        self.fields["attachments"].widget.attrs["multiple"] = True
        self.fields["recipients"].widget.attrs["size"] = 6


class DirectForm(StyledForm):
    instruction = forms.CharField(
        label=_("Direction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.ChoiceField(label=_("Lead (chủ trì)"), required=False, choices=())
    collaborate = forms.MultipleChoiceField(
        label=_("Collaborate (phối hợp)"), required=False, choices=(), widget=forms.SelectMultiple
    )
    for_information = forms.MultipleChoiceField(
        label=_("For information (để biết)"), required=False, choices=(), widget=forms.SelectMultiple
    )
    due_date = date_field(_("Deadline"))
    due_days = forms.IntegerField(
        label=_("or within (working days)"), required=False, min_value=1, max_value=365
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", "—")] + list(targets)
        self.fields["collaborate"].choices = list(targets)
        self.fields["for_information"].choices = list(targets)

    def show_service_errors(self, details: dict) -> None:
        """A refusal of the service (incoming_document_direct) shown at the field it is about: "due_date" and
        "assignments.N.due_date" at the deadline, "instruction" at the direction, the rest at the lead."""
        for key, problems in details.items():
            if key == "instruction":
                name = "instruction"
            elif key.endswith("due_date"):
                name = "due_date"
            else:
                name = "lead"
            for problem in problems if isinstance(problems, list) else [problems]:
                if problem not in self.errors.get(name, []):
                    self.add_error(name, problem)

    def assignments(self) -> list[dict]:
        rows = []

        def target(value: str, kind: str) -> dict:
            prefix, _sep, pk = value.partition(":")
            return {"kind": kind, ("unit_id" if prefix == "unit" else "user_id"): int(pk)}

        data = self.cleaned_data
        if data.get("lead"):
            rows.append(target(data["lead"], DocumentAssignment.Kind.LEAD))
        rows += [target(v, DocumentAssignment.Kind.COLLABORATE) for v in data.get("collaborate", [])]
        rows += [target(v, DocumentAssignment.Kind.FOR_INFORMATION) for v in data.get("for_information", [])]
        return rows

    def due(self):
        return self.cleaned_data.get("due_date") or self.cleaned_data.get("due_days")


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=300)
    direction = forms.ChoiceField(
        label=_("Incoming or outgoing"),
        required=False,
        choices=[("", _("All")), ("incoming", _("Incoming")), ("outgoing", _("Outgoing"))],
    )
    document_type = forms.ChoiceField(label=_("Document type"), required=False, choices=())
    issuer = forms.CharField(label=_("Issuer"), required=False, max_length=255)
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))
    status = (
        forms.ChoiceField(  # grouped: an incoming document is never "drafting", an outgoing never "assigned"
            label=_("Status"),
            required=False,
            choices=[
                ("", _("All")),
                (_("Incoming"), Document.statuses_for(Direction.INCOMING)),
                (_("Outgoing"), Document.statuses_for(Direction.OUTGOING)),
            ],
        )
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("All"))] + list(Document.Urgency.choices)
    )
    order = forms.ChoiceField(
        label=_("Order"), required=False, choices=[("relevance", _("Relevance")), ("date", _("Date"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = [("", _("All"))] + _type_choices()[1:]


class ExtensionForm(StyledForm):
    until = date_field(_("New deadline"), required=True)
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class PaperDispatchForm(StyledForm):
    sent_on = date_field(_("Sent on"), required=True)
