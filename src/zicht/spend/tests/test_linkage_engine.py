"""The supplier-linkage engine on hand-made messy ledger rows (no database)."""

import subprocess
import sys
import textwrap

import pytest

from zicht.spend.linkage import (
    ACCEPTED,
    METHOD_DECISION,
    METHOD_FUZZY,
    METHOD_KVK,
    REJECTED,
    REVIEW,
    RegisterEntry,
    SupplierRecord,
    link,
    load_model,
)
from zicht.spend.linkage.generator import generate
from zicht.spend.linkage.names import name_variants

HAND_MADE = [
    RegisterEntry("R1", "Stichting De Groene Vlinder", "01234567", ("Café Vlinder",),
                  "Kerkstraat", "12a", "3511 AB", "Utrecht"),
    RegisterEntry("R2", "Werkwijzer B.V.", "23456789", (), "Burgemeester van Houtenlaan", "3",
                  "5211 AA", "'s-Hertogenbosch"),
    RegisterEntry("R3", "Coöperatie De Korf U.A.", "34567890", (), "Prins Bernhardstraat", "40",
                  "2511 CD", "'s-Gravenhage"),
    RegisterEntry("R4", "Stichting De Brug", "45678901", (), "Dorpsstraat", "1", "8011 AA",
                  "Zwolle"),
    RegisterEntry("R5", "Stichting De Brug", "56789012", (), "Stationsweg", "5", "9711 AB",
                  "Groningen"),
    RegisterEntry("R6", "Stichting Maatschappelijke Dienstverlening Enkhuizen", "67890123", (),
                  "Westerstraat", "100", "1601 AA", "Enkhuizen"),
    RegisterEntry("R7", "Janssen Groep B.V.", "78901234", ("Kringloop Het Warenhuis",),
                  "Industrieweg", "8", "6541 AA", "Nijmegen"),
    RegisterEntry("R8", "Leerwerkbedrijf Talentrix", "89012345", (), "Havenstraat", "22",
                  "1011 AB", "Amsterdam"),
]  # fmt: skip


def _register() -> list[RegisterEntry]:
    """The hand-made entries among 300 generated ones (rivals for the candidates)."""
    taken = {v.core for r in HAND_MADE for v in name_variants(r.name)}
    taken |= {"brug", "groene vlinder"}
    filler = [
        r
        for r in generate(300, 10, seed=5).register
        if not any(v.core in taken or "brug" in v.core for v in name_variants(r.name))
        and r.kvk not in {h.kvk for h in HAND_MADE}
    ]
    return HAND_MADE + filler


S = SupplierRecord
SUPPLIERS = {
    # case: (supplier, expected register id or None, expected method)
    "kvk_prefix_spaces": (S("a", "STICHTING DE GROENE VLINDER", "KvK 0123 4567"), "R1", METHOD_KVK),
    "kvk_leading_zero_lost": (S("b", "Groene Vlinder, St.", "1234567"), "R1", METHOD_KVK),
    "kvk_zero_padded": (S("c", "GROENE VLINDER", "000001234567"), "R1", METHOD_KVK),
    "form_abbreviated_address": (
        S("d", "St. De Groene Vlinder", "", "Kerkstr. 12 A", "3511AB", "UTRECHT"), "R1",
        METHOD_FUZZY),
    "trade_name": (S("e", "CAFE VLINDER", "", "Kerkstraat 12-a", "3511 ab", "Utrecht"), "R1",
                   METHOD_FUZZY),
    "hodn": (S("f", "Janssen Groep BV h.o.d.n. Kringloop", "", "Industrieweg 8", "6541AA",
               "Nijmegen"), "R7", METHOD_FUZZY),
    "typo_den_bosch": (S("g", "Werkwijzr B.V.", "", "Burg. v. Houtenln 3", "5211AA", "Den Bosch"),
                       "R2", METHOD_FUZZY),
    "den_haag_no_diacritics": (S("h", "COOPERATIE DE KORF UA", "", "Pr. Bernhardstr. 40", "",
                                 "Den Haag"), "R3", METHOD_FUZZY),
    "truncated_35": (S("i", "MAATSCHAPPELIJKE DIENSTVERLENING EN", "", "Westerstr. 100",
                       "1601 AA", "ENKHUIZEN"), "R6", METHOD_FUZZY),
    "namesake_groningen": (S("j", "Stichting De Brug", "", "Stationsweg 5", "9711AB",
                             "Groningen"), "R5", METHOD_FUZZY),
    "namesake_zwolle": (S("k", "DE BRUG", "", "Dorpsstr. 1", "8011 AA", "ZWOLLE"), "R4",
                        METHOD_FUZZY),
    "kvk_of_other_org": (S("l", "Leerwerkbedrijf Talentrix", "23456789", "Havenstraat 22",
                           "1011AB", "Amsterdam"), "R8", METHOD_FUZZY),
    "kvk_typo": (S("m", "Werkwijzer BV", "23456780", "Burgemeester van Houtenlaan 3", "5211 AA"),
                 "R2", METHOD_FUZZY),
    "moved_with_kvk": (S("n", "LEERWERKBEDRIJF TALENTRIX", "89012345", "Nieuwe Kade 1",
                         "2011 AA", "Haarlem"), "R8", METHOD_KVK),
    "unrelated": (S("o", "Bakkerij Jansen V.O.F.", "99887766", "Markt 3", "6211 CK",
                    "Maastricht"), None, None),
    "namesake_not_in_register": (S("p", "Stichting De Brug", "", "Markt 1", "6211 CK",
                                   "Maastricht"), None, None),
}  # fmt: skip


