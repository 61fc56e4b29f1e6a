"""The certificate as a Chinese PDF (ADR 0021): the certificate's face, a QR code carrying the
verification link with the signed credential, and — so that a changed byte anywhere in the file
fails — a detached Ed25519 signature over the whole file.

How the file signs itself: the PDF's Keywords hold `gongjiang-credential:<JWS>` and
`gongjiang-pdfsig:<86 zeros>`; the file is written, SHA-256 is taken of those bytes, signed, and
the zeros are replaced by the signature (same length, so nothing else moves). A verifier puts
the zeros back, hashes and checks the signature with the key the credential names
(`credentials.pdf_verify`, no database).

Speed (ADR 0021 §PDFs in the background): fpdf2 spends most of a certificate's time reading the
whole Noto CJK face (65,000 glyphs) and subsetting it. `font_for` subsets the face once to the
characters a set of pages needs (a whole batch's names and facts) and keeps that small font in
the process; each PDF then reads and subsets a font of a few hundred glyphs. The file embeds what its
page uses either way."""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fpdf import FPDF

from gongjiang.core.fonts import face_index, pdf_font_path
from gongjiang.evaluation import credentials

FONT_NAME = "NotoSansCJK"
CERTIFICATE_TITLE = "职业技能等级证书"
QR_NOTE = "扫码查验。二维码内含数字签名凭证，无网络时可用发证平台公布的公钥离线核验。"
# Characters every page may draw besides its own text: ASCII and the full-width forms and
# punctuation the labels use, so that a font made for one set of pages serves the next too.
COMMON_CHARS = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("（）：，。、　·—" + QR_NOTE)


class FontFile(NamedTuple):
    path: Path
    number: int  # the face in a collection
    subset: bool  # made by font_for: its bounding boxes already hold each of its glyphs


def _font() -> tuple[Path, int]:
    path = pdf_font_path()
    if path is None:
        raise FileNotFoundError("找不到证书 PDF 所需的中文字体：请安装 fonts-noto-cjk（./run test 会安装），"
                                "或设置 GONGJIANG_PDF_FONT")
    return path, face_index(path)


def font_for(chars: Iterable[str]) -> FontFile:
    """A font file holding only the glyphs of `chars` (and COMMON_CHARS), subset once from the
    Chinese face and kept for this process: the last KEPT_FONTS sets, in a temporary directory of
    its own (a font dropped from the set is deleted; the directory goes when the process ends)."""
    path, number = _font()
    stat = path.stat()
    key = (str(path), number, stat.st_mtime_ns, stat.st_size, frozenset(chars) | COMMON_CHARS)
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None and found.is_file():
            _KEPT.move_to_end(key)
            return FontFile(found, 0, subset=True)
    made = _subset_font(*key)
    with _KEPT_LOCK:
        _KEPT[key] = made
        while len(_KEPT) > KEPT_FONTS:
            _key, dropped = _KEPT.popitem(last=False)
            dropped.unlink(missing_ok=True)
    return FontFile(made, 0, subset=True)


KEPT_FONTS = 16
_KEPT: OrderedDict[tuple, Path] = OrderedDict()
_KEPT_LOCK = threading.Lock()
_DIRECTORY: list[Path] = []


def font_directory() -> Path:
    """This process's directory of subset fonts (made on first use, removed at exit)."""
    with _KEPT_LOCK:
        if not _DIRECTORY:
            made = Path(tempfile.mkdtemp(prefix="gongjiang-pdf-fonts-"))
            atexit.register(shutil.rmtree, made, ignore_errors=True)
            _DIRECTORY.append(made)
        return _DIRECTORY[0]


def fonts_forget() -> None:
    """Drop every subset font kept (the bench measures a PDF made with none)."""
    with _KEPT_LOCK:
        for dropped in _KEPT.values():
            dropped.unlink(missing_ok=True)
        _KEPT.clear()


