"""Sort keys for the public list: by surname pinyin (default) or by surname stroke count."""

from pypinyin import Style, lazy_pinyin

from zhicheng.notices.domain.strokes import stroke_count

# Surnames whose reading differs from the character's everyday reading (pypinyin has no
# surname mode). Readings as given for surnames in 《现代汉语词典》 (第7版).
SURNAME_READINGS: dict[str, list[str]] = {
    "万俟": ["mo4", "qi2"], "尉迟": ["yu4", "chi2"], "单于": ["chan2", "yu2"],
    "长孙": ["zhang3", "sun1"], "曾": ["zeng1"], "单": ["shan4"], "覃": ["qin2"],
    "区": ["ou1"], "仇": ["qiu2"], "解": ["xie4"], "查": ["zha1"], "朴": ["piao2"],
    "缪": ["miao4"], "乐": ["yue4"], "盖": ["ge3"], "尉": ["wei4"], "秘": ["bi4"],
    "繁": ["po2"], "员": ["yun4"], "种": ["chong2"], "召": ["shao4"], "祭": ["zhai4"],
    "句": ["gou1"], "能": ["nai4"], "翟": ["zhai2"], "都": ["du1"], "沈": ["shen3"],
    "重": ["chong2"], "宿": ["su4"], "隗": ["wei3"], "折": ["she2"], "调": ["diao4"],
}


COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "令狐", "端木", "西门", "南宫", "万俟", "单于", "轩辕", "独孤", "申屠",
})


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name); two-character surnames only when a given name follows."""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _reading(name: str) -> list[str]:
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname):
            rest = name[len(surname):]
            return SURNAME_READINGS[surname] + (_syllables(rest) if rest else [])
    return _syllables(name)


def _syllables(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                       errors=lambda s: [c.lower() for c in s])


def pinyin_key(name: str) -> str:
    """"zhang1 san1" — syllable by syllable, tone as the tie-break within a syllable."""
    return " ".join(_reading(name.strip()))[:200]


def stroke_key(name: str) -> str:
    """姓氏笔画 order: by the stroke count of the surname's first character (欧阳 with 欧);
    surnames of equal count apart from each other in pinyin order (Unihan has no stroke-order
    data for the 横竖撇点折 rule); within a surname by the strokes of each given-name
    character, then pinyin."""
    name = name.strip()
    surname, given = split_name(name)
    surname_strokes = stroke_count(surname[:1]) if surname else 0
    given_strokes = "".join(f"{stroke_count(ch):02d}" for ch in given[:6])
    reading = pinyin_key(name)
    surname_reading = " ".join(reading.split(" ")[:len(surname)])
    return f"{surname_strokes:03d}|{surname_reading}|{surname}|{given_strokes}|{reading}"[:200]
