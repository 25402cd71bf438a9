"""Parts classified with their machine (Section XVI, Note 2(b)): the machine a description names, the
subheadings that take its parts, and the classifier weighing them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearance.refdata import ReferenceData
from clearance.tariff.classifier import build_classifier
from clearance.tariff.classifier.parts import (
    MAX_WORDS,
    Machine,
    goods_phrase,
    machine_phrase,
    parts_note,
    parts_provisions,
)
from tests.tariff.fixtures import OLD, reference_with


@pytest.mark.parametrize(("text", "machine"), [
    ("a crankshaft sensing blade used in spark ignition internal combustion piston engines",
     "spark ignition internal combustion piston engines"),
    ("doctor blade holder assemblies used in papermaking machines", "papermaking machines"),
    ("parts of electric fuel pumps, including a capacitor, valve plate", "electric fuel pumps"),
    ("a Gearbox Assembly for Fertilizer Spreaders", "Fertilizer Spreaders"),  # "for" beside "assembly"
    ("Replacement roller for the electric pedicure foot file", "electric pedicure foot file"),
    ("solenoid valve parts used in an auto braking system", "auto braking system"),
])
def test_the_machine_the_goods_are_used_in_or_parts_of(text, machine):
    assert machine_phrase(text) == machine


@pytest.mark.parametrize("text", [
    "Phone Case For iPhone 16 Pro Max",  # "for" alone names the user, not a machine the goods are part of
    "toilet brush for bathroom",
    "a DC vibrator motor and its parts",
    "stainless steel flat washers",
])
def test_no_machine_is_read_where_none_is_named(text):
    assert machine_phrase(text) is None


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)


@given(st.lists(st.one_of(_WORD, st.sampled_from(["used in", "for", "parts", "of", ",", "the", "and"])),
                max_size=25))
def test_the_machine_is_a_few_words_the_description_says(tokens):
    text = " ".join(tokens)
    machine = machine_phrase(text)
    if machine is not None:
        assert 1 <= len(machine.split()) <= MAX_WORDS
        assert re.sub(r"\s+", " ", machine) in re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("text", "goods"), [
    ("Phone Case For iPhone 16 Pro Max", "Phone Case"),
    ("carbon brushes for an angle grinder", "carbon brushes"),
    ("replacement drive belt tensioner arm for lawn mowers", "replacement drive belt tensioner arm"),
    ("Shoes for Women", None),  # one word names too little to match alone
    ("For Xiaomi 70mai car recorder, suction cup holder", None),  # nothing before "for"
    ("stainless steel flat washers", None),
])
def test_the_goods_are_named_before_for(text, goods):
    assert goods_phrase(text) == goods


@given(st.lists(st.one_of(_WORD, st.sampled_from(["for", "FOR", "the", "and", "16"])), max_size=20))
def test_the_goods_phrase_is_the_start_of_the_description_before_a_for(tokens):
    text = " ".join(tokens)
    goods = goods_phrase(text)
    if goods is not None:
        assert text.startswith(goods) and text[len(goods):].lower().lstrip().startswith("for ")
        assert " for " not in f" {goods.lower()} "


HS_SUBHEADINGS = {
    "840710": "Engines; for aircraft, spark-ignition reciprocating or rotary internal combustion piston engines",
    "840991": "Engines; parts, suitable for use solely or principally with spark-ignition internal combustion "
              "piston engines",
    "840999": "Engines; parts for internal combustion piston engines (excluding spark-ignition)",
    "843920": "Machinery; for making paper or paperboard",
    "843999": "Machinery; parts of machinery for making or finishing paper or paperboard",
    "621710": "Clothing accessories; made up, (not knitted or crocheted)",
    "621790": "Clothing accessories; parts of garments or clothing accessories",
}
HS_HEADINGS = {
    "8409": "Parts suitable for use solely or principally with the engines of heading no. 8407 or 8408",
    "8407": "Spark-ignition reciprocating or rotary internal combustion piston engines",
    "8439": "Machinery for making pulp of fibrous cellulosic material or for making or finishing paper or paperboard",
    "6217": "Clothing accessories n.e.c.; parts of garments or accessories other than those of heading no. 6212",
}


def test_a_heading_keeps_its_own_parts_subheadings_and_a_parts_heading_serves_the_headings_it_names():
    provisions = parts_provisions(HS_SUBHEADINGS, HS_HEADINGS)
    assert provisions["8439"] == ("843999",)
    assert provisions["8407"] == provisions["8408"] == ("840991", "840999")
    assert "6212" not in provisions  # "other than those of heading no. 6212": not served
    assert provisions["6217"] == ("621790",)
    assert "8409" not in provisions["8409"]


def test_the_note_cited_follows_the_provisions_chapter():
    assert parts_note("840991") == "Section XVI, Note 2(b)"
    assert parts_note("870899") == "Section XVII, Note 3"
    assert parts_note("901590") == "Chapter 90, Note 2(b)"
    assert parts_note("640690").startswith("heading 6406")


def test_the_parts_of_vehicles_take_no_machine_electrical_equipment_or_instrument():
    # Section XVII, Note 2(e)-(g): a headlamp, a fuel pump or a speedometer "for cars" stays in its own heading
    cars = Machine("cars", "8703", frozenset({"870829", "870899"}))
    assert not cars.takes("851220") and not cars.takes("841330") and not cars.takes("902920")
    assert cars.takes("870899") and cars.takes("401699") and cars.takes("848210")  # 8482 is past 8479
    engines = Machine("engines", "8407", frozenset({"840991"}))
    assert engines.takes("851220")  # Section XVI has no such note


ENGINES = [
    ("8407", 0, "Spark-ignition reciprocating or rotary internal combustion piston engines:", "", "", "", ""),
    ("8407.90", 1, "Other engines:", "", "", "", ""),
    ("8407.90.90.60", 2, "Other spark-ignition internal combustion piston engines", '["No."]', "Free", "", "35%"),
    ("8409", 0, "Parts suitable for use solely or principally with the engines of heading 8407 or 8408:", "", "",
     "", ""),
    ("8409.91", 1, "Suitable for use solely or principally with spark-ignition internal combustion piston engines:",
     "", "", "", ""),
    ("8409.91.99.90", 2, "Other", '["kg"]', "2.5%", "", "35%"),
]


@pytest.fixture
def reference(settings, tmp_path) -> ReferenceData:
    return reference_with(settings, tmp_path, OLD + ENGINES)


def test_the_classifier_weighs_the_machines_parts_and_says_why(reference):
    # no HS 2022 here: heading 8409's own row names the engines whose parts it takes
    classifier = build_classifier(reference, embeddings="off")
    best = classifier.classify("crankshaft sensing blade used in spark-ignition piston engines", top=2).candidates[0]
    assert best.hs6 == "840991"
    assert any(n.effect == "takes the parts" and n.note == "Section XVI, Note 2(b)" and "heading 8407" in n.text
               for n in best.notes)
    engine = classifier.classify("spark-ignition piston engine for a motorcycle", top=2).candidates[0]
    assert engine.hs6 == "840790" and not any(n.effect == "takes the parts" for n in engine.notes)
