"""The document types of NĐ 30/2020/NĐ-CP Điều 7 and Phụ lục III with their abbreviations, plus the copy forms.
Data, not code: an administrator can add or retire types when the law changes."""

from django.db import migrations

TYPES = [
    ("NQ", "Nghị quyết", "NQ"), ("QD", "Quyết định", "QĐ"), ("CT", "Chỉ thị", "CT"), ("QC", "Quy chế", "QC"),
    ("QYD", "Quy định", "QyĐ"), ("TC", "Thông cáo", "TC"), ("TB", "Thông báo", "TB"), ("HD", "Hướng dẫn", "HD"),
    ("CTR", "Chương trình", "CTr"), ("KH", "Kế hoạch", "KH"), ("PA", "Phương án", "PA"), ("DA", "Đề án", "ĐA"),
    ("DAN", "Dự án", "DA"), ("BC", "Báo cáo", "BC"), ("BB", "Biên bản", "BB"), ("TTR", "Tờ trình", "TTr"),
    ("HDO", "Hợp đồng", "HĐ"), ("CV", "Công văn", ""), ("CD", "Công điện", "CĐ"), ("BGN", "Bản ghi nhớ", "BGN"),
    ("BTT", "Bản thỏa thuận", "BTT"), ("GUQ", "Giấy ủy quyền", "GUQ"), ("GM", "Giấy mời", "GM"),
    ("GGT", "Giấy giới thiệu", "GGT"), ("GNP", "Giấy nghỉ phép", "GNP"), ("PG", "Phiếu gửi", "PG"),
    ("PC", "Phiếu chuyển", "PC"), ("PB", "Phiếu báo", "PB"), ("THC", "Thư công", ""),
    ("SY", "Bản sao y", "SY"), ("TRS", "Bản trích sao", "TrS"), ("SL", "Bản sao lục", "SL"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for order, (code, name, abbreviation) in enumerate(TYPES, start=1):
        DocumentType.objects.update_or_create(code=code, defaults={"name": name, "abbreviation": abbreviation, "order": order})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
