from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models

from gongjiang.core.errors import DomainError


def form_add_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's refusal beside the field it concerns (or above the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def constraint_field(model: type[models.Model], code: str | None) -> str | None:
    """The field beside which the message of the constraint named `code` belongs (the model's
    `CONSTRAINT_FIELDS`), or None. Every constraint's `violation_error_code` is its name."""
    return getattr(model, "CONSTRAINT_FIELDS", {}).get(code or "")


def validation_errors_by_field(model: type[models.Model], exc: ValidationError) -> dict[str, list[str]]:
    """The messages of a model's ValidationError by field, constraint violations (which Django
    reports for the whole form) moved beside the field their constraint concerns."""
    out: dict[str, list[str]] = {}
    for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(NON_FIELD_ERRORS, exc.error_list)]:
        for error in errors:
            target = constraint_field(model, error.code) if field == NON_FIELD_ERRORS else field
            out.setdefault(target or field, []).extend(error.messages)
    return out


def integrity_error_message(model: type[models.Model], exc: IntegrityError) -> tuple[str, str | None] | None:
    """(message, field) of the constraint of `model` that the database refused in `exc`, or None
    when it names none of them. PostgreSQL and SQLite both put the constraint's name in the error."""
    text = str(exc)
    for constraint in model._meta.constraints:
        if constraint.name in text:
            return str(constraint.get_violation_error_message()), constraint_field(model, constraint.name)
    return None


class ConstraintErrorsMixin:
    """For ModelForms: a violated database constraint is shown with its own message (the model's
    `violation_error_message`, never "约束 … 是无效的") beside the field it concerns, not above
    the form (issue 10 §16)."""

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        errors = self._errors.pop(NON_FIELD_ERRORS, None)  # type: ignore[attr-defined]
        if not errors:
            return
        for error in errors.as_data():
            field = constraint_field(self._meta.model, error.code)  # type: ignore[attr-defined]
            self.add_error(field if field in self.fields else None, error)  # type: ignore[attr-defined]


class ModelForm(ConstraintErrorsMixin, forms.ModelForm):
    """The platform's ModelForm: constraint messages beside their field."""
