"""Ordering by surname pinyin or strokes, and masking ID numbers (§4.1.3)."""

import pytest

from zhicheng.notices.domain.masking import mask_id
from zhicheng.notices.domain.names import pinyin_key, stroke_key
from zhicheng.notices.domain.strokes import UNKNOWN, stroke_count

NAMES = ["张伟", "王芳", "李娜", "覃海", "黄丽", "范冰", "丁一", "欧阳锋", "曾志"]


def test_stroke_counts_are_simplified_glyph_counts():
    assert [stroke_count(c) for c in "丁王李张范黄覃曾欧"] == [2, 4, 7, 7, 8, 11, 12, 12, 8]
    assert stroke_count("A") == UNKNOWN


def test_order_by_surname_strokes_then_pinyin_for_equal_strokes():
    # 李 and 张 both 7 strokes: 李 (li) before 张 (zhang), whatever the given names; 覃 and
    # 曾 both 12: 覃 (qin) first; 欧阳 counts by 欧 (8), as 范 does.
    assert sorted(NAMES, key=stroke_key) == [
        "丁一", "王芳", "李娜", "张伟", "范冰", "欧阳锋", "黄丽", "覃海", "曾志"]
    # Within one surname: strokes of the given name (一 1 < 二 2 < 三 3).
    assert sorted(["张三", "张二", "张一"], key=stroke_key) == ["张一", "张二", "张三"]


def test_order_by_pinyin_reads_surnames_as_surnames():
    # 覃 is Qin and 曾 is Zeng as surnames (pypinyin alone reads tan, ceng).
    assert pinyin_key("覃海") == "qin2 hai3"
    assert pinyin_key("曾志") == "zeng1 zhi4"
    assert sorted(NAMES, key=pinyin_key) == [
        "丁一", "范冰", "黄丽", "李娜", "欧阳锋", "覃海", "王芳", "曾志", "张伟"]


@pytest.mark.parametrize(("style", "shown"), [
    ("first6_last4", "450103********1234"),
    ("first3_last4", "450***********1234"),
    ("hidden", ""),
])
def test_mask_id(style, shown):
    assert mask_id("450103198001011234", style) == shown


def test_mask_id_never_shows_a_short_number_whole():
    assert mask_id("12345", "first6_last4") == ""
