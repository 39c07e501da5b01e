from django.contrib import admin

from .models import PolicyText, SdgPriority


@admin.register(SdgPriority)
class SdgPriorityAdmin(admin.ModelAdmin):
    list_display = ["municipality", "goal", "confirmed_by", "confirmed_at"]
    list_filter = ["goal"]
    search_fields = ["municipality__name"]


@admin.register(PolicyText)
class PolicyTextAdmin(admin.ModelAdmin):
    list_display = ["municipality", "created_by", "created_at"]
    search_fields = ["municipality__name", "text"]
