"""Mẫu 02–05 of TT 01/2018/TT-VPCP as form templates (data, versioned by effective date like Mẫu 01)."""

from datetime import date

from django.db import migrations

HEAD = """<div class="head"><div><strong>{{ agency_header }}</strong><br><strong>{{ unit_name|default:"BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" }}</strong></div>
<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong></div></div>
<p class="right"><em>{{ place }}, ngày {{ today.day|stringformat:"02d" }} tháng {{ today.month|stringformat:"02d" }} năm {{ today.year }}</em></p>
"""

SIGN = """<div class="sign"><div></div><div><strong>{{ signer_title|default:"NGƯỜI HƯỚNG DẪN" }}</strong><br><em>(Ký và ghi rõ họ tên)</em><br><br><br>{{ officer_name }}</div></div>"""

FORM_02 = HEAD + """<h1>PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ</h1>
<p class="center">Hồ sơ của: <strong>{{ dossier.applicant_name }}</strong>{% if dossier.code %} · Mã hồ sơ: <strong>{{ dossier.code }}</strong>{% endif %}</p>
<p>Nội dung yêu cầu giải quyết: {{ procedure.name }}</p>
<p>Địa chỉ: {{ dossier.applicant_address|default:"…" }} · Số điện thoại: {{ dossier.applicant_phone }}</p>
<p>Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:</p>
<ol>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ol>
{% if reason %}<p>Lý do: {{ reason }}</p>{% endif %}
<p>Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ {{ officer_name|default:"công chức tiếp nhận" }} để được hướng dẫn.</p>
""" + SIGN

FORM_03 = HEAD + """<h1>PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ</h1>
<p>Bộ phận tiếp nhận và trả kết quả {{ agency_name }} tiếp nhận hồ sơ của: Ông/Bà <strong>{{ dossier.applicant_name }}</strong>{% if dossier.code %} (mã hồ sơ {{ dossier.code }}){% endif %}</p>
<p>Địa chỉ: {{ dossier.applicant_address|default:"…" }} · Số điện thoại: {{ dossier.applicant_phone }}</p>
<p>Đề nghị giải quyết: {{ procedure.name }}</p>
<p>Qua xem xét, cơ quan, đơn vị từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:</p>
<p><strong>{{ reason }}</strong></p>
<p>Xin thông báo cho Ông/Bà được biết và thực hiện./.</p>
""" + SIGN

FORM_04 = HEAD + """<h1>PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ</h1>
<p>Kính gửi: Ông/Bà <strong>{{ dossier.applicant_name }}</strong></p>
<p>Ngày {{ received|date:"d/m/Y" }}, {{ agency_name }} tiếp nhận giải quyết hồ sơ đề nghị {{ procedure.name }}, mã hồ sơ <strong>{{ dossier.code }}</strong>.</p>
<p>Ngày hẹn trả kết quả giải quyết hồ sơ: {{ old_date|date:"H" }} giờ {{ old_date|date:"i" }} phút, ngày {{ old_date|date:"d/m/Y" }}.</p>
<p>Tuy nhiên đến nay, {{ agency_name }} chưa trả kết quả giải quyết hồ sơ của Ông/Bà.</p>
<p>Lý do: {{ reason }}</p>
<p>Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của Ông/Bà. {{ agency_name }} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào <strong>{{ new_date|date:"H" }} giờ {{ new_date|date:"i" }} phút, ngày {{ new_date|date:"d/m/Y" }}</strong>.</p>
<p>Xin trân trọng cảm ơn./.</p>
<div class="sign"><div></div><div><strong>{{ signer_title|default:"THỦ TRƯỞNG CƠ QUAN" }}</strong><br><em>(Ký, ghi rõ họ tên, đóng dấu)</em><br><br><br>{{ officer_name }}</div></div>"""

FORM_05 = HEAD + """<h1>PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ</h1>
<p class="center">Mã hồ sơ: <strong>{{ dossier.code }}</strong></p>
<p>(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả) · Cơ quan giải quyết: {{ handling_name }}</p>
<p>Thời gian tiếp nhận: {{ received|date:"H:i d/m/Y" }} · Hẹn trả: {{ appointment|date:"H:i d/m/Y" }}{% if original %} (hẹn ban đầu {{ original|date:"H:i d/m/Y" }}){% endif %}</p>
<table><thead><tr><th>Tên cơ quan / bước</th><th>Thời gian giao, nhận hồ sơ</th><th>Hạn xử lý</th><th>Kết quả giải quyết hồ sơ (Trước hạn / đúng hạn / quá hạn)</th><th>Ghi chú</th></tr></thead>
<tbody>{% for row in rows %}<tr><td>{{ row.agency }}<br>{{ row.name }}</td><td>Giao: {{ row.started|date:"H:i d/m/Y"|default:"—" }}<br>Nhận: {{ row.finished|date:"H:i d/m/Y"|default:"—" }}<br>{{ row.person }}</td><td>{{ row.due|date:"H:i d/m/Y"|default:"—" }}</td><td>{{ row.result }}</td><td>{{ row.note }}</td></tr>{% endfor %}</tbody></table>
"""

FORMS = [
    ("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "A5", FORM_02),
    ("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "A5", FORM_03),
    ("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "A5", FORM_04),
    ("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "A5", FORM_05),
]


def seed(apps, schema_editor):
    FormTemplate = apps.get_model("dossiers", "FormTemplate")
    for code, name, size, body in FORMS:
        FormTemplate.objects.update_or_create(
            code=code, valid_from=date(2018, 4, 23),
            defaults={"name": name, "page_size": size, "body": body,
                      "legal_basis": f"Thông tư 01/2018/TT-VPCP, Mẫu số {code}"},
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0004_processing")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
