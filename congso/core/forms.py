"""Form plumbing shared by every app: Bootstrap classes and accessible error attributes on each widget, and
one way to turn an ApplicationError from a service into form errors (architecture rule 8)."""

from __future__ import annotations

from django import forms

from .errors import ApplicationError


class StyledForm(forms.Form):
    """Every widget gets its Bootstrap class; a field with errors gets aria-invalid and aria-describedby so that
    screen readers read the message (templates/_bound_field.html renders label, widget, error, help)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = "form-check-input"  # on each input: templates/_bound_field.html draws the group
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"

    def apply_error(self, exc: ApplicationError) -> None:
        """Show a service's error on the fields it names, the rest at the top of the form."""
        placed = False
        for key, messages in (exc.details or {}).items():
            field = key.split(".")[0]
            if field in self.fields and isinstance(messages, list):
                for message in messages:
                    self.add_error(field, str(message))
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class DateInput(forms.DateInput):
    """dd/mm/yyyy in a text box (the format every Vietnamese form uses), parsed by the form field."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "data-cs-date": "", **(attrs or {})},
            format="%d/%m/%Y",
        )


def date_field(label: str, *, required: bool = False, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=DateInput(), **kwargs
    )
