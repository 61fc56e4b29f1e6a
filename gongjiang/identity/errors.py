"""The one error type of identity validation.

Every check in this package raises (or, for cross-checks, returns) an `IdentityError`. It is a
`ValueError`, so pydantic / django-ninja validators can let it through unchanged, and it carries
what a clerk needs: what is wrong (`message`) and how to fix it (`hint`), both already translated
(the Chinese text is the source language).

Codes (`IdentityError.code`) are short machine strings that callers may branch on:

- ``empty``: nothing was entered;
- ``chars``: characters that cannot occur in the number;
- ``length``: wrong number of characters;
- ``checksum``: the check character does not match the rest;
- ``birth_date``: resident ID number whose birth date is impossible, in the future or before 1900;
- ``region``: resident ID number whose administrative division code is unknown or retired;
- ``excel_number``: Excel turned the cell into a number and digits were lost (`detail` says how:
  ``scientific``, ``numeric``, ``precision_lost``, ``decimal_suffix``);
- ``authority`` / ``org_type`` / ``org_code``: the parts of a unified social credit code;
- ``format`` / ``evaluator_type`` / ``grade`` / ``province`` / ``year``: the parts of a skill
  certificate number;
- ``grade_mismatch`` / ``year_mismatch`` / ``province_mismatch`` / ``kind_mismatch``: a certificate
  number that disagrees with the certificate's other fields.
"""

from __future__ import annotations


class IdentityError(ValueError):
    """A number that cannot be accepted, explained for a bureau clerk."""

    def __init__(
        self,
        code: str,
        message: str,
        hint: str = "",
        *,
        value: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.code = code
        self.message = str(message)
        self.hint = str(hint)
        self.value = value
        self.detail = detail
        super().__init__(self.message + self.hint)

    def __str__(self) -> str:
        return self.message + self.hint

    def __repr__(self) -> str:
        return f"IdentityError(code={self.code!r}, message={self.message!r}, hint={self.hint!r})"
