"""The Chinese font PDFs embed (the archive export, certificates): Debian's fonts-noto-cjk unless
`settings.GONGJIANG_PDF_FONT` names another (ADR 0019). Offline: nothing is downloaded."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

# Where Linux distributions put Noto Sans CJK (Debian/Ubuntu fonts-noto-cjk first).
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
)
FONT_FACE = "Noto Sans CJK SC"  # the simplified-Chinese face of the collection


def pdf_font_path() -> Path | None:
    """The Chinese font file the PDF embeds: `settings.GONGJIANG_PDF_FONT`, else the first of
    FONT_CANDIDATES present; None when there is none."""
    configured = getattr(settings, "GONGJIANG_PDF_FONT", "")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        path = Path(candidate)
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=4)
def face_index(path: Path) -> int:
    """The index of the simplified-Chinese face in a font collection (.ttc); 0 for a single font."""
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == FONT_FACE:
            return index
    return 0
