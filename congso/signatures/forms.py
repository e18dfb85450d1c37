"""Forms of the signature pages: files are read only after their size is checked (services check again)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congso.core.forms import StyledForm

MAX_FORM_FILE = 1024 * 1024


class _FileForm(StyledForm):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FORM_FILE:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload.read()


class CertificateForm(_FileForm):
    file = forms.FileField(label=_("Certificate (.cer, .crt, .pem)"))


class ImageForm(_FileForm):
    file = forms.FileField(label=_("Transparent PNG image"))


class Pkcs12Form(_FileForm):
    file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"))
    secret_ref = forms.CharField(
        label=_("Passphrase from"),
        max_length=120,
        help_text=_(
            "env:CONGSO_SIGN_NAME (an environment variable of the server) or file:NAME (a file in the secrets folder)"
        ),
    )
    label = forms.CharField(label=_("Label"), max_length=120, required=False)


class Pkcs11Form(StyledForm):
    module = forms.ChoiceField(label=_("PKCS#11 module"))
    token = forms.CharField(label=_("Token label"), max_length=64)
    key_label = forms.CharField(label=_("Key label"), max_length=64, required=False)
    key_id = forms.CharField(label=_("Key id (hexadecimal)"), max_length=128, required=False)
    secret_ref = forms.CharField(
        label=_("PIN from"), max_length=120, help_text=_("env:CONGSO_SIGN_NAME or file:NAME")
    )
    label = forms.CharField(label=_("Label"), max_length=120, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [(m, m) for m in settings.CONGSO_PKCS11_MODULES]


class RetireForm(StyledForm):
    certificate = forms.IntegerField(widget=forms.HiddenInput)
    revoked = forms.BooleanField(label=_("Revoked by the CA"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
