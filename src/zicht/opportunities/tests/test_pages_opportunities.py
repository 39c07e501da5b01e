"""Pages: create → explained matches; bad input; visibility; owner-only lists; isolation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from zicht.core.models import AuditEntry
from zicht.opportunities.models import (
    Follow,
    InboxItem,
    Invitation,
    MatchFeedback,
    Opportunity,
)
from zicht.registry.tests.factories import UserFactory

from .conftest import future, make_opportunity

pytestmark = pytest.mark.django_db


def form_data(world, **overrides):
    data = {
        "owner": world["gemeente"].pk,
        "kind": "tender",
        "title": "Groenonderhoud parken Utrecht",
        "description": "Onderhoud van parken en plantsoenen in Utrecht met mensen met een "
        "afstand tot de arbeidsmarkt.",
        "cpv": "77310000-6",
        "sdgs": ["8", "15"],
        "municipality": "GM0344",
        "value_eur": "100000",
        "deadline": future().isoformat(),
        "min_tier": "",
        "visibility": "public",
        "state": "published",
        "action": "save",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_shows_explained_matches_to_the_owner(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["staff"])
    assert client.get(reverse("opportunities:create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("opportunities:create"), form_data(world))
    opp = Opportunity.objects.get()
    assert response.status_code == 302 and response["Location"] == opp.get_absolute_url()
    assert opp.owner == world["gemeente"] and opp.created_by == world["staff"]
    assert opp.state == "published" and opp.published_at
    assert [c.code for c in opp.cpv_codes.all()] == ["77310000"]
    assert opp.sdgs == {"8": 1.0, "15": 1.0}
    assert AuditEntry.objects.filter(action="opportunity.create", object_id=str(opp.pk)).exists()
    page = client.get(opp.get_absolute_url()).content.decode()
    assert "Best-matching organisations" in page
    assert "Groen Werkt" in page
    assert page.index("Groen Werkt") < page.index("Hovenier Jansen")
    assert "Planting and maintenance services of green areas" in page  # a reason
    assert "How was this score computed?" in page and "Total score" in page
    assert "Nog Niet Openbaar" not in page  # drafts are never matched
    # publishing told the best-matching organisation's members (fan-out task)
    assert InboxItem.objects.filter(user=world["green_member"], opportunity=opp).exists()


def test_suggest_sdgs_from_the_text(client, world):
    client.force_login(world["staff"])
    response = client.post(
        reverse("opportunities:create"),
        form_data(
            world,
            sdgs=None,
            action="suggest",
            description="Wij zoeken zonnepanelen en isolatie om de CO2-uitstoot van "
            "gemeentelijke gebouwen te verminderen; schone energie voor iedereen.",
        ),
    )
    assert response.status_code == 200
    assert not Opportunity.objects.exists()
    page = response.content.decode()
    assert "SDGs suggested from your text" in page
    suggested = [g for g in (7, 13) if f"SDG {g}</span> certainty" in page]
    assert suggested, "the engine suggests clean energy or climate action"
    for goal in suggested:  # and the suggestion is ticked, ready to save
        box = re.search(rf'<input[^>]*name="sdgs" value="{goal}"[^>]*>', page).group(0)
        assert "checked" in box


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"deadline": (dt.date.today() - dt.timedelta(days=1)).isoformat()}, "lies in the past"),
        ({"cpv": "12345678, onzin"}, "Unknown CPV code"),
        ({"title": ""}, "This field is required"),
        ({"municipality": "GM9999"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_errors_and_stores_nothing(client, world, overrides, error):
    client.force_login(world["staff"])
    response = client.post(reverse("opportunities:create"), form_data(world, **overrides))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Opportunity.objects.exists()


def test_without_cpv_and_sdgs_the_owner_gets_a_notice(client, world):
    client.force_login(world["staff"])
    client.post(reverse("opportunities:create"), form_data(world, cpv="", sdgs=None))
    opp = Opportunity.objects.get()
    page = client.get(opp.get_absolute_url()).content.decode()
    assert "matched on what is there" in page
    assert "Groen Werkt" in page  # text and geography still match


def test_impossible_requirements_are_explained(client, world):
    opp = make_opportunity(
        world["gemeente"], reserved_2_82=True, min_tier="certified", certifications=["code_so"]
    )
    client.force_login(world["staff"])
    page = client.get(opp.get_absolute_url()).content.decode()
    assert "No organisation meets all hard requirements" in page
    assert "No organisation matches yet." in page


def test_members_only_is_hidden_from_anonymous_visitors(client, world):
    opp = make_opportunity(world["gemeente"], visibility="members", title="Alleen leden")
    public = make_opportunity(world["gemeente"], title="Voor iedereen")
    assert client.get(opp.get_absolute_url()).status_code == 404
    listing = client.get(reverse("opportunities:list")).content.decode()
    assert "Voor iedereen" in listing and "Alleen leden" not in listing
    client.force_login(UserFactory())  # logged in, but no organisation
    assert client.get(opp.get_absolute_url()).status_code == 404
    client.force_login(world["clean_member"])
    assert client.get(opp.get_absolute_url()).status_code == 200
    assert "Alleen leden" in client.get(reverse("opportunities:list")).content.decode()
    assert client.get(public.get_absolute_url()).status_code == 200


def test_drafts_are_only_for_the_owner(client, world):
    opp = make_opportunity(world["gemeente"], state="draft")
    client.force_login(world["clean_member"])
    assert client.get(opp.get_absolute_url()).status_code == 404
    client.force_login(world["staff"])
    assert client.get(opp.get_absolute_url()).status_code == 200


def test_match_list_is_for_the_owner_only(client, world):
    opp = make_opportunity(world["gemeente"])
    page = client.get(opp.get_absolute_url()).content.decode()
    assert "Best-matching organisations" not in page
    client.force_login(world["green_member"])
    page = client.get(opp.get_absolute_url()).content.decode()
    assert "Best-matching organisations" not in page
    for name in ("feedback", "invite"):
        response = client.post(
            reverse(f"opportunities:{name}", args=[opp.pk]),
            {"organisation": world["green"].pk, "useful": "1"},
        )
        assert response.status_code == 403
    assert not MatchFeedback.objects.exists() and not Invitation.objects.exists()


def test_a_member_of_a_cannot_edit_the_opportunity_of_b(client, world):
    opp = make_opportunity(world["green"], title="Van Groen Werkt")
    client.force_login(world["clean_member"])
    edit = reverse("opportunities:edit", args=[opp.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, form_data(world, owner=world["clean"].pk, title="Gekaapt"))
    assert response.status_code == 403
    response = client.post(reverse("opportunities:state", args=[opp.pk]), {"state": "closed"})
    assert response.status_code == 403
    opp.refresh_from_db()
    assert opp.title == "Van Groen Werkt" and opp.state == "published"
    # and cannot publish on behalf of another organisation
    client.post(reverse("opportunities:create"), form_data(world, owner=world["green"].pk))
    assert Opportunity.objects.count() == 1


def test_anonymous_cannot_create(client, world):
    response = client.get(reverse("opportunities:create"))
    assert response.status_code == 302 and "next=/kansen/nieuw" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(reverse("opportunities:create")).status_code == 403


def test_owner_edits_and_changes_state_and_followers_hear_of_it(client, world):
    opp = make_opportunity(world["gemeente"])
    client.force_login(world["green_member"])
    client.post(reverse("opportunities:follow", args=[opp.pk]), {"follow": "1"})
    assert Follow.objects.filter(user=world["green_member"], opportunity=opp).exists()
    client.force_login(world["staff"])
    response = client.post(
        reverse("opportunities:edit", args=[opp.pk]), form_data(world, title="Nieuwe titel")
    )
    assert response.status_code == 302
    opp.refresh_from_db()
    assert opp.title == "Nieuwe titel"
    client.post(reverse("opportunities:state", args=[opp.pk]), {"state": "awarded"})
    opp.refresh_from_db()
    assert opp.state == "awarded"
    item = InboxItem.objects.get(user=world["green_member"], kind="update")
    assert item.opportunity == opp
    # awarded is final
    client.post(reverse("opportunities:state", args=[opp.pk]), {"state": "published"})
    opp.refresh_from_db()
    assert opp.state == "awarded"


def test_invite_creates_inbox_items_and_mail(client, world):
    opp = make_opportunity(world["gemeente"])
    client.force_login(world["staff"])
    response = client.post(
        reverse("opportunities:invite", args=[opp.pk]), {"organisation": world["green"].pk}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(opportunity=opp, organisation=world["green"]).exists()
    item = InboxItem.objects.get(user=world["green_member"], kind="invitation")
    assert item.organisation == world["green"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world["green_member"].email]
    assert "/kansen/afmelden/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # twice is once
    client.post(reverse("opportunities:invite", args=[opp.pk]), {"organisation": world["green"].pk})
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1
    client.force_login(world["green_member"])
    inbox = client.get(reverse("opportunities:inbox")).content.decode()
    assert opp.title in inbox and "1 unread message" in inbox
    client.post(reverse("opportunities:inbox"))
    assert not InboxItem.objects.filter(user=world["green_member"], read=False).exists()


def test_feedback_is_stored_and_reported_as_precision_at_10(client, world):
    opp = make_opportunity(world["gemeente"])
    client.force_login(world["staff"])
    url = reverse("opportunities:feedback", args=[opp.pk])
    client.post(url, {"organisation": world["green"].pk, "useful": "1"})
    client.post(url, {"organisation": world["sme"].pk, "useful": "0"})
    client.post(url, {"organisation": world["draft"].pk, "useful": "1"})  # not a match
    fb = {f.organisation_id: f for f in MatchFeedback.objects.all()}
    assert set(fb) == {world["green"].pk, world["sme"].pk}
    assert fb[world["green"].pk].rank == 1 and fb[world["green"].pk].useful
    assert fb[world["green"].pk].kind == "tender"
    client.post(url, {"organisation": world["sme"].pk, "useful": "1"})  # changed its mind
    assert MatchFeedback.objects.filter(useful=True).count() == 2
    assert client.get(reverse("opportunities:report")).status_code == 403
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("opportunities:report")).content.decode()
    assert "Precision@10" in page and "1.00" in page


def test_my_matches_for_an_organisation(client, world):
    make_opportunity(world["gemeente"], title="Groenonderhoud parken")
    client.force_login(world["green_member"])
    page = client.get(reverse("opportunities:mine")).content.decode()
    assert "Groenonderhoud parken" in page and "How was this score computed?" in page
    client.force_login(UserFactory())
    page = client.get(reverse("opportunities:mine")).content.decode()
    assert "not a member of an organisation" in page


def test_list_filters(client, world):
    make_opportunity(world["gemeente"], title="Groen in Utrecht")
    make_opportunity(
        world["gemeente"],
        title="Schoonmaak in Amsterdam",
        kind="question",
        cpv=["90910000"],
        sdgs={"3": 1.0},
        municipality=world["sme"].municipality,
    )
    make_opportunity(world["gemeente"], title="Gesloten klus", state="closed")

    def titles(**params):
        page = client.get(reverse("opportunities:list"), params).content.decode()
        return {
            t for t in ("Groen in Utrecht", "Schoonmaak in Amsterdam", "Gesloten klus") if t in page
        }

    assert titles() == {"Groen in Utrecht", "Schoonmaak in Amsterdam"}
    assert titles(kind="question") == {"Schoonmaak in Amsterdam"}
    assert titles(cpv="77") == {"Groen in Utrecht"}
    assert titles(sdg="3") == {"Schoonmaak in Amsterdam"}
    assert titles(region=world["green"].municipality.region.code) == {"Groen in Utrecht"}
    assert titles(state="closed") == {"Gesloten klus"}
    assert titles(state="all") == {"Groen in Utrecht", "Schoonmaak in Amsterdam", "Gesloten klus"}
    assert titles(q="schoonmaak") == {"Schoonmaak in Amsterdam"}


def test_confirm_suggested_sdgs(client, world):
    opp = make_opportunity(
        world["gemeente"],
        sdgs={},
        sdg_suggestions={"7": {"score": 0.8, "evidence": ["zonnepanelen"]}},
    )
    client.force_login(world["staff"])
    page = client.get(opp.get_absolute_url()).content.decode()
    assert "zonnepanelen" in page
    client.post(reverse("opportunities:confirm_sdgs", args=[opp.pk]))
    opp.refresh_from_db()
    assert opp.sdgs == {"7": 1.0}


def test_consortium_for_a_subcontracting_request(client, world):
    opp = make_opportunity(
        world["sme"],
        kind="subcontracting",
        title="SROI: groen en schoonmaak",
        cpv=["77310000", "90910000"],
        value_eur=40000,
    )
    client.force_login(world["sme_member"])
    assert "Suggest a consortium" in client.get(opp.get_absolute_url()).content.decode()
    page = client.get(reverse("opportunities:consortium", args=[opp.pk])).content.decode()
    assert "Groen Werkt" in page and "Schoon Werkt" in page
    assert "2 of 2 categories covered" in page
    client.force_login(world["clean_member"])
    assert client.get(reverse("opportunities:consortium", args=[opp.pk])).status_code == 403


def test_a_tender_starts_from_a_procurement_plan(client):
    """Staff publish a saved procurement plan as an opportunity: the form is filled from it."""
    import datetime as dt

    from zicht.procurement.models import ProcurementPlan
    from zicht.procurement.services import get_advice
    from zicht.reference.models import Municipality
    from zicht.registry.tests.factories import staff_of

    utrecht = Municipality.objects.get(code="GM0344")
    user = staff_of("GM0344")
    case = {
        "municipality": "GM0344",
        "date": "2027-01-15",
        "type": "services",
        "value_eur": 250000,
        "duration_months": 24,
        "cpv": ["90910000-9"],
    }
    plan = ProcurementPlan.objects.create(
        advice=get_advice(case),
        municipality=utrecht,
        title="Schoonmaak stadskantoor",
        date=dt.date(2027, 1, 15),
        type="services",
        value_eur=250000,
        duration_months=24,
        cpv=["90910000-9"],
        delivery_municipality="GM0344",
        reserved_2_82=True,
    )
    client.force_login(user)
    plan_page = client.get(f"/inkoop/plannen/{plan.pk}").content.decode()
    assert f"/kansen/nieuw?plan={plan.pk}" in plan_page
    form = client.get(f"/kansen/nieuw?plan={plan.pk}").context["form"]
    assert form.initial["procurement_plan"] == plan.pk and form.initial["kind"] == "tender"
    assert form.initial["title"] == "Schoonmaak stadskantoor" and form.initial["reserved_2_82"]
    other = staff_of("GM0599")
    client.force_login(other)
    assert (
        "procurement_plan"
        not in client.get(f"/kansen/nieuw?plan={plan.pk}").context["form"].initial
    )


def test_owner_sees_target_group_reason_and_flag_without_figures(client, world):
    from zicht.registry.tests.factories import add_workforce

    add_workforce(world["green"], "10", statushouder="3.25")  # green: also 5 participatiewet
    opp = make_opportunity(world["gemeente"], target_groups=["participatiewet", "wajong"])
    client.force_login(world["staff"])
    page = client.get(opp.get_absolute_url()).content.decode()
    # green employs people from a required group: named, without any number
    assert "Employs people from the required target groups: Participatiewet" in page
    # the requirements list names the groups, not their codes
    assert "target groups: Participatiewet (social assistance), Wajong" in page
    assert "Statushouder" not in page.split("Employs people from")[1].split("<")[0]
    # the SME has no figures per target group: kept with a warning and a notice
    assert "Hovenier Jansen" in page
    assert "no figures per target group known" in page
    assert "no figures per target group: unknown, not zero" in page
    # no per-group FTE figure anywhere on the owner's page
    for figure in ("3.25", "3,25", "5.00", "5,00", "5 FTE", "5 fte"):
        assert figure not in page
    with translation.override("nl"):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
        page_nl = client.get(opp.get_absolute_url()).content.decode()
    assert "Heeft mensen in dienst uit de gevraagde doelgroepen: Participatiewet" in page_nl
    assert "geen cijfers per doelgroep bekend" in page_nl
