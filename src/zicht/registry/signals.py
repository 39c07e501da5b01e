"""Keep derived data current when an organisation's related data changes.

Facets (registry/facets.py) include confirmed SDGs, CPV codes and workforce groups, which
are edited outside Organisation.save (wizard steps, API, admin inlines). Each such change
re-derives the organisation's facets and moves its ``updated_at`` with one UPDATE, so
caches keyed on ``updated_at`` (the match index) see the change. Bulk loaders compute
facets themselves.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import (
    Certification,
    Organisation,
    OrganisationSdg,
    SocialEnterpriseProfile,
    WorkforceFigure,
)


def refresh_facets(organisation_id: int | None) -> None:
    if organisation_id is None:
        return
    org = (
        Organisation.objects.select_related("municipality__region", "municipality__province")
        .filter(pk=organisation_id)
        .first()
    )
    if org is None:
        return
    from .services import facet_text

    Organisation.objects.filter(pk=org.pk).update(facets=facet_text(org), updated_at=timezone.now())


def _organisation_part_changed(sender, instance, **kwargs):
    refresh_facets(instance.organisation_id)


def _workforce_changed(sender, instance, **kwargs):
    profile = SocialEnterpriseProfile.objects.filter(pk=instance.profile_id).first()
    refresh_facets(profile.organisation_id if profile else None)


def _cpv_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # changed from the CPV side: every organisation involved
        for pk in pk_set or []:
            refresh_facets(pk)
    else:
        refresh_facets(instance.pk)


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in (OrganisationSdg, SocialEnterpriseProfile, Certification):
            signal.connect(
                _organisation_part_changed,
                sender=model,
                dispatch_uid=f"derived-{model.__name__}-{signal}",
            )
        signal.connect(
            _workforce_changed, sender=WorkforceFigure, dispatch_uid=f"derived-w-{signal}"
        )
    m2m_changed.connect(
        _cpv_changed, sender=Organisation.cpv_codes.through, dispatch_uid="derived-cpv"
    )
