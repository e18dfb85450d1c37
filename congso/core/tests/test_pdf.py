"""PDF output embeds our Vietnamese serif face (a fetcher that rejects local files would silently fall back to
whatever font the system has) and never fetches from the network."""

import io

from pypdf import PdfReader

from congso.core.pdf import font_face_css, html_to_pdf


def _fonts(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]


def test_the_serif_face_is_embedded_and_the_network_is_not_used(caplog):
    html = (
        f"<style>{font_face_css()} body {{ font-family: 'CongSo Serif' }}</style>"
        "<p>Giấy tiếp nhận hồ sơ — Đắk Lắk</p><img src='http://192.0.2.1/logo.png'>"
    )
    pdf = html_to_pdf(html)
    assert all("CongSo" in name for name in _fonts(pdf))
    assert "Giấy tiếp nhận hồ sơ" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "cannot be loaded" not in caplog.text
