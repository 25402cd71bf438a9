import pytest

from clearance.screening.compare import compare_names, token_similarity
from clearance.screening.entity import EntityType
from clearance.screening.features import TokenFeatures, Weights
from clearance.screening.prepare import make_token, name_tokens

F = TokenFeatures()


def sim(a: str, b: str) -> tuple[float, str]:
    return token_similarity(make_token(a), make_token(b), F)


def test_token_features_in_order():
    assert sim("hamid", "hamid") == (1.0, "exact")
    assert sim("eide1ber", "eidelber") == (F.ocr, "ocr")
    assert sim("jhon", "john") == (F.edit_1, "edit_1")
    assert sim("auf", "afu") == (F.edit_1, "edit_1")  # three letters: transposition only
    assert sim("abc", "abd") == (0.0, "")
    assert sim("hmd", "hamid") == (F.skeleton, "skeleton")
    assert sim("mushakhas", "muzhakhaz") == (F.edit_2, "edit_2")
    assert sim("eidelber", "eid") == (F.prefix, "prefix")
    assert sim("ei", "eidelber") == (F.prefix_short, "prefix_short")
    assert sim("j", "jaber") == (F.initial, "initial")


def test_skeleton_does_not_join_two_voweled_names():
    assert sim("garcia", "grace") == (0.0, "")


def test_phonetic_needs_some_spelling_in_common():
    assert sim("gazprom", "kseoprom")[0] == 0.0


def _compare(query: str, listed: str):
    q, c = name_tokens(query), name_tokens(listed)
    return compare_names(q, [5.0] * len(q), c, [5.0] * len(c), lambda a, b: token_similarity(a, b, F),
                         Weights(), F.merge)


def test_reordered_name_scores_one():
    result = _compare("Teodric Alsmund QUORVANI", "QUORVANI, Teodric Alsmund")
    assert result.score == 1.0 and not result.unmatched_query and not result.unmatched_list


def test_a_dropped_list_token_costs_less_than_an_extra_party_token():
    dropped = _compare("QUORVANI Teodric", "QUORVANI, Teodric Alsmund")
    extra = _compare("QUORVANI Teodric Brennick", "QUORVANI, Teodric")
    assert dropped.score > extra.score
    assert dropped.unmatched_list == ["alsmund"] and extra.unmatched_query == ["brennick"]


def test_split_and_joined_tokens_align_as_a_merge():
    result = _compare("AL ZAFRANI Hamid", "ALZAFRANI Hamid")
    assert any(p.feature == "merge" for p in result.pairs) and result.score > 0.9


def test_one_token_in_common_between_longer_names_is_capped():
    # A rare token in common and a common one apart would score high without the cap.
    q, c = name_tokens("Quorvani Smith"), name_tokens("Quorvani Jones")
    result = compare_names(q, [10.0, 0.5], c, [10.0, 0.5], lambda a, b: token_similarity(a, b, F), Weights(),
                           F.merge)
    assert result.score == Weights().single_token_cap and result.capped


def test_a_particle_is_not_a_truncated_name():
    assert sim("al", "alejandra") == (0.0, "") and sim("el", "elena") == (0.0, "")
    assert sim("ale", "alejandra") == (F.prefix, "prefix")  # a real truncation still is one


def test_a_skeleton_joins_two_tokens_only_into_a_word_without_vowels():
    assert not any(p.feature == "merge" for p in _compare("Ming Ye", "MANGO").pairs)
    assert any(p.feature == "merge" for p in _compare("Abd Rahman", "ABDRHMN").pairs)


def test_a_list_initial_is_not_a_second_name_in_common():
    # "Ahmed, A" says one name; a party with two names shares only that one with it.
    assert _compare("Alf Ahmed", "Ahmed, A").capped == "one substantive token in common"
    assert _compare("Alejandra Greene", "Al-Grein").unmatched_list == ["al"]  # nor is a particle
    # The other way round (the party abbreviates a name the list spells out) is not capped.
    assert not _compare("A. Quorvani", "Alsmund QUORVANI").capped


def _compare_person(query: str, listed: str):
    from clearance.screening.index import anchor_positions

    q, c = name_tokens(query), name_tokens(listed)
    return compare_names(q, [5.0] * len(q), c, [5.0] * len(c), lambda a, b: token_similarity(a, b, F),
                         Weights(), F.merge, list_anchors=anchor_positions(listed, c, None))


def test_leaving_out_the_first_given_name_or_family_name_costs_more_than_a_second_one():
    second_family = _compare_person("Santiago Perez", "PEREZ OCAMPO, Santiago")
    first_given = _compare_person("Alberto Garcia", "GARCIA, Carlos Alberto")
    first_family = _compare_person("Alfonso Romero", "CORONA ROMERO, Alfonso")
    middle = _compare_person("Teodric Quorvani", "Teodric Alsmund QUORVANI")
    assert second_family.score == middle.score == _compare("Santiago Perez", "PEREZ OCAMPO, Santiago").score
    assert first_given.score == first_family.score < second_family.score
    w = Weights()
    assert first_given.score == pytest.approx(1 - w.anchor_share / 3)
    assert second_family.score == pytest.approx(1 - w.list_coverage_share / 3)


def test_anchors_count_the_family_names_as_the_tokens_split_them():
    from clearance.screening.index import anchor_positions

    for listed, anchors in (("O'BRIEN, John Patrick", (0, 1)), ("Dr. SMITH JONES, Ann Mary", (0, 2)),
                            ("Teodric Alsmund QUORVANI", (0,))):
        assert anchor_positions(listed, name_tokens(listed), EntityType.PERSON) == anchors, listed
    assert anchor_positions("Orvistal Shipping Co., Ltd.", name_tokens("Orvistal Shipping Co., Ltd."),
                            EntityType.ORGANIZATION) == ()
