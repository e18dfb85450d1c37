"""Putting a PAdES signature on a PDF with pyHanko: the appearance (services.appearance), the stamps of the number
and date, B-B by default and B-T when a timestamp server is configured, SHA-256, RSA PKCS#1 v1.5 or RSASSA-PSS.

Bad input never reaches pyHanko unchecked: the PDF's size is limited, an encrypted or unreadable PDF is refused
with a clear message, and nothing is written anywhere but the returned bytes."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.errors import ValidationFailed
from congso.core.pdf import serif_font_file

from .appearance import Box, Stamp

# fontTools says it drops a table harmless to PDF subsets (FFTM) for every subset it makes.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

FIELD_PERSONAL = "ChuKyCaNhan"
FIELD_AGENCY = "ChuKyCoQuan"


@dataclass
class Appearance:
    """What a signature shows. `image`: a PNG drawn over `box` (the signer's image or the seal); `text`: lines
    drawn instead when there is no image (an attachment); `stamps`: number and date drawn in the same revision."""

    box: Box
    image: bytes | None = None
    text: str = ""
    stamps: list[Stamp] = field(default_factory=list)


def check_pdf(pdf: bytes) -> None:
    """Refuse, before any parsing beyond the header, what cannot be signed: too large, not a PDF, encrypted or
    corrupt."""
    if len(pdf) > settings.CONGSO_SIGNATURE_MAX_PDF_BYTES:
        raise ValidationFailed(
            _("The PDF is larger than %(mb)s MB and cannot be signed.")
            % {"mb": settings.CONGSO_SIGNATURE_MAX_PDF_BYTES // (1024 * 1024)},
            code="pdf_too_large",
        )
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise ValidationFailed(_("The file is not a PDF."), code="not_pdf")
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        encrypted = reader.encrypted
        _pages = reader.root["/Pages"]
    except Exception as exc:  # noqa: BLE001 - any parser failure is "corrupt" to the user
        raise ValidationFailed(_("The PDF is damaged and cannot be read."), code="pdf_corrupt") from exc
    if encrypted:
        raise ValidationFailed(
            _("The PDF is encrypted (protected by a password); remove the protection before signing."),
            code="pdf_encrypted",
        )


# What an appearance writes: Latin, Vietnamese (precomposed, NFC), digits, punctuation. The font is cut down to
# these once per process, so each signature's own subset is made from a few hundred glyphs, not thousands.
APPEARANCE_CHARACTERS = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x1A0, 0x1B1),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1EFA),
    *range(0x2010, 0x2027),
    0x2116,
]


@lru_cache(maxsize=4)
def font_file_1000(style: str) -> str:
    """The serif prepared for appearances, once per process into the temporary folder: rescaled to 1000 units
    per em (pyHanko writes a TrueType font's advance widths in its own units, which PDF reads as thousandths of an
    em: Liberation's 2048 would draw text twice as wide) and cut down to APPEARANCE_CHARACTERS without layout
    tables (Vietnamese in NFC needs no shaping), which makes each signature's subset several times faster."""
    import tempfile
    from pathlib import Path

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = serif_font_file(style)
    folder = Path(tempfile.gettempdir()) / "congso-fonts"
    folder.mkdir(exist_ok=True)
    target = folder / f"{source.stem}-appearance-v1.ttf"
    if not target.exists():
        font = TTFont(str(source))
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
        options.hinting = False
        options.notdef_outline = True
        cutter = subset.Subsetter(options=options)
        cutter.populate(unicodes=APPEARANCE_CHARACTERS)
        cutter.subset(font)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)
    return str(target)


def _font(size: float, style: str = "Regular") -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return GlyphAccumulatorFactory(font_file_1000(style), font_size=round(size))


def _qr_ops(text: str, side: float) -> tuple[list[bytes], float]:
    """A QR code as filled squares (vector, no image), `side` points wide at the left; and the width it takes."""
    import segno

    matrix = segno.make(text, error="m").matrix
    count = len(matrix) + 2
    module = side / count
    squares = [
        b"%.3f %.3f %.3f %.3f re" % ((col + 1) * module, side - (row + 2) * module, module, module)
        for row, line in enumerate(matrix)
        for col, dark in enumerate(line)
        if dark
    ]
    return [b"q 0 g", *squares, b"f Q"], side + 2


def _text_xobject(
    writer: Any, width: float, height: float, lines: list[str], size: float, style: str, qr: str = ""
) -> Any:
    """A form XObject: white background, a QR code at the left if asked, the lines in the serif font."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    engine = _font(size, style).create_font_engine(writer)
    ops = [b"q 1 g 0 0 %.2f %.2f re f Q" % (width, height)]
    left = 2.0
    if qr:
        qr_ops, left = _qr_ops(qr, height)
        ops.extend(qr_ops)
    ops.append(b"BT 0 g")
    y = height - size * 1.05 if not qr else (height + size * 1.2 * (len(lines) - 1) - size) / 2
    for line in lines:
        shaped = engine.shape(line)
        ops.append(b"/F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm " % (size, left, y) + shaped.graphics_ops)
        y -= size * 1.2
    ops.append(b"ET")
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(
                [
                    generic.FloatObject(0),
                    generic.FloatObject(0),
                    generic.FloatObject(width),
                    generic.FloatObject(height),
                ]
            ),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): engine.as_resource()})}
            ),
        },
        stream_data=b"\n".join(ops),
    )
    return writer.add_object(stream)


def _add_stamp(writer: Any, name: str, stamp: Stamp) -> None:
    """An unsigned, read-only signature field whose widget shows the stamp (see services.appearance)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.sign import fields

    fields.append_signature_field(
        writer, fields.SigFieldSpec(name, on_page=stamp.box.page, box=stamp.box.as_tuple())
    )
    widget = next(
        ref.get_object() for ref in writer.root["/AcroForm"]["/Fields"] if ref.get_object().get("/T") == name
    )
    x1, y1, x2, y2 = stamp.box.as_tuple()
    xobject = _text_xobject(
        writer, x2 - x1, y2 - y1, stamp.text.split("\n"), stamp.size, stamp.style, stamp.qr
    )
    widget[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): xobject})
    widget[pdf_name("/F")] = generic.NumberObject(4 | 128)  # print, locked
    widget[pdf_name("/Ff")] = generic.NumberObject(1)  # read-only
    writer.update_container(widget)