@pytest.fixture(scope="module")
def links():
    result = link(_register(), [s for s, _, _ in SUPPLIERS.values()])
    return {lk.supplier_id: lk for lk in result}


@pytest.mark.parametrize("case", sorted(SUPPLIERS))
def test_messy_case_is_linked_right(links, case):
    supplier, expected, method = SUPPLIERS[case]
    got = links.get(supplier.supplier_id)
    if expected is None:
        assert got is None or got.status != ACCEPTED, got
    else:
        assert got is not None, f"{case}: no link"
        assert (got.register_id, got.status, got.method) == (expected, ACCEPTED, method), (
            got.explain()
        )


def test_same_organisation_twice_in_a_ledger_links_both(links):
    r1 = sorted(sid for sid, lk in links.items() if lk.register_id == "R1")
    assert r1 == ["a", "b", "c", "d", "e"]


def test_at_most_one_link_per_supplier_and_scores_are_probabilities():
    result = link(_register(), [s for s, _, _ in SUPPLIERS.values()])
    ids = [lk.supplier_id for lk in result]
    assert len(ids) == len(set(ids))
    assert all(0.0 <= lk.score <= 1.0 for lk in result)


def test_kvk_of_another_organisation_is_evidence_against_it(links):
    lk = links["l"]
    kvk = next(e for e in lk.explanation if e.field == "kvk")
    assert kvk.level == "differ" and kvk.weight < 0


def test_explanation_says_which_fields_agreed(links):
    lk = links["d"]
    ev = {e.field: e for e in lk.explanation}
    assert set(ev) >= {"kvk", "name", "postcode", "house_number", "street", "city"}
    assert ev["kvk"].level == "missing" and ev["kvk"].weight == 0
    assert ev["postcode"].level == "exact" and ev["postcode"].weight > 0
    assert ev["house_number"].level == "exact" and "12a ~ 12a" in ev["house_number"].detail
    assert ev["street"].level == "exact" and "kerkstraat" in ev["street"].detail
    assert ev["name"].weight > 0
    assert "name " in lk.explain() and "postcode exact" in lk.explain()
    assert lk.to_dict()["explanation"][0]["field"] == "kvk"


def test_trade_name_match_is_marked(links):
    name = next(e for e in links["e"].explanation if e.field == "name")
    assert "(trade name)" in name.detail


def test_score_follows_model_log_odds_without_rivals(links):
    """Score = calibrated sigmoid of intercept + evidence weights (no rivals here)."""
    import math

    model = load_model()
    lk = links["d"]
    assert not any(e.field == "competition" for e in lk.explanation)
    z = model.intercept + sum(e.weight for e in lk.explanation)
    assert lk.score == pytest.approx(model.calibrate(1 / (1 + math.exp(-z))), abs=1e-3)


