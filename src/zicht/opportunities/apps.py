from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "zicht.opportunities"
    label = "opportunities"
