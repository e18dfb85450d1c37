"""Mẫu 01 of TT 01/2018/TT-VPCP (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) as the first form template."""

from datetime import date

from django.db import migrations

BODY = """<div class="head"><div><strong>{{ agency_header }}</strong><br><strong>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</strong></div>
<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong></div></div>
<p class="right"><em>{{ place }}, ngày {{ received.day|stringformat:"02d" }} tháng {{ received.month|stringformat:"02d" }} năm {{ received.year }}</em></p>
<h1>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</h1>
<div class="codebox"><div class="qr">{{ qr_svg|safe }}</div><div><p>Mã hồ sơ: <strong>{{ dossier.code }}</strong></p><p class="small">Tra cứu tình trạng hồ sơ bằng mã hồ sơ và 4 số cuối điện thoại.</p></div></div>
<p>Bộ phận tiếp nhận và trả kết quả {{ agency_name }} tiếp nhận hồ sơ của: Ông/Bà <strong>{{ dossier.applicant_name }}</strong></p>
<p>Địa chỉ: {{ dossier.applicant_address|default:"…" }}</p>
<p>Số điện thoại: {{ dossier.applicant_phone }}{% if dossier.applicant_email %} · Email: {{ dossier.applicant_email }}{% endif %}</p>
<p>Nội dung yêu cầu giải quyết: {{ procedure.name }}</p>
<p>1. Thành phần hồ sơ nộp gồm:</p>
<ol>{% for paper in papers %}<li>{{ paper.name }}{% if paper.counts %} ({{ paper.counts }}){% endif %}</li>{% endfor %}</ol>
<p>2. Số lượng hồ sơ: 01 bộ</p>
<p>3. Thời gian giải quyết hồ sơ theo quy định là: {{ limit }} {{ unit }}</p>
<p>4. Thời gian nhận hồ sơ: {{ received|date:"H" }} giờ {{ received|date:"i" }} phút, ngày {{ received|date:"d/m/Y" }}</p>
<p>5. Thời gian trả kết quả giải quyết hồ sơ: <strong>{{ appointment|date:"H" }} giờ {{ appointment|date:"i" }} phút, ngày {{ appointment|date:"d/m/Y" }}</strong></p>
<p>6. Đăng ký nhận kết quả tại: {{ result_place }}</p>
<div class="sign"><div><strong>NGƯỜI NỘP HỒ SƠ</strong><br><em>(Ký và ghi rõ họ tên)</em><br><br><br>{{ dossier.applicant_name }}</div>
<div><strong>NGƯỜI TIẾP NHẬN HỒ SƠ</strong><br><em>(Ký và ghi rõ họ tên)</em><br><br><br>{{ officer_name }}</div></div>"""


def seed(apps, schema_editor):
    FormTemplate = apps.get_model("dossiers", "FormTemplate")
    FormTemplate.objects.update_or_create(
        code="01", valid_from=date(2018, 4, 23),
        defaults={"name": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "page_size": "A5", "body": BODY,
                  "legal_basis": "Thông tư 01/2018/TT-VPCP, Mẫu số 01"},
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_forms")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
