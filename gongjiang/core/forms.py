from django import forms

from gongjiang.core.errors import DomainError


def form_add_domain_error(form: forms.BaseForm, exc: DomainError) -> None:
    """Show a service's refusal beside the field it concerns (or above the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
