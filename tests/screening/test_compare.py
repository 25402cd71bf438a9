from clearance.screening.compare import compare_names, token_similarity
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
