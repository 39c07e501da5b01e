"""Reports: figures, exports (formula cells neutralised), charts as PNG, publishing, the
public page (published aggregates only, never sole traders) and isolation between
municipalities."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zicht.registry.tests.factories import staff_of

from ..models import PublishedReport
from ..services import link_suppliers, sync_suppliers
from .helpers import register, spend_file
from .test_pages_flow import imported, map_and_validate, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(client, tmp_path, django_capture_on_commit_callbacks):
    orgs = register()
    user = staff_of("GM0344")
    client.force_login(user)
    imported(client, django_capture_on_commit_callbacks, spend_file(tmp_path))
    return orgs


def test_report_figures(client, loaded):
    response = client.get(reverse("spend:report", args=["GM0344"]))
    report = response.context["report"]
    groups = {g["group"]: g for g in report["groups"]}
    assert report["lines"] == 120 and report["suppliers"] == 7
    # Groen Werkt (verified SE, eligible) and Jan Jansen (self-declared SE) count;
    # the sociale werkplaats too; the review link (Werkbedrijf Utrecht, Zeist) does not
    assert groups["social_enterprise_verified"]["suppliers"] == 1
    assert groups["social_enterprise_self_declared"]["suppliers"] == 1
    assert groups["sociale_werkplaats"]["suppliers"] == 1
    assert groups["eligible_2_82"]["suppliers"] == 2
    assert groups["classified"]["suppliers"] == 3
    assert 0 < groups["social_enterprise"]["share"] < 1
    assert sum(q["total"] for q in report["by_quarter"]) == pytest.approx(report["total"])
    assert [q["quarter"] for q in report["by_quarter"]] == ["2024-Q1", "2024-Q2"]
    assert {c["category"] for c in report["by_category"]} >= {"cpv:77", "cpv:90"}
    assert report["municipality_name"] == "Utrecht"
    top = {s["name"]: s for s in report["top_suppliers"]}
    assert top["Groen Werkt BV"]["organisation"] == "Groen Werkt B.V."
    assert top["Jan Jansen Fietsherstel"]["sole_trader"] is True
    html = response.content.decode()
    for chart in ("groups", "by_quarter", "trend", "by_category", "top_suppliers"):
        assert f'data-chart="spec-{chart}"' in html and f'id="spec-{chart}"' in html
    assert "Spend per year and quarter" in html  # the table next to the chart
    # a period filter
    q1 = client.get(
        reverse("spend:report", args=["GM0344"]), {"start": "2024-01-01", "end": "2024-03-31"}
    )
    assert [q["quarter"] for q in q1.context["report"]["by_quarter"]] == ["2024-Q1"]
    assert "start=2024-01-01" in q1.context["query"]


def test_reservable_spend_counts_eligible_organisations_of_the_region(client, loaded):
    from zicht.reference.models import CpvCode
    from zicht.registry.tests.factories import OrganisationFactory, municipality

    groen = CpvCode.objects.filter(code__startswith="77").first()
    for _i in range(3):
        org = OrganisationFactory(
            municipality=municipality("GM0344"), eligible_2_82=True, city="Utrecht"
        )
        org.cpv_codes.add(groen)
    report = client.get(reverse("spend:report", args=["GM0344"])).context["report"]
    cats = {c["category"]: c for c in report["by_category"]}
    assert cats["cpv:77"]["eligible_organisations"] == 3  # "4410 Onderhoud groen"
    assert cats["cpv:77"]["reservable"] is True
    assert cats["cpv:90"]["reservable"] is False  # "4420 Schoonmaakdiensten"
    assert report["reservable"]["amount"] == cats["cpv:77"]["total"]
    assert report["reservable"]["categories"] == ["cpv:77"]


def test_exports_neutralise_formulas(client, loaded):
    url = reverse("spend:report", args=["GM0344"])
    csv_text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    assert '\n"=HYP' not in csv_text and ",=HYP" not in csv_text
    response = client.get(url, {"export": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    values = [
        c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(v.startswith("=") for v in values)


def test_chart_png(client, loaded):
    response = client.get(reverse("spend:report-chart", args=["GM0344", "by_quarter"]))
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_publish_and_public_page(client, loaded):
    public_url = reverse("spend:public", args=["GM0344"])
    assert client.get(public_url).status_code == 404  # nothing published yet
    client.post(
        reverse("spend:publish", args=["GM0344"]),
        {"start": "2024-01-01", "end": "2024-03-31", "publish": "1"},
    )
    published = PublishedReport.objects.get()
    client.logout()
    page = client.get(public_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "2024-Q1" in html and "2024-Q2" not in html  # only the published period
    assert "Groen Werkt B.V." in html  # a register organisation, not a sole trader
    for private in (
        "Jan Jansen",
        "HYPERLINK",
        "Drukkerij Hoekstra",
        "Werkbedrijf Utrecht (",
        "900001",
    ):
        assert private not in html
    assert all(
        s["name"] != "Jan Jansen Fietsherstel" for s in published.aggregates["top_suppliers"]
    )
    csv_text = client.get(public_url, {"export": "csv"}).content.decode("utf-8-sig")
    assert (
        "Jan Jansen" not in csv_text and "HYPERLINK" not in csv_text and "Drukkerij" not in csv_text
    )
    assert "Summary" in csv_text
    # staff pages stay closed to the public
    assert client.get(reverse("spend:report", args=["GM0344"])).status_code == 302
    # unpublish
    client.force_login(staff_of("GM0344"))
    client.post(
        reverse("spend:publish", args=["GM0344"]),
        {"start": "2024-01-01", "end": "2024-03-31", "publish": "0"},
    )
    assert not PublishedReport.objects.exists()
    # the staff report does name the sole trader
    staff_html = client.get(reverse("spend:report", args=["GM0344"])).content.decode()
    assert "Jan Jansen Fietsherstel" in staff_html


def test_isolation_between_municipalities(client, tmp_path, django_capture_on_commit_callbacks):
    register("GM0599")
    client.force_login(staff_of("GM0599"))
    imp = map_and_validate(
        client,
        django_capture_on_commit_callbacks,
        upload(client, spend_file(tmp_path), code="GM0599"),
    )
    assert imp.municipality.code == "GM0599"
    client.force_login(staff_of("GM0363"))
    for name, args in [
        ("spend:mapping", [imp.pk]),
        ("spend:validate", [imp.pk]),
        ("spend:import-status", [imp.pk]),
        ("spend:review", ["GM0599"]),
        ("spend:report", ["GM0599"]),
        ("spend:report-chart", ["GM0599", "trend"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert (
        client.post(
            reverse("spend:publish", args=["GM0599"]), {"start": "2024-01-01", "end": "2024-03-31"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("spend:validate", args=[imp.pk]), {"action": "cancel"}).status_code
        == 404
    )
    # the upload form offers only the own municipality
    form = client.get(reverse("spend:upload")).context["form"]
    assert [m.code for m in form.fields["municipality"].queryset] == ["GM0363"]
    response = client.post(
        reverse("spend:upload"), {"municipality": "GM0599", "source_system": "x"}
    )
    assert "municipality" in response.context["form"].errors
    # the dashboard lists no import of another municipality
    assert imp.original_name not in client.get(reverse("spend:index")).content.decode()


def test_sync_and_link_without_pages(loaded):
    from zicht.registry.tests.factories import municipality

    keys = sync_suppliers(municipality("GM0344"))
    counts = link_suppliers(municipality("GM0344"), keys)
    assert counts["accepted"] == 3 and counts["review"] == 1


def test_public_aggregates_keep_no_names_and_no_free_text():
    from ..reports import public_aggregates

    def category(key, total, eligible=None):
        return {"category": key, "label": key.partition(":")[2], "basis": [key.split(":")[0]],
                "total": total, "lines": 1, "share_of_total": total / 100,
                "social_enterprise": 0.0, "social_enterprise_share": 0.0,
                "eligible_organisations": eligible, "reservable": False}  # fmt: skip

    report = {
        "total": 100.0,
        "top_suppliers": [
            {
                "supplier_key": "name:j. de vries",
                "name": "J. de Vries",
                "total": 50.0,
                "share": 0.5,
                "organisation_id": None,
                "organisation": "",
                "sole_trader": False,
            },
            {
                "supplier_key": "900003",
                "name": "Jan Jansen",
                "total": 30.0,
                "share": 0.3,
                "organisation_id": 3,
                "organisation": "Jan Jansen Fietsherstel",
                "sole_trader": True,
            },
            {
                "supplier_key": "900001",
                "name": "GROEN WERKT",
                "total": 20.0,
                "share": 0.2,
                "organisation_id": 1,
                "organisation": "Groen Werkt B.V.",
                "sole_trader": False,
                "first": "2024-01-02",
                "last": "2024-02-03",
                "kind": "social_enterprise",
            },
        ],  # fmt: skip
        "by_category": [
            category("cpv:77", 60.0, 3),
            category("description:reiskosten p. de boer", 25.0),
            category("description:voorschot k. smit", 15.0),
        ],
    }
    public = public_aggregates(report)
    assert public["top_suppliers"] == [
        {"name": "Groen Werkt B.V.", "total": 20.0, "lines": None, "share": 0.2,
         "kind": "social_enterprise", "tier": None, "eligible_2_82": None},
    ]  # fmt: skip
    assert [c["category"] for c in public["by_category"]] == ["cpv:77", "description:"]
    merged = public["by_category"][1]
    assert (merged["total"], merged["lines"], merged["share_of_total"]) == (40.0, 2, 0.4)
    text = str(public)
    assert "boer" not in text and "smit" not in text and "Vries" not in text


def test_publishing_counts_only_organisations_public_in_the_register(client, loaded):
    from zicht.registry.models import Status

    loaded["se"].status = Status.DRAFT
    loaded["se"].save()
    client.post(
        reverse("spend:publish", args=["GM0344"]),
        {"start": "2024-01-01", "end": "2024-06-30", "publish": "1"},
    )
    aggregates = PublishedReport.objects.get().aggregates
    groups = {g["group"]: g for g in aggregates["groups"]}
    assert groups["social_enterprise_verified"]["amount"] == 0  # Groen Werkt is not public
    assert "Groen Werkt" not in str(aggregates["top_suppliers"])
    staff = client.get(reverse("spend:report", args=["GM0344"])).context["report"]
    staff_groups = {g["group"]: g for g in staff["groups"]}
    assert staff_groups["social_enterprise_verified"]["amount"] > 0
