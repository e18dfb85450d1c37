"""PDF receipts per second (Mẫu 01, WeasyPrint) made in one process from bench dossiers, as the worker makes them."""

import time

from congso.dossiers.models import Dossier
from congso.dossiers.services import dossier_store_receipt

N = 60
dossiers = list(
    Dossier.objects.select_related("procedure", "receiving_agency", "handling_agency", "received_by")[:N]
)
dossier_store_receipt(dossier=dossiers[0])  # fonts and templates loaded once
started = time.perf_counter()
for dossier in dossiers[1:]:
    dossier_store_receipt(dossier=dossier)
elapsed = time.perf_counter() - started
print(
    f"RECEIPTS {len(dossiers) - 1} in {elapsed:.2f} s = {(len(dossiers) - 1) / elapsed:.1f} receipts/s per process"
)
