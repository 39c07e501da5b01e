"""Hard requirements, explanations text and notices (no database)."""

import datetime as dt

from zicht.opportunities.matching import MatchIndex, Weights

from .test_matching_scoring import opp, org


def _ids(ranking):
    return [m.organisation_id for m in ranking]


def _index(weights=None):
    return MatchIndex.build(
        [
            org("high", cpv=["90911200"], target_group_share=0.42, tier="verified"),
            org("low", cpv=["90911200"], target_group_share=0.2, tier="certified"),
            org("unknown", cpv=["90911200"], tier="self_declared", certifications=["code_so"]),
            org("gem", kind="municipality", cpv=["90911200"], target_group_share=0.9),
        ],
        weights,
    )


def test_reserved_contract_needs_30_percent_and_flags_unknown_share():
    idx = _index()
    r = idx.top_for_opportunity(opp(cpv=["90911200"], reserved_2_82=True), k=10)
    assert _ids(r) == ["high", "unknown"]  # 'low' (20%) is out; municipality never a supplier
    flagged = r[1]
    assert flagged.flags == ["target_group_share_unknown"]
    assert any("aandeel personeel uit de doelgroep onbekend" in s for s in flagged.reasons)
    assert any("42% van het personeel uit de doelgroep" in s for s in r[0].reasons)


def test_reserved_unknown_share_can_be_excluded():
    idx = _index({"requirements": {"reserved_unknown_share": "exclude"}})
    r = idx.top_for_opportunity(opp(cpv=["90911200"], reserved_2_82=True), k=10)
    assert _ids(r) == ["high"]


def test_threshold_is_data():
    idx = _index({"requirements": {"reserved_min_target_group_share": 0.15}})
    r = idx.top_for_opportunity(opp(cpv=["90911200"], reserved_2_82=True), k=10)
    assert set(_ids(r)) == {"high", "low", "unknown"}


def test_min_tier_and_certifications():
    idx = _index()
    assert _ids(idx.top_for_opportunity(opp(cpv=["90911200"], min_tier="verified"))) == [
        "high",
        "low",
    ]
    assert _ids(idx.top_for_opportunity(opp(cpv=["90911200"], min_tier="certified"))) == ["low"]
    assert _ids(idx.top_for_opportunity(opp(cpv=["90911200"], certifications=["code_so"]))) == [
        "unknown"
    ]


def test_impossible_requirements_give_empty_list_with_notice():
    idx = _index()
    r = idx.top_for_opportunity(
        opp(cpv=["90911200"], reserved_2_82=True, min_tier="certified"), k=10
    )
    d = r.to_dict()
    assert d["matches"] == []
    assert "Geen enkele organisatie voldoet aan alle harde eisen" in d["notice"]
    assert "1 met niveau gecertificeerd" in d["notice"]
    assert "No organisation meets all hard requirements" in d["notice_en"]
    r = idx.top_for_opportunity(opp(cpv=["90911200"], certifications=["iso9001"]))
    assert r.matches == [] and "0 met certificering iso9001" in r.notices[-1]


def test_buyer_is_never_matched_to_its_own_opportunity():
    idx = _index()
    r = idx.top_for_opportunity(opp(cpv=["90911200"], buyer_id="high"), k=10)
    assert "high" not in _ids(r) and "low" in _ids(r)


def test_explanation_sentences_dutch_and_english():
    o = org(
        "s",
        cpv=["90910000"],
        municipality="GM0014",
        regions_served=["AM13"],
        target_group_share=0.42,
        sdgs={"8": 1.0},
        fte=12,
    )
    idx = MatchIndex.build([o])
    t = opp(cpv=["90910000"], municipality="GM0344", sdgs={"8": 1}, value_eur=300_000)
    m = idx.explain("s", t)
    text = " ".join(m.reasons)
    assert "Levert reinigingsdiensten (CPV 90910000)" in text
    assert "Werkt in de arbeidsmarktregio Midden-Utrecht (opgegeven werkgebied)" in text
    assert "42% van het personeel uit de doelgroep" in text
    assert "SDG 8 (Waardig werk en economische groei)" in text
    assert "12 fte tegenover een waarde van € 300.000: past bij deze omvang" in text
    assert len(m.reasons) == len(m.reasons_en)
    assert "Supplies cleaning services (CPV 90910000)" in " ".join(m.reasons_en)


def test_missing_fields_are_explained_per_side():
    idx = MatchIndex.build([org("bare", cpv=["90910000"])])
    m = idx.explain("bare", opp(cpv=["90910000"], sdgs={"3": 1}, municipality="GM0344"))
    text = " ".join(m.reasons)
    assert "SDG-overlap telt niet mee: de organisatie heeft geen SDG-profiel" in text
    assert "Geografie telt niet mee: de organisatie heeft geen bekende vestigingsgemeente" in text
    assert (
        "Omvang telt niet mee: het aantal fte van de organisatie is onbekend "
        "en de waarde van de kans is onbekend" in text
    )
    assert "Weinig gegevens om te vergelijken (50% van het gewicht)" in text


def test_notices_for_missing_cpv_sdgs_unknown_codes_and_past_deadline():
    idx = MatchIndex.build([org("a", cpv=["90910000"], municipality="GM0344")])
    idx.today = dt.date(2026, 11, 26)
    r = idx.top_for_opportunity(
        opp(title="Schoonmaak", municipality="GM0344", deadline="2026-01-31", cpv=["99999999"])
    )
    text = " ".join(r.notices)
    assert "Onbekende CPV-codes genegeerd: 99999999" in text
    assert "De kans heeft geen (bekende) CPV-codes; gematcht op wat er wel is" in text
    assert "De kans heeft geen SDG's" in text
    assert "De sluitingsdatum (2026-01-31) ligt in het verleden" in text
    assert [m.organisation_id for m in r] == ["a"]  # still matched on what is there
    future = idx.top_for_opportunity(opp(municipality="GM0344", deadline="2027-01-31"))
    assert not any("sluitingsdatum" in n for n in future.notices)


def test_weights_object_reaches_the_engine():
    w = Weights.from_dict({"excluded_kinds": []})
    idx = _index(w)
    ids = _ids(idx.top_for_opportunity(opp(cpv=["90911200"]), k=10))
    assert "gem" in ids
