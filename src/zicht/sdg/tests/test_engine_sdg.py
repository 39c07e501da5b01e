"""Tests for the framework-free SDG engine (no database)."""

import subprocess
import sys

import pytest

from zicht.sdg.engine import (
    MAX_TEXT_BYTES,
    Classification,
    EmptyText,
    InvalidText,
    SDGEngineError,
    TextTooLarge,
    classify,
    load,
)
from zicht.sdg.engine.core import check_text

NL_ENERGY = (
    "Wij plaatsen gratis zonnepanelen en isoleren woningen van huishoudens met "
    "energiearmoede, zodat hun energierekening daalt."
)
EN_JOBS = (
    "Our social enterprise employs long-term unemployed people and people with a "
    "distance to the labour market, offering paid jobs and job coaching."
)


def test_importing_engine_does_not_import_django():
    code = (
        "import sys, zicht.sdg.engine as e; e.load(); "
        "e.classify('Wij bestrijden armoede.'); "
        "sys.exit(1 if 'django' in sys.modules else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_dutch_energy_text():
    r = classify(NL_ENERGY)
    assert isinstance(r, Classification)
    assert r.lang == "nl"
    assert 7 in r.sdgs
    assert r.scores[7] == max(r.scores.values())
    assert any("zonnepanelen" in e or "energiearmoede" in e for e in r.evidence[7])
    assert any(t.startswith("7.") for t in r.targets)


def test_english_jobs_text():
    r = classify(EN_JOBS)
    assert r.lang == "en"
    assert 8 in r.sdgs
    assert 14 not in r.sdgs and 15 not in r.sdgs
    assert "8.5" in r.targets


@pytest.mark.parametrize(
    "text,sdg",
    [
        ("Deforestation and the loss of habitat threaten endangered species.", 15),
        ("Overfishing and ocean acidification damage coral reefs and fish stocks.", 14),
        ("De gemeente wil de CO2-uitstoot halveren en investeert in klimaatadaptatie.", 13),
        ("Het programma bestrijdt laaggeletterdheid met taallessen voor volwassenen.", 4),
        ("Access to safe drinking water and sanitation remains limited in rural areas.", 6),
        ("Huiselijk geweld tegen vrouwen en meisjes moet worden uitgebannen.", 5),
    ],
)
def test_clear_single_theme_texts(text, sdg):
    r = classify(text)
    assert sdg in r.sdgs
    assert max(r.scores, key=r.scores.get) == sdg


def test_scores_cover_all_sdgs_and_are_deterministic():
    a = classify(EN_JOBS).to_dict()
    b = classify(EN_JOBS).to_dict()
    assert a == b
    assert set(a["scores"]) == {str(k) for k in range(1, 18)}
    assert all(0.0 <= v <= 1.0 for v in a["scores"].values())
    assert set(a) >= {"lang", "sdgs", "scores", "evidence", "targets"}


def test_threshold_controls_sdgs():
    assert classify(NL_ENERGY, threshold=0.0).sdgs == list(range(1, 18))
    strict = classify(NL_ENERGY, threshold=0.999)
    assert len(strict.sdgs) <= 1
    assert classify(NL_ENERGY).threshold == pytest.approx(load().threshold)


def test_forced_language():
    assert classify(NL_ENERGY, lang="nl").lang == "nl"
    assert classify(EN_JOBS, lang="en").lang == "en"
    with pytest.raises(ValueError):
        classify(EN_JOBS, lang="de")


def test_negation_lowers_score():
    pos = classify("This project is about climate change and carbon emissions.")
    neg = classify("This project is not about climate change and carbon emissions.")
    assert neg.scores[13] < pos.scores[13]


def test_explicit_sdg_mention_counts():
    r = classify("Wij dragen bij aan SDG 14.")
    assert r.scores[14] == max(r.scores.values())


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_rejected(text):
    with pytest.raises(EmptyText):
        classify(text)


def test_too_large_text_rejected():
    with pytest.raises(TextTooLarge):
        classify("armoede " * (MAX_TEXT_BYTES // 8 + 10))
    with pytest.raises(TextTooLarge):
        classify(b"a" * (MAX_TEXT_BYTES + 1))
    assert issubclass(TextTooLarge, SDGEngineError)


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\xfe\x00\x01binary\x00\x00",
        "\x00\x01\x02\x03\x04\x05 abc \x06\x07",
        "#$%^&*()_+ 12345 {}[]",
    ],
)
def test_binary_or_garbled_rejected(payload):
    with pytest.raises(InvalidText):
        classify(payload)


def test_unsupported_language_flagged_with_scores():
    r = classify(
        "Wir schaffen Arbeitsplätze für Menschen mit Behinderung und bekämpfen die Armut "
        "in unserer Stadt, weil es für die Gesellschaft wichtig ist."
    )
    d = r.to_dict()
    assert d["lang"] == "unsupported"
    assert d["unsupported_language"] is True
    assert len(d["scores"]) == 17


def test_long_text_is_handled():
    text = (NL_ENERGY + " ") * 400
    r = classify(text)
    assert 7 in r.sdgs
    assert len(r.evidence[7]) <= 8


def test_evidence_keeps_original_spelling_and_targets_belong_to_sdgs():
    r = classify("Wij investeren in zonne-energie en windenergie voor de hele wijk.")
    assert "zonne-energie" in r.evidence[7]
    assert r.targets and all(int(t.split(".")[0]) in r.sdgs for t in r.targets)


def test_language_detection_on_short_texts():
    assert classify("Armoede en schulden bij gezinnen.").lang == "nl"
    assert classify("Poverty and debt among families.").lang == "en"
    fr = classify("La pauvreté et les dettes des familles sont un problème pour la ville.")
    assert fr.lang == "unsupported" and fr.unsupported_language


def test_bytes_input_and_limit_boundary():
    assert classify(b"Schoon drinkwater voor iedereen.").lang == "nl"
    ok = "water " * (MAX_TEXT_BYTES // 6)
    assert len(ok.encode()) <= MAX_TEXT_BYTES
    assert check_text(ok) == ok  # at the limit: accepted
    with pytest.raises(TextTooLarge):
        check_text(ok + "x" * (MAX_TEXT_BYTES - len(ok.encode()) + 1))


def test_trainer_drops_training_texts_that_restate_an_eval_text():
    from zicht.sdg.engine.train import overlapping

    evals = [{"id": "e1", "text": "Our bakery trains young people without a diploma for a job."}]
    train = [
        {"id": "copy", "text": "The bakery trains young people without a diploma for a job!"},
        {"id": "own", "text": "Solar panels on school roofs lower the energy bills of schools."},
    ]
    assert overlapping(train, evals) == {"copy"}
    assert overlapping(train, evals, limit=1.01) == set()
