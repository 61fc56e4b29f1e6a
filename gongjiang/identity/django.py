"""Identity validation for Django forms, model fields and django-ninja / pydantic schemas.

Forms: `ResidentIdField` and `UsccField` clean to the normalised number (18 characters, upper
case) and show the Chinese message of the `IdentityError` as the field error.

Models: `validate_resident_id` and `validate_uscc` for `validators=[...]`; they check and do not
normalise, so save what a form field or `resident_id_normalise` returned.

API: `resident_id_normalise` / `uscc_normalise` return the normalised text or raise `ValueError`
(an `IdentityError`) with the Chinese message; `ResidentIdStr` / `UsccStr` are `Annotated` types
for schemas. They run before pydantic's own string check, so a JSON number is reported as
"turned into a number" instead of being silently converted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from pydantic import BeforeValidator

from .cleaning import clean_text
from .errors import IdentityError
from .resident_id import resident_id_validate
from .uscc import uscc_validate


def resident_id_normalise(value: object) -> str:
    """The 18-character resident ID number, or ValueError (IdentityError) with the Chinese message."""
    return resident_id_validate(value).number


def uscc_normalise(value: object) -> str:
    """The 18-character unified social credit code, or ValueError (IdentityError)."""
    return uscc_validate(value).code


def _validation_error(err: IdentityError) -> ValidationError:
    return ValidationError(str(err), code=err.code)


def validate_resident_id(value: object) -> None:
    """Model/form validator: raises django's ValidationError with the Chinese message."""
    try:
        resident_id_validate(value)
    except IdentityError as err:
        raise _validation_error(err) from err


def validate_uscc(value: object) -> None:
    """Model/form validator: raises django's ValidationError with the Chinese message."""
    try:
        uscc_validate(value)
    except IdentityError as err:
        raise _validation_error(err) from err


class _IdentityField(forms.CharField):
    normalise: Callable[[object], str]
    default_label: Any = None

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", self.default_label)
        super().__init__(**kwargs)

    def to_python(self, value: object) -> str:
        # CharField.to_python would str() and strip the raw value first; the identity functions
        # clean it themselves and need the raw value to recognise what Excel did to it.
        if value in self.empty_values or (isinstance(value, str) and not clean_text(value)):
            return self.empty_value  # blank, or only spaces: left to the `required` check
        try:
            return type(self).normalise(value)
        except IdentityError as err:
            raise _validation_error(err) from err

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.update({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"})
        return attrs


class ResidentIdField(_IdentityField):
    """公民身份号码: cleans to the 18-character number (15-digit numbers are upgraded)."""

    normalise = staticmethod(resident_id_normalise)
    default_label = gettext_lazy("公民身份号码")


class UsccField(_IdentityField):
    """统一社会信用代码: cleans to the 18-character upper-case code."""

    normalise = staticmethod(uscc_normalise)
    default_label = gettext_lazy("统一社会信用代码")


ResidentIdStr = Annotated[str, BeforeValidator(resident_id_normalise)]
UsccStr = Annotated[str, BeforeValidator(uscc_normalise)]
