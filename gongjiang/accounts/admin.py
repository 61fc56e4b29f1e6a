from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from gongjiang.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "district", "enterprise", "is_active"]
    list_filter = ["role", "is_active", "district"]
    raw_id_fields = ["worker", "enterprise"]
    fieldsets = (*BaseUserAdmin.fieldsets,
                 (_("角色与数据范围"), {"fields": ["role", "district", "enterprise", "worker", "agency", "organisation_name"]}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets,
                     (_("角色与数据范围"), {"fields": ["role", "district", "enterprise", "worker"]}))
