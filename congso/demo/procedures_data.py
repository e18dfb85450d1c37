"""The demo catalogue: 32 common provincial and commune procedures with realistic papers, times, fees and internal
processes. Illustrative: the national codes and figures follow the shape of the national database, but a province
loads its own list (congso import-procedures)."""

from __future__ import annotations

from typing import Any

COMMUNE_KINDS = ["commune_committee"]
PROVINCE_KINDS = ["department"]

ID_FIELDS = [
    {"name": "ho_ten", "label": "Họ và tên người yêu cầu", "type": "text", "required": True},
    {"name": "so_dinh_danh", "label": "Số định danh cá nhân", "type": "id_number", "required": True},
    {"name": "dien_thoai", "label": "Số điện thoại", "type": "phone", "required": True},
]


def _steps(total: float, *steps: tuple[str, str, str, float]) -> list[dict[str, Any]]:
    listed = [{"name": n, "role": r, "responsible": u, "share": str(s)} for n, r, u, s in steps]
    assert abs(sum(s for *_, s in steps) - total) < 1e-9, (total, steps)
    return listed


def _commune(total: float) -> list[dict[str, Any]]:
    """Reception, handling by the commune's civil servant, signature by the commune leader, return."""
    reception = 0.5 if total >= 2 else 0.1
    sign = 0.5 if total >= 2 else 0.1
    return _steps(
        total,
        ("Tiếp nhận, kiểm tra hồ sơ", "one_stop_officer", "Bộ phận Một cửa", reception),
        (
            "Thẩm định, trình ký",
            "specialist",
            "Công chức chuyên môn",
            round(total - reception - sign - reception, 1),
        ),
        ("Lãnh đạo xem xét, ký duyệt", "leader", "Lãnh đạo UBND", sign),
        ("Trả kết quả", "one_stop_officer", "Bộ phận Một cửa", reception),
    )


def _department(total: float, cross: str = "") -> list[dict[str, Any]]:
    steps = [("Tiếp nhận, chuyển hồ sơ", "one_stop_officer", "Bộ phận Một cửa tỉnh", 0.5)]
    if cross:
        steps.append((f"Lấy ý kiến {cross}", "", cross, 3.0))
    rest = total - 0.5 - 1.0 - 0.5 - (3.0 if cross else 0)
    steps += [
        ("Thẩm định hồ sơ", "specialist", "Phòng chuyên môn", round(rest, 1)),
        ("Lãnh đạo phòng kiểm tra, trình ký", "unit_head", "Phòng chuyên môn", 0.5),
        ("Lãnh đạo Sở ký duyệt", "leader", "Ban Giám đốc", 0.5),
        ("Trả kết quả", "one_stop_officer", "Bộ phận Một cửa tỉnh", 0.5),
    ]
    listed = _steps(total, *steps)
    if cross:
        listed[1]["cross_agency"] = True
    return listed


def _p(
    code,
    name,
    sector,
    level,
    time,
    *,
    online="full",
    reason="",
    papers=(),
    fees=(),
    legal="",
    result="",
    time_online=None,
    unit="working_days",
    cross="",
    pause=False,
):
    steps = _commune(time) if level == "commune" else _department(time, cross)
    return {
        "code": code,
        "name": name,
        "sector": {"code": sector[0], "name": sector[1]},
        "level": level,
        "agency_kinds": COMMUNE_KINDS if level == "commune" else PROVINCE_KINDS,
        "time_unit": unit,
        "time_direct": str(time),
        "time_online": str(time_online or time),
        "time_postal": str(time),
        "online_level": online,
        "partial_reason": reason,
        "pause_on_supplement": pause,
        "legal_basis": legal,
        "result_papers": result,
        "papers": [
            {"name": n, "originals": o, "copies": c, "form_fields": ID_FIELDS if i == 0 else []}
            for i, (n, o, c) in enumerate(papers)
        ],
        "steps": steps,
        "fees": [{"kind": k, "name": n, "amount": a} for k, n, a in fees],
    }


HT = ("HT", "Hộ tịch")
CT = ("CT", "Chứng thực")
HKD = ("HKD", "Thành lập và hoạt động của hộ kinh doanh")
XD = ("XD", "Hoạt động xây dựng")
DD = ("DD", "Đất đai")
BTXH = ("BTXH", "Bảo trợ xã hội")
NCC = ("NCC", "Người có công")
LLTP = ("LLTP", "Lý lịch tư pháp")
GD = ("GD", "Giáo dục và đào tạo")
YT = ("YT", "Khám bệnh, chữa bệnh")
VH = ("VH", "Văn hóa")
DN = ("DN", "Thành lập và hoạt động của doanh nghiệp")
MT = ("MT", "Môi trường")
GT = ("GT", "Đường bộ")
LD = ("LD", "Lao động")

