"""Our own numbering never reaches a screen (issue 10 §6): requirement numbers (R7.2) and seed file
numbers ("001（十三）") stay in code comments; users read the policy document's name and clause."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
REQUIREMENT = re.compile(r"\bR\d+\.\d+")
SEED = re.compile(r"(?<![\d〔])00[0-4](?: ?[（(一二三四五六七八九十]| [一二三四五六七八九十])")


def _template_text(path: Path) -> str:
    return re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", path.read_text(encoding="utf-8"), flags=re.S)


def test_no_template_shows_a_requirement_or_seed_number():
    found = [(str(p.relative_to(PACKAGE)), m.group(0)) for p in PACKAGE.rglob("*.html")
             for m in [*REQUIREMENT.finditer(_template_text(p)), *SEED.finditer(_template_text(p))]]
    assert found == []


def test_no_translated_message_shows_a_requirement_or_seed_number():
    """Every gettext string of the code is in the catalogue, so this covers Python messages too."""
    catalogue = (PACKAGE / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    msgids = ["".join(re.findall(r'"(.*)"', m)) for m in re.findall(r'\nmsgid ((?:"[^\n]*"\n)+)', catalogue)]
    found = [m for m in msgids if REQUIREMENT.search(m) or SEED.search(m)]
    assert found == []
