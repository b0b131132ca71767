#!/usr/bin/env python3
"""Generate the synthetic demo sample dumps for motcua.

Usage:  python3 scripts/make-samples.py [--out DIR]      (default DIR: samples/)

Writes, deterministically (fixed seed, gzip mtime 0, no wall-clock input):

  samples/quangbinh/hoso.csv.gz    CSV export of the old Quang Binh one-stop portal
                                   (UTF-8 with BOM, CRLF, RFC 4180 quoting),
                                   written as TWO concatenated gzip members.
  samples/quangtri/export.jsonl.gz JSON Lines export of the old Quang Tri portal
                                   (UTF-8, LF), one gzip member.
  samples/expected.json            the exact counts of everything injected, which
                                   the tests check against.
  samples/README.md                description of the samples and the definitions
                                   behind every count in expected.json.

All names, identity numbers, phone numbers and addresses are generated: the data
is synthetic and describes no real person or dossier.

Running the script twice produces byte-identical files (given the same zlib
build; the decompressed content is identical everywhere). Standard library only.

After writing the files the script reads them back, recomputes every count from
the files themselves using the definitions documented in the README, and fails
if the recomputed counts disagree with what the generator meant to inject.
"""

import argparse
import datetime as dt
import gzip
import hashlib
import io
import csv
import json
import os
import random
import re
import struct
import sys
import unicodedata
import zlib

SEED = 20250701

# ---------------------------------------------------------------------------
# Sizes and exact dirt counts.
# ---------------------------------------------------------------------------

QB_RECORDS = 1800                 # data rows in the CSV (header not counted)
QT_RECORDS = 1400                 # lines in the JSONL

CROSS_FROM_QB = 13                # Quang Binh dossiers also present in the QT export
CROSS_FROM_QT = 12                # Quang Tri dossiers also present in the QB export
CROSS_TOTAL = CROSS_FROM_QB + CROSS_FROM_QT   # 25

QB_WITHIN_DUPS = 6                # later re-exported rows repeating an earlier MaHoSo
QT_WITHIN_DUPS = 0

# Missing required field: exactly one required field per affected record.
QB_MISSING_BY_FIELD = {"dossier_code": 6, "procedure_code": 6, "received_at": 6}
QB_MISSING_WHITESPACE_ONLY = 5    # of the 18, this many hold only whitespace
QT_MISSING_BY_FIELD = {"dossier_code": 5, "procedure_code": 4, "received_at": 5}
QT_MISSING_FORMS = {"absent": 4, "null": 3, "empty": 3, "whitespace_only": 4}

QB_INVALID_DATES = [
    "31/02/2025 10:00:00",
    "29/02/2025 08:30:00",
    "32/01/2025 09:15:00",
    "15/13/2024 14:00:00",
    "00/00/0000 00:00:00",
    "12/06/2024 25:10:00",
    "hôm qua",
]
QT_INVALID_DATES = [
    "2025-13-01T09:00:00+07:00",
    "2025-02-30T10:00:00+07:00",
    "2024-04-31T08:00:00+07:00",
    "2025-02-29T14:20:00+07:00",
    "hôm qua",
    "sáng 05/03",
]

QB_EMBEDDED_NEWLINES = ["\r\n", "\r\n", "\n"]   # 3 addresses with a line break inside
QB_DOUBLE_QUOTE_ADDRESSES = 4     # addresses like: Thôn "Tân Mỹ", xã ...
QB_TAB_NBSP = 5                   # records with a tab or U+00A0 in name/address
QT_TAB_NBSP = 4
QB_CODE_NEEDS_TRIM = 4            # valid codes written with stray spaces (+1 duplicate copy)
QT_CODE_NEEDS_TRIM = 3

P_NFD = 0.05                      # per record: name and/or address decomposed (NFD)
P_STRAY_SPACE_NAME = 0.035
P_STRAY_SPACE_ADDR = 0.035
P_UPPER_NAME = 0.02
P_LOWER_NAME = 0.012
P_EMPTY_PHONE = 0.01
P_EMPTY_DUE = 0.008
P_LEGACY_CMND = 0.02
P_OLD_PHONE = 0.015
P_KEY_ORDER_SHUFFLE = 0.04        # QT: top-level keys in a different order

START_DATE = dt.date(2024, 1, 2)
END_DATE = dt.date(2025, 6, 30)   # last day before the merger of 1 July 2025
EXPORT_AT = dt.datetime(2025, 6, 30, 17, 30, 0)
TZ = "+07:00"

QB_COLUMNS = ["MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "SoCCCD", "SoDienThoai",
              "DiaChi", "NgayTiepNhan", "NgayHenTra", "TrangThai"]
QT_CANONICAL_KEYS = ["dossierCode", "procedure", "applicant", "receivedAt", "dueDate",
                     "status"]

# ---------------------------------------------------------------------------
# Reference data (procedure codes follow the national catalogue's format; the
# code/name pairing is illustrative).
# ---------------------------------------------------------------------------

# (code, name, processing time in working days, fee in VND, weight)
PROCEDURES = [
    ("1.001193", "Đăng ký khai sinh", 1, 0, 14),
    ("1.000894", "Đăng ký kết hôn", 3, 0, 6),
    ("1.000656", "Đăng ký khai tử", 1, 0, 4),
    ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", 3, 3000, 6),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch", 1, 8000, 5),
    ("1.004859", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 3, 15000, 2),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 1, 2000, 18),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ, văn bản", 1, 10000, 6),
    ("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, "
                 "quyền sử dụng đất, nhà ở", 2, 50000, 4),
    ("2.000488", "Cấp phiếu lý lịch tư pháp", 10, 200000, 6),
    ("1.004194", "Đăng ký thường trú", 7, 20000, 6),
    ("1.004204", "Đăng ký tạm trú", 3, 15000, 4),
    ("1.004227", "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản "
                 "khác gắn liền với đất lần đầu", 20, 100000, 5),
    ("1.005398", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền "
                 "với đất", 10, 50000, 4),
    ("2.000720", "Đăng ký thành lập hộ kinh doanh", 3, 100000, 4),
    ("1.009994", "Cấp giấy phép xây dựng đối với công trình nhà ở riêng lẻ", 15, 75000, 3),
    ("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng", 15, 0, 3),
]

ATTACHMENT_NAMES = ["to-khai.pdf", "CCCD-mat-truoc.jpg", "CCCD-mat-sau.jpg",
                    "Giấy chứng sinh.pdf", "hop-dong.pdf", "ban-ve.pdf",
                    "Đơn đề nghị.docx", "xac-nhan-cu-tru.pdf", "giay-uy-quyen.pdf"]

SURNAMES = [("Nguyễn", 30), ("Trần", 11), ("Lê", 10), ("Phạm", 6), ("Hoàng", 5),
            ("Võ", 5), ("Phan", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 3),
            ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Trương", 2), ("Đinh", 1),
            ("Mai", 1), ("Cao", 1), ("Huỳnh", 1)]
MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công",
            "Xuân", "Đình", "Ngọc", "Anh", "Tiến", "Trọng"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Thùy", "Kim",
            "Phương", "Hồng", "Mai", "Bảo"]
GIVEN_M = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng",
           "Huy", "Khánh", "Lâm", "Long", "Minh", "Nam", "Phong", "Phúc", "Quân",
           "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Tùng",
           "Việt", "Vinh", "Vũ", "Hưng", "Lộc", "Nghĩa", "Thịnh", "Đông", "Hòa",
           "Khoa", "Lực", "Mạnh", "Nhân", "Sỹ", "Tường", "Dương", "Kiên", "Đức"]
GIVEN_F = ["Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",
           "Hiền", "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai",
           "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo",
           "Thu", "Thủy", "Trang", "Trâm", "Uyên", "Vân", "Yến", "Nhi", "Ngọc",
           "Diệp", "Lụa", "Nguyệt", "Xuân", "Thơm", "Hậu"]
SECOND_MIDDLE_F = ["Thu", "Thanh", "Ngọc", "Minh", "Hoài", "Bích", "Diệu"]
SECOND_MIDDLE_M = ["Minh", "Quốc", "Thanh", "Hoàng", "Đức", "Bá"]

NAMED_VILLAGES = ["Tân Mỹ", "Đông Thành", "Phú Lộc", "Trung Thôn", "Xuân Hòa",
                  "Hạ Trang", "Tiền Phong", "Thanh Sơn", "Cổ Hiền", "Thượng Phong",
                  "Bắc Hòa", "Mỹ Thủy", "An Xá", "Đại Phong", "Văn La", "Lộc Điền"]

