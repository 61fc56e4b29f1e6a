"""How surnames are read (issue 18 §4): many characters are read differently as a family name
(曾国藩 is Zēng, not céng; 单雄信 Shàn, not dān), and pypinyin reads a name as ordinary text (it
has no surname mode: mozillazg/python-pinyin issues 120 and 297 are open), so talent search's
pinyin initials were wrong for them. A name is read surname first: a compound surname (复姓) if the
name starts with one, else a single-character surname with a special reading, else the ordinary
reading; the given name is read by pypinyin.

Readings are those the 《现代汉语词典》（第7版） gives for the character as a surname (姓), toneless.
Where a surname has two readings in use (乐 Yuè / Lè, 覃 Qín / Tán, 翟 Zhái / Dí …), both are
listed, the first being the one shown; talent search indexes the initials of each, so either finds
the person. Only characters whose surname reading differs from the common reading, or that
pypinyin might read otherwise, need to be here.
"""

from __future__ import annotations

# 复姓: tried first, longest match.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("mo qi",), "尉迟": ("yu chi",), "单于": ("chan yu", "shan yu"), "长孙": ("zhang sun",),
    "澹台": ("tan tai",), "令狐": ("ling hu",), "宇文": ("yu wen",), "上官": ("shang guan",),
    "欧阳": ("ou yang",), "司马": ("si ma",), "诸葛": ("zhu ge",), "夏侯": ("xia hou",),
    "皇甫": ("huang fu",), "东方": ("dong fang",), "公孙": ("gong sun",), "慕容": ("mu rong",),
    "钟离": ("zhong li",), "司徒": ("si tu",), "司空": ("si kong",), "轩辕": ("xuan yuan",),
    "端木": ("duan mu",), "呼延": ("hu yan",), "南宫": ("nan gong",), "西门": ("xi men",),
    "独孤": ("du gu",), "拓跋": ("tuo ba",), "闻人": ("wen ren",), "赫连": ("he lian",),
    "淳于": ("chun yu",), "太史": ("tai shi",), "申屠": ("shen tu",), "濮阳": ("pu yang",),
    "公冶": ("gong ye",), "宗政": ("zong zheng",), "仲孙": ("zhong sun",), "鲜于": ("xian yu",),
    "闾丘": ("lv qiu",), "亓官": ("qi guan",), "司寇": ("si kou",), "仉督": ("zhang du",),
    "子车": ("zi ju",), "颛孙": ("zhuan sun",), "巫马": ("wu ma",), "公西": ("gong xi",),
    "漆雕": ("qi diao",), "乐正": ("yue zheng",), "壤驷": ("rang si",), "公良": ("gong liang",),
    "夹谷": ("jia gu",), "宰父": ("zai fu",), "谷梁": ("gu liang",), "段干": ("duan gan",),
    "百里": ("bai li",), "东郭": ("dong guo",), "南门": ("nan men",), "羊舌": ("yang she",),
    "微生": ("wei sheng",), "梁丘": ("liang qiu",), "左丘": ("zuo qiu",), "东门": ("dong men",),
    "第五": ("di wu",), "公羊": ("gong yang",),
}

# Single-character surnames read differently from the character's common reading.
SURNAMES: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",), "单": ("shan",), "解": ("xie",), "仇": ("qiu",), "区": ("ou",), "朴": ("piao",),
    "查": ("zha",), "盖": ("ge", "gai"), "缪": ("miao",), "乐": ("yue", "le"), "覃": ("qin", "tan"),
    "种": ("chong",), "翟": ("zhai", "di"), "折": ("she",), "员": ("yun",), "繁": ("po",),
    "句": ("gou",), "黑": ("he",), "秘": ("bi",), "华": ("hua",), "重": ("chong",), "冼": ("xian",),
    "过": ("guo",), "纪": ("ji",), "燕": ("yan",), "石": ("shi",), "瞿": ("qu",), "那": ("na",),
    "佴": ("nai",), "粘": ("nian",), "藏": ("zang",), "扎": ("za",), "都": ("du",), "六": ("lu",),
    "薄": ("bo",), "贾": ("jia",), "居": ("ju",), "盛": ("sheng",), "柏": ("bai",), "牟": ("mou", "mu"),
    "乜": ("nie",), "阚": ("kan",), "叶": ("ye",), "强": ("qiang",), "车": ("che",), "宿": ("su",),
    "卜": ("bu",), "召": ("shao",), "尉": ("yu", "wei"), "隗": ("wei", "kui"), "郇": ("xun", "huan"),
    "谌": ("chen", "shen"), "能": ("nai", "neng"), "长": ("chang",), "宁": ("ning",), "莘": ("shen",),
    "褚": ("chu",), "臧": ("zang",), "贲": ("ben",), "逄": ("pang",), "厍": ("she",), "祭": ("zhai",),
    "沈": ("shen",), "曲": ("qu",), "相": ("xiang",), "应": ("ying",), "朝": ("chao",),
    "哈": ("ha",), "和": ("he",), "殷": ("yin",), "陆": ("lu",), "冯": ("feng",),
}


def surname_split(name: str) -> tuple[str, tuple[str, ...]]:
    """(the surname, its readings) at the head of `name`, or ("", ()) when the name does not start
    with a surname read specially (the ordinary reading then applies). A compound surname is
    taken only when a given name follows it: a two-character name is surname + given name
    (欧阳 is Mr 欧 named 阳, 单于 Mr 单 named 于)."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], COMPOUND_SURNAMES[name[:2]]
    if name[:1] in SURNAMES:
        return name[:1], SURNAMES[name[:1]]
    return "", ()
