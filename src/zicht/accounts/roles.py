"""Who may do what. One place for every permission question the pages and the API ask.

Roles: platform administrator (superuser); municipal staff (membership of a municipality
organisation, as staff, procurement or policy officer); members of a social enterprise,
sociale werkplaats or SME; and the anonymous public.
"""

from __future__ import annotations

from functools import cached_property

from .models import Membership


class Roles:
    """Roles of one user, computed once per request (``request.user`` → ``roles_for``)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=self.user, state=Membership.State.ACTIVE).select_related(
                "organisation__municipality"
            )
        )

    @property
    def is_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_superuser)

    @cached_property
    def staff_municipality_ids(self) -> set[int]:
        """Municipalities (reference ids) whose non-public data this user may see as staff."""
        return {
            m.organisation.municipality_id
            for m in self.memberships
            if m.organisation.kind == "municipality" and m.role in Membership.MUNICIPAL_ROLES
        }

    @property
    def is_municipal_staff(self) -> bool:
        return bool(self.staff_municipality_ids)

    def staff_role(self, *roles: str) -> bool:
        return any(
            m.organisation.kind == "municipality" and m.role in roles for m in self.memberships
        )

    @cached_property
    def organisation_ids(self) -> set[int]:
        return {m.organisation_id for m in self.memberships}

    def can_edit(self, organisation) -> bool:
        """Members edit only their own organisation; administrators edit everything."""
        return self.is_admin or organisation.pk in self.organisation_ids

    def can_review(self, organisation) -> bool:
        """Staff review organisations registered in their own municipality."""
        return self.is_admin or organisation.municipality_id in self.staff_municipality_ids

    def can_see_private(self, organisation) -> bool:
        """Evidence, audit trail, drafts: the organisation, its reviewers, administrators."""
        return self.can_edit(organisation) or self.can_review(organisation)


def roles_for(user) -> Roles:
    cached = getattr(user, "_zicht_roles", None)
    if cached is None:
        cached = Roles(user)
        try:
            user._zicht_roles = cached
        except AttributeError:  # AnonymousUser is a plain object, but be safe
            pass
    return cached
