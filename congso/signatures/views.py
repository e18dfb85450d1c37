"""Staff pages of signatures: my certificate and signature image (and what waits for my signing agent), an
agency's keys, certificates and seal (its administrators), the trust store (system administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from congso.core.errors import ApplicationError
from congso.core.views_errors import denied

from . import forms, permissions, services
from .models import SignatureImage
from .selectors import (
    certificate_rows,
    certificates_of,
    managed_agencies,
    signature_image,
    signing_keys_of,
    signing_requests_of,
    trust_store,
)


def _flash(request, exc: ApplicationError) -> None:
    extra = "".join(
        f" {m}" for ms in exc.details.values() if isinstance(ms, list) for m in ms if m != exc.message
    )
    messages.error(request, exc.message + extra)


def _run(request, form, call, success: str) -> bool:
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return False
    try:
        call(form.cleaned_data)
    except ApplicationError as exc:
        _flash(request, exc)
        return False
    messages.success(request, success)
    return True


def _retire(request, queryset) -> None:
    form = forms.RetireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Invalid value."))
        return
    certificate = queryset.filter(pk=form.cleaned_data["certificate"]).first()
    if certificate is None:
        raise Http404
    try:
        services.certificate_retire(
            actor=request.user,
            certificate=certificate,
            revoked=form.cleaned_data["revoked"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The certificate is no longer used."))


@login_required
def mine(request):
    user = request.user
    if user.kind != "staff":
        return denied(request, _("Digital signatures are for staff accounts."))
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "certificate":
            form = forms.CertificateForm(request.POST, request.FILES)
            _run(
                request,
                form,
                lambda data: services.certificate_add(
                    actor=user, data=data["file"], purpose="signing", user=user
                ),
                _("The certificate was added."),
            )
        elif action == "image":
            form = forms.ImageForm(request.POST, request.FILES)
            _run(
                request,
                form,
                lambda data: services.image_add(actor=user, png=data["file"], kind="signature", user=user),
                _("The signature image was saved."),
            )
        elif action == "retire":
            _retire(request, certificates_of(user=user))
        return redirect("signatures:mine")
    image = signature_image(kind="signature", user=user)
    return render(
        request,
        "signatures/mine.html",
        {
            "certificates": certificate_rows(certificates_of(user=user)),
            "image": image,
            "requests": signing_requests_of(user=user)[:10],
            "certificate_form": forms.CertificateForm(),
            "image_form": forms.ImageForm(),
            "managed": managed_agencies(user),
            "trust_store": permissions.can_manage_trust_store(user),
        },
    )


@login_required
def agency(request, agency_id: int):
    user = request.user
    if not permissions.can_manage_agency(user, agency_id):
        return denied(request, _("Only the agency's administrator manages its signing keys."))
    from congso.organizations.models import Agency

    found = Agency.objects.filter(pk=agency_id).first()
    if found is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pkcs12":
            _run(
                request,
                forms.Pkcs12Form(request.POST, request.FILES),
                lambda data: services.signing_key_add_pkcs12(
                    actor=user,
                    agency_id=agency_id,
                    data=data["file"],
                    secret_ref=data["secret_ref"],
                    label=data["label"],
                ),
                _("The key was added and is now the agency's key in use."),
            )
        elif action == "pkcs11":
            _run(
                request,
                forms.Pkcs11Form(request.POST),
                lambda data: services.signing_key_add_pkcs11(actor=user, agency_id=agency_id, **data),
                _("The key was added and is now the agency's key in use."),
            )
        elif action == "seal":
            _run(
                request,
                forms.ImageForm(request.POST, request.FILES),
                lambda data: services.image_add(
                    actor=user, png=data["file"], kind="seal", agency_id=agency_id
                ),
                _("The seal image was saved."),
            )
        elif action == "retire":
            _retire(request, certificates_of(agency_id=agency_id))
        return redirect("signatures:agency", agency_id=agency_id)
    return render(
        request,
        "signatures/agency.html",
        {
            "agency": found,
            "certificates": certificate_rows(certificates_of(agency_id=agency_id)),
            "keys": signing_keys_of(agency_id=agency_id),
            "seal": signature_image(kind="seal", agency_id=agency_id),
            "pkcs12_form": forms.Pkcs12Form(),
            "pkcs11_form": forms.Pkcs11Form() if forms.Pkcs11Form().fields["module"].choices else None,
            "image_form": forms.ImageForm(),
        },
    )


@login_required
def trust(request):
    user = request.user
    if not permissions.can_manage_trust_store(user):
        return denied(request, _("Only a system administrator manages the trust store."))
    if request.method == "POST":
        if request.POST.get("action") == "retire":
            _retire(request, trust_store())
        else:
            _run(
                request,
                forms.CertificateForm(request.POST, request.FILES),
                lambda data: services.certificate_add(
                    actor=user, data=data["file"], purpose=services.anchor_purpose(data["file"])
                ),
                _("The certificate was added to the trust store."),
            )
        return redirect("signatures:trust")
    return render(
        request,
        "signatures/trust.html",
        {"certificates": certificate_rows(trust_store()), "form": forms.CertificateForm()},
    )


@login_required
def image(request, pk: int):
    """A signature or seal image, to its owner (an official; the agency's administrators)."""
    found = SignatureImage.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    allowed = (
        permissions.can_manage_personal(request.user, found.user)
        if found.user_id
        else permissions.can_manage_agency(request.user, found.agency_id)
    )
    if not allowed:
        raise Http404
    return HttpResponse(bytes(found.png), content_type="image/png")
