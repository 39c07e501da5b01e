from django.contrib import admin

from .models import BouwblokTable, Contract, Delivery, ProcurementPlan


@admin.register(BouwblokTable)
class BouwblokTableAdmin(admin.ModelAdmin):
    """An administrator adds a region's table here; it applies from ``valid_from``."""

    list_display = ["name", "region", "valid_from", "valid_to", "source"]
    search_fields = ["name", "region", "source"]
    ordering = ["region", "-valid_from"]


class ContractInline(admin.TabularInline):
    model = Contract
    extra = 0
    fields = ["supplier", "value_eur", "start", "end", "sroi_obligation_eur", "deadline", "status"]
    raw_id_fields = ["supplier"]
    show_change_link = True


@admin.register(ProcurementPlan)
class ProcurementPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "type", "value_eur", "date", "created_at"]
    list_filter = ["type", "reserved_2_82"]
    search_fields = ["title", "municipality__name", "municipality__code"]
    raw_id_fields = ["municipality", "created_by"]
    readonly_fields = ["advice", "created_at"]
    inlines = [ContractInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["kind", "state", "value_eur", "reference", "invoice_ref", "hours"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["__str__", "supplier", "sroi_obligation_eur", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["plan__title", "supplier__legal_name", "supplier__kvk"]
    raw_id_fields = ["plan", "supplier", "created_by"]
    list_select_related = ["plan", "supplier"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contract", "kind", "state", "value_eur", "created_at"]
    list_filter = ["kind", "state"]
    search_fields = ["reference", "invoice_ref", "contract__plan__title"]
    raw_id_fields = ["contract", "social_enterprise", "reviewer", "created_by"]
    readonly_fields = ["value_eur", "valuation", "invoice_key", "created_at", "reviewed_at"]
