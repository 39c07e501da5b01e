"""Background tasks of the opportunities app (django_tasks; `zicht worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def fan_out_opportunity(opportunity_id: int) -> dict:
    """A newly published opportunity: inbox items for the best-matching organisations'
    members, then the "immediately" digests of those members."""
    from . import digests, services
    from .models import Opportunity, State

    opp = Opportunity.objects.filter(pk=opportunity_id, state=State.PUBLISHED).first()
    if opp is None:
        return {"users": 0, "mails": 0}
    users = services.fan_out(opp)
    sent = digests.send_digests("immediately", user_ids=users) if users else {"mails": 0}
    return {"users": len(users), "mails": sent["mails"]}


@task()
def send_digests(frequency: str) -> dict:
    from . import digests

    return digests.send_digests(frequency)
