from django.contrib import admin

from .models import (
    DigestPreference,
    DigestSent,
    Follow,
    InboxItem,
    Invitation,
    MatchFeedback,
    MatchWeights,
    Opportunity,
)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "municipality", "state", "visibility", "deadline"]
    list_filter = ["kind", "state", "visibility", "reserved_2_82"]
    search_fields = ["title", "description", "owner__legal_name"]
    raw_id_fields = ["owner", "created_by", "municipality", "procurement_plan"]
    filter_horizontal = ["cpv_codes"]
    readonly_fields = ["created_at", "updated_at", "published_at"]


@admin.register(MatchWeights)
class MatchWeightsAdmin(admin.ModelAdmin):
    """Administrators tune the matching here: a new version applies from ``valid_from``."""

    list_display = ["valid_from", "__str__", "note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    fields = ["valid_from", "data", "note", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        from .matches import invalidate_index

        invalidate_index()


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "organisation", "kind", "rank", "useful", "weights_version"]
    list_filter = ["kind", "useful", "weights_version"]
    raw_id_fields = ["user", "opportunity", "organisation"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "opportunity", "created_at"]
    raw_id_fields = ["user", "opportunity"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "organisation", "sent_by", "created_at"]
    raw_id_fields = ["opportunity", "organisation", "sent_by"]


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "opportunity", "organisation", "read", "created_at"]
    list_filter = ["kind", "read"]
    raw_id_fields = ["user", "opportunity", "organisation"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "unsubscribed_at", "updated_at"]
    list_filter = ["frequency"]
    raw_id_fields = ["user"]


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["user", "opportunity", "sent_at"]
    raw_id_fields = ["user", "opportunity"]
