"""Applying online (/dich-vu-cong/nop/<code>/, /dich-vu-cong/<pk>/sua/): the whole application on one page, or —
for a long e-form, or when the citizen asks for it — one thing per page (GOV.UK's pattern): the agency and the
applicant, then each paper with its questions and file, then a check-your-answers page from which each answer is
changed and the dossier submitted. Both are the same ApplyForm and the same services: each step saves the draft
(online_draft_save), so nothing typed is lost between pages, and submission checks everything at once
(online_submit), its errors shown at the answers with a link to the step that holds each one. docs/dossiers.md."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from congso.core.errors import ApplicationError
from congso.core.uploads import upload_from
from congso.organizations.models import Agency
from congso.procedures.models import Procedure

from . import services
from .forms import ApplyForm
from .models import Dossier
from .selectors import agency_for_area, competent_agencies
from .views_citizen import _citizen, _own

CHECK = "kiem-tra"  # ?buoc=kiem-tra: the check-your-answers page


def _initial(request, dossier: Dossier | None, agencies: list[Agency]) -> dict[str, str]:
    """What the form starts from: the saved draft, or the account's own details for a new application, with the
    competent agency proposed from the commune or ward the citizen gave on their account."""
    if dossier is None:
        user = request.user
        initial = {"name": user.full_name, "phone": user.phone, "email": user.email}
        proposed = agency_for_area(agencies, user.home_area) if user.home_area_id else None
        if proposed is not None:
            initial["handling_agency"] = str(proposed.pk)
        return initial
    initial = {
        "handling_agency": str(dossier.handling_agency_id),
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "address": dossier.applicant_address,
    }
    for paper_id, values in dossier.form_data.items():
        for name, value in values.items():
            initial[f"f_{paper_id}_{name}"] = value
    return initial


def _step_of(request, form: ApplyForm, dossier: Dossier | None) -> int | str | None:
    """None for the one-page form; a step number from 1; or CHECK. A long e-form goes step by step unless the
    citizen asked for one page (?mot-trang=1); a saved long draft opens on its check-your-answers page."""
    asked = request.POST.get("buoc") or request.GET.get("buoc")
    if asked and dossier is None:
        return 1  # a new application starts at the beginning: the first step makes the draft
    if asked == CHECK:
        return CHECK
    if asked and asked.isdigit():
        return min(max(int(asked), 1), len(form.steps()))
    if request.GET.get("mot-trang") or form.question_count() < settings.CONGSO_EFORM_STEPS_FROM:
        return None
    return CHECK if dossier is not None else 1


@_citizen
def apply(request, code: str | None = None, pk: int | None = None):
    dossier = _own(request, pk) if pk else None
    procedure = dossier.procedure if dossier else Procedure.objects.filter(code=code, active=True).first()
    if procedure is None:
        raise Http404
    agencies = competent_agencies(procedure)
    initial = _initial(request, dossier, agencies)
    form = ApplyForm(procedure=procedure, agencies=agencies, initial=initial)
    step = _step_of(request, form, dossier)
    data = request.POST if request.method == "POST" else None
    if data is not None and step is not None:
        # A step posts only its own fields: the rest come from the draft, so that saving it keeps them.
        names = set(form.steps()[step - 1][1]) if isinstance(step, int) else set()
        merged = QueryDict(mutable=True)
        merged.update({key: value for key, value in initial.items() if key not in names})
        for key in names & set(data):
            merged[key] = data[key]
        data = merged
    form = ApplyForm(data, request.FILES or None, procedure=procedure, agencies=agencies, initial=initial)
    if dossier is None and "handling_agency" in initial and len(agencies) > 1:
        form.fields["handling_agency"].help_text = _(
            "Proposed from where you live (%(area)s, on your account): you can choose another."
        ) % {"area": request.user.home_area.name}
    action = request.POST.get("action", "save")
    if request.method == "POST" and form.is_valid():
        try:
            saved = dossier
            if step != CHECK:
                saved = _save(request, form, procedure, agencies, dossier)
            if action == "submit":
                saved = services.online_submit(actor=request.user, dossier=saved)
                messages.success(request, _("Dossier %(code)s was submitted.") % {"code": saved.code})
                return redirect("citizen:detail", pk=saved.pk)
            if action == "next" and isinstance(step, int):
                following = step + 1 if step < len(form.steps()) else CHECK
                return redirect(f"{reverse('citizen:edit', args=[saved.pk])}?buoc={following}")
            messages.info(request, _("The draft was saved."))
            return redirect("citizen:detail", pk=saved.pk)
        except ApplicationError as exc:
            form.apply_error(exc)
    uploaded = {p.paper_id: p for p in dossier.papers.filter(round=0)} if dossier else {}
    context = {"form": form, "procedure": procedure, "dossier": dossier, "uploaded": uploaded}
    status = 400 if request.method == "POST" else 200
    if step is None:
        return render(request, "dossiers/citizen/apply.html", context, status=status)
    steps = form.steps()
    if step == CHECK:
        context["answers"] = [
            (number, title, [(form[name], form.answer(name, uploaded)) for name in names])
            for number, (title, names) in enumerate(steps, start=1)
        ]
        return render(request, "dossiers/citizen/apply_check.html", context, status=status)
    title, names = steps[step - 1]
    context.update(
        step=step,
        step_count=len(steps),
        step_title=title,
        fields=[
            (form[name], uploaded.get(int(name[6:])) if name.startswith("paper_") else None) for name in names
        ],
        back=(f"?buoc={step - 1}" if step > 1 else None),
    )
    return render(request, "dossiers/citizen/apply_step.html", context, status=status)


def _save(request, form: ApplyForm, procedure: Procedure, agencies: list[Agency], dossier: Dossier | None):
    uploads = {
        int(key.split("_", 1)[1]): upload_from(f, key)
        for key, f in request.FILES.items()
        if key.startswith("paper_") and key.split("_", 1)[1].isdigit()
    }
    chosen = form.cleaned_data["handling_agency"]
    return services.online_draft_save(
        actor=request.user,
        procedure=procedure,
        handling_agency=next((a for a in agencies if str(a.pk) == chosen), None),
        applicant=form.applicant(),
        form_data=form.form_data(),
        uploads=uploads,
        dossier=dossier,
    )
