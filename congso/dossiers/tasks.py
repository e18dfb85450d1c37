"""Background jobs of dossiers; each calls one service."""

from django_tasks import task

from .models import Dossier
from .services.paperwork import receipt_ensure
from .services.portal import portal_send


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
    return "ok"
