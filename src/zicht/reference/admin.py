from django.contrib import admin

from .models import CpvCode, LabourMarketRegion, Municipality, Province, SdgGoal, SdgTarget


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "region"]
    list_filter = ["province", "region"]
    search_fields = ["code", "name"]


@admin.register(CpvCode)
class CpvAdmin(admin.ModelAdmin):
    list_display = ["code", "check_digit", "label_nl", "label_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "label_nl", "label_en"]


admin.site.register([Province, LabourMarketRegion, SdgGoal, SdgTarget])
