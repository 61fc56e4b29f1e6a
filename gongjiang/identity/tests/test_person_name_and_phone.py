"""People's names and phone numbers (issue 10 §11, §22; ADR 0019)."""

import pytest

from gongjiang.identity import IdentityError, person_name_clean, phone_validate


@pytest.mark.parametrize(("typed", "stored"), [
    ("张三", "张三"), ("欧阳明月", "欧阳明月"), ("张 三", "张三"), (" 王小明 ", "王小明"),
    ("阿依古丽·买买提", "阿依古丽·买买提"), ("阿依古丽・买买提", "阿依古丽·买买提"), ("阿沛.阿旺晋美", "阿沛·阿旺晋美"),
    ("John Smith", "John Smith"), ("José García-López", "José García-López"), ("Liam O'Brien", "Liam O'Brien"),
    ("Anne-Marie D. Dupont", "Anne-Marie D. Dupont"), ("Ｊｏｈｎ　Ｓｍｉｔｈ", "John Smith"), ("𠀀明", "𠀀明"),
])
def test_chinese_minority_and_foreign_names_are_accepted_in_one_stored_form(typed, stored):
    assert person_name_clean(typed) == stored


@pytest.mark.parametrize(("typed", "says"), [
    ("=cmd|' /C calc'!A0", "含有不能用于姓名的字符“=”"),
    ("张三1", "含有不能用于姓名的字符“1”"),
    ("Zhang三", "混用了汉字和拉丁字母"),
    ("张", "只有一个字"),
    ("·张三", "间隔号"),
    ("", "请填写姓名"),
])
def test_anything_else_is_refused_saying_what_is_wrong_and_what_a_name_may_hold(typed, says):
    with pytest.raises(IdentityError) as caught:
        person_name_clean(typed)
    assert says in str(caught.value)
    if typed:
        assert "阿依古丽·买买提" in caught.value.hint
        assert "John Smith" in caught.value.hint


@pytest.mark.parametrize(("typed", "stored"), [
    ("13800001234", "13800001234"), ("138 0000 1234", "13800001234"), ("+86 138-0000-1234", "13800001234"),
    ("１３８００００１２３４", "13800001234"), ("0580-2021234", "0580-2021234"), ("05802021234", "0580-2021234"),
    ("(0580)2021234", "0580-2021234"), ("021-64361234", "021-64361234"), ("+1 650 253 0000", "+16502530000"),
])
def test_mainland_mobile_and_landline_numbers_are_stored_in_one_form(typed, stored):
    assert phone_validate(typed) == stored


@pytest.mark.parametrize(("typed", "says"), [
    ("1380000", "有 7 位数字，应为 11 位"),
    ("abc", "含有不是数字的字符"),
    ("2021234", "缺少区号"),
    ("14000000000", "不是有效的手机号或座机号码"),
    ("400-800-1234", "客服或特服号码"),
])
def test_a_wrong_phone_number_is_refused_with_how_to_write_it(typed, says):
    with pytest.raises(IdentityError) as caught:
        phone_validate(typed)
    assert says in caught.value.message
    assert "0580-2021234" in caught.value.hint


def test_an_enterprise_may_give_a_400_service_number():
    assert phone_validate("400-800-1234", organisation=True) == "400-800-1234"