def _subset_font(path: str, number: int, mtime_ns: int, size: int, chars: frozenset[str]) -> Path:
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    name = hashlib.sha256(f"{path}|{number}|{mtime_ns}|{size}|{''.join(sorted(chars))}".encode()).hexdigest()[:32]
    directory = font_directory()
    target = directory / f"{name}.otf"
    font = TTFont(path, fontNumber=number, lazy=True, recalcTimestamp=False)
    # fpdf2 drops the layout tables when it embeds (no shaping here); the names are kept whole.
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, name_IDs=["*"], name_languages=["*"],
                               layout_features=[], drop_tables=[*ftsubset.Options().drop_tables, "GSUB", "GPOS",
                                                                "GDEF", "FFTM", "hdmx", "meta"])
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars})
    subsetter.subset(font)
    partial = directory / f"{name}.{threading.get_ident()}.part.otf"
    font.save(str(partial))
    os.replace(partial, target)  # atomic: a concurrent thread finds the whole file or none
    return target


def page_chars(title: str, rows) -> set[str]:
    """The characters a page of `signed_pdf` draws (its title and rows)."""
    return set(title) | {c for label, value in rows for c in f"{label}{value}"}


def certificate_rows(claims: dict, holder: str) -> tuple:
    return (("姓　　名", holder), ("职业（工种）", claims["occ"]), ("等　　级", claims["grade"]),
            ("证书编号", claims["no"]), ("发证日期", claims["date"]), ("评价机构", claims["issuer"]))


def certificate_pdf(*, claims: dict, holder: str, credential: str, link: str, key: Ed25519PrivateKey,
                    font_chars: Iterable[str] = ()) -> bytes:
    """The signed PDF of one certificate. `font_chars`: the characters of every certificate of
    the batch being made, so that one subset font serves them all (`font_for`)."""
    return signed_pdf(title=CERTIFICATE_TITLE, document_title=f"{CERTIFICATE_TITLE} {claims['no']}",
                      on=claims["date"], rows=certificate_rows(claims, holder), credential=credential, link=link,
                      key=key, font_chars=font_chars)


def signed_pdf(*, title: str, document_title: str, on: str, rows, credential: str, link: str,
               key: Ed25519PrivateKey, font_chars: Iterable[str] = ()) -> bytes:
    """A one-page Chinese PDF — `title`, the (label, value) `rows`, the QR code of `link` — carrying
    the signed `credential` and signed as a whole file, as above. Certificates of award and the
    statements for banks (competitions, ADR 0024) use it too: one signer for the platform."""
    rows = tuple(rows)
    font = font_for(page_chars(title, rows) | set(font_chars))
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_creation_date(datetime.fromisoformat(on).replace(tzinfo=UTC))
    pdf.set_producer("gongjiang")
    pdf.set_title(document_title)
    pdf.set_keywords(f"{credentials.PDF_CREDENTIAL}{credential} {credentials.PDF_SIGNATURE}"
                     f"{credentials.PDF_PLACEHOLDER}")
    pdf.add_font(FONT_NAME, "", str(font.path), collection_font_number=font.number)
    if font.subset:  # its bounding boxes already hold each of its glyphs: fpdf2 need not draw each
        pdf.fonts[FONT_NAME.lower()].ttfont.recalcBBoxes = False  # glyph again when it writes the page's subset
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font(FONT_NAME, size=30)
    pdf.set_y(28)
    pdf.cell(0, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
    short = len(rows) <= 6
    pdf.set_font(FONT_NAME, size=15 if short else 12)
    pdf.ln(10)
    for label, value in rows:
        pdf.set_x(40)
        pdf.cell(45, 12 if short else 9, label)
        if short:
            pdf.cell(130, 12, str(value), new_x="LMARGIN", new_y="NEXT")
        else:  # a longer statement: values wrap short of the QR code
            pdf.multi_cell(120, 9, str(value), new_x="LMARGIN", new_y="NEXT")
    qr = io.BytesIO()
    segno.make(link, error="l").save(qr, kind="png", scale=4, border=2)
    qr.seek(0)
    pdf.image(qr, x=205, y=70, w=65, h=65)
    pdf.set_font(FONT_NAME, size=9)
    pdf.set_xy(195, 138)
    pdf.multi_cell(85, 5, QR_NOTE, align="C")
    data = bytes(pdf.output())
    signature = key.sign(credentials.PDF_DOMAIN + hashlib.sha256(data).digest())
    placeholder = credentials.PDF_SIGNATURE.encode() + credentials.PDF_PLACEHOLDER.encode()
    assert data.count(placeholder) == 1
    return data.replace(placeholder, credentials.PDF_SIGNATURE.encode() + credentials.b64url(signature).encode())
