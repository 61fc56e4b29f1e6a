"""Identity validation: resident ID numbers, unified social credit codes, certificate numbers,
people's names and phone numbers.

Used wherever such a number is entered or imported (forms, API, spreadsheet imports). Every failure
is an `IdentityError` (a `ValueError`) with a machine `code` and a Chinese `message` and `hint`
written for the clerk who has to fix the value.
"""

from .certificate_number import (
    KIND_QUALIFICATION,
    KIND_SKILL_GRADE,
    KIND_SPECIAL_ABILITY,
    KINDS,
    CertificateNumber,
    certificate_number_check,
    certificate_number_clean,
    certificate_number_parse,
)
from .cleaning import clean_text, detect_excel_mangling
from .django import (
    ResidentIdField,
    ResidentIdStr,
    UsccField,
    UsccStr,
    resident_id_normalise,
    uscc_normalise,
    validate_resident_id,
    validate_uscc,
)
from .errors import IdentityError
from .person_name import person_name_clean, person_name_is_canonical
from .phone import phone_is_canonical_mobile, phone_validate
from .resident_id import (
    ResidentId,
    birth_date_from,
    region_name,
    resident_id_check_char,
    resident_id_is_valid,
    resident_id_mask,
    resident_id_validate,
    sex_from,
)
from .uscc import Uscc, organisation_code_check_char, uscc_check_char, uscc_is_valid, uscc_validate

__all__ = [
    "KINDS",
    "KIND_QUALIFICATION",
    "KIND_SKILL_GRADE",
    "KIND_SPECIAL_ABILITY",
    "CertificateNumber",
    "IdentityError",
    "ResidentId",
    "ResidentIdField",
    "ResidentIdStr",
    "Uscc",
    "UsccField",
    "UsccStr",
    "birth_date_from",
    "certificate_number_check",
    "certificate_number_clean",
    "certificate_number_parse",
    "clean_text",
    "detect_excel_mangling",
    "organisation_code_check_char",
    "person_name_clean",
    "person_name_is_canonical",
    "phone_is_canonical_mobile",
    "phone_validate",
    "region_name",
    "resident_id_check_char",
    "resident_id_is_valid",
    "resident_id_mask",
    "resident_id_normalise",
    "resident_id_validate",
    "sex_from",
    "uscc_check_char",
    "uscc_is_valid",
    "uscc_normalise",
    "uscc_validate",
    "validate_resident_id",
    "validate_uscc",
]
