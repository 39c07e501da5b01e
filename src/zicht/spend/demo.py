"""Spend demo: a realistic accounts-payable export of Utrecht (GM0344) for 2023-2024,
imported, linked to the register, with some links left for review and 2024 published.

The file is generated at demo time, deterministically (``ingest.generator`` with a fixed
seed): about 30 register organisations of the Utrecht region appear under the messy
names ledgers use (upper case, no legal form, a typing error, sometimes a KvK number),
next to 250 suppliers that are not in the register. A ``CPV-code`` column (from the
ledger account) lets the report count reservable spend. Idempotent: a second call does
nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q

from zicht.accounts.models import Membership
from zicht.reference.models import Municipality
from zicht.registry.selectors import public_organisations

from . import services
from .ingest import suggest_mapping
from .ingest.generator import TRADES, Supplier, generate, make_suppliers
from .models import LinkStatus, PublishedReport, SpendImport, SupplierLink

CODE = "GM0344"
SOURCE = "Key2Financiën (demo)"
FILE_NAME = "utrecht-crediteuren-2023-2024.csv"
LINES = 20_000
SEED = 344
REGISTER_SUPPLIERS = 30
OTHER_SUPPLIERS = 250
PUBLISHED = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
LEGAL_SUFFIXES = (" B.V.", " BV", " V.O.F.", " U.A.", " Coöperatie U.A.")


def _messy(name: str, i: int) -> str:
    """The ways a ledger spells a supplier's name."""
    style = i % 5
    if style == 1:
        return name.upper()
    if style == 2:
        for suffix in LEGAL_SUFFIXES:
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name.replace("Stichting ", "Stg. ")
    if style == 3 and len(name) > 8:
        j = len(name) // 2
        return name[:j] + name[j + 1] + name[j] + name[j + 2 :]  # two letters swapped
    return name


def _register_suppliers(municipality: Municipality) -> list[Supplier]:
    by_division = {cpv[:2]: trade for trade, (_l, cpv, _d, _w) in TRADES.items()}
    trades = list(TRADES)
    orgs = (
        public_organisations()
        .filter(Q(municipality=municipality) | Q(municipality__region=municipality.region_id))
        .prefetch_related("cpv_codes")
        .order_by("pk")[:REGISTER_SUPPLIERS]
    )
    out = []
    for i, org in enumerate(orgs):
        divisions = [c.code[:2] for c in org.cpv_codes.all()]
        trade = next(
            (by_division[d] for d in divisions if d in by_division), trades[i % len(trades)]
        )
        name = org.trade_names[0] if org.trade_names and i % 3 == 0 else org.legal_name
        with_kvk = i % 5 in (0, 2)
        out.append(
            Supplier(
                number=str(500000 + i),
                name=_messy(name, i),
                kvk=org.kvk if with_kvk else "",
                address=f"{org.street} {org.house_number}".strip() if i % 2 == 0 else "",
                postcode=org.postcode if i % 2 == 0 else "",
                city=org.city,
                trade=trade,
            )
        )
    return out


def _with_cpv(raw: bytes) -> bytes:
    """Add a ``CPV-code`` column, derived from the ledger account."""
    cpv_of = {ledger: cpv for ledger, cpv, _d, _w in TRADES.values()}
    reader = csv.reader(io.StringIO(raw.decode("utf-8")), delimiter=";")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = next(reader)
    ledger = header.index("Grootboekrekening")
    writer.writerow([*header, "CPV-code"])
    for row in reader:
        writer.writerow([*row, cpv_of.get(row[ledger], "")])
    return out.getvalue().encode("utf-8")


def _staff_user(municipality: Municipality):
    membership = (
        Membership.objects.filter(
            organisation__kind="municipality",
            organisation__municipality=municipality,
            role__in=Membership.MUNICIPAL_ROLES,
            state=Membership.State.ACTIVE,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load_spend_demo(stdout=None) -> dict:
    out = stdout or sys.stdout
    municipality = Municipality.objects.filter(code=CODE).first()
    if municipality is None or not public_organisations().exists():
        out.write("Spend demo: load the register demo first.\n")
        return {"loaded": False}
    done = SpendImport.objects.filter(
        municipality=municipality, source_system=SOURCE, state=SpendImport.State.IMPORTED
    ).first()
    if done is not None:
        return {"loaded": False, "lines": done.rows_imported}
    suppliers = _register_suppliers(municipality) + make_suppliers(OTHER_SUPPLIERS, seed=SEED)
    tmp = settings.MEDIA_ROOT / "spend-uploads" / "demo"
    tmp.mkdir(parents=True, exist_ok=True)
    raw = tmp / f".{FILE_NAME}.tmp"
    generate(
        raw, LINES, suppliers=suppliers, seed=SEED,
        start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31),
    )  # fmt: skip
    content = _with_cpv(raw.read_bytes())
    raw.unlink()
    user = _staff_user(municipality)
    imp = SpendImport(
        municipality=municipality, uploaded_by=user, original_name=FILE_NAME, source_system=SOURCE
    )
    imp.file.save(f"demo/{FILE_NAME}", ContentFile(content), save=False)
    imp.save()
    headers = content.split(b"\r\n", 1)[0].decode("utf-8").split(";")
    services.save_mapping(imp, suggest_mapping(headers))
    services.run_validation(imp.pk)
    imp.refresh_from_db()
    if imp.state == SpendImport.State.DUPLICATE:
        # the store already holds this file (a database reset): link from the store
        keys = services.sync_suppliers(municipality)
        services.link_suppliers(municipality, keys)
        imp.state = SpendImport.State.IMPORTED
        imp.save(update_fields=["state"])
    else:
        services.run_import(imp.pk, accept_valid=True, replace=True)
    imp.refresh_from_db()
    services.publish(municipality, *PUBLISHED, user)
    links = SupplierLink.objects.filter(supplier__municipality=municipality)
    return {
        "loaded": True,
        "lines": imp.rows_imported,
        "links": imp.suppliers_linked,
        "review": links.filter(status=LinkStatus.REVIEW).count(),
        "published": PublishedReport.objects.filter(municipality=municipality).count(),
    }
