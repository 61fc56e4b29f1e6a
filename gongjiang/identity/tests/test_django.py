import pytest
from django import forms
from django.core.exceptions import ValidationError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from gongjiang.identity import (
    IdentityError,
    ResidentIdField,
    ResidentIdStr,
    UsccField,
    UsccStr,
    resident_id_normalise,
    uscc_normalise,
    validate_resident_id,
    validate_uscc,
)

EXCEL_MESSAGE = "此单元格被 Excel 转成了数字，请把该列设为文本后重新填写"


class WorkerForm(forms.Form):
    id_number = ResidentIdField()
    employer_code = UsccField(required=False)


def test_form_normalises():
    form = WorkerForm(data={"id_number": " １１０１０５４９１２３１００２ ", "employer_code": "91110000600037341l"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"id_number": "11010519491231002X", "employer_code": "91110000600037341L"}


def test_form_shows_the_chinese_message():
    form = WorkerForm(data={"id_number": "11010519491231002", "employer_code": "91110000600037341N"})
    assert not form.is_valid()
    assert "身份证号应为18位（旧证为15位），现在是17位" in form.errors["id_number"][0]
    assert "请对照证件原件" in form.errors["id_number"][0]
    assert "统一社会信用代码校验不通过" in form.errors["employer_code"][0]
    assert form.errors.as_data()["id_number"][0].code == "length"


def test_form_excel_value():
    form = WorkerForm(data={"id_number": "1.10101E+17"})
    assert not form.is_valid()
    assert EXCEL_MESSAGE in form.errors["id_number"][0]


def test_form_required_and_optional():
    form = WorkerForm(data={"id_number": "", "employer_code": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["id_number"]
    form = WorkerForm(data={"id_number": "11010519491231002X", "employer_code": "  "})
    assert form.is_valid()
    assert form.cleaned_data["employer_code"] == ""


def test_form_field_label_and_widget():
    field = ResidentIdField()
    assert str(field.label) == "公民身份号码"
    assert field.widget.attrs["autocomplete"] == "off"
    assert str(UsccField().label) == "统一社会信用代码"


def test_model_validators():
    validate_resident_id("11010519491231002X")
    validate_uscc("91110000600037341L")
    with pytest.raises(ValidationError) as caught:
        validate_resident_id("11010519491231002")
    assert caught.value.code == "length"
    with pytest.raises(ValidationError) as caught:
        validate_uscc("B1110000600037341L")
    assert "登记管理部门代码" in caught.value.messages[0]


def test_normalise_helpers_raise_value_error_with_chinese_message():
    assert resident_id_normalise("110105491231002") == "11010519491231002X"
    assert uscc_normalise("91110000600037341l") == "91110000600037341L"
    with pytest.raises(ValueError, match="身份证号校验不通过") as caught:
        resident_id_normalise("110105194912310021")
    assert isinstance(caught.value, IdentityError)


class WorkerIn(BaseModel):
    id_number: ResidentIdStr
    employer_code: UsccStr | None = None


def test_pydantic_schema():
    worker = WorkerIn(id_number="11010519491231002x", employer_code="91110000600037341L")
    assert worker.id_number == "11010519491231002X"
    with pytest.raises(PydanticValidationError) as caught:
        WorkerIn(id_number=1.1010519491231e17)
    assert EXCEL_MESSAGE in str(caught.value)
    with pytest.raises(PydanticValidationError) as caught:
        WorkerIn(id_number="11010519490230002X")
    assert "不是有效日期" in str(caught.value)