# (district type, district name, weight, [(commune type, commune name)], streets)
QB_UNITS = [
    ("thành phố", "Đồng Hới", 28,
     [("phường", "Đồng Phú"), ("phường", "Đồng Mỹ"), ("phường", "Hải Thành"),
      ("phường", "Nam Lý"), ("phường", "Bắc Lý"), ("phường", "Đức Ninh Đông"),
      ("phường", "Phú Hải"), ("phường", "Bắc Nghĩa"), ("phường", "Đồng Sơn"),
      ("xã", "Bảo Ninh"), ("xã", "Lộc Ninh"), ("xã", "Nghĩa Ninh"),
      ("xã", "Đức Ninh"), ("xã", "Quang Phú"), ("xã", "Thuận Đức")],
     ["Lý Thường Kiệt", "Quang Trung", "Trần Hưng Đạo", "Hữu Nghị", "F325",
      "Nguyễn Hữu Cảnh", "Hà Huy Tập", "Mẹ Suốt", "Tố Hữu"]),
    ("thị xã", "Ba Đồn", 10,
     [("phường", "Ba Đồn"), ("phường", "Quảng Thọ"), ("phường", "Quảng Phong"),
      ("phường", "Quảng Long"), ("phường", "Quảng Thuận"), ("phường", "Quảng Phúc"),
      ("xã", "Quảng Hải"), ("xã", "Quảng Tiên"), ("xã", "Quảng Trung"),
      ("xã", "Quảng Sơn"), ("xã", "Quảng Thủy"), ("xã", "Quảng Minh")],
     ["Hùng Vương", "Quang Trung"]),
    ("huyện", "Quảng Trạch", 10,
     [("xã", "Quảng Phú"), ("xã", "Quảng Hợp"), ("xã", "Quảng Kim"),
      ("xã", "Quảng Đông"), ("xã", "Quảng Tùng"), ("xã", "Cảnh Dương"),
      ("xã", "Quảng Xuân"), ("xã", "Quảng Hưng"), ("xã", "Quảng Châu"),
      ("xã", "Quảng Thạch"), ("xã", "Phù Hóa"), ("xã", "Quảng Lưu")], []),
    ("huyện", "Bố Trạch", 14,
     [("thị trấn", "Hoàn Lão"), ("thị trấn", "Nông trường Việt Trung"),
      ("xã", "Nhân Trạch"), ("xã", "Đại Trạch"), ("xã", "Trung Trạch"),
      ("xã", "Hải Phú"), ("xã", "Sơn Lộc"), ("xã", "Phúc Trạch"),
      ("xã", "Sơn Trạch"), ("xã", "Hưng Trạch"), ("xã", "Tây Trạch"),
      ("xã", "Hòa Trạch"), ("xã", "Lý Trạch"), ("xã", "Thanh Trạch"),
      ("xã", "Bắc Trạch")], []),
    ("huyện", "Quảng Ninh", 9,
     [("thị trấn", "Quán Hàu"), ("xã", "Võ Ninh"), ("xã", "Gia Ninh"),
      ("xã", "Hàm Ninh"), ("xã", "Vạn Ninh"), ("xã", "Lương Ninh"),
      ("xã", "An Ninh"), ("xã", "Hải Ninh"), ("xã", "Duy Ninh"),
      ("xã", "Hiền Ninh"), ("xã", "Xuân Ninh"), ("xã", "Tân Ninh"),
      ("xã", "Trường Sơn")], []),
    ("huyện", "Lệ Thủy", 13,
     [("thị trấn", "Kiến Giang"), ("thị trấn", "Nông trường Lệ Ninh"),
      ("xã", "Hoa Thủy"), ("xã", "Sơn Thủy"), ("xã", "Phong Thủy"),
      ("xã", "Cam Thủy"), ("xã", "Ngân Thủy"), ("xã", "Kim Thủy"),
      ("xã", "Mai Thủy"), ("xã", "Liên Thủy"), ("xã", "Hưng Thủy"),
      ("xã", "Sen Thủy"), ("xã", "Ngư Thủy Bắc"), ("xã", "Ngư Thủy")], []),
    ("huyện", "Tuyên Hóa", 8,
     [("thị trấn", "Đồng Lê"), ("xã", "Tiến Hóa"), ("xã", "Châu Hóa"),
      ("xã", "Mai Hóa"), ("xã", "Phong Hóa"), ("xã", "Thạch Hóa"),
      ("xã", "Đức Hóa"), ("xã", "Sơn Hóa"), ("xã", "Lâm Hóa"),
      ("xã", "Thanh Hóa"), ("xã", "Hương Hóa"), ("xã", "Kim Hóa")], []),
    ("huyện", "Minh Hóa", 5,
     [("thị trấn", "Quy Đạt"), ("xã", "Hóa Tiến"), ("xã", "Hóa Hợp"),
      ("xã", "Trung Hóa"), ("xã", "Yên Hóa"), ("xã", "Dân Hóa"),
      ("xã", "Trọng Hóa"), ("xã", "Thượng Hóa"), ("xã", "Xuân Hóa"),
      ("xã", "Minh Hóa")], []),
]

QT_UNITS = [
    ("thành phố", "Đông Hà", 30,
     [("phường", "1"), ("phường", "2"), ("phường", "3"), ("phường", "4"),
      ("phường", "5"), ("phường", "Đông Giang"), ("phường", "Đông Lễ"),
      ("phường", "Đông Lương"), ("phường", "Đông Thanh")],
     ["Lê Duẩn", "Hùng Vương", "Trần Hưng Đạo", "Lê Lợi", "Quốc lộ 9",
      "Nguyễn Trãi", "Lý Thường Kiệt", "Điện Biên Phủ"]),
    ("thị xã", "Quảng Trị", 6,
     [("phường", "1"), ("phường", "2"), ("phường", "3"), ("phường", "An Đôn"),
      ("xã", "Hải Lệ")], ["Trần Hưng Đạo", "Quang Trung"]),
    ("huyện", "Vĩnh Linh", 12,
     [("thị trấn", "Hồ Xá"), ("thị trấn", "Cửa Tùng"), ("thị trấn", "Bến Quan"),
      ("xã", "Vĩnh Thủy"), ("xã", "Vĩnh Long"), ("xã", "Vĩnh Lâm"),
      ("xã", "Vĩnh Hòa"), ("xã", "Vĩnh Tú"), ("xã", "Vĩnh Chấp"),
      ("xã", "Vĩnh Giang"), ("xã", "Vĩnh Hà"), ("xã", "Vĩnh Khê"),
      ("xã", "Vĩnh Ô"), ("xã", "Vĩnh Sơn"), ("xã", "Vĩnh Thái")], []),
    ("huyện", "Gio Linh", 10,
     [("thị trấn", "Gio Linh"), ("thị trấn", "Cửa Việt"), ("xã", "Gio Mỹ"),
      ("xã", "Gio Châu"), ("xã", "Gio Quang"), ("xã", "Gio Sơn"),
      ("xã", "Gio An"), ("xã", "Gio Hải"), ("xã", "Trung Hải"),
      ("xã", "Trung Sơn"), ("xã", "Trung Giang"), ("xã", "Phong Bình"),
      ("xã", "Linh Hải")], []),
    ("huyện", "Cam Lộ", 7,
     [("thị trấn", "Cam Lộ"), ("xã", "Cam Hiếu"), ("xã", "Cam Thủy"),
      ("xã", "Cam Thành"), ("xã", "Cam Chính"), ("xã", "Cam Nghĩa"),
      ("xã", "Cam Tuyền")], []),
    ("huyện", "Triệu Phong", 11,
     [("thị trấn", "Ái Tử"), ("xã", "Triệu Ái"), ("xã", "Triệu Giang"),
      ("xã", "Triệu Long"), ("xã", "Triệu Thuận"), ("xã", "Triệu Đại"),
      ("xã", "Triệu Trạch"), ("xã", "Triệu Phước"), ("xã", "Triệu Độ"),
      ("xã", "Triệu Trung"), ("xã", "Triệu Tân")], []),
    ("huyện", "Hải Lăng", 10,
     [("thị trấn", "Diên Sanh"), ("xã", "Hải Ba"), ("xã", "Hải Quế"),
      ("xã", "Hải Dương"), ("xã", "Hải Định"), ("xã", "Hải Phong"),
      ("xã", "Hải Sơn"), ("xã", "Hải Chánh"), ("xã", "Hải Hưng"),
      ("xã", "Hải Thượng")], []),
    ("huyện", "Hướng Hóa", 9,
     [("thị trấn", "Khe Sanh"), ("thị trấn", "Lao Bảo"), ("xã", "Tân Hợp"),
      ("xã", "Tân Liên"), ("xã", "Tân Lập"), ("xã", "Hướng Tân"),
      ("xã", "Hướng Phùng"), ("xã", "Hướng Lập"), ("xã", "Tân Thành"),
      ("xã", "Tân Long"), ("xã", "A Túc"), ("xã", "Lìa")], []),
    ("huyện", "Đakrông", 5,
     [("thị trấn", "Krông Klang"), ("xã", "Mò Ó"), ("xã", "Triệu Nguyên"),
      ("xã", "Ba Lòng"), ("xã", "Hải Phúc"), ("xã", "Tà Rụt"), ("xã", "A Ngo"),
      ("xã", "Đakrông"), ("xã", "Húc Nghì"), ("xã", "A Bung"),
      ("xã", "Hướng Hiệp")], []),
]

