from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["email", "first_name", "last_name", "email_confirmed", "is_superuser"]
    list_filter = ["email_confirmed", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Zicht", {"fields": ["email_confirmed"]}))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "department", "state"]
    list_filter = ["role", "state"]
    search_fields = ["user__email", "organisation__legal_name", "organisation__kvk"]
    autocomplete_fields = ["user", "organisation"]