def _stamp_style(writer: Any, appearance: Appearance) -> Any:
    from PIL import Image
    from pyhanko import stamp
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle

    if appearance.image:
        return stamp.TextStampStyle(
            stamp_text="",
            background=PdfImage(Image.open(io.BytesIO(appearance.image)), writer=writer),
            background_opacity=1,
            background_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MID,
                y_align=AxisAlignment.ALIGN_MID,
                margins=Margins(0, 0, 0, 0),
                inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
            ),
            border_width=0,
        )
    return stamp.TextStampStyle(
        stamp_text=appearance.text.replace("%", "%%"),
        text_box_style=TextBoxStyle(
            font=_font(10),
            font_size=10,
            box_layout_rule=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MAX, margins=Margins(2, 2, 2, 2)
            ),
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MAX,
            margins=Margins(0, 0, 0, 0),
            inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
        ),
        border_width=0,
    )


def timestamper() -> Any | None:
    """RFC 3161 timestamps (PAdES B-T) when CONGSO_TSA_URL is set."""
    url = settings.CONGSO_TSA_URL
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=settings.CONGSO_TSA_TIMEOUT)


def pdf_signer(signer: Any, *, field_name: str, appearance: Appearance, reason: str, writer: Any) -> Any:
    from pyhanko.sign import fields, signers

    existing = field_name in _field_names(writer)
    if existing:
        raise ValidationFailed(_("This PDF already carries that signature."), code="already_signed")
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason[:200] or None,
        location=None,
    )
    return signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper(),
        stamp_style=_stamp_style(writer, appearance),
        new_field_spec=fields.SigFieldSpec(
            field_name, on_page=appearance.box.page, box=appearance.box.as_tuple()
        ),
    )


def _field_names(writer: Any) -> set[str]:
    form = writer.root.get("/AcroForm")
    if form is None:
        return set()
    return {str(ref.get_object().get("/T")) for ref in form.get_object().get("/Fields", [])}


def open_writer(pdf: bytes, appearance: Appearance) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    check_pdf(pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for index, stamp in enumerate(appearance.stamps):
        _add_stamp(writer, f"DauSo{index + 1}", stamp)
    return writer


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    digest: str  # hex SHA-256 over the byte ranges the signature covers
    signed_at: Any


def sign_pdf(pdf: bytes, *, signer: Any, field_name: str, appearance: Appearance, reason: str = "") -> Signed:
    """Sign in one go (a key on the server: PKCS#12 or PKCS#11)."""
    writer = open_writer(pdf, appearance)
    pdf_signer_ = pdf_signer(
        signer, field_name=field_name, appearance=appearance, reason=reason, writer=writer
    )
    output = io.BytesIO()
    try:
        off_loop(pdf_signer_.sign_pdf, writer, output=output)
    except ValidationFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - pyHanko, the token or the TSA: a clear error, nothing kept
        raise ValidationFailed(
            _("The signature could not be made: %(reason)s") % {"reason": str(exc)[:200]}, code="sign_failed"
        ) from exc
    data = output.getvalue()
    return Signed(data, byte_range_digest(data, field_name), timezone.now())


def byte_range_digest(pdf: bytes, field_name: str) -> str:
    """The SHA-256 of what the named signature covers (what the audit log records as "the hash signed")."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for embedded in reader.embedded_signatures:
        if embedded.field_name == field_name:
            digest = hashlib.sha256()
            ranges = [int(value) for value in embedded.byte_range]
            for start, length in zip(ranges[::2], ranges[1::2], strict=True):
                digest.update(pdf[start : start + length])
            return digest.hexdigest()
    return ""


def run(coroutine: Any) -> Any:
    """pyHanko's interrupted signing is asynchronous; the platform's code is not."""
    return off_loop(asyncio.run, coroutine)


def off_loop(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call `fn`, which runs an asyncio loop of its own (pyHanko's synchronous API does), from a thread that may
    already run one (an ASGI server, a test driving a browser): then in a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def call() -> Any:
        try:
            return fn(*args, **kwargs)
        finally:
            connection.close()  # the thread's own database connection, if it opened one

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()
