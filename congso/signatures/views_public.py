"""/xac-thuc/: anyone checks a signed PDF the platform issued — by the verification code printed on it (and its
QR code), or by uploading the file. Rate-limited per address (CONGSO_VERIFY_RATE checks per 10 minutes, shared
through the cache); shows only what the holder of the file already has, and never a secret document's subject."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.cache import count_hit
from congso.core.forms import StyledForm

from .selectors import issued_file, signatures_for_code
from .services.validation import validate_pdf

CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$")


class VerifyForm(StyledForm):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=20, required=False)
    file = forms.FileField(label=gettext_lazy("Or choose the signed PDF"), required=False)

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data.get("code") or "").upper()
        if code and not CODE.match(code):
            raise forms.ValidationError(_("A verification code has 12 letters and digits."))
        return code

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if not cleaned.get("code") and not upload and not self.errors:
            raise forms.ValidationError(_("Type the code or choose the file."))
        if upload is not None and upload.size > settings.CONGSO_VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.CONGSO_VERIFY_MAX_BYTES // (1024 * 1024)}
            )
        return cleaned


def _limited(request) -> bool:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return count_hit(f"congso:verify:{address}", 600) > settings.CONGSO_VERIFY_RATE


def verify(request, code: str = ""):
    form = VerifyForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    status = 200
    if code:
        if not CODE.match(code):
            return redirect("verify:verify")
        if _limited(request):
            return render(request, "signatures/verify.html", {**context, "limited": True}, status=429)
        context.update(code=code, signatures=signatures_for_code(code=code))
        if not context["signatures"]:
            status = 404
    elif request.method == "POST":
        if _limited(request):
            return render(request, "signatures/verify.html", {**context, "limited": True}, status=429)
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["code"] and not form.cleaned_data.get("file"):
            return redirect("verify:code", code=form.cleaned_data["code"])
        else:
            content = form.cleaned_data["file"].read(settings.CONGSO_VERIFY_MAX_BYTES + 1)
            context["report"] = validate_pdf(content)
            record = issued_file(content=content)
            if record is not None:
                context.update(code=record.code, signatures=signatures_for_code(code=record.code), ours=True)
    return render(request, "signatures/verify.html", context, status=status)
