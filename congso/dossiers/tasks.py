"""Background jobs of dossiers; each calls one service."""

from django_tasks import task

from .models import Dossier
from .services.paperwork import receipt_ensure
from .services.portal import portal_send
from .services.signing import form_sign, paper_signatures_check, receipt_sign, result_sign


@task()
def send_portal_record(sync_id: int) -> str:
    return portal_send(sync_id=sync_id)


@task()
def make_receipt(dossier_id: int) -> str:
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        return "missing"
    receipt_ensure(dossier=dossier)
    receipt_sign(dossier=dossier)
    return "ok"


@task()
def sign_receipt(dossier_id: int) -> str:
    dossier = Dossier.objects.filter(pk=dossier_id).first()
    return "signed" if dossier is not None and receipt_sign(dossier=dossier) else "unchanged"


@task()
def sign_form(form_id: int) -> str:
    return "signed" if form_sign(form_id=form_id) else "unchanged"


@task()
def sign_result(dossier_id: int) -> str:
    dossier = Dossier.objects.filter(pk=dossier_id).first()
    return "signed" if dossier is not None and result_sign(dossier=dossier) else "unchanged"


@task()
def check_paper_signatures(paper_id: int) -> str:
    return paper_signatures_check(paper_id=paper_id)
