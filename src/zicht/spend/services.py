"""What the spend pages and tasks do: call the ingest and linkage engines, keep the
database in step, write the audit trail.

Flow: ``create_import`` (upload) → ``save_mapping`` + ``start_validation`` (task
``run_validation``: stage the file, keep the report) → ``start_import`` (task
``run_import``: commit atomically in the store, then ``sync_suppliers`` and
``link_suppliers``) → ``decide`` (review queue) → ``publish``.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.db import transaction
from django.utils import timezone

from zicht.core import audit
from zicht.reference.models import Municipality
from zicht.registry.models import Organisation
from zicht.registry.selectors import public_organisations

from .analytics import suppliers as store_suppliers
from .ingest import (
    IngestError,
    commit_import,
    discard_stage,
    preview_file,
    stage_import,
    suggest_mapping,
)
from .linkage import RegisterEntry, SupplierRecord, link
from .models import (
    ColumnMapping,
    LinkDecision,
    LinkStatus,
    PublishedReport,
    SpendImport,
    Supplier,
    SupplierLink,
)
from .reports import public_aggregates, spend_report, store

State = SpendImport.State


# -- upload and mapping ------------------------------------------------------------------
def create_import(*, municipality, user, upload, source_system: str) -> SpendImport:
    imp = SpendImport(
        municipality=municipality,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        original_name=upload.name[:255],
        source_system=source_system.strip(),
    )
    imp.file.save(upload.name, upload, save=False)
    imp.save()
    audit.record(actor=user, action="spend.uploaded", obj=imp, changes={"file": upload.name})
    return imp


def initial_mapping(imp: SpendImport, headers: list[str]) -> dict[str, str]:
    """The import's own mapping, else the one saved for this municipality and source
    system (when the file still has those headers), else the engine's suggestions."""
    if imp.mapping:
        return dict(imp.mapping)
    saved = ColumnMapping.objects.filter(
        municipality=imp.municipality, source_system=imp.source_system
    ).first()
    if saved and saved.mapping and set(saved.mapping.values()) <= set(headers):
        return dict(saved.mapping)
    return suggest_mapping(headers)


def preview(imp: SpendImport, mapping: dict[str, str] | None = None, rows: int = 10):
    return preview_file(imp.file.path, mapping=mapping, rows=rows)


def save_mapping(imp: SpendImport, mapping: dict[str, str]) -> None:
    mapping = {k: v for k, v in mapping.items() if v}
    ColumnMapping.objects.update_or_create(
        municipality=imp.municipality,
        source_system=imp.source_system,
        defaults={"mapping": mapping},
    )
    imp.mapping = mapping
    imp.save(update_fields=["mapping", "updated"])


# -- validation (staging) ----------------------------------------------------------------
def _progress_updater(pk: int, low: int = 0, high: int = 100):
    last = {"value": -1, "at": 0.0}

    def progress(done: int, total: int) -> None:
        value = low + int((high - low) * done / total) if total else low
        now = time.monotonic()
        if value != last["value"] and (now - last["at"] > 0.5 or value >= high):
            SpendImport.objects.filter(pk=pk).update(progress=min(value, 100))
            last.update(value=value, at=now)

    return progress


def start_validation(imp: SpendImport) -> None:
    from . import tasks

    if imp.stage_id:
        discard_stage(store(), imp.municipality.code, imp.stage_id)
    imp.state, imp.progress, imp.message, imp.stage_id = State.VALIDATING, 0, "", ""
    imp.save(update_fields=["state", "progress", "message", "stage_id", "updated"])
    pk = imp.pk
    transaction.on_commit(lambda: tasks.validate_import.enqueue(pk))


