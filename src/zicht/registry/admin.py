from django.contrib import admin

from zicht.core.admin import ReadOnlyAdmin
from zicht.core.models import AuditEntry

from . import services
from .models import (
    Certification,
    EligibilityRule,
    Evidence,
    Organisation,
    OrganisationSdg,
    SocialEnterpriseProfile,
    VerificationDecision,
    WorkforceFigure,
)


class SdgInline(admin.TabularInline):
    model = OrganisationSdg
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "kvk", "kind", "municipality", "status", "tier", "eligible_2_82"]
    list_filter = ["kind", "status", "tier", "eligible_2_82", "municipality__province"]
    search_fields = ["legal_name", "kvk", "search_text"]
    autocomplete_fields = ["municipality", "served_municipalities", "cpv_codes"]
    filter_horizontal = ["served_regions", "served_provinces"]
    readonly_fields = ["target_group_share", "eligible_2_82", "created_at", "updated_at"]
    inlines = [SdgInline, CertificationInline]
    list_select_related = ["municipality"]

    def save_model(self, request, obj, form, change):
        # Through the service, so admin edits are derived and audited like any other.
        services.save_organisation(obj, request.user, action="admin_changed")


class WorkforceInline(admin.TabularInline):
    model = WorkforceFigure
    extra = 0


@admin.register(SocialEnterpriseProfile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "total_fte", "revenue_share_trade"]
    search_fields = ["organisation__legal_name", "organisation__kvk"]
    autocomplete_fields = ["organisation"]
    inlines = [WorkforceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["organisation", "description", "content_type", "size", "uploaded_at"]
    search_fields = ["organisation__legal_name", "description"]
    autocomplete_fields = ["organisation"]


@admin.register(VerificationDecision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "decision", "reviewer", "decided_at", "expires"]
    list_filter = ["decision"]
    search_fields = ["organisation__legal_name", "reason"]

    def has_change_permission(self, request, obj=None):
        return False  # decisions are history


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ["key", "threshold", "valid_from", "valid_to", "region", "source"]
    list_filter = ["key", "region"]


@admin.register(AuditEntry)
class AuditAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id", "organisation"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "organisation__legal_name", "actor__email"]
