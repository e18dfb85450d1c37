from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from congso.core.forms import StyledForm
from congso.core.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _("Wrong username, email or password. Note that the password is case-sensitive."),
        "inactive": _("This account is disabled."),
    }


class OtpForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has six digits."))
        return token


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)
    expires_in_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    q = forms.CharField(label=_("Object or content"), required=False)
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


ROLE_CHOICES = Role.choices


class HomeAreaForm(StyledForm):
    """The citizen's commune or ward, from those in force (a searchable select: there are thousands)."""

    home_area = forms.TypedChoiceField(
        label=_("Commune or ward where you live"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area"].choices = [("", "—")] + [
            (a.pk, f"{a.name} ({a.parent.name})" if a.parent_id else a.name) for a in areas
        ]
        self.fields["home_area"].widget.attrs["data-cs-search"] = ""
