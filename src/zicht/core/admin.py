from django.contrib import admin

from .models import ScheduledRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the application writes itself (audit trail, scheduler runs): shown in the
    admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    """What ``zicht scheduler`` enqueued or skipped; written by the scheduler only."""

    list_display = ["job", "slot", "status", "task_id", "created_at"]
    list_filter = ["job", "status"]
    date_hierarchy = "slot"
