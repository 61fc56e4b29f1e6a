"""The certificate as a Chinese PDF (ADR 0021): the certificate's face, a QR code carrying the
verification link with the signed credential, and — so that a changed byte anywhere in the file
fails — a detached Ed25519 signature over the whole file.

How the file signs itself: the PDF's Keywords hold `gongjiang-credential:<JWS>` and
`gongjiang-pdfsig:<86 zeros>`; the file is written, SHA-256 is taken of those bytes, signed, and
the zeros are replaced by the signature (same length, so nothing else moves). A verifier puts
the zeros back, hashes and checks the signature with the key the credential names
(`credentials.pdf_verify`, no database)."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fpdf import FPDF

from gongjiang.core.fonts import face_index, pdf_font_path
from gongjiang.evaluation import credentials

FONT_NAME = "NotoSansCJK"


def _font() -> tuple[str, int]:
    path = pdf_font_path()
    if path is None:
        raise FileNotFoundError("找不到证书 PDF 所需的中文字体：请安装 fonts-noto-cjk（./run test 会安装），"
                                "或设置 GONGJIANG_PDF_FONT")
    return str(path), face_index(path)


def certificate_pdf(*, claims: dict, holder: str, credential: str, link: str, key: Ed25519PrivateKey) -> bytes:
    """The signed PDF of one certificate."""
    return signed_pdf(title="职业技能等级证书", document_title=f"职业技能等级证书 {claims['no']}", on=claims["date"],
                      rows=(("姓　　名", holder), ("职业（工种）", claims["occ"]), ("等　　级", claims["grade"]),
                            ("证书编号", claims["no"]), ("发证日期", claims["date"]), ("评价机构", claims["issuer"])),
                      credential=credential, link=link, key=key)


def signed_pdf(*, title: str, document_title: str, on: str, rows, credential: str, link: str,
               key: Ed25519PrivateKey) -> bytes:
    """A one-page Chinese PDF — `title`, the (label, value) `rows`, the QR code of `link` — carrying
    the signed `credential` and signed as a whole file, as above. Certificates of award and the
    statements for banks (competitions, ADR 0024) use it too: one signer for the platform."""
    path, number = _font()
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_creation_date(datetime.fromisoformat(on).replace(tzinfo=UTC))
    pdf.set_producer("gongjiang")
    pdf.set_title(document_title)
    pdf.set_keywords(f"{credentials.PDF_CREDENTIAL}{credential} {credentials.PDF_SIGNATURE}"
                     f"{credentials.PDF_PLACEHOLDER}")
    pdf.add_font(FONT_NAME, "", path, collection_font_number=number)
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
    pdf.multi_cell(85, 5, "扫码查验。二维码内含数字签名凭证，无网络时可用发证平台公布的公钥离线核验。", align="C")
    data = bytes(pdf.output())
    signature = key.sign(credentials.PDF_DOMAIN + hashlib.sha256(data).digest())
    placeholder = credentials.PDF_SIGNATURE.encode() + credentials.PDF_PLACEHOLDER.encode()
    assert data.count(placeholder) == 1
    return data.replace(placeholder, credentials.PDF_SIGNATURE.encode() + credentials.b64url(signature).encode())
