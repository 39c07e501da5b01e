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
    groups = {g["key"]: g for g in report["groups"]}
    assert report["lines"] == 120 and report["suppliers"] == 7
    # Groen Werkt (verified SE, eligible) and Jan Jansen (self-declared SE) count;
    # the sociale werkplaats too; the review link (Werkbedrijf Utrecht, Zeist) does not
    assert groups["se_verified"]["suppliers"] == 1
    assert groups["se_self_declared"]["suppliers"] == 1
    assert groups["sociale_werkplaats"]["suppliers"] == 1
    assert groups["eligible_2_82"]["suppliers"] == 2
    assert 0 < groups["social_enterprise"]["share"] < 1
    assert sum(q["amount"] for q in report["by_quarter"]) == pytest.approx(report["total"])
    assert [q["period"] for q in report["by_quarter"]] == ["2024 Q1", "2024 Q2"]
    assert {c["name"] for c in report["by_category"]} >= {"4410 Onderhoud groen"}
    html = response.content.decode()
    assert 'data-chart="spec-trend"' in html and 'id="spec-trend"' in html
    assert "Spend per year and quarter" in html  # the table next to the chart
    # a period filter
    q1 = client.get(
        reverse("spend:report", args=["GM0344"]), {"start": "2024-01-01", "end": "2024-03-31"}
    )
    assert [q["period"] for q in q1.context["report"]["by_quarter"]] == ["2024 Q1"]


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
    cats = {c["name"]: c for c in report["by_category"]}
    assert cats["4410 Onderhoud groen"]["cpv_division"] == "77"
    assert cats["4410 Onderhoud groen"]["eligible_organisations"] == 3
    assert cats["4410 Onderhoud groen"]["reservable"] is True
    assert cats["4420 Schoonmaakdiensten"]["reservable"] is False
    assert report["reservable_amount"] == cats["4410 Onderhoud groen"]["amount"]


def test_exports_neutralise_formulas(client, loaded):
    url = reverse("spend:report", args=["GM0344"])
    csv_text = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
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
    response = client.get(reverse("spend:report-chart", args=["GM0344", "quarters"]))
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
    assert "2024 Q1" in html and "2024 Q2" not in html  # only the published period
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
    csv_text = b"".join(client.get(public_url, {"export": "csv"}).streaming_content).decode()
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
