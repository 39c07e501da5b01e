"""Exports of a procurement plan: PDF (reportlab), DOCX (python-docx) and OCDS JSON."""

from __future__ import annotations

import io
from datetime import date

from django.conf import settings
from django.utils import timezone

from .advisor.texts import eur
from .models import Contract, ProcurementPlan
from .ocds import (
    AwardedContract,
    Party,
    Plan,
    SocialTerms,
    build_contract_release,
    build_plan_release,
    build_release_package,
)

# Zicht has no registered OCID prefix yet (see docs/procurement-advisor.md): settings may set one.
OCID_PREFIX = getattr(settings, "PROCUREMENT_OCID_PREFIX", "ocds-zicht0")
PUBLISHER = "Zicht"


def _buyer(plan: ProcurementPlan) -> Party:
    from zicht.registry.models import Organisation

    gemeente = Organisation.objects.filter(
        kind="municipality", municipality=plan.municipality
    ).first()
    return Party(
        id=f"gm-{plan.municipality.code}",
        name=gemeente.legal_name if gemeente else f"Gemeente {plan.municipality.name}",
        kvk=gemeente.kvk if gemeente else "",
        municipality=plan.municipality.code,
    )


def ocds_plan(plan: ProcurementPlan) -> Plan:
    sroi = plan.advice.get("sroi") or {}
    return Plan(
        id=f"plan-{plan.pk}",
        title=plan.title,
        buyer=_buyer(plan),
        type=plan.type,
        value_eur=float(plan.value_eur),
        cpv=list(plan.cpv),
        planned_publication=plan.date,
        duration_months=plan.duration_months,
        procedure=plan.recommended_procedure,
        social=SocialTerms(
            reserved_2_82=plan.reserved_2_82,
            sroi_percentage=sroi.get("percentage") if sroi.get("applies") else None,
            sroi_obligation_eur=sroi.get("obligation_eur") if sroi.get("applies") else None,
        ),
    )


def ocds_contract(contract: Contract) -> AwardedContract:
    s = contract.supplier
    return AwardedContract(
        id=f"contract-{contract.pk}",
        plan=ocds_plan(contract.plan),
        supplier=Party(
            id=str(s.pk), name=s.legal_name, kvk=s.kvk, municipality=s.municipality.code
        ),
        value_eur=float(contract.value_eur),
        start=contract.start,
        end=contract.end,
        signed=timezone.localtime(contract.created_at).date()
        if contract.created_at
        else contract.start,
    )


def plan_package(plan: ProcurementPlan, uri: str) -> dict:
    """A release package: the plan's planning release and a release per contract."""
    now = timezone.now()
    releases = [
        build_plan_release(
            ocds_plan(plan), ocid_prefix=OCID_PREFIX, release_date=plan.created_at or now
        )
    ]
    for contract in plan.contracts.select_related("supplier__municipality"):
        releases.append(
            build_contract_release(
                ocds_contract(contract),
                ocid_prefix=OCID_PREFIX,
                release_date=contract.created_at or now,
            )
        )
    return build_release_package(releases, uri=uri, publisher_name=PUBLISHER, published_date=now)


def contract_package(contract: Contract, uri: str) -> dict:
    release = build_contract_release(
        ocds_contract(contract),
        ocid_prefix=OCID_PREFIX,
        release_date=contract.created_at or timezone.now(),
    )
    return build_release_package(
        [release], uri=uri, publisher_name=PUBLISHER, published_date=timezone.now()
    )


# --- documents ----------------------------------------------------------------------------


def _sections(plan: ProcurementPlan) -> list[tuple[str, list[str]]]:
    """The plan as headed paragraphs (Dutch: the document is for a Dutch file)."""
    a = plan.advice
    thr = a.get("eu_threshold") or {}
    sroi = a.get("sroi") or {}
    res = a.get("reservation_2_82") or {}
    case = [
        f"Gemeente: {plan.municipality.name} ({plan.municipality.code})",
        f"Geplande publicatie: {plan.date.isoformat()}",
        f"Soort opdracht: {plan.get_type_display()}",
        f"Geraamde waarde excl. btw: {eur(float(plan.value_eur))}",
        f"Looptijd: {plan.duration_months} maanden",
        f"CPV: {', '.join(plan.cpv)}",
        f"Voorbehouden (art. 2.82): {'ja' if plan.reserved_2_82 else 'nee'}",
    ]
    advice = [
        f"Europese drempel: {eur(thr.get('value_eur') or 0)} — "
        f"{'boven' if thr.get('above') else 'onder'} de drempel (geldig vanaf {thr.get('valid_from')})",
        "Procedures: "
        + "; ".join(
            f"{p.get('label_nl') or p['procedure']} ({p.get('status', '')})"
            for p in a.get("procedures") or []
        ),
        f"Art. 2.82: {res.get('eligible_count', 0)} geschikte organisaties; "
        f"{'haalbaar' if res.get('viable') else 'niet haalbaar'}",
        (
            f"Social return: {sroi.get('percentage')}% = {eur(sroi.get('obligation_eur') or 0)}"
            if sroi.get("applies")
            else "Social return: geen verplichting volgens de regel"
        ),
    ]
    figures = [
        f"{f['figure']}: {f['value']} — {f['source']} (geldig vanaf {f['valid_from']})"
        for f in a.get("figures") or []
    ]
    text = a.get("text_nl")
    text_lines = text if isinstance(text, list) else str(text or "").split("\n\n")
    checklist = [
        str(c.get("item", c)) if isinstance(c, dict) else str(c) for c in a.get("checklist") or []
    ]
    return [
        ("Opdracht", case),
        ("Advies", advice),
        ("Tekst voor de aanbestedingsstukken", [t for t in text_lines if t]),
        ("Checklist", checklist),
        ("Gebruikte cijfers en bronnen", figures),
    ]


def plan_pdf(plan: ProcurementPlan) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=plan.title, author="Zicht", lang="nl")
    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(f"Inkoopplan: {plan.title}"), styles["Title"]),
        Paragraph(escape(f"Opgesteld {date.today().isoformat()} met Zicht"), styles["Normal"]),
    ]
    for heading, lines in _sections(plan):
        story += [Spacer(1, 8), Paragraph(escape(heading), styles["Heading2"])]
        story.append(
            ListFlowable(
                [ListItem(Paragraph(escape(line), styles["Normal"])) for line in lines]
                or [ListItem(Paragraph("-", styles["Normal"]))],
                bulletType="bullet",
            )
        )
    doc.build(story)
    return buf.getvalue()


def plan_docx(plan: ProcurementPlan) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = plan.title
    document.core_properties.language = "nl-NL"
    document.add_heading(f"Inkoopplan: {plan.title}", level=0)
    document.add_paragraph(f"Opgesteld {date.today().isoformat()} met Zicht")
    for heading, lines in _sections(plan):
        document.add_heading(heading, level=1)
        for line in lines:
            document.add_paragraph(line, style="List Bullet")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