def test_ambiguous_name_without_address_is_not_accepted():
    """'De Brug' exists in Zwolle and Groningen: a bare name must not pick one."""
    (lk,) = link(_register(), [S("q", "Stichting De Brug")], lower=0.0)
    assert lk.status == REVIEW and lk.register_id in ("R4", "R5")
    assert lk.score < 0.6
    rivals = next(e for e in lk.explanation if e.field == "competition")
    assert rivals.weight < 0
    assert link(_register(), [S("q", "Stichting De Brug")]) == []  # below the default lower


def test_review_band_and_thresholds():
    sup = [SUPPLIERS["typo_den_bosch"][0]]
    (lk,) = link(_register(), sup)
    assert lk.status == ACCEPTED
    (lk2,) = link(_register(), sup, upper=min(1.0, lk.score + 0.00001), lower=0.0)
    assert lk2.status == REVIEW and lk2.register_id == "R2"
    assert link(_register(), sup, upper=1.0, lower=min(1.0, lk.score + 0.00001)) == []
    with pytest.raises(ValueError):
        link(_register(), sup, upper=0.2, lower=0.5)


def test_remembered_decisions_are_reused():
    sups = [SUPPLIERS["unrelated"][0], SUPPLIERS["kvk_prefix_spaces"][0],
            SUPPLIERS["typo_den_bosch"][0]]  # fmt: skip
    decisions = {"o": "R8", "a": "rejected", "g": "R404"}
    got = {lk.supplier_id: lk for lk in link(_register(), sups, decisions)}
    assert (got["o"].register_id, got["o"].method, got["o"].status) == (
        "R8", METHOD_DECISION, ACCEPTED)  # fmt: skip
    assert got["o"].score == 1.0
    assert any(e.field == "decision" for e in got["o"].explanation)
    assert (got["a"].register_id, got["a"].method, got["a"].status) == (
        None, METHOD_DECISION, REJECTED)  # fmt: skip
    # a decision for a register entry that no longer exists is ignored, and said so
    assert got["g"].register_id == "R2" and got["g"].method == METHOD_FUZZY
    assert any(e.level == "stale" for e in got["g"].explanation)


def test_empty_inputs():
    assert link([], [S("x", "Iets")]) == []
    assert link(HAND_MADE, []) == []


