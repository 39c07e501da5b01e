"""Small factories for register tests. Municipalities come from the reference data
that ``migrate`` loads (``Municipality.objects.get(code="GM0363")``), never invented."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from zicht.accounts.models import Membership, User
from zicht.reference.models import Municipality, SdgGoal

from ..models import (
    LegalForm,
    Organisation,
    OrganisationKind,
    OrganisationSdg,
    SocialEnterpriseProfile,
    Status,
    TargetGroup,
    WorkforceFigure,
)


def forget_throttling() -> None:
    """Anonymous API calls are throttled per IP in the (local-memory) cache, which outlives
    a test; API tests start from an empty history so the suite's size cannot cause 429s."""
    from django.core.cache import cache

    cache.clear()


def municipality(code: str = "GM0363") -> Municipality:
    return Municipality.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery")
    email_confirmed = True


class OrganisationFactory(DjangoModelFactory):
    """A public social enterprise in Amsterdam. Traits: draft, sme, municipality."""

    class Meta:
        model = Organisation
        django_get_or_create = ("kvk",)
        skip_postgeneration_save = True

    kind = OrganisationKind.SOCIAL_ENTERPRISE
    kvk = factory.Sequence(lambda n: f"{90000000 + n:08d}")
    legal_form = LegalForm.BV
    legal_name = factory.Sequence(lambda n: f"Organisatie {n} B.V.")
    city = "Amsterdam"
    municipality = factory.LazyFunction(municipality)
    status = Status.ACCEPTED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        submitted = factory.Trait(status=Status.SUBMITTED)
        sme = factory.Trait(kind=OrganisationKind.SME)
        gemeente = factory.Trait(
            kind=OrganisationKind.MUNICIPALITY, legal_form=LegalForm.PUBLIEKRECHTELIJK
        )

    @factory.post_generation
    def derived(obj, create, extracted, **kwargs):
        # What services.derive stores, without an audit entry for test set-up.
        if create:
            from ..services import facet_text

            obj.search_text = obj.build_search_text()
            obj.facets = facet_text(obj)
            obj.save(update_fields=["search_text", "facets"])


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
    state = Membership.State.ACTIVE


def member_of(org: Organisation, **kwargs) -> User:
    return MembershipFactory(organisation=org, **kwargs).user


def staff_of(code: str) -> User:
    """A staff member of the municipality organisation of ``code`` (created if missing)."""
    place = municipality(code)
    gemeente = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, municipality=place
    ).first() or OrganisationFactory(
        gemeente=True, municipality=place, legal_name=f"Gemeente {place.name}"
    )
    return MembershipFactory(organisation=gemeente, role=Membership.Role.STAFF).user


def add_sdg(org: Organisation, number: int, *, confirmed: bool = True) -> OrganisationSdg:
    return OrganisationSdg.objects.create(
        organisation=org,
        goal=SdgGoal.objects.get(number=number),
        confirmed=confirmed,
        source=OrganisationSdg.Source.MANUAL if confirmed else OrganisationSdg.Source.SUGGESTED,
    )


def add_workforce(org: Organisation, total: str, **groups: str) -> SocialEnterpriseProfile:
    """Workforce aggregates, then re-derive share and eligibility as services do on save."""
    from .. import services

    profile = services.ensure_profile(org)
    profile.total_fte = Decimal(total)
    profile.impact_work_integration = True
    profile.save()
    for group, fte in groups.items():
        WorkforceFigure.objects.create(
            profile=profile, target_group=TargetGroup(group), fte=Decimal(fte)
        )
    org.refresh_from_db()
    services.derive(org)
    org.save()
    return profile