PROVINCE = {"quangbinh": "Quảng Bình", "quangtri": "Quảng Trị"}
UNITS = {"quangbinh": QB_UNITS, "quangtri": QT_UNITS}
AGENCIES = {"quangbinh": [("G15.44", 6), ("G15.21", 2), ("G15.37", 2)],
            "quangtri": [("H45.20", 6), ("H45.08", 2), ("H45.31", 2)]}
# CCCD province prefixes: 044 Quảng Bình, 045 Quảng Trị, others from elsewhere.
CCCD_PREFIX = {"quangbinh": [("044", 90), ("045", 5), ("042", 2), ("046", 1), ("001", 1), ("079", 1)],
               "quangtri": [("045", 90), ("044", 5), ("046", 2), ("048", 1), ("001", 1), ("079", 1)]}
CMND_PREFIX = {"quangbinh": "194", "quangtri": "197"}
MOBILE_PREFIXES = ["086", "096", "097", "098", "032", "033", "034", "035", "036", "037",
                   "038", "039", "088", "091", "094", "081", "082", "083", "084", "085",
                   "089", "090", "093", "070", "076", "077", "078", "079", "056", "058",
                   "092"]
OLD_MOBILE_PREFIXES = ["0168", "0169", "0166", "0167", "0165", "0163", "0123", "0124",
                       "0127", "0129"]

# Neutral processing stage -> each portal's own status vocabulary.
STATUS = {
    "quangbinh": {"received": "DA_TIEP_NHAN", "processing": "DANG_XU_LY",
                  "needs_info": "CHO_BO_SUNG", "ready": "DA_CO_KQ",
                  "delivered": "DA_TRA_KQ", "rejected": "TU_CHOI"},
    "quangtri": {"received": "received", "processing": "processing",
                 "needs_info": "returned", "ready": "processing",
                 "delivered": "completed", "rejected": "rejected"},
}

HOLIDAYS = {dt.date(2024, 1, 1)}
HOLIDAYS |= {dt.date(2024, 2, 8) + dt.timedelta(days=i) for i in range(7)}     # Tết 2024
HOLIDAYS |= {dt.date(2024, 4, 18), dt.date(2024, 4, 29), dt.date(2024, 4, 30),
             dt.date(2024, 5, 1), dt.date(2024, 9, 2), dt.date(2024, 9, 3),
             dt.date(2025, 1, 1)}
HOLIDAYS |= {dt.date(2025, 1, 25) + dt.timedelta(days=i) for i in range(9)}    # Tết 2025
HOLIDAYS |= {dt.date(2025, 4, 7), dt.date(2025, 4, 30), dt.date(2025, 5, 1),
             dt.date(2025, 5, 2)}


def is_working_day(d):
    return d.weekday() < 5 and d not in HOLIDAYS


