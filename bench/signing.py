"""Signing and validation throughput (issue 12 §7), in one process, each against raw pyHanko on the same file in
the same run: a 10-page document signed with an agency's PKCS#12 key through the platform (key from the database,
the NĐ 30 appearance, the verification stamp, the record and the audit entry) vs pyHanko's PdfSigner alone with
the same key and field; then validation through the platform vs pyHanko's validate_pdf_signature.

Run by bench/signing.sh inside `congso shell` on a scratch database (it creates its own CA, agency and key)."""

import io
import os
import time

from django.db import transaction
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from congso.accounts.models import User
from congso.core.pdf import font_face_css, html_to_pdf
from congso.core.roles import Role
from congso.organizations.models import Agency
from congso.signatures import pki, services
from congso.signatures.models import IssuedSignature
from congso.signatures.services.certificates import to_asn1

N = int(os.environ.get("BENCH_SIGN_N", "40"))


def rate(fn, n):
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - started)


def compare(label, ours_fn, raw_fn, n=N, rounds=3):
    """Both warmed up, then `rounds` alternating rounds of `n` each; the median rate of each (a round of one
    right after the other's garbage is not held against it)."""
    ours_fn(), raw_fn()
    ours_rates, raw_rates = [], []
    for _ in range(rounds):
        ours_rates.append(rate(ours_fn, n))
        raw_rates.append(rate(raw_fn, n))
    ours_median, raw_median = sorted(ours_rates)[rounds // 2], sorted(raw_rates)[rounds // 2]
    print(f"{label}, platform: {ours_median:.1f}/s (rounds {', '.join(f'{r:.1f}' for r in ours_rates)})")
    print(f"{label}, raw pyHanko: {raw_median:.1f}/s (rounds {', '.join(f'{r:.1f}' for r in raw_rates)})")
    print(f"{label.upper()} ratio {ours_median / raw_median:.2f}")


body = "".join(
    f"<h2>Chương {p}</h2>"
    + "".join(f"<p>Điều {p}.{i}. Nội dung văn bản thử nghiệm có dấu tiếng Việt.</p>" for i in range(30))
    for p in range(1, 11)
)
pdf = html_to_pdf(
    f"<html><head><style>{font_face_css()}</style></head><body style=\"font-family:'CongSo Serif'\">"
    f"<p>Số: &nbsp;&nbsp;/QĐ-UBND</p>{body}<p style='margin-left:55%'><b>CHỦ TỊCH</b><br><br><br><b>Nguyễn Văn Ánh</b></p>"
    "</body></html>"
)

pages = len(PdfReader(io.BytesIO(pdf)).pages)
print(f"document: {pages} pages, {len(pdf) // 1024} KB")

root = pki.root("Bench Root CA")
issued = pki.issue(root, "UBND Bench", "UBND Bench")
os.environ["CONGSO_SIGN_BENCH"] = "bench-passphrase"

agency = Agency.objects.filter(short_name="BENCHSIGN").first() or Agency.objects.create(
    name="UBND Bench ký số", short_name="BENCHSIGN", kind="commune_committee", organ_id="BENCH.SIGN"
)
admin = User.objects.filter(username="bench.signer").first()
if admin is None:
    from congso.accounts import services as accounts

    admin = User.objects.create(username="bench.signer", full_name="Quản trị ký số", kind="staff")
    accounts.membership_create(
        actor=None, user=admin, agency=agency, unit=None, position_title="Quản trị", roles=[Role.AGENCY_ADMIN]
    )
    admin = User.objects.get(pk=admin.pk)
with transaction.atomic():
    services.signing_key_add_pkcs12(
        actor=admin,
        agency_id=agency.pk,
        data=issued.pkcs12("bench-passphrase", [root.certificate]),
        secret_ref="env:CONGSO_SIGN_BENCH",
    )
    services.image_add(actor=admin, png=pki.png((200, 0, 0), "seal"), kind="seal", agency_id=agency.pk)
    from congso.signatures.services.certificates import facts, load_certificate

    services.certificates.Certificate.objects.create(purpose="root", **facts(load_certificate(root.pem)))


def ours():
    with transaction.atomic():
        services.agency_sign(
            actor=admin,
            agency_id=agency.pk,
            agency_name=agency.name,
            pdf=pdf,
            mode="attachment",
            target="bench:1",
            subject="Bench",
            reference="1/QĐ-UBND",
        )


raw_signer = signers.SimpleSigner.load_pkcs12_data(
    issued.pkcs12("bench-passphrase"), [], passphrase=b"bench-passphrase"
)


def raw():
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKyCoQuan", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = io.BytesIO()
    signers.PdfSigner(
        meta,
        signer=raw_signer,
        new_field_spec=fields.SigFieldSpec("ChuKyCoQuan", box=(400, 780, 590, 830), on_page=0),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=out)
    return out.getvalue()


compare("sign", ours, raw)

signed = raw()


context = ValidationContext(
    trust_roots=[to_asn1(root.der)], allow_fetching=False, revocation_mode="soft-fail"
)


def validate_raw():
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    return [validate_pdf_signature(s, context) for s in reader.embedded_signatures]


def validate_ours():
    return services.validate_pdf(signed)


compare("validate", validate_ours, validate_raw, n=N * 5)
IssuedSignature.objects.filter(target="bench:1").delete()