def test_engine_does_not_import_django():
    code = textwrap.dedent(
        """
        import sys
        from zicht.spend.linkage import link, RegisterEntry, SupplierRecord
        from zicht.spend.linkage import cli, csvio, generator, training, evaluation
        links = link([RegisterEntry("R1", "Werkwijzer B.V.", "23456789")],
                     [SupplierRecord("s", "WERKWIJZER BV", "2345 6789")])
        assert links[0].register_id == "R1", links
        bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
        assert not bad, bad
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_vectorised_levels_equal_pair_by_pair_comparison():
    """The array comparison used for scoring gives the same levels as compare()."""
    from zicht.spend.linkage.compare import compare
    from zicht.spend.linkage.engine import candidate_pairs
    from zicht.spend.linkage.pairs import FIELDS, LEVELS

    data = generate(400, 1000, seed=9)
    reg, batch = candidate_pairs(data.register, data.suppliers, load_model())
    assert len(batch.si) > 2000
    seen = set()
    for k in range(len(batch.si)):
        want = [(f, lv) for f, lv, _ in compare(batch.sup[batch.si[k]], reg[batch.ri[k]], False)]
        got = [(f, LEVELS[f][int(batch.levels[f][k])]) for f in FIELDS]
        assert got == want, (batch.sup[batch.si[k]], reg[batch.ri[k]])
        seen.update(got)
    # the pairs cover nearly every level of every field
    assert len(seen) >= sum(len(v) for v in LEVELS.values()) - 3, seen


def test_workers_give_the_same_links(monkeypatch):
    from zicht.spend.linkage import engine

    monkeypatch.setattr(engine, "MIN_PER_WORKER", 100)
    data = generate(300, 1000, seed=13)
    messages: list[str] = []
    # decisions too: with workers the index is built in another process and the
    # register entries a decision or an explanation needs are prepared again
    ids = [lk.supplier_id for lk in link(data.register, data.suppliers, explain=False)]
    decisions = {ids[1]: data.register[7].id, ids[200]: "rejected", ids[-1]: "gone"}
    one = link(data.register, data.suppliers, decisions, workers=1)
    two = link(data.register, data.suppliers, decisions, workers=2, progress=messages.append)
    assert one == two and len(one) > 250
    assert any("in 2 processes" in m for m in messages), messages
    assert {lk.method for lk in two} >= {"decision", "kvk", "fuzzy"}
    assert any(ev.level == "stale" for lk in two for ev in lk.explanation)
    assert any("(trade name)" in ev.detail for lk in two for ev in lk.explanation)
    three = link(data.register, data.suppliers, decisions, workers=3, explain=False)
    assert [(lk.supplier_id, lk.register_id, lk.score, lk.status) for lk in three] == [
        (lk.supplier_id, lk.register_id, lk.score, lk.status) for lk in one
    ]


def test_default_workers_is_what_the_command_line_uses(monkeypatch):
    import os

    from zicht.spend.linkage import engine

    monkeypatch.setattr(engine.os, "getloadavg", lambda: (0.3, 0.2, 0.1))
    assert engine.default_workers() == (2 if (os.cpu_count() or 1) >= 2 else 1)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 8)
    assert engine.default_workers() == 2  # capped: two processes are what pays off
    monkeypatch.setattr(engine.os, "getloadavg", lambda: (7.5, 2.0, 1.0))
    assert engine.default_workers() == 1  # no free CPU
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(engine.os, "getloadavg", lambda: (1.0, 2.0, 1.0))
    assert engine.default_workers() == 2
    monkeypatch.setattr(engine.os, "getloadavg", lambda: (1.2, 0.0, 0.0))
    assert engine.default_workers() == 1
    monkeypatch.setattr(engine.os, "cpu_count", lambda: None)
    assert engine.default_workers() == 1


def test_no_forking_in_a_daemonic_process(monkeypatch):
    from types import SimpleNamespace

    from zicht.spend.linkage import engine

    monkeypatch.setattr(engine, "MIN_PER_WORKER", 100)
    monkeypatch.setattr(engine.multiprocessing, "current_process",
                        lambda: SimpleNamespace(daemon=True))  # fmt: skip
    data = generate(100, 400, seed=5)
    messages: list[str] = []
    links = link(data.register, data.suppliers, workers=2, progress=messages.append)
    assert links and any("in 1 process" in m for m in messages), messages
    assert engine.default_workers() == 1


def test_cleaned_supplier_columns_equal_the_prepared_ones():
    import numpy as np

    from zicht.spend.linkage import engine
    from zicht.spend.linkage.compare import (
        CleanedSuppliers,
        prepare_registers,
        prepare_suppliers,
    )
    from zicht.spend.linkage.pairs import Columns

    data = generate(300, 1200, seed=9)
    index = engine._Index(prepare_registers(data.register))
    cleaned = CleanedSuppliers(data.suppliers)
    for start, stop in ((0, 1200), (400, 900)):
        part = cleaned.slice(start, stop)
        a = Columns.from_cleaned(part, index.codes)
        b = Columns(prepare_suppliers(data.suppliers[start:stop]), index.codes, grow=False)
        for name in ("kvk", "kvk_digits", "pc4", "pc6", "number", "postcode", "v_count",
                     "v_start", "v_owner", "v_code", "v_noart", "v_tok2", "v_trunc", "v_len",
                     "v_forms", "v_is_sorted", "common"):  # fmt: skip
            assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert a.v_core == b.v_core and a.street == b.street and a.variants == b.variants
        assert list(a.v_sorted_obj) == list(b.v_sorted_obj)
        for name in ("suffix", "street_code", "city"):  # codes: the same values, same codes
            x, y = getattr(a, name), getattr(b, name)
            assert np.array_equal(x[:, None] == x[None, :], y[:, None] == y[None, :]), name
            assert np.array_equal(x >= 0, y >= 0), name
        assert list(part) == prepare_suppliers(data.suppliers[start:stop])
        assert part.keys == [s.supplier_id for s in data.suppliers[start:stop]]