def run_validation(pk: int) -> None:
    imp = SpendImport.objects.select_related("municipality").get(pk=pk)
    code = imp.municipality.code
    try:
        staged = stage_import(
            imp.file.path, store=store(), municipality=code, mapping=imp.mapping or None,
            progress=_progress_updater(pk), filename=imp.original_name,
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - the page must say what went wrong
        imp.state, imp.message = State.FAILED, f"{type(exc).__name__}: {exc}"
        imp.save(update_fields=["state", "message", "updated"])
        return
    report = staged.report
    imp.report = report.to_dict()
    imp.rows_total, imp.rows_rejected = report.rows_total, report.rows_rejected
    imp.rows_valid = report.rows_valid
    imp.period_from = _date(staged.period_from)
    imp.period_to = _date(staged.period_to)
    imp.total = Decimal(staged.total) if staged.total else None
    imp.overlaps = staged.overlaps
    imp.progress = 100
    if staged.already_imported:
        discard_stage(store(), code, staged.stage_id)
        imp.state, imp.stage_id = State.DUPLICATE, ""
        imp.engine_import_id = staged.already_imported
        imp.message = "already_imported"
    else:
        imp.state, imp.stage_id = State.VALIDATED, staged.stage_id
        imp.mapping = staged.mapping
    imp.save()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def overlapping_imports(imp: SpendImport) -> list[dict]:
    """The earlier imports this one overlaps, for the page."""
    records = {r.import_id: r for r in store().imports(imp.municipality.code)}
    return [
        {
            "file": records[i].file,
            "period_from": records[i].period_from,
            "period_to": records[i].period_to,
            "rows": records[i].rows,
        }  # fmt: skip
        for i in imp.overlaps
        if i in records
    ]


def cancel(imp: SpendImport, user) -> None:
    if imp.stage_id:
        discard_stage(store(), imp.municipality.code, imp.stage_id)
    imp.state, imp.stage_id = State.CANCELLED, ""
    imp.save(update_fields=["state", "stage_id", "updated"])
    audit.record(actor=user, action="spend.cancelled", obj=imp)


# -- import (commit) and linkage ---------------------------------------------------------
def start_import(imp: SpendImport, user, *, accept_valid: bool, replace: bool) -> None:
    from . import tasks

    imp.state, imp.progress, imp.message = State.IMPORTING, 0, ""
    imp.save(update_fields=["state", "progress", "message", "updated"])
    audit.record(
        actor=user, action="spend.import_started", obj=imp,
        changes={"accept_valid": accept_valid, "replace": replace},
    )  # fmt: skip
    pk = imp.pk
    transaction.on_commit(
        lambda: tasks.commit_spend_import.enqueue(pk, accept_valid=accept_valid, replace=replace)
    )


def run_import(pk: int, *, accept_valid: bool = False, replace: bool = False) -> str:
    imp = SpendImport.objects.select_related("municipality").get(pk=pk)
    code = imp.municipality.code
    try:
        result = commit_import(
            store(), code, imp.stage_id, accept_valid=accept_valid, replace=replace
        )
    except IngestError as exc:
        imp.state, imp.message = State.FAILED, str(exc)
        imp.save(update_fields=["state", "message", "updated"])
        return "failed"
    imp.message = result.status
    if result.status == "already_imported":
        imp.state, imp.stage_id = State.DUPLICATE, ""
        imp.engine_import_id = result.record.import_id if result.record else ""
    elif result.status in ("overlap", "invalid"):
        imp.state = State.VALIDATED  # still staged: the page asks again
        imp.overlaps = [r.import_id for r in result.overlaps]
    else:
        record = result.record
        imp.state, imp.stage_id = State.IMPORTED, ""
        imp.engine_import_id = record.import_id
        imp.rows_imported = record.rows
        imp.period_from, imp.period_to = _date(record.period_from), _date(record.period_to)
        imp.total = Decimal(record.total)
        imp.progress = 50
    imp.save()
    if imp.state == State.IMPORTED:
        keys = sync_suppliers(imp.municipality, import_path=record.path)
        SpendImport.objects.filter(pk=pk).update(progress=70)
        counts = link_suppliers(imp.municipality, keys)
        SpendImport.objects.filter(pk=pk).update(progress=100, suppliers_linked=counts)
    return result.status


def sync_suppliers(municipality: Municipality, import_path: str | None = None) -> list[str]:
    """Upsert the municipality's suppliers (latest name, KvK, address; totals) from the
    store (the analytics engine's supplier list); return the keys found in
    ``import_path`` (or all keys)."""
    s = store()
    rows = store_suppliers(s, municipality.code)
    if import_path:
        path = s.dir(municipality.code) / import_path
        found = pq.read_table(path, columns=["supplier_key"]).column("supplier_key")
        keys = [k for k in pc.unique(found).to_pylist() if k is not None]
    else:
        keys = [r["supplier_key"] for r in rows]
    objs = [
        Supplier(
            municipality=municipality,
            key=r["supplier_key"][:255],
            name=(r["name"] or r["supplier_key"])[:255],
            kvk=(r["kvk"] or "")[:20],
            address=(r["address"] or "")[:255],
            postcode=(r["postcode"] or "")[:20],
            city=(r["city"] or "")[:120],
            total_spend=Decimal(str(r["total"])).quantize(Decimal("0.01")),
            lines=int(r["lines"]),
        )  # fmt: skip
        for r in rows
        if r["supplier_key"]
    ]
    with transaction.atomic():
        present = {o.key for o in objs}
        Supplier.objects.filter(municipality=municipality).exclude(key__in=present).update(
            total_spend=0, lines=0
        )
        Supplier.objects.bulk_create(
            objs, batch_size=500, update_conflicts=True,
            unique_fields=["municipality", "key"],
            update_fields=["name", "kvk", "address", "postcode", "city", "total_spend", "lines",
                           "updated"],
        )  # fmt: skip
    return keys


def register_entries() -> list[RegisterEntry]:
    return [
        RegisterEntry(
            id=str(pk),
            name=legal,
            kvk=kvk or "",
            trade_names=tuple(trade or ()),
            street=street or "",
            house_number=number or "",
            postcode=postcode or "",
            city=city or "",
        )  # fmt: skip
        for pk, legal, kvk, trade, street, number, postcode, city in public_organisations()
        .values_list(
            "pk", "legal_name", "kvk", "trade_names", "street", "house_number", "postcode", "city"
        )
        .iterator()
    ]


def decisions_for(municipality: Municipality) -> dict[str, str]:
    return {
        d.supplier_key: d.engine_value
        for d in LinkDecision.objects.filter(municipality=municipality)
    }


def link_suppliers(municipality: Municipality, keys: list[str] | None = None) -> dict[str, int]:
    """Link suppliers (these keys, or all) to the register; remembered decisions win.
    Returns counts per status (and ``none`` for suppliers without a candidate)."""
    suppliers = Supplier.objects.filter(municipality=municipality)
    if keys is not None:
        suppliers = suppliers.filter(key__in=keys)
    suppliers = list(suppliers)
    records = [
        SupplierRecord(
            supplier_id=s.key,
            name=s.name,
            kvk=s.kvk,
            address=s.address,
            postcode=s.postcode,
            city=s.city,
        )  # fmt: skip
        for s in suppliers
    ]
    decisions = decisions_for(municipality)
    links = {lk.supplier_id: lk for lk in link(register_entries(), records, decisions)}
    decided = {d.supplier_key: d for d in LinkDecision.objects.filter(municipality=municipality)}
    valid_orgs = set(
        Organisation.objects.filter(
            pk__in=[int(lk.register_id) for lk in links.values() if lk.register_id]
        ).values_list("pk", flat=True)
    )
    counts = {"accepted": 0, "review": 0, "rejected": 0, "none": 0}
    new: list[SupplierLink] = []
    for s in suppliers:
        lk = links.get(s.key)
        if lk is None:
            counts["none"] += 1
            continue
        org_id = int(lk.register_id) if lk.register_id else None
        if org_id is not None and org_id not in valid_orgs:
            continue
        d = decided.get(s.key) if lk.method == "decision" else None
        new.append(
            SupplierLink(
                supplier=s,
                organisation_id=org_id,
                score=lk.score,
                method=lk.method,
                status=lk.status,
                explanation=[e for e in lk.to_dict()["explanation"]],
                decided_by_id=d.decided_by_id if d else None,
                decided_at=d.created if d else None,
            )  # fmt: skip
        )
        counts[lk.status] = counts.get(lk.status, 0) + 1
    with transaction.atomic():
        SupplierLink.objects.filter(supplier__in=suppliers).delete()
        SupplierLink.objects.bulk_create(new, batch_size=500)
    return counts


# -- review --------------------------------------------------------------------------------
def decide(
    link_obj: SupplierLink, user, action: str, organisation: Organisation | None = None
) -> LinkDecision:
    """``confirm`` the proposed organisation, ``reject`` (not in the register) or ``other``
    (``organisation``). Remembered for the municipality and reused by later imports."""
    supplier = link_obj.supplier
    if action == "confirm":
        organisation = link_obj.organisation
    elif action == "reject":
        organisation = None
    elif organisation is None:
        raise ValueError("choose an organisation")
    before = {
        "organisation": link_obj.organisation_id, "status": link_obj.status,
        "score": link_obj.score,
    }  # fmt: skip
    with transaction.atomic():
        decision, _created = LinkDecision.objects.update_or_create(
            municipality=supplier.municipality,
            supplier_key=supplier.key,
            defaults={"organisation": organisation, "decided_by": user},
        )
        link_obj.organisation = organisation
        link_obj.status = LinkStatus.ACCEPTED if organisation else LinkStatus.REJECTED
        link_obj.method = "decision"
        if organisation is not None and action == "other":
            link_obj.score = 1.0
        link_obj.decided_by = user
        link_obj.decided_at = timezone.now()
        link_obj.save()
        audit.record(
            actor=user, action=f"spend.link_{action}", obj=link_obj,
            changes=audit.diff(
                before,
                {"organisation": link_obj.organisation_id, "status": link_obj.status,
                 "score": link_obj.score},
            ),
            reason=f"supplier {supplier.key} ({supplier.name})",
        )  # fmt: skip
    return decision


# -- publishing ----------------------------------------------------------------------------
def publish(municipality: Municipality, start: dt.date, end: dt.date, user) -> PublishedReport:
    aggregates = public_aggregates(spend_report(municipality, start, end, published_only=True))
    published, _ = PublishedReport.objects.update_or_create(
        municipality=municipality, period_from=start, period_to=end,
        defaults={"aggregates": aggregates, "published_by": user},
    )  # fmt: skip
    audit.record(
        actor=user, action="spend.published", obj=published,
        changes={"period": [None, f"{start}..{end}"]},
    )  # fmt: skip
    return published


def unpublish(published: PublishedReport, user) -> None:
    audit.record(
        actor=user, action="spend.unpublished", obj=published,
        changes={"period": [f"{published.period_from}..{published.period_to}", None]},
    )  # fmt: skip
    published.delete()
