from django.contrib import admin

from .models import (
    ColumnMapping,
    LinkDecision,
    PublishedReport,
    SpendImport,
    Supplier,
    SupplierLink,
)


@admin.register(SpendImport)
class SpendImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "municipality", "source_system", "state", "rows_imported",
                    "period_from", "period_to", "created"]  # fmt: skip
    list_filter = ["state"]
    search_fields = ["original_name", "municipality__code", "municipality__name", "source_system"]
    raw_id_fields = ["municipality", "uploaded_by"]
    readonly_fields = ["report", "stage_id", "engine_import_id", "overlaps", "created", "updated"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["municipality", "source_system", "updated"]
    search_fields = ["municipality__code", "municipality__name", "source_system"]
    raw_id_fields = ["municipality"]


class SupplierLinkInline(admin.StackedInline):
    model = SupplierLink
    raw_id_fields = ["organisation", "decided_by"]
    extra = 0


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "key", "kvk", "total_spend", "lines"]
    search_fields = ["name", "key", "kvk", "municipality__code"]
    raw_id_fields = ["municipality"]
    inlines = [SupplierLinkInline]


@admin.register(SupplierLink)
class SupplierLinkAdmin(admin.ModelAdmin):
    list_display = ["supplier", "organisation", "status", "method", "score", "decided_at"]
    list_filter = ["status", "method"]
    search_fields = ["supplier__name", "supplier__key", "organisation__legal_name"]
    raw_id_fields = ["supplier", "organisation", "decided_by"]


@admin.register(LinkDecision)
class LinkDecisionAdmin(admin.ModelAdmin):
    list_display = ["municipality", "supplier_key", "organisation", "decided_by", "created"]
    search_fields = ["supplier_key", "municipality__code", "organisation__legal_name"]
    raw_id_fields = ["municipality", "organisation", "decided_by"]


@admin.register(PublishedReport)
class PublishedReportAdmin(admin.ModelAdmin):
    list_display = ["municipality", "period_from", "period_to", "published_at", "published_by"]
    raw_id_fields = ["municipality", "published_by"]
    readonly_fields = ["published_at"]
