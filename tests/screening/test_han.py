from hypothesis import given
from hypothesis import strategies as st

from clearance.screening.entity import ListEntity, ListName, NameRole
from clearance.screening.han import han_tokens, wade_giles
from clearance.screening.index import read_name
from clearance.screening.matcher import PartyQuery, Screener


def test_a_name_in_chinese_characters_keeps_each_character_simplified():
    tokens = read_name("鄭明國", None)
    assert [t.text for t in tokens] == ["zheng", "ming", "guo"]
    assert [t.han for t in tokens] == ["郑", "明", "国"] and all(t.syllable for t in tokens)
    assert tokens[0].variants == ("cheng",)  # Wade-Giles


def test_mixed_or_latin_names_are_left_as_they_are():
    for name in ("Wang Wei", "王 Wei", "김정은"):
        assert not any(t.han for t in read_name(name, None))


def test_wade_giles_spellings():
    cases = {"zhang": "chang", "xie": "hsieh", "zi": "tzu", "si": "ssu", "shi": "shih", "guo": "kuo",
             "zhou": "chou", "qiang": "chiang", "xiong": "hsiung", "jian": "chien", "gui": "kuei", "hui": "hui",
             "ge": "ko", "yi": "i", "wang": "wang"}
    assert {s: wade_giles(s) for s in cases} == cases


@given(st.text(alphabet=st.sampled_from("王李张刘陈杨黄赵吴周 徐孫馬朱胡郭何高林羅"), max_size=8))
def test_han_tokens_never_change_the_syllables_only_mark_them(name):
    tokens = read_name(name, None)
    assert [t.text for t in han_tokens(name, tokens)] == [t.text for t in tokens]


def _screener(*names: str) -> Screener:
    return Screener.from_entities([ListEntity(id=f"t:{i}", list="t", names=[ListName(full=n, role=NameRole.PRIMARY)])
                                   for i, n in enumerate(names)])


def test_two_names_in_characters_match_by_character_not_by_syllable():
    screener = _screener("陈明国")
    assert screener.screen(PartyQuery(name="陈明国")).band == "block"
    assert screener.screen(PartyQuery(name="陳明國")).band == "block"  # traditional characters
    assert screener.screen(PartyQuery(name="明晨郭")).band == "clear"  # ming chen guo, other characters


def test_a_syllable_matches_a_latin_name_only_as_spelt():
    screener = _screener("ZHANG, Wei", "CHANG Wei", "ZHONG Wei")
    matched = {m.name for m in screener.screen(PartyQuery(name="张伟")).matches}
    assert matched == {"ZHANG, Wei", "CHANG Wei"}  # pinyin and Wade-Giles; zhong is another syllable


def test_a_list_name_with_a_syllable_more_is_another_name():
    screener = _screener("LI Fang Wei")
    assert screener.screen(PartyQuery(name="李伟")).band == "clear"
    assert screener.screen(PartyQuery(name="李芳伟")).band == "block"
