"""Cross-script matching: Hangul readings and person-name symbols (fictional parties throughout;
the given names are ordinary ones, the family names invented)."""

from dataclasses import replace

import pytest

from clearance.screening.compare import compare_names, token_match, token_similarity
from clearance.screening.entity import EntityType
from clearance.screening.features import MATCHER_VERSION, MatcherConfig, TokenFeatures, Weights
from clearance.screening.matcher import PartyQuery, Screener
from clearance.screening.prepare import make_token, name_tokens
from clearance.screening.readings import hangul_tables, korean_tokens, syllable_spellings
from tests.screening.fixtures import company, person

F = TokenFeatures()


def text_similarity(a, b):
    return token_similarity(a, b, F)


def written(text: str, source: str = "", symbols: tuple[str, ...] = (), pair: tuple[str, ...] = ()):
    """A token with symbols set by hand: these tests do not depend on rigour's data."""
    return replace(make_token(text), source=source, symbols=frozenset(symbols), pair_symbols=frozenset(pair))


# --- token_match: symbols and readings, without rigour ---------------------------------------

def test_shared_symbol_aligns_tokens_across_scripts():
    arabic = written("ywsf", source="يوسف", symbols=("Q1", "Q2"))
    latin = written("yusuf", symbols=("Q2", "Q3"))
    assert token_match(arabic, latin, F, text_similarity) == (F.name_symbol, "name_symbol")


def test_shared_symbol_is_ignored_between_two_latin_spellings():
    # Wikidata joins names a screen must keep apart; between Latin spellings only the text counts.
    a, b = written("zorvan", symbols=("Q7",)), written("qelmit", symbols=("Q7",))
    assert token_match(a, b, F, text_similarity) == (0.0, "")


def test_no_shared_symbol_no_alignment():
    arabic = written("ywsf", source="يوسف", symbols=("Q1",))
    assert token_match(arabic, written("quorvani", symbols=("Q9",)), F, text_similarity)[0] == 0.0


def test_symbol_alignment_is_explained_with_the_written_forms():
    query = [written("ywsf", source="يوسف", symbols=("Q5",)), make_token("quorvani")]
    listed = [written("yusuf", symbols=("Q5",)), make_token("quorvani")]
    result = compare_names(query, [5.0, 5.0], listed, [5.0, 5.0], lambda a, b: token_match(a, b, F, text_similarity),
                           Weights(), F.merge, F.name_symbol)
    pair = next(p for p in result.pairs if p.feature == "name_symbol")
    assert pair.detail == "يوسف ~ yusuf (name symbol Q5)"
    explained = [a for a in result.explain()["aligned"] if a["feature"] == "name_symbol"]
    assert explained[0]["detail"] == "يوسف ~ yusuf (name symbol Q5)"


def test_two_words_align_with_one_through_a_phrase_symbol():
    query = [written("bd", source="عبد", pair=("Q8",)), written("alrhmn", source="الرحمن", pair=("Q8",))]
    listed = [written("abdulrahman", symbols=("Q8",))]
    result = compare_names(query, [5.0, 5.0], listed, [5.0], lambda a, b: token_match(a, b, F, text_similarity),
                           Weights(), F.merge, F.name_symbol)
    assert not result.unmatched_query and result.pairs[0].feature == "name_symbol"
    share = Weights().list_coverage_share
    assert result.score == pytest.approx(F.name_symbol * ((1 - share) + share * F.name_symbol))
    without = compare_names(query, [5.0, 5.0], listed, [5.0], lambda a, b: token_match(a, b, F, text_similarity),
                            Weights(), F.merge)  # no symbol_similarity: no phrase merge
    assert without.score == 0.0


def test_reading_variants_are_compared_and_capped():
    hangul = replace(make_token("jeong"), variants=("jong", "jung"), source="정", syllable=True)
    assert token_match(hangul, make_token("jong"), F, text_similarity) == (F.reading, "reading")
    assert token_match(hangul, make_token("joung"), F, text_similarity) == (0.0, "")  # a typo on a reading: no
    assert token_match(hangul, make_token("jeon"), F, text_similarity) == (0.0, "")  # nor the string features
    assert token_match(hangul, make_token("jeong"), F, text_similarity) == (1.0, "exact")


# --- Hangul readings ---------------------------------------------------------------------------

def test_syllable_spellings_put_revised_romanization_first():
    tables = hangul_tables()
    spellings = syllable_spellings("정", tables)
    assert spellings[0] == "jeong" and {"jong", "jung", "chong"} <= set(spellings)
    assert syllable_spellings("은", tables) == ("eun", "un")
    assert syllable_spellings("가", tables)[0] == "ga"  # no final consonant


def test_tables_cover_every_jamo():
    tables = hangul_tables()
    assert (len(tables.initials), len(tables.vowels), len(tables.finals)) == (19, 21, 28)


def test_korean_name_is_read_as_family_name_and_syllables():
    tokens = korean_tokens("편수호", name_tokens("편수호"), EntityType.PERSON)
    assert [t.text for t in tokens] == ["pyeon", "su", "ho"]
    assert "pyon" in tokens[0].variants and tokens[0].source == "편"


def test_two_syllable_family_name():
    tokens = korean_tokens("남궁도윤", name_tokens("남궁도윤"), None)
    assert [t.text for t in tokens] == ["namgung", "do", "yun"]


def test_organisation_and_long_hangul_words_keep_icu_reading():
    icu = name_tokens("편수호")
    assert korean_tokens("편수호", icu, EntityType.ORGANIZATION) == icu
    long_word = "조선련봉무역회사"
    assert korean_tokens(long_word, name_tokens(long_word), None) == name_tokens(long_word)


