"""1,000 receipts (Mẫu 01) received at a desk whose agency signs with a PKCS#12 key: the intake requests do not
sign (the receipt and its signature are the worker's job, queued after the commit); then the worker makes and
signs them all, timed. Run by bench/signing.sh inside `congso shell` after bench/signing.py (its agency and key)."""

import os
import subprocess
import sys
import time

from django.db import transaction

from congso.accounts.models import User
from congso.demo.procedures_data import PROCEDURES
from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.organizations.models import Agency
from congso.procedures.models import Procedure
from congso.procedures.services import procedures_import
from congso.signatures.models import IssuedSignature

N = int(os.environ.get("BENCH_RECEIPTS", "1000"))
if not Procedure.objects.exists():
    procedures_import(actor=None, items=PROCEDURES)
agency = Agency.objects.get(short_name="BENCHSIGN")
officer = User.objects.filter(username="bench.desk").first()
if officer is None:
    from congso.accounts import services as accounts
    from congso.core.roles import Role

    officer = User.objects.create(username="bench.desk", full_name="Công chức một cửa", kind="staff")
    accounts.membership_create(
        actor=None,
        user=officer,
        agency=agency,
        unit=None,
        position_title="Một cửa",
        roles=[Role.ONE_STOP_OFFICER],
    )
    officer = User.objects.get(pk=officer.pk)
procedure = Procedure.objects.filter(code="1.001612").first() or Procedure.objects.first()
applicant = {"name": "Lê Thị Hoa", "id_number": "079123456789", "phone": "0912 345 678"}
started = time.perf_counter()
for _ in range(N):
    with transaction.atomic():
        services.dossier_receive(
            actor=officer,
            receiving_agency=agency,
            procedure=procedure,
            channel="direct",
            applicant=applicant,
            handling_agency=agency,
        )
intake = time.perf_counter() - started
unsigned = IssuedSignature.objects.filter(target__endswith=":receipt").count()
print(
    f"INTAKE {N} dossiers in {intake:.1f} s = {N / intake:.1f}/s; receipts signed during intake: {unsigned}"
)
started = time.perf_counter()
subprocess.run([sys.executable, "-m", "congso.cli", "worker", "--batch", "-v0"], check=True)
elapsed = time.perf_counter() - started
signed = IssuedSignature.objects.filter(target__endswith=":receipt").count()
made = Dossier.objects.exclude(receipt="").count()
print(f"RECEIPTS {made} made and {signed} signed by one worker in {elapsed:.1f} s = {signed / elapsed:.1f}/s")
assert signed == made == N, "every receipt is made and signed"
