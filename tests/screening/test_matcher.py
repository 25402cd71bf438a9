import pytest

from clearance.screening.entity import EntityType
from clearance.screening.matcher import PartyQuery, Screener
from tests.screening.fixtures import sample_entities


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(sample_entities())


def ids(result) -> list[str]:
    return [m.entity_id for m in result.matches]


def test_exact_name_in_another_order_blocks(screener):
    result = screener.screen(PartyQuery(name="Teodric Alsmund Quorvani"))
    assert result.band == "block" and ids(result)[0] == "test_list:1"
    explained = result.matches[0].explain()
    assert explained["name"]["aligned"] and explained["matched_name"] == "QUORVANI, Teodric Alsmund"


@pytest.mark.parametrize("variant", [
    "QUORVANl, Teodric Alsmund",  # OCR l for I
    "QUORVANI, Teodirc Alsmund",  # transposition
    "Q\u200bUORVANI Teodric Alsmund",  # invisible character
    "QUОRVANI Teodric Alsmund",  # Cyrillic O
    "Dr. QUORVANI, Teodric Alsmund",  # title
    "QRVN, Tdrc Alsmund",  # vowels dropped
    "QUORVANI, Teodric",  # token dropped
])
def test_perturbed_names_still_alert(screener, variant):
    assert "test_list:1" in ids(screener.screen(PartyQuery(name=variant)))


def test_cross_script_party_matches_latin_entry_and_the_reverse(screener):
    assert "test_list:4" in ids(screener.screen(PartyQuery(name="Ярослав Пелешенко")))
    assert "test_list:4" in ids(screener.screen(PartyQuery(name="Yaroslav Peleshenko")))


def test_unrelated_and_near_miss_names_are_clear(screener):
    for name in ("Maria Lopez", "QUORVANI Brennick", "Teodric Halvorsen", "Lucinda Mendoza"):
        assert screener.screen(PartyQuery(name=name)).band == "clear", name


def test_dob_outside_tolerance_lowers_and_inside_keeps(screener):
    near = screener.screen(PartyQuery(name="Teodric Alsmund Quorvani", dob="1962"))
    far = screener.screen(PartyQuery(name="Teodric Alsmund Quorvani", dob="1985-01-01"))
    assert near.band == "block"
    assert far.band == "review" and far.matches[0].qualifiers[0].name == "dob_mismatch"


def test_identifier_match_blocks_even_with_a_different_spelling(screener):
    result = screener.screen(PartyQuery(name="T. Kvorvany", identifiers=["x-123 4567"]))
    assert result.band == "block" and ids(result) == ["test_list:1"]
    assert any(q.name == "identifier_match" for q in result.matches[0].qualifiers)


def test_a_weak_alias_alone_never_blocks(screener):
    result = screener.screen(PartyQuery(name="Abu Zafran"))
    assert ids(result) == ["test_list:2"] and result.band == "review"
    assert result.matches[0].score >= screener.config.bands[EntityType.PERSON].block


def test_company_legal_form_variants_match(screener):
    result = screener.screen(PartyQuery(name="ZENTRAVOX HEAVY INDUSTRIES L.L.C.", type=EntityType.ORGANIZATION))
    assert result.band == "block" and ids(result) == ["test_list:6"]


def test_person_screened_against_a_company_is_marked_a_type_mismatch(screener):
    result = screener.screen(PartyQuery(name="Orvistal Shipping", type=EntityType.PERSON))
    assert all(any(q.name == "type_mismatch" for q in m.qualifiers) for m in result.matches)


def test_score_pair_is_symmetric(screener):
    assert screener.score_pair("Hamid AL-ZAFRANI", "ZAFRANI Hamid") == screener.score_pair(
        "ZAFRANI Hamid", "Hamid AL-ZAFRANI")


def test_an_entry_without_a_type_is_read_as_an_organisation_by_its_legal_form():
    from clearance.screening.entity import ListEntity, ListName, NameRole

    entry = ListEntity(id="multi:1", list="multi", names=[ListName(full="KALVESTRO LLC", role=NameRole.PRIMARY),
                                                          ListName(full="Kalvestro", role=NameRole.STRONG_ALIAS)])
    screener = Screener.from_entities([entry])
    person = screener.screen(PartyQuery(name="Kalvestro", type=EntityType.PERSON))
    mismatch = [q for q in person.matches[0].qualifiers if q.name == "type_mismatch"]
    assert mismatch and "inferred from 'llc'" in mismatch[0].detail
    unknown = screener.screen(PartyQuery(name="Kalvestro"))  # a party of unknown type: no mismatch
    assert not any(q.name == "type_mismatch" for m in unknown.matches for q in m.qualifiers)