def test_party_key_tokens_are_unchanged():
    # name_tokens is the accept list's canonical form: the readings ride on top of it.
    assert [t.text for t in name_tokens("편수호")] != ["pyeon", "su", "ho"]


# --- end to end, with rigour's symbols ---------------------------------------------------------

@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities([
        person("x1", "Yusuf Hamdan", dob="1971-02-03"),
        person("x2", "Zelmira Tostavic"),
        person("k1", "Pyon Su Ho", weak=("Pyeon Su-ho",)),
        person("k2", "Tarvel Ostrim", weak=("Namgung Do Yun",)),
        company("c1", "Hamdan Quorvani Trading LLC"),
    ])


def test_arabic_query_finds_latin_entry_through_symbols(screener):
    result = screener.screen(PartyQuery(name="يوسف حمدان"))
    assert result.matches and result.matches[0].entity_id == "test_list:x1"
    aligned = result.matches[0].explain()["name"]["aligned"]
    details = [a.get("detail", "") for a in aligned if a["feature"] == "name_symbol"]
    assert details and details[0].startswith("يوسف ~ yusuf (name symbol Q")
    assert result.matcher_version == MATCHER_VERSION == "clearance-names-3"


def test_without_symbols_the_arabic_given_name_is_not_explained(screener):
    plain = Screener.from_entities([person("x1", "Yusuf Hamdan")], MatcherConfig(name_symbols=False))
    result = plain.screen(PartyQuery(name="يوسف حمدان"))
    features = {a["feature"] for m in result.matches for a in m.explain()["name"]["aligned"]}
    assert "name_symbol" not in features


def test_latin_query_is_not_tagged(screener):
    tokens = screener.prepare("Yusuf Quorvani", EntityType.PERSON)
    assert not any(t.symbols for t in tokens)


def test_hangul_query_matches_mccune_reischauer_entry(screener):
    result = screener.screen(PartyQuery(name="편수호"))
    assert result.matches and result.matches[0].entity_id == "test_list:k1"
    assert result.band != "clear"


def test_weak_alias_alone_never_blocks_a_hangul_reading(screener):
    result = screener.screen(PartyQuery(name="남궁도윤"))
    match = next(m for m in result.matches if m.entity_id == "test_list:k2")
    assert match.score >= screener.config.bands[EntityType.PERSON].block
    assert match.band == "review"


def test_family_name_written_last_is_read_as_family_name():
    tokens = korean_tokens("수호 편", name_tokens("수호 편"), None)
    assert [t.text for t in tokens] == ["su", "ho", "pyeon"]
    assert "pyon" in tokens[2].variants  # the family-name table's spellings, not the syllable's


def test_readings_join_only_as_spelt():
    # "seon" + "yeong" has the skeleton of "song"; as readings they must not merge into it.
    query = korean_tokens("김선영", name_tokens("김선영"), None)
    listed = name_tokens("Kim Song")
    result = compare_names(query, [5.0] * 3, listed, [5.0] * 2, lambda a, b: token_match(a, b, F, text_similarity),
                           Weights(), F.merge, F.name_symbol)
    assert not any(p.feature == "merge" for p in result.pairs)
    jongun = compare_names(korean_tokens("김정은", name_tokens("김정은"), None), [5.0] * 3, name_tokens("Kim Jongun"),
                           [5.0] * 2, lambda a, b: token_match(a, b, F, text_similarity), Weights(), F.merge)
    assert any(p.feature == "merge" for p in jongun.pairs) and not jongun.unmatched_query


def test_han_characters_get_no_symbols():
    from clearance.screening.symbols import tag_name
    tokens = tag_name("李明", name_tokens("李明"))
    assert not any(t.symbols or t.pair_symbols for t in tokens)


def test_one_line_reason_shows_the_symbol(screener):
    from clearance.screening.parties_file import why
    result = screener.screen(PartyQuery(name="يوسف حمدان"))
    assert "(name symbol Q" in why(result.matches[0])


def test_hangul_syllables_are_never_particles_or_initials():
    tokens = korean_tokens("수빈 도", name_tokens("수빈 도"), None)  # "bin" and "do" are particles in Latin names
    assert [t.text for t in tokens] == ["su", "bin", "do"]
    assert not any(t.particle for t in tokens)
    from clearance.screening.index import is_substantive
    assert is_substantive(korean_tokens("우", name_tokens("우"), None)[0])  # 우 read "u": a syllable, not an initial


# --- the list side's symbols are built on the first name in another script -------------------

def _results(screener: Screener, name: str) -> list[tuple[str, float, str]]:
    return [(m.entity_id, round(m.score, 9), m.band) for m in screener.screen(PartyQuery(name=name)).matches]


def test_list_symbols_wait_for_a_name_in_another_script_and_change_no_latin_result():
    entities = [person("x1", "Yusuf Hamdan"), person("x2", "Zelmira Tostavic"), person("x3", "Josef Hamdani"),
                company("c1", "Hamdan Quorvani Trading LLC")]
    lazy = Screener.from_entities(entities)
    assert lazy.index.symbols_pending
    latin = ["Yusuf Hamdan", "Josef Hamdan", "Zelmira Tostavich", "Hamdan Quorvani Trading"]
    before = {name: _results(lazy, name) for name in latin}
    assert lazy.index.symbols_pending  # Latin screens did not build them
    assert lazy.screen(PartyQuery(name="يوسف حمدان")).matches[0].entity_id == "test_list:x1"
    assert not lazy.index.symbols_pending and any(t.symbols for n in lazy.index.names for t in n.tokens)
    assert {name: _results(lazy, name) for name in latin} == before  # symbols never count for Latin names
    eager = Screener.from_entities(entities)
    eager.index.ensure_symbols()
    for name in [*latin, "يوسف حمدان", "يوسف"]:
        assert _results(eager, name) == _results(lazy, name), name