TO_KHAI = ("Tờ khai theo mẫu", 1, 0)
CCCD = ("Căn cước công dân hoặc giấy tờ tùy thân", 0, 1)
HT_LAW = "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP; Thông tư 04/2020/TT-BTP"

PROCEDURES = [
    _p(
        "1.001193",
        "Đăng ký khai sinh",
        HT,
        "commune",
        1,
        papers=[TO_KHAI, ("Giấy chứng sinh", 1, 0), CCCD],
        legal=HT_LAW,
        result="Giấy khai sinh (bản chính)",
    ),
    _p(
        "1.000894",
        "Đăng ký kết hôn",
        HT,
        "commune",
        1,
        papers=[TO_KHAI, CCCD, ("Giấy xác nhận tình trạng hôn nhân", 1, 0)],
        online="partial",
        reason="Hai bên nam, nữ phải có mặt khi đăng ký",
        legal=HT_LAW,
        result="Giấy chứng nhận kết hôn",
    ),
    _p(
        "1.000656",
        "Đăng ký khai tử",
        HT,
        "commune",
        1,
        papers=[TO_KHAI, ("Giấy báo tử", 1, 0)],
        legal=HT_LAW,
        result="Trích lục khai tử",
    ),
    _p(
        "1.004884",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        HT,
        "commune",
        3,
        papers=[TO_KHAI, ("Giấy tờ làm căn cứ thay đổi, cải chính", 0, 1)],
        fees=[("charge", "Lệ phí", 15000)],
        legal=HT_LAW,
        result="Trích lục thay đổi, cải chính hộ tịch",
    ),
    _p(
        "1.004873",
        "Cấp bản sao trích lục hộ tịch",
        HT,
        "commune",
        1,
        papers=[TO_KHAI],
        fees=[("charge", "Lệ phí cấp bản sao", 8000)],
        legal=HT_LAW,
        result="Bản sao trích lục hộ tịch",
    ),
    _p(
        "1.001022",
        "Đăng ký nhận cha, mẹ, con",
        HT,
        "commune",
        3,
        papers=[TO_KHAI, ("Chứng cứ chứng minh quan hệ", 0, 1)],
        online="partial",
        reason="Các bên phải có mặt khi đăng ký",
        legal=HT_LAW,
        result="Trích lục đăng ký nhận cha, mẹ, con",
    ),
    _p(
        "2.000908",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        CT,
        "commune",
        0.5,
        unit="working_days",
        papers=[("Bản chính giấy tờ", 1, 0), ("Bản sao cần chứng thực", 0, 1)],
        online="partial",
        reason="Cần đối chiếu bản chính",
        fees=[("charge", "Lệ phí (mỗi trang)", 2000)],
        legal="Nghị định 23/2015/NĐ-CP",
        result="Bản sao có chứng thực",
    ),
    _p(
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        CT,
        "commune",
        0.5,
        online="partial",
        reason="Người yêu cầu ký trước mặt người thực hiện chứng thực",
        papers=[CCCD, ("Giấy tờ cần chứng thực chữ ký", 1, 0)],
        fees=[("charge", "Lệ phí", 10000)],
        legal="Nghị định 23/2015/NĐ-CP",
        result="Giấy tờ được chứng thực chữ ký",
    ),
    _p(
        "2.001044",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        CT,
        "commune",
        2,
        online="partial",
        reason="Các bên ký trước mặt người thực hiện chứng thực",
        papers=[("Dự thảo hợp đồng", 1, 0), CCCD],
        fees=[("charge", "Lệ phí", 50000)],
        legal="Nghị định 23/2015/NĐ-CP",
        result="Hợp đồng được chứng thực",
    ),
    _p(
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        HKD,
        "commune",
        3,
        papers=[
            ("Giấy đề nghị đăng ký hộ kinh doanh", 1, 0),
            CCCD,
            ("Biên bản họp thành viên hộ gia đình", 1, 0),
        ],
        fees=[("charge", "Lệ phí đăng ký hộ kinh doanh", 100000)],
        legal="Nghị định 01/2021/NĐ-CP",
        result="Giấy chứng nhận đăng ký hộ kinh doanh",
    ),
    _p(
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        HKD,
        "commune",
        3,
        papers=[
            ("Thông báo thay đổi nội dung đăng ký", 1, 0),
            ("Giấy chứng nhận đăng ký hộ kinh doanh", 1, 0),
        ],
        fees=[("charge", "Lệ phí", 50000)],
        legal="Nghị định 01/2021/NĐ-CP",
        result="Giấy chứng nhận đăng ký hộ kinh doanh",
    ),
    _p(
        "2.000575",
        "Chấm dứt hoạt động hộ kinh doanh",
        HKD,
        "commune",
        3,
        papers=[("Thông báo chấm dứt hoạt động", 1, 0), ("Giấy chứng nhận đăng ký hộ kinh doanh", 1, 0)],
        legal="Nghị định 01/2021/NĐ-CP",
        result="Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
    ),
    _p(
        "1.009974",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        XD,
        "commune",
        15,
        online="partial",
        reason="Cán bộ phải kiểm tra thực địa",
        papers=[
            ("Đơn đề nghị cấp giấy phép xây dựng", 1, 0),
            ("Giấy tờ về quyền sử dụng đất", 0, 1),
            ("Bản vẽ thiết kế xây dựng", 2, 0),
        ],
        fees=[("charge", "Lệ phí cấp giấy phép xây dựng", 75000)],
        legal="Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 15/2021/NĐ-CP",
        result="Giấy phép xây dựng",
        pause=True,
    ),
    _p(
        "1.009977",
        "Điều chỉnh giấy phép xây dựng nhà ở riêng lẻ",
        XD,
        "commune",
        10,
        online="partial",
        reason="Cán bộ phải kiểm tra thực địa",
        papers=[("Đơn đề nghị điều chỉnh", 1, 0), ("Giấy phép xây dựng đã cấp", 1, 0)],
        fees=[("charge", "Lệ phí", 15000)],
        legal="Nghị định 15/2021/NĐ-CP",
        result="Giấy phép xây dựng điều chỉnh",
    ),
    _p(
        "1.004227",
        "Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        DD,
        "commune",
        20,
        online="partial",
        reason="Đo đạc, kiểm tra hiện trạng",
        papers=[("Đơn đăng ký, cấp Giấy chứng nhận", 1, 0), ("Giấy tờ về quyền sử dụng đất", 0, 1)],
        fees=[("charge", "Lệ phí cấp Giấy chứng nhận", 100000)],
        legal="Luật Đất đai 2024",
        result="Giấy chứng nhận quyền sử dụng đất",
        pause=True,
    ),
    _p(
        "1.004203",
        "Xác nhận tình trạng nhà ở, đất ở",
        DD,
        "commune",
        5,
        papers=[("Đơn đề nghị xác nhận", 1, 0), CCCD],
        legal="Luật Đất đai 2024",
        result="Văn bản xác nhận",
    ),
    _p(
        "1.001776",
        "Thực hiện trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội",
        BTXH,
        "commune",
        15,
        papers=[("Tờ khai đề nghị trợ giúp xã hội", 1, 0), CCCD],
        legal="Nghị định 20/2021/NĐ-CP",
        result="Quyết định trợ cấp xã hội hằng tháng",
    ),
    _p(
        "1.001758",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        BTXH,
        "commune",
        3,
        papers=[("Tờ khai đề nghị hỗ trợ chi phí mai táng", 1, 0), ("Giấy chứng tử", 0, 1)],
        legal="Nghị định 20/2021/NĐ-CP",
        result="Quyết định hỗ trợ chi phí mai táng",
    ),
    _p(
        "1.010801",
        "Giải quyết chế độ trợ cấp một lần đối với thân nhân người có công",
        NCC,
        "province",
        12,
        papers=[("Bản khai của thân nhân", 1, 0), ("Giấy chứng tử", 0, 1)],
        legal="Pháp lệnh Ưu đãi người có công 2020",
        result="Quyết định trợ cấp một lần",
        cross="UBND xã nơi cư trú",
    ),
    _p(
        "2.001417",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        LLTP,
        "province",
        10,
        time_online=10,
        papers=[("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, 0), CCCD],
        fees=[("fee", "Phí cung cấp thông tin lý lịch tư pháp", 200000)],
        legal="Luật Lý lịch tư pháp 2009",
        result="Phiếu lý lịch tư pháp",
        cross="Công an tỉnh",
    ),
    _p(
        "1.005092",
        "Chuyển trường đối với học sinh trung học phổ thông",
        GD,
        "province",
        3,
        papers=[("Đơn xin chuyển trường", 1, 0), ("Học bạ", 1, 0)],
        legal="Thông tư 50/2021/TT-BGDĐT",
        result="Văn bản đồng ý chuyển trường",
    ),
    _p(
        "1.003702",
        "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        YT,
        "province",
        20,
        online="partial",
        reason="Người đề nghị nộp bản gốc văn bằng để đối chiếu",
        papers=[
            ("Đơn đề nghị cấp chứng chỉ hành nghề", 1, 0),
            ("Văn bằng chuyên môn", 0, 1),
            ("Giấy chứng nhận đủ sức khỏe", 1, 0),
        ],
        fees=[("fee", "Phí thẩm định", 360000)],
        legal="Luật Khám bệnh, chữa bệnh 2023",
        result="Chứng chỉ hành nghề",
    ),
    _p(
        "1.001029",
        "Cấp giấy phép tổ chức lễ hội",
        VH,
        "province",
        15,
        papers=[("Văn bản đề nghị", 1, 0), ("Chương trình lễ hội", 1, 0)],
        legal="Nghị định 110/2018/NĐ-CP",
        result="Văn bản chấp thuận tổ chức lễ hội",
    ),
    _p(
        "2.001610",
        "Đăng ký thành lập doanh nghiệp tư nhân",
        DN,
        "province",
        3,
        papers=[("Giấy đề nghị đăng ký doanh nghiệp", 1, 0), CCCD],
        fees=[("charge", "Lệ phí đăng ký doanh nghiệp", 50000), ("fee", "Phí công bố thông tin", 100000)],
        legal="Luật Doanh nghiệp 2020; Nghị định 168/2025/NĐ-CP",
        result="Giấy chứng nhận đăng ký doanh nghiệp",
    ),
    _p(
        "2.002040",
        "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
        DN,
        "province",
        3,
        papers=[("Thông báo thay đổi nội dung đăng ký doanh nghiệp", 1, 0)],
        fees=[("charge", "Lệ phí", 50000)],
        legal="Luật Doanh nghiệp 2020",
        result="Giấy chứng nhận đăng ký doanh nghiệp",
    ),
    _p(
        "1.010731",
        "Cấp giấy phép môi trường",
        MT,
        "province",
        30,
        online="partial",
        reason="Kiểm tra thực tế cơ sở",
        papers=[
            ("Văn bản đề nghị cấp giấy phép môi trường", 1, 0),
            ("Báo cáo đề xuất cấp giấy phép môi trường", 1, 0),
        ],
        fees=[("fee", "Phí thẩm định", 30000000)],
        legal="Luật Bảo vệ môi trường 2020",
        result="Giấy phép môi trường",
        cross="UBND xã nơi có cơ sở",
        pause=True,
    ),
    _p(
        "1.002809",
        "Cấp đổi giấy phép lái xe",
        GT,
        "province",
        5,
        papers=[("Đơn đề nghị đổi giấy phép lái xe", 1, 0), ("Giấy khám sức khỏe", 1, 0), CCCD],
        fees=[("charge", "Lệ phí cấp giấy phép lái xe", 135000)],
        legal="Luật Trật tự, an toàn giao thông đường bộ 2024",
        result="Giấy phép lái xe",
    ),
    _p(
        "2.001955",
        "Cấp giấy phép lao động cho người lao động nước ngoài",
        LD,
        "province",
        5,
        papers=[
            ("Văn bản đề nghị cấp giấy phép lao động", 1, 0),
            ("Giấy chứng nhận sức khỏe", 1, 0),
            ("Hộ chiếu", 0, 1),
        ],
        fees=[("fee", "Phí cấp giấy phép lao động", 600000)],
        legal="Nghị định 152/2020/NĐ-CP",
        result="Giấy phép lao động",
    ),
    _p(
        "1.000775",
        "Đăng ký giám hộ",
        HT,
        "commune",
        3,
        papers=[TO_KHAI, ("Văn bản cử giám hộ", 1, 0)],
        legal=HT_LAW,
        result="Trích lục đăng ký giám hộ",
    ),
    _p(
        "1.003583",
        "Xác nhận thông tin hộ tịch",
        HT,
        "commune",
        3,
        papers=[TO_KHAI],
        legal=HT_LAW,
        result="Văn bản xác nhận thông tin hộ tịch",
    ),
    _p(
        "1.004837",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        HT,
        "commune",
        3,
        papers=[TO_KHAI, CCCD],
        legal=HT_LAW,
        result="Giấy xác nhận tình trạng hôn nhân",
    ),
    _p(
        "2.000635",
        "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
        CT,
        "commune",
        2,
        papers=[("Phiếu yêu cầu", 1, 0)],
        fees=[("charge", "Lệ phí (mỗi trang)", 2000)],
        legal="Nghị định 23/2015/NĐ-CP",
        result="Bản sao có chứng thực",
    ),
]