def add_working_days(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def weighted(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


# ---------------------------------------------------------------------------
# Clean dossier generation.
# ---------------------------------------------------------------------------

WORKING_DAYS = [START_DATE + dt.timedelta(days=i)
                for i in range((END_DATE - START_DATE).days + 1)
                if is_working_day(START_DATE + dt.timedelta(days=i))]
ALL_DAYS = [START_DATE + dt.timedelta(days=i)
            for i in range((END_DATE - START_DATE).days + 1)]


def make_person(rng):
    female = rng.random() < 0.52
    surname = weighted(rng, SURNAMES)
    if female:
        parts = [surname, rng.choice(MIDDLE_F)]
        if rng.random() < 0.15:
            parts.append(rng.choice(SECOND_MIDDLE_F))
        parts.append(rng.choice(GIVEN_F))
    else:
        parts = [surname, rng.choice(MIDDLE_M)]
        if rng.random() < 0.12:
            parts.append(rng.choice(SECOND_MIDDLE_M))
        parts.append(rng.choice(GIVEN_M))
    birth_year = rng.randint(1948, 2006)
    return " ".join(parts), female, birth_year


def make_identity(rng, source, female, birth_year):
    if rng.random() < P_LEGACY_CMND:
        return CMND_PREFIX[source] + "%06d" % rng.randrange(10 ** 6)
    prefix = weighted(rng, CCCD_PREFIX[source])
    century = 0 if birth_year < 2000 else 2
    return "%s%d%02d%06d" % (prefix, century + (1 if female else 0), birth_year % 100,
                             rng.randrange(10 ** 6))


def make_phone(rng):
    if rng.random() < P_OLD_PHONE:
        return rng.choice(OLD_MOBILE_PREFIXES) + "%07d" % rng.randrange(10 ** 7)
    return rng.choice(MOBILE_PREFIXES) + "%07d" % rng.randrange(10 ** 7)


def make_address(rng, source):
    """Return the structured parts of an address; rendered later in some style."""
    dtype, dname, _, communes, streets = weighted(
        rng, [(u, u[2]) for u in UNITS[source]])
    ctype, cname = rng.choice(communes)
    if ctype == "xã":
        if rng.random() < 0.6:
            village = ("Thôn", str(rng.randint(1, 12)))
        else:
            village = ("Thôn", rng.choice(NAMED_VILLAGES))
    elif streets and rng.random() < 0.45:
        village = ("Số", "%d %s" % (rng.randint(1, 320), rng.choice(streets)))
    elif source == "quangtri" and cname in ("Khe Sanh", "Lao Bảo"):
        village = ("Khóm", str(rng.randint(1, 9)))
    elif source == "quangtri" and dname == "Đông Hà":
        village = ("Khu phố", str(rng.randint(1, 10)))
    else:
        village = ("Tổ dân phố", str(rng.randint(1, 14)))
    style = weighted(rng, [("full", 45), ("abbr", 30), ("noprov", 15), ("dash", 10)])
    return {"village": village, "ctype": ctype, "cname": cname, "dtype": dtype,
            "dname": dname, "province": PROVINCE[source], "style": style,
            "quoted_village": False}


ABBR_C = {"phường": "P.", "xã": "X.", "thị trấn": "TT."}
ABBR_D = {"thành phố": "TP.", "thị xã": "TX.", "huyện": "H."}
ABBR_V = {"Tổ dân phố": "TDP", "Khu phố": "KP", "Thôn": "Thôn", "Khóm": "Khóm", "Số": "Số"}


def render_address(a, style=None):
    style = style or a["style"]
    vkind, vname = a["village"]
    if a["quoted_village"]:
        vname = '"%s"' % vname
    if vkind == "Số":
        number, street = vname.split(" ", 1)
        village_full = "Số %s đường %s" % (number, street)
        village_abbr = "%s %s" % (number, street)
    else:
        village_full = "%s %s" % (vkind, vname)
        village_abbr = "%s %s" % (ABBR_V[vkind], vname)
    cname, dname, prov = a["cname"], a["dname"], a["province"]
    if style == "full":
        return "%s, %s %s, %s %s, tỉnh %s" % (village_full, a["ctype"], cname,
                                             a["dtype"], dname, prov)
    if style == "abbr":
        return "%s, %s %s, %s %s, %s" % (village_abbr, ABBR_C[a["ctype"]], cname,
                                        ABBR_D[a["dtype"]], dname, prov)
    if style == "noprov":
        return "%s, %s %s, %s %s" % (village_full, a["ctype"], cname, a["dtype"], dname)
    # "dash": no commas at all
    if cname.isdigit():
        cname = "Phường " + cname
    return "%s - %s - %s - %s" % (village_abbr, cname, dname, prov)


def make_received(rng, source, channel):
    if channel == "online":
        day = rng.choice(ALL_DAYS)
        t = dt.time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    else:
        day = rng.choice(WORKING_DAYS)
        if rng.random() < 0.6:
            minutes = rng.randint(7 * 60 + 30, 11 * 60 + 29)
        else:
            minutes = rng.randint(13 * 60 + 30, 16 * 60 + 59)
        t = dt.time(minutes // 60, minutes % 60, rng.randint(0, 59))
    return dt.datetime.combine(day, t)


def make_stage(rng, received, due):
    age_days = (EXPORT_AT - received).days
    if due is not None and dt.datetime.combine(due, dt.time(17, 0)) < EXPORT_AT - dt.timedelta(days=3):
        pairs = [("delivered", 85), ("rejected", 3), ("ready", 4), ("processing", 4),
                 ("needs_info", 3), ("received", 1)]
    elif age_days <= 2:
        pairs = [("received", 40), ("processing", 40), ("needs_info", 8), ("ready", 4),
                 ("delivered", 6), ("rejected", 2)]
    else:
        pairs = [("processing", 45), ("delivered", 25), ("needs_info", 12),
                 ("ready", 12), ("received", 3), ("rejected", 3)]
    return weighted(rng, pairs)


def make_dossier(rng, source):
    name, female, birth_year = make_person(rng)
    proc = weighted(rng, [(p, p[4]) for p in PROCEDURES])
    channel = "online" if rng.random() < (0.35 if source == "quangtri" else 0.2) else "direct"
    received = make_received(rng, source, channel)
    start = received.date()
    if not is_working_day(start) or received.time() >= dt.time(17, 0):
        start = add_working_days(start, 1)       # counted from the next working day
    due = add_working_days(start, proc[2])
    d = {
        "origin": source,
        "agency": weighted(rng, AGENCIES[source]),
        "proc_code": proc[0],
        "proc_name": proc[1],
        "fee": proc[3] * (rng.randint(1, 12) if proc[0] == "2.000815" else 1),
        "name": name,
        "id_number": make_identity(rng, source, female, birth_year),
        "phone": "" if rng.random() < P_EMPTY_PHONE else make_phone(rng),
        "address": make_address(rng, source),
        "received": received,
        "due": None if rng.random() < P_EMPTY_DUE else due,
        "channel": channel,
        "attachments": [{"name": n, "size": rng.randint(40_000, 2_500_000)}
                        for n in rng.sample(ATTACHMENT_NAMES, rng.randint(1, 3))],
        "code": None,
    }
    d["stage"] = make_stage(rng, received, due)
    return d


def assign_codes(rng, dossiers):
    """Codes like G15.44-240312-0007: agency, receipt date, per-agency daily sequence.

    Sequences are sparse (the export only holds part of each day's intake) and
    ascend with receipt time within an agency and day."""
    last = {}
    for d in sorted(dossiers, key=lambda x: (x["received"], x["agency"], x["name"])):
        key = (d["agency"], d["received"].date())
        seq = last.get(key, 0) + rng.randint(1, 3)
        last[key] = seq
        d["code"] = "%s-%s-%04d" % (d["agency"], d["received"].strftime("%y%m%d"), seq)


# ---------------------------------------------------------------------------
# Dirt.
# ---------------------------------------------------------------------------

def nfd(s):
    return unicodedata.normalize("NFD", s)


def stray_spaces(rng, s):
    kind = rng.choice(["lead", "trail", "both", "double", "double"])
    if kind == "lead":
        return " " * rng.randint(1, 2) + s
    if kind == "trail":
        return s + " " * rng.randint(1, 3)
    if kind == "both":
        return " " + s + " "
    positions = [i for i, ch in enumerate(s) if ch == " "]
    if not positions:
        return s + " "
    i = rng.choice(positions)
    return s[:i] + "  " + s[i:]


def tab_or_nbsp(rng, s):
    positions = [i for i, ch in enumerate(s) if ch == " "]
    kind = rng.choice(["nbsp_inner", "tab_inner", "nbsp_trail", "tab_lead"])
    if kind == "nbsp_trail" or not positions:
        return s + "\u00a0"
    if kind == "tab_lead":
        return "\t" + s
    i = rng.choice(positions)
    return s[:i] + ("\u00a0" if kind == "nbsp_inner" else "\t") + s[i + 1:]


def dirty_text(rng, d, tab_nbsp):
    """Clean name/address -> exported strings with random, realistic dirt."""
    name = d["name"]
    address = render_address(d["address"])
    r = rng.random()
    if r < P_UPPER_NAME:
        name = name.upper()
    elif r < P_UPPER_NAME + P_LOWER_NAME:
        name = name.lower()
    if rng.random() < P_NFD:
        which = rng.choice(["name", "address", "both"])
        if which in ("name", "both"):
            name = nfd(name)
        if which in ("address", "both"):
            address = nfd(address)
    if rng.random() < P_STRAY_SPACE_NAME:
        name = stray_spaces(rng, name)
    if rng.random() < P_STRAY_SPACE_ADDR:
        address = stray_spaces(rng, address)
    if tab_nbsp:
        if rng.random() < 0.5:
            name = tab_or_nbsp(rng, name)
        else:
            address = tab_or_nbsp(rng, address)
    return name, address


def name_variant(rng, name):
    """The other portal's spelling of the same applicant: spacing / normal form."""
    kind = rng.choice(["nfd", "double", "trail", "same"])
    if kind == "nfd":
        return nfd(name)
    if kind == "double":
        return name.replace(" ", "  ", 1)
    if kind == "trail":
        return name + " "
    return name


# ---------------------------------------------------------------------------
# Rendering.
# ---------------------------------------------------------------------------

def qb_received(t):
    return t.strftime("%d/%m/%Y %H:%M:%S")


def qt_received(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + TZ


def csv_cell(s):
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(fields):
    return ",".join(csv_cell(f) for f in fields) + "\r\n"


def gzip_member(data):
    """One gzip member with a fixed header (mtime 0, no file name, OS 'unknown')."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY)
    body = co.compress(data) + co.flush()
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\xff"
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + body + trailer


def build(rng):
    n_qb_origin = QB_RECORDS - CROSS_FROM_QT - QB_WITHIN_DUPS
    n_qt_origin = QT_RECORDS - CROSS_FROM_QB - QT_WITHIN_DUPS
    qb = [make_dossier(rng, "quangbinh") for _ in range(n_qb_origin)]
    qt = [make_dossier(rng, "quangtri") for _ in range(n_qt_origin)]
    assign_codes(rng, qb + qt)

    # ---- roles, disjoint by construction ---------------------------------
    def take(pool, n):
        picked = pool[:n]
        del pool[:n]
        return picked

    qb_pool = list(range(n_qb_origin))
    rng.shuffle(qb_pool)
    qb_missing = take(qb_pool, sum(QB_MISSING_BY_FIELD.values()))
    qb_invalid = take(qb_pool, len(QB_INVALID_DATES))
    qb_cross = take(qb_pool, CROSS_FROM_QB)
    qb_within = take(qb_pool, QB_WITHIN_DUPS)
    qb_newline = take(qb_pool, len(QB_EMBEDDED_NEWLINES))
    qb_quotes = [i for i in qb_pool if qb[i]["address"]["ctype"] == "xã"][:QB_DOUBLE_QUOTE_ADDRESSES]
    qb_pool = [i for i in qb_pool if i not in qb_quotes]
    qb_trim = take(qb_pool, QB_CODE_NEEDS_TRIM)
    qb_tab = take(qb_pool, QB_TAB_NBSP)

    qt_pool = list(range(n_qt_origin))
    rng.shuffle(qt_pool)
    qt_missing = take(qt_pool, sum(QT_MISSING_BY_FIELD.values()))
    qt_invalid = take(qt_pool, len(QT_INVALID_DATES))
    qt_cross = take(qt_pool, CROSS_FROM_QT)
    qt_trim = take(qt_pool, QT_CODE_NEEDS_TRIM)
    qt_tab = take(qt_pool, QT_TAB_NBSP)

    def expand(counts):
        out = []
        for k, n in counts.items():
            out += [k] * n
        rng.shuffle(out)
        return out

    qb_missing_fields = expand(QB_MISSING_BY_FIELD)
    qb_missing_forms = (["whitespace_only"] * QB_MISSING_WHITESPACE_ONLY +
                        ["empty"] * (len(qb_missing) - QB_MISSING_WHITESPACE_ONLY))
    rng.shuffle(qb_missing_forms)
    qt_missing_fields = expand(QT_MISSING_BY_FIELD)
    qt_missing_forms = expand(QT_MISSING_FORMS)
    qb_invalid_dates = list(QB_INVALID_DATES)
    rng.shuffle(qb_invalid_dates)
    qt_invalid_dates = list(QT_INVALID_DATES)
    rng.shuffle(qt_invalid_dates)
    whitespace_values = ["   ", " ", "\t", "  \t ", "    "]

    # ---- Quang Binh rows -------------------------------------------------
    qb_rows = []   # (sort key, fields)

    def qb_fields(d, name, address, code=None, stage=None):
        return {
            "MaHoSo": d["code"] if code is None else code,
            "MaTTHC": d["proc_code"],
            "TenTTHC": d["proc_name"],
            "ChuHoSo": name,
            "SoCCCD": d["id_number"],
            "SoDienThoai": d["phone"],
            "DiaChi": address,
            "NgayTiepNhan": qb_received(d["received"]),
            "NgayHenTra": d["due"].strftime("%d/%m/%Y") if d["due"] else "",
            "TrangThai": STATUS["quangbinh"][stage or d["stage"]],
        }

    qb_col_of = {"dossier_code": "MaHoSo", "procedure_code": "MaTTHC",
                 "received_at": "NgayTiepNhan"}
    qb_tab_set, qb_newline_pos = set(qb_tab), {j: i for i, j in enumerate(qb_newline)}
    qb_missing_pos = {j: i for i, j in enumerate(qb_missing)}
    qb_invalid_pos = {j: i for i, j in enumerate(qb_invalid)}
    qb_quote_set, qb_trim_set = set(qb_quotes), set(qb_trim)
    qb_by_index = {}
    for i, d in enumerate(qb):
        if i in qb_quote_set:
            d["address"]["village"] = ("Thôn", rng.choice(NAMED_VILLAGES))
            d["address"]["quoted_village"] = True
            if d["address"]["style"] == "dash":
                d["address"]["style"] = "full"
        name, address = dirty_text(rng, d, i in qb_tab_set)
        if i in qb_newline_pos:
            d["address"]["style"] = "full"
            clean = render_address(d["address"])
            head, tail = clean.split(", ", 1)
            address = head + "," + QB_EMBEDDED_NEWLINES[qb_newline_pos[i]] + tail
        f = qb_fields(d, name, address)
        if i in qb_missing_pos:
            k = qb_missing_pos[i]
            col = qb_col_of[qb_missing_fields[k]]
            f[col] = rng.choice(whitespace_values) if qb_missing_forms[k] == "whitespace_only" else ""
        if i in qb_invalid_pos:
            f["NgayTiepNhan"] = qb_invalid_dates[qb_invalid_pos[i]]
        if i in qb_trim_set:
            f["MaHoSo"] = rng.choice([" ", "  "]) + f["MaHoSo"] if rng.random() < 0.5 \
                else f["MaHoSo"] + rng.choice([" ", "  "])
        qb_rows.append(((d["received"], d["code"]), f))
        qb_by_index[i] = f

    # within-source duplicates: later re-exports of an earlier row
    for n, i in enumerate(qb_within):
        d, orig = qb[i], qb_by_index[i]
        copy = dict(orig)
        if n in (1, 3):                     # status moved on
            later = {"received": "processing", "processing": "delivered",
                     "needs_info": "processing", "ready": "delivered",
                     "delivered": "delivered", "rejected": "rejected"}[d["stage"]]
            if later == d["stage"]:
                later = "processing" if d["stage"] == "delivered" else "delivered"
            copy["TrangThai"] = STATUS["quangbinh"][later]
        if n == 5:                          # same code, written with a trailing space
            copy["MaHoSo"] = copy["MaHoSo"] + " "
        later_time = min(d["received"] + dt.timedelta(days=rng.randint(5, 90)),
                         dt.datetime.combine(END_DATE, dt.time(23, 59, 59)))
        qb_rows.append(((later_time, d["code"] + "~dup"), copy))

    # Quang Tri dossiers transferred to / also exported by the Quang Binh portal
    for i in qt_cross:
        d = qt[i]
        stage = rng.choice(["processing", "received", d["stage"]])
        f = qb_fields(d, name_variant(rng, d["name"]),
                      render_address(d["address"], rng.choice(["full", "abbr"])),
                      stage=stage)
        qb_rows.append(((d["received"], d["code"]), f))

    qb_rows.sort(key=lambda r: r[0])

    # ---- Quang Tri rows --------------------------------------------------
    qt_rows = []

    def qt_obj(d, name, address, stage=None):
        o = {
            "dossierCode": d["code"],
            "procedure": {"code": d["proc_code"], "name": d["proc_name"]},
            "applicant": {"fullName": name, "identityNumber": d["id_number"],
                          "phone": d["phone"], "address": address},
            "receivedAt": qt_received(d["received"]),
            "dueDate": d["due"].isoformat() if d["due"] else None,
            "status": STATUS["quangtri"][stage or d["stage"]],
        }
        if rng.random() < 0.9:
            o["channel"] = d["channel"]
        if rng.random() < 0.6:
            o["fee"] = d["fee"]
        if rng.random() < 0.4:
            o["attachments"] = d["attachments"]
        return o

    qt_missing_pos = {j: i for i, j in enumerate(qt_missing)}
    qt_invalid_pos = {j: i for i, j in enumerate(qt_invalid)}
    qt_tab_set, qt_trim_set = set(qt_tab), set(qt_trim)
    for i, d in enumerate(qt):
        name, address = dirty_text(rng, d, i in qt_tab_set)
        o = qt_obj(d, name, address)
        if i in qt_missing_pos:
            k = qt_missing_pos[i]
            field, form = qt_missing_fields[k], qt_missing_forms[k]
            parent, key = {"dossier_code": (o, "dossierCode"),
                           "procedure_code": (o["procedure"], "code"),
                           "received_at": (o, "receivedAt")}[field]
            if form == "absent":
                del parent[key]
            elif form == "null":
                parent[key] = None
            elif form == "empty":
                parent[key] = ""
            else:
                parent[key] = rng.choice(whitespace_values)
        if i in qt_invalid_pos:
            o["receivedAt"] = qt_invalid_dates[qt_invalid_pos[i]]
        if i in qt_trim_set:
            o["dossierCode"] = " " + o["dossierCode"] if rng.random() < 0.5 \
                else o["dossierCode"] + " "
        qt_rows.append(((d["received"], d["code"]), o))

    for i in qb_cross:
        d = qb[i]
        stage = rng.choice(["processing", "received", "delivered", d["stage"]])
        o = qt_obj(d, name_variant(rng, d["name"]),
                   render_address(d["address"], rng.choice(["full", "abbr", "noprov"])),
                   stage=stage)
        o["channel"] = "transfer"
        qt_rows.append(((d["received"], d["code"]), o))

    qt_rows.sort(key=lambda r: r[0])

    # occasional different key order (top level, sometimes nested too)
    qt_objects = []
    for _, o in qt_rows:
        if rng.random() < P_KEY_ORDER_SHUFFLE:
            keys = list(o.keys())
            while keys == list(o.keys()):
                rng.shuffle(keys)
            o = {k: o[k] for k in keys}
            if isinstance(o.get("applicant"), dict) and rng.random() < 0.5:
                akeys = list(o["applicant"].keys())
                rng.shuffle(akeys)
                o["applicant"] = {k: o["applicant"][k] for k in akeys}
        qt_objects.append(o)

    injected = {
        "quangbinh": {
            "records": len(qb_rows),
            "missing_required": dict(QB_MISSING_BY_FIELD,
                                     total=sum(QB_MISSING_BY_FIELD.values()),
                                     whitespace_only=QB_MISSING_WHITESPACE_ONLY),
            "invalid_received_at": len(QB_INVALID_DATES),
            "within_source_duplicates": QB_WITHIN_DUPS,
            "embedded_newline_records": len(QB_EMBEDDED_NEWLINES),
            "dossier_code_needs_trim": QB_CODE_NEEDS_TRIM + 1,
        },
        "quangtri": {
            "records": len(qt_objects),
            "missing_required": dict(QT_MISSING_BY_FIELD,
                                     total=sum(QT_MISSING_BY_FIELD.values()),
                                     whitespace_only=QT_MISSING_FORMS["whitespace_only"]),
            "invalid_received_at": len(QT_INVALID_DATES),
            "within_source_duplicates": QT_WITHIN_DUPS,
            "dossier_code_needs_trim": QT_CODE_NEEDS_TRIM,
        },
        "cross_source_duplicates": CROSS_TOTAL,
    }
    return [f for _, f in qb_rows], qt_objects, injected


def encode_qb(rows):
    """CSV bytes split into two gzip members at a record boundary near the middle."""
    chunks = [("\ufeff" + csv_line(QB_COLUMNS)).encode("utf-8")]
    for f in rows:
        chunks.append(csv_line([f[c] for c in QB_COLUMNS]).encode("utf-8"))
    total = sum(len(c) for c in chunks)
    acc, split = 0, len(chunks)
    for k, c in enumerate(chunks):
        acc += len(c)
        if acc >= total // 2:
            split = k + 1
            break
    first, second = b"".join(chunks[:split]), b"".join(chunks[split:])
    return first + second, gzip_member(first) + gzip_member(second)


def encode_qt(objects):
    raw = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8")
    return raw, gzip_member(raw)


# ---------------------------------------------------------------------------
# Verification: recompute every count from the written files.
# ---------------------------------------------------------------------------

WS_RUN = re.compile(r"\s+")
QB_DATE_RE = re.compile(r"^(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2}):(\d{2})$")
QT_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$")


def trim(s):
    return s.strip()          # Python's str.strip() trims Unicode whitespace incl. U+00A0


def is_missing(v):
    return v is None or (isinstance(v, str) and trim(v) == "")


def parse_qb_date(s):
    m = QB_DATE_RE.match(trim(s))
    if not m:
        return None
    dd, mm, yyyy, h, mi, se = map(int, m.groups())
    try:
        return dt.datetime(yyyy, mm, dd, h, mi, se,
                           tzinfo=dt.timezone(dt.timedelta(hours=7)))
    except ValueError:
        return None


def parse_qt_date(s):
    m = QT_DATE_RE.match(trim(s))
    if not m:
        return None
    yyyy, mm, dd, h, mi, se = map(int, m.groups()[:6])
    off = m.group(7)
    if off == "Z":
        tz = dt.timezone.utc
    else:
        sign = 1 if off[0] == "+" else -1
        tz = dt.timezone(sign * dt.timedelta(hours=int(off[1:3]), minutes=int(off[4:6])))
    try:
        return dt.datetime(yyyy, mm, dd, h, mi, se, tzinfo=tz)
    except ValueError:
        return None


def gzip_member_count(blob):
    members = 0
    while blob:
        d = zlib.decompressobj(wbits=31)
        d.decompress(blob)
        if not d.eof:
            raise ValueError("truncated gzip member")
        members += 1
        blob = d.unused_data
    return members


def name_case(name):
    n = trim(name)
    if n.upper() == n and n.lower() != n:
        return "upper"
    if n.lower() == n and n.upper() != n:
        return "lower"
    return "mixed"


def analyse(source, records):
    """records: list of dicts with normalized keys + 'raw' for format specific bits."""
    out = {
        "records": len(records),
        "missing_required": {"total": 0, "dossier_code": 0, "procedure_code": 0,
                             "received_at": 0, "whitespace_only": 0},
        "invalid_received_at": 0,
        "valid": 0,
    }
    forms = {"absent": 0, "null": 0, "empty": 0, "whitespace_only": 0}
    valid_codes = []
    code_needs_trim = nfd_records = stray_ws = tab_nbsp = 0
    upper = lower = legacy_cmnd = old_phone = empty_phone = empty_due = 0
    status_counts = {}
    received_valid = []
    for r in records:
        missing = [f for f in ("dossier_code", "procedure_code", "received_at")
                   if r[f] is _ABSENT or is_missing(r[f])]
        if len(missing) > 1:
            raise AssertionError("record misses more than one required field: %r" % r)
        if missing:
            out["missing_required"]["total"] += 1
            out["missing_required"][missing[0]] += 1
            v = r[missing[0]]
            if v is _ABSENT:
                forms["absent"] += 1
            elif v is None:
                forms["null"] += 1
            elif v == "":
                forms["empty"] += 1
            else:
                forms["whitespace_only"] += 1
                out["missing_required"]["whitespace_only"] += 1
        else:
            parsed = (parse_qb_date if source == "quangbinh" else parse_qt_date)(r["received_at"])
            if parsed is None:
                out["invalid_received_at"] += 1
            else:
                out["valid"] += 1
                valid_codes.append(unicodedata.normalize("NFC", trim(r["dossier_code"])))
                received_valid.append(parsed)
        code = r["dossier_code"]
        if isinstance(code, str) and trim(code) and trim(code) != code:
            code_needs_trim += 1
        name, address = r["name"], r["address"]
        if not unicodedata.is_normalized("NFC", name) or not unicodedata.is_normalized("NFC", address):
            nfd_records += 1
        if any(WS_RUN.sub(" ", trim(s)) != s for s in (name, address)):
            stray_ws += 1
        if any(ch in s for s in (name, address) for ch in "\t\u00a0"):
            tab_nbsp += 1
        case = name_case(name)
        upper += case == "upper"
        lower += case == "lower"
        idn = trim(r["identity"])
        legacy_cmnd += len(idn) == 9
        phone = trim(r["phone"] or "")
        old_phone += len(phone) == 11
        empty_phone += phone == ""
        empty_due += is_missing(r["due"])
        st = trim(r["status"])
        status_counts[st] = status_counts.get(st, 0) + 1

    distinct = []
    seen = set()
    for c in valid_codes:
        if c not in seen:
            seen.add(c)
            distinct.append(c)
    within_codes = sorted({c for c in valid_codes if valid_codes.count(c) > 1})
    out["distinct_valid_dossier_codes"] = len(distinct)
    out["within_source_duplicates"] = len(valid_codes) - len(distinct)
    out["within_source_duplicate_codes"] = within_codes
    if source == "quangtri":
        out["missing_required"]["forms"] = forms
    out["dossier_code_needs_trim"] = code_needs_trim
    out["nfd_records"] = nfd_records
    out["stray_whitespace_records"] = stray_ws
    out["tab_or_nbsp_records"] = tab_nbsp
    out["upper_case_names"] = upper
    out["lower_case_names"] = lower
    out["legacy_cmnd_records"] = legacy_cmnd
    out["old_11_digit_phone_records"] = old_phone
    out["empty_phone_records"] = empty_phone
    out["empty_due_date_records"] = empty_due
    out["status_counts"] = dict(sorted(status_counts.items()))
    first, last = min(received_valid), max(received_valid)
    out["valid_received_at_range"] = {"min": first.isoformat(), "max": last.isoformat()}
    return out, set(distinct)


class _Absent:
    def __repr__(self):
        return "<absent>"


_ABSENT = _Absent()


def read_qb(gz_bytes):
    raw = gzip.decompress(gz_bytes)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), dialect="excel"))
    # the same through the file API with encoding utf-8-sig
    with io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="") as fh:
        rows2 = list(csv.reader(fh))
    assert rows == rows2
    assert rows[0] == QB_COLUMNS, rows[0]
    for r in rows[1:]:
        assert len(r) == len(QB_COLUMNS), r
    # every record terminator is CRLF: strip quoted fields, then no bare LF remains
    unquoted = re.sub(r'"(?:[^"]|"")*"', "", text)
    assert "\n" not in unquoted.replace("\r\n", ""), "bare LF outside quotes"
    records = []
    quoted_newlines = double_quotes = 0
    for r in rows[1:]:
        f = dict(zip(QB_COLUMNS, r))
        quoted_newlines += any(("\n" in v or "\r" in v) for v in r)
        double_quotes += any('"' in v for v in r)
        records.append({
            "dossier_code": f["MaHoSo"], "procedure_code": f["MaTTHC"],
            "received_at": f["NgayTiepNhan"], "name": f["ChuHoSo"],
            "address": f["DiaChi"], "identity": f["SoCCCD"], "phone": f["SoDienThoai"],
            "due": f["NgayHenTra"], "status": f["TrangThai"],
        })
    extra = {"embedded_newline_records": quoted_newlines,
             "double_quote_records": double_quotes,
             "lf_count": raw.count(b"\n")}
    return records, raw, extra


def read_qt(gz_bytes):
    raw = gzip.decompress(gz_bytes)
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    text = raw.decode("utf-8")
    assert text.endswith("\n")
    records = []
    reordered = 0
    extras = {}
    for line in text.split("\n")[:-1]:
        o = json.loads(line)
        present = [k for k in o.keys() if k in QT_CANONICAL_KEYS]
        if present != [k for k in QT_CANONICAL_KEYS if k in o]:
            reordered += 1
        for k in o:
            if k not in QT_CANONICAL_KEYS:
                extras[k] = extras.get(k, 0) + 1
        proc = o.get("procedure") or {}
        app = o.get("applicant") or {}
        records.append({
            "dossier_code": o.get("dossierCode", _ABSENT),
            "procedure_code": proc.get("code", _ABSENT),
            "received_at": o.get("receivedAt", _ABSENT),
            "name": app.get("fullName", ""), "address": app.get("address", ""),
            "identity": app.get("identityNumber", ""), "phone": app.get("phone", ""),
            "due": o.get("dueDate"), "status": o.get("status", ""),
        })
    extra = {"key_order_varied_records": reordered,
             "extra_fields": dict(sorted(extras.items()))}
    return records, raw, extra


# ---------------------------------------------------------------------------
# README.
# ---------------------------------------------------------------------------

README_TEMPLATE = """\
# Demo sample dumps

> Generated by `scripts/make-samples.py`. Do not edit by hand: change the script and
> rerun `python3 scripts/make-samples.py`, which regenerates every file in this
> directory byte for byte (Python 3.8+, standard library only; the compressed bytes
> assume the same zlib build, the decompressed content is identical everywhere).

**The data is synthetic.** Names, identity numbers, phone numbers, addresses and
dossier codes are generated from a fixed random seed ({seed}); they describe no real
person or dossier. Place names are real pre-merger administrative units, and
procedure codes follow the format of the national procedure catalogue (the
code/name pairing is illustrative).

## Background

On 1 July 2025 the provinces of Quảng Bình and Quảng Trị merged into the new
Quảng Trị. Each old province ran its own one-stop portal, and each exports its
dossiers (hồ sơ thủ tục hành chính) in a different shape. These two files imitate
those exports, dirt included, for the period {start} – {end}.

| File | Source | Records | gzip members | Size (bytes) | sha256 |
|------|--------|--------:|-------------:|-------------:|--------|
{file_rows}

`expected.json` holds the exact counts that the tests check against; every count
is defined below. The generator recomputes all of them from the written files
and refuses to finish if they differ from what it injected.

## `quangbinh/hoso.csv.gz` — old Quảng Bình portal

* Two gzip members concatenated (split at a record boundary near the middle of
  the uncompressed bytes); a reader that stops after the first member sees only
  about half of the records. Both members have mtime 0.
* UTF-8 with a byte order mark, CRLF record terminators, comma delimiter, one
  header row, RFC 4180 quoting: a field is quoted only if it contains a comma,
  a double quote, CR or LF, and quotes inside are doubled.
* Columns, in order: `{qb_columns}`.

| Column | Meaning | Format |
|--------|---------|--------|
| MaHoSo | dossier code | `G15.44-240312-0007`: agency, receipt date `yyMMdd`, per-agency daily sequence |
| MaTTHC | procedure code | `1.001193` |
| TenTTHC | procedure name | text |
| ChuHoSo | applicant full name | text |
| SoCCCD | citizen ID (12 digits, province prefix 044 = Quảng Bình, 045 = Quảng Trị, …) or legacy 9-digit CMND | digits |
| SoDienThoai | phone: 10-digit mobile, or a pre-2018 11-digit number (016x, 012x); may be empty | digits |
| DiaChi | address | text, several styles (`Thôn 3, xã Quảng Phú, huyện Quảng Trạch, tỉnh Quảng Bình`, `TDP 5, P. Đồng Phú, TP. Đồng Hới, Quảng Bình`, `Thôn 3 - Quảng Phú - Quảng Trạch - Quảng Bình`, …) |
| NgayTiepNhan | received at, local time (UTC+07:00) | `dd/MM/yyyy HH:mm:ss` |
| NgayHenTra | due date; may be empty | `dd/MM/yyyy` |
| TrangThai | status | see the status table |

Rows are in order of NgayTiepNhan, except the re-exported duplicates, which come
later in the file.

## `quangtri/export.jsonl.gz` — old Quảng Trị portal

* One gzip member, mtime 0. UTF-8 without BOM, LF line endings, one JSON object
  per line, a final LF.
* Shape (key order varies in some records; extra keys the pipeline does not use:
  `channel` (`online`, `direct`, `transfer`), `fee` (VND, number), `attachments`
  (list of `{{"name", "size"}}`)):

```json
{qt_example}
```

| Field | Meaning | Format |
|-------|---------|--------|
| dossierCode | dossier code | `H45.20-250304-0012` (same scheme as MaHoSo) |
| procedure.code / procedure.name | procedure | as in the CSV |
| applicant.fullName / identityNumber / phone / address | applicant | as in the CSV; addresses in old Quảng Trị units |
| receivedAt | received at | RFC 3339 `yyyy-MM-ddTHH:mm:ss+07:00` |
| dueDate | due date; may be null | `yyyy-MM-dd` |
| status | status | see the status table |

## Status vocabularies

| Meaning | Quảng Bình `TrangThai` | Quảng Trị `status` |
|---------|------------------------|--------------------|
| received, not yet processed | `DA_TIEP_NHAN` | `received` |
| being processed | `DANG_XU_LY` | `processing` |
| returned to the applicant for more documents | `CHO_BO_SUNG` | `returned` |
| result ready, not yet handed over | `DA_CO_KQ` | (reported as `processing`) |
| result handed over, done | `DA_TRA_KQ` | `completed` |
| rejected | `TU_CHOI` | `rejected` |

## Injected dirt (exact counts, also in `expected.json`)

| | Quảng Bình | Quảng Trị |
|---|---:|---:|
{dirt_rows}

Also:

* Both files contain the same {cross} dossiers (same dossier code, valid in both):
  dossiers transferred between the old portals. The second copy may spell the
  applicant's name with different spacing or Unicode normal form, write the
  address in another style, and carry another status.
* The CSV re-exports {qb_within} earlier dossiers further down the file (same
  MaHoSo; some identical, some with a later status, one with a trailing space in
  MaHoSo).
* Missing values in JSON appear as: key absent {f_absent}, `null` {f_null},
  `""` {f_empty}, whitespace only {f_ws}.
* Unparseable received dates used: Quảng Bình {qb_bad}; Quảng Trị {qt_bad}.
* Some applicant names are ALL CAPS or all lower case; they are left as they are.
* Everything else is NFC, single-spaced and without surrounding whitespace.

## Definitions

* **Whitespace**: Unicode White_Space characters, including space, tab, CR, LF and
  no-break space U+00A0. **trim(s)** removes leading and trailing whitespace.
* **Required fields**: dossier code (`MaHoSo` / `dossierCode`), procedure code
  (`MaTTHC` / `procedure.code`) and received at (`NgayTiepNhan` / `receivedAt`).
* A field is **missing** if the key is absent, the value is JSON `null`, or
  trim(value) is empty. `missing_required.whitespace_only` counts the missing
  values that were a non-empty string of whitespace.
* **records**: data records in the file (CSV rows after the header, a quoted field
  with a line break inside stays one record; JSONL lines).
* **missing_required.total**: records missing at least one required field (each
  misses exactly one); the per-field counts add up to the total.
* **invalid_received_at**: records missing no required field whose trimmed
  received-at value is not a valid date-time in the source's format: Quảng Bình
  `dd/MM/yyyy HH:mm:ss`, Quảng Trị `yyyy-MM-ddTHH:mm:ss±hh:mm`; valid means a
  real calendar date and a time from 00:00:00 to 23:59:59. Disjoint from
  `missing_required`.
* **valid**: records − missing_required.total − invalid_received_at.
* **dossier key**: NFC(trim(dossier code)).
* **distinct_valid_dossier_codes** (per source): distinct dossier keys among the
  source's valid records.
* **within_source_duplicates**: valid records − distinct_valid_dossier_codes, per
  source (records whose key repeats an earlier valid record of the same file).
* **cross_source_duplicates**: dossier keys found among the valid records of both
  sources.
* **distinct_valid_dossiers**: distinct dossier keys among the valid records of
  both sources together = Σ distinct_valid_dossier_codes − cross_source_duplicates.
* **dossier_code_needs_trim**: records whose dossier code is non-empty after trim
  but differs from its trimmed form.
* **nfd_records**: records whose applicant name or address is not in NFC.
* **stray_whitespace_records**: records whose name or address differs from itself
  trimmed with every run of whitespace replaced by one space (covers leading,
  trailing and doubled spaces, tabs, U+00A0 and line breaks).
* **tab_or_nbsp_records**: records whose name or address contains a tab or U+00A0.
* **upper_case_names / lower_case_names**: trimmed names equal to their upper-case
  (lower-case) form and containing at least one cased letter.
* **embedded_newline_records** (CSV): records with CR or LF inside a field.
* **double_quote_records** (CSV): records with a `"` inside a field value.
* **lf_count** (CSV): LF bytes in the decompressed file (header + records +
  embedded line breaks).
* **legacy_cmnd_records**: identity numbers of 9 digits.
  **old_11_digit_phone_records**: phone numbers of 11 digits.
  **empty_phone_records** / **empty_due_date_records**: empty (or null) values.
* **key_order_varied_records** (JSONL): records whose top-level keys
  dossierCode, procedure, applicant, receivedAt, dueDate, status (those present)
  are not in that order. **extra_fields**: records carrying each key outside that
  list.
* **status_counts**: trimmed status values over all records.
* **valid_received_at_range**: earliest and latest received-at among valid records.
"""


def md_table_rows(rows):
    return "\n".join("| " + " | ".join(str(c) for c in r) + " |" for r in rows)


def make_readme(expected, files):
    qb, qt = expected["quangbinh"], expected["quangtri"]
    file_rows = md_table_rows([
        ["`quangbinh/hoso.csv.gz`", "Quảng Bình portal, CSV", qb["records"],
         qb["gzip_members"], files["quangbinh/hoso.csv.gz"][0],
         "`%s`" % files["quangbinh/hoso.csv.gz"][1]],
        ["`quangtri/export.jsonl.gz`", "Quảng Trị portal, JSONL", qt["records"],
         qt["gzip_members"], files["quangtri/export.jsonl.gz"][0],
         "`%s`" % files["quangtri/export.jsonl.gz"][1]],
    ])
    mq, mt = qb["missing_required"], qt["missing_required"]
    dirt = [
        ["records", qb["records"], qt["records"]],
        ["missing a required field (total)", mq["total"], mt["total"]],
        ["— missing dossier code", mq["dossier_code"], mt["dossier_code"]],
        ["— missing procedure code", mq["procedure_code"], mt["procedure_code"]],
        ["— missing received at", mq["received_at"], mt["received_at"]],
        ["— of which whitespace only", mq["whitespace_only"], mt["whitespace_only"]],
        ["unparseable received at", qb["invalid_received_at"], qt["invalid_received_at"]],
        ["valid records", qb["valid"], qt["valid"]],
        ["within-source duplicate records", qb["within_source_duplicates"],
         qt["within_source_duplicates"]],
        ["distinct valid dossier codes", qb["distinct_valid_dossier_codes"],
         qt["distinct_valid_dossier_codes"]],
        ["dossier code with stray spaces", qb["dossier_code_needs_trim"],
         qt["dossier_code_needs_trim"]],
        ["name or address not NFC", qb["nfd_records"], qt["nfd_records"]],
        ["name or address with stray whitespace", qb["stray_whitespace_records"],
         qt["stray_whitespace_records"]],
        ["— with tab or U+00A0", qb["tab_or_nbsp_records"], qt["tab_or_nbsp_records"]],
        ["ALL-CAPS names", qb["upper_case_names"], qt["upper_case_names"]],
        ["lower-case names", qb["lower_case_names"], qt["lower_case_names"]],
        ["line break inside a quoted field", qb["embedded_newline_records"], "—"],
        ["`\"` inside a field", qb["double_quote_records"], "—"],
        ["top-level keys in another order", "—", qt["key_order_varied_records"]],
        ["legacy 9-digit CMND", qb["legacy_cmnd_records"], qt["legacy_cmnd_records"]],
        ["11-digit phone", qb["old_11_digit_phone_records"], qt["old_11_digit_phone_records"]],
        ["empty phone", qb["empty_phone_records"], qt["empty_phone_records"]],
        ["empty due date", qb["empty_due_date_records"], qt["empty_due_date_records"]],
    ]
    forms = mt["forms"]
    example = {
        "dossierCode": "H45.20-250304-0012",
        "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh"},
        "applicant": {"fullName": "Lê Thị Hoa", "identityNumber": "045190012345",
                      "phone": "0912345678",
                      "address": "Khóm 2, thị trấn Khe Sanh, huyện Hướng Hóa, Quảng Trị"},
        "receivedAt": "2025-03-04T08:15:00+07:00", "dueDate": "2025-03-05",
        "status": "completed", "channel": "online", "fee": 0,
    }
    return README_TEMPLATE.format(
        seed=SEED, start=START_DATE.isoformat(), end=END_DATE.isoformat(),
        file_rows=file_rows, qb_columns=",".join(QB_COLUMNS),
        qt_example=json.dumps(example, ensure_ascii=False),
        dirt_rows=md_table_rows(dirt), cross=expected["cross_source_duplicates"],
        qb_within=qb["within_source_duplicates"],
        f_absent=forms["absent"], f_null=forms["null"], f_empty=forms["empty"],
        f_ws=forms["whitespace_only"],
        qb_bad=", ".join("`%s`" % s for s in QB_INVALID_DATES),
        qt_bad=", ".join("`%s`" % s for s in QT_INVALID_DATES),
    )


# ---------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def check_injected(actual, injected, path=""):
    """Every count the generator meant to inject must be what the files contain."""
    for k, v in injected.items():
        a = actual[k]
        if isinstance(v, dict):
            check_injected(a, v, path + k + ".")
        elif a != v:
            raise AssertionError("%s%s: injected %r, found %r" % (path, k, v, a))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "samples"))
    args = ap.parse_args()

    rng = random.Random(SEED)
    qb_rows, qt_objects, injected = build(rng)
    qb_raw, qb_gz = encode_qb(qb_rows)
    qt_raw, qt_gz = encode_qt(qt_objects)

    # read back and recompute
    qb_records, qb_raw2, qb_extra = read_qb(qb_gz)
    qt_records, qt_raw2, qt_extra = read_qt(qt_gz)
    assert qb_raw2 == qb_raw and qt_raw2 == qt_raw
    qb_stats, qb_keys = analyse("quangbinh", qb_records)
    qt_stats, qt_keys = analyse("quangtri", qt_records)
    qb_stats.update(qb_extra)
    qt_stats.update(qt_extra)
    qb_stats = {"file": "quangbinh/hoso.csv.gz", "format": "csv",
                "gzip_members": gzip_member_count(qb_gz), **qb_stats}
    qt_stats = {"file": "quangtri/export.jsonl.gz", "format": "jsonl",
                "gzip_members": gzip_member_count(qt_gz), **qt_stats}
    assert qb_stats["gzip_members"] == 2 and qt_stats["gzip_members"] == 1

    cross = sorted(qb_keys & qt_keys)
    expected = {
        "description": "Exact counts for the synthetic samples; definitions in samples/README.md.",
        "generator": "scripts/make-samples.py",
        "seed": SEED,
        "quangbinh": qb_stats,
        "quangtri": qt_stats,
        "cross_source_duplicates": len(cross),
        "cross_source_duplicate_codes": cross,
        "within_source_duplicates": {"quangbinh": qb_stats["within_source_duplicates"],
                                     "quangtri": qt_stats["within_source_duplicates"]},
        "valid_records": qb_stats["valid"] + qt_stats["valid"],
        "distinct_valid_dossiers": len(qb_keys | qt_keys),
    }
    check_injected(expected, injected)
    for s in (qb_stats, qt_stats):
        assert s["valid"] == s["records"] - s["missing_required"]["total"] - s["invalid_received_at"]
        m = s["missing_required"]
        assert m["total"] == m["dossier_code"] + m["procedure_code"] + m["received_at"]
    assert expected["distinct_valid_dossiers"] == (
        qb_stats["distinct_valid_dossier_codes"] + qt_stats["distinct_valid_dossier_codes"]
        - expected["cross_source_duplicates"])
    assert qb_stats["double_quote_records"] >= QB_DOUBLE_QUOTE_ADDRESSES
    assert qb_stats["tab_or_nbsp_records"] >= QB_TAB_NBSP
    assert qt_stats["tab_or_nbsp_records"] >= QT_TAB_NBSP

    expected_bytes = (json.dumps(expected, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files = {
        "quangbinh/hoso.csv.gz": qb_gz,
        "quangtri/export.jsonl.gz": qt_gz,
        "expected.json": expected_bytes,
    }
    meta = {k: (len(v), hashlib.sha256(v).hexdigest()) for k, v in files.items()}
    files["README.md"] = make_readme(expected, meta).encode("utf-8")

    for rel, data in files.items():
        write(os.path.join(args.out, rel), data)
        print("%-26s %8d bytes  sha256 %s" % (rel, len(data), hashlib.sha256(data).hexdigest()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
