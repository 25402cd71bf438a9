"""GRI 1 for materials: what the goods are made of against what a subheading's terms name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearance.tariff.classifier.materials import PARENT, goods_materials, judge, requirement

JEWELLERY_OF_PRECIOUS_METAL = ("Jewellery articles and parts thereof, of precious metal or of metal clad with precious "
                               "metal")
SILVER = "Jewellery; of silver, whether or not plated or clad with other precious metal, and parts thereof"
CLAD = "Jewellery; of base metal clad with precious metal, and parts thereof"
IMITATION = "Imitation jewellery"
IMITATION_BASE = ("Jewellery; imitation, (excluding cuff links and studs), of base metal, whether or not plated with "
                  "precious metal")
IMITATION_OTHER = "Jewellery; imitation, of other than base metal, whether or not plated with precious metal"
LEATHER_UPPERS = "Footwear; with outer soles of rubber, plastics, leather or composition leather and uppers of leather"
LEATHER_UPPERS_ANKLE = ("Footwear; n.e.c. in heading no. 6403, covering the ankle, outer soles of rubber, plastics or "
                        "composition leather, uppers of leather")
TEXTILE_UPPERS = ("Footwear; with outer soles of rubber, plastics, leather or composition leather and uppers of "
                  "textile materials")
TEXTILE_UPPERS_OTHER = ("Footwear; (other than sportswear), with outer soles of rubber or plastics and uppers of "
                        "textile materials")
PLASTIC_FOOTWEAR = "Footwear; with outer soles and uppers of rubber or plastics (excluding waterproof footwear)"
KNIT_TSHIRTS = "T-shirts, singlets and other vests; knitted or crocheted"


def test_terms_name_materials_by_role_and_the_subheading_narrows_its_heading():
    assert requirement(JEWELLERY_OF_PRECIOUS_METAL, SILVER, "711311").named == {"main": {"silver"}}
    assert requirement(JEWELLERY_OF_PRECIOUS_METAL, CLAD, "711320").named == {"main": {"clad"}}
    leather = requirement(LEATHER_UPPERS, LEATHER_UPPERS_ANKLE, "640391").named
    assert leather == {"upper": {"leather"}, "sole": {"rubber", "plastics", "leather"}}
    textile = requirement(TEXTILE_UPPERS, TEXTILE_UPPERS_OTHER, "640419").named
    assert textile == {"upper": {"textile"}, "sole": {"rubber", "plastics"}}  # not the heading's leather soles
    assert requirement(PLASTIC_FOOTWEAR, PLASTIC_FOOTWEAR, "640299").named == {
        "upper": {"rubber", "plastics"}, "sole": {"rubber", "plastics"}}
    assert requirement(KNIT_TSHIRTS, "T-shirts, singlets and other vests; of cotton, knitted or crocheted",
                       "610910").named == {"main": {"cotton"}, "construction": {"knitted"}}
    woven = requirement("Suits, ensembles; women's or girls' (not knitted or crocheted)",
                        "Dresses; women's or girls', of synthetic fibres (not knitted or crocheted)", "620443")
    assert woven.named == {"main": {"synthetic"}, "construction": {"woven"}, "wearer": {"women"}}
    either = requirement("Brassieres, girdles, corsets, braces, suspenders, garters and similar articles and parts "
                         "thereof, whether or not knitted or crocheted", "Brassieres", "621210")
    assert "construction" not in either.named
    hats = requirement("Hats and other headgear; knitted or crocheted, or made up from lace, felt or other textile "
                       "fabric, in the piece (but not in strips), whether or not lined or trimmed",
                       "Hats and other headgear; knitted or crocheted, or made up from lace, felt or other textile "
                       "fabric", "650500")
    assert "construction" not in hats.named  # a woven (corduroy) cap is of 6505 too


def test_what_the_terms_or_notes_keep_out():
    other = requirement(IMITATION, IMITATION_OTHER, "711790")
    assert {"base metal"} <= other.kept_out and not other.named
    base = requirement(IMITATION, IMITATION_BASE, "711719")
    assert base.named == {"main": {"base metal"}}
    assert {"precious metal", "stones", "pearls", "clad"} <= base.kept_out and "Note 11" in base.note
    # "other than leather of heading 4108" points elsewhere; it does not keep leather out of 4107
    tanned = requirement("Leather further prepared after tanning, other than leather of heading 4108",
                         "Leather; of bovine animals, whole hides", "410711")
    assert "leather" not in tanned.kept_out


def test_a_subheading_of_other_precious_metal_keeps_silver_out():
    other = requirement(JEWELLERY_OF_PRECIOUS_METAL, "Jewellery; of precious metal (excluding silver) whether or not "
                        "plated or clad with precious metal, and parts thereof", "711319")
    assert other.named == {"main": {"precious metal"}} and other.kept_out == {"silver"}
    assert judge(goods_materials("925 sterling silver ring"), other).conflicts
    assert judge(goods_materials("18k gold ring"), other).agrees
    silver = requirement(JEWELLERY_OF_PRECIOUS_METAL, SILVER, "711311")
    assert judge(goods_materials("18k gold ring"), silver).conflicts  # gold is not silver
    assert judge(goods_materials("zinc alloy ring"), silver).conflicts  # nor is base metal
    # "(excluding cast iron)" names a kind of goods, not only a material: nothing is kept out
    assert not requirement("Articles of iron or steel", "Articles of iron or steel; cast (excluding cast iron)",
                           "732599").kept_out


def test_wigs_and_eyelashes_by_whose_hair_they_are_made_of():
    heading = ("Wigs, false beards, eyebrows and eyelashes, switches and the like, of human or animal hair or of "
               "textile materials; articles of human hair, n.e.c. or included")
    synthetic = requirement(heading, "Wigs; complete, of synthetic textile materials", "670411")
    human = requirement(heading, "Wigs, false beards, eyebrows and eyelashes, switches and the like and other "
                        "articles n.e.c.; of human hair", "670420")
    other = requirement(heading, "Wigs, false beards, eyebrows and eyelashes, switches and the like and other "
                        "articles n.e.c.; of animal hair or of textile materials other than synthetic", "670490")
    assert synthetic.named == {"main": {"synthetic"}} and other.kept_out == {"synthetic"}
    wig = goods_materials("Curly Lace Front Human Hair Wig")
    assert "human hair" in wig["main"]
    assert judge(wig, synthetic).conflicts and judge(wig, human).agrees
    lashes = goods_materials("Individual eyelashes", {"False Eyelash Material": "Mink Hair"})
    assert lashes["main"] == {"animal hair"} and judge(lashes, other).agrees


def test_plating_and_colour_are_not_precious_metal():
    assert goods_materials("18K gold plated brass pendant")["main"] >= {"copper", "base metal"}
    assert "precious metal" not in goods_materials("18K gold plated brass pendant")["main"]
    assert goods_materials("silver color stud earrings") == {}  # colour names no material at all
    assert goods_materials("gold filled chain")["main"] == {"clad"}
    assert goods_materials("100% 925 sterling silver ring")["main"] == {"silver", "precious metal"}


def test_goods_materials_by_role_from_text_and_attributes():
    shoes = goods_materials("Women's sneakers", {"Upper Material": "Air Mesh", "Outsole Material": "EVA",
                                                 "Insole Material": "Latex"})
    assert shoes["upper"] == {"textile"} and shoes["sole"] == {"plastics"}
    boots = goods_materials("boots with uppers of leather and rubber outer soles")
    assert "leather" in boots["upper"] and "rubber" in boots["sole"]
    assert goods_materials("PU leather wallet")["main"] == {"plastics"}
    assert "fashion" in goods_materials("necklace", {"Fine or Fashion": "Fashion"})["main"]
    assert goods_materials("a decorative item") == {}


def test_how_and_for_whom_a_garment_is_made():
    dress = goods_materials("Knit sleeveless dress for women")
    assert dress["construction"] == {"knitted"} and dress["wearer"] == {"women"}
    assert goods_materials("cotton shirts, not knitted, for men")["construction"] == {"woven"}
    assert goods_materials("unisex hoodie")["wearer"] == {"women"}  # Chapter 61, Note 9
    woven_dress = requirement("Suits; women's or girls' (not knitted or crocheted)",
                              "Dresses; women's or girls', of synthetic fibres (not knitted or crocheted)", "620443")
    verdict = judge(dress, woven_dress)
    assert verdict.conflicts and "garment knitted, not woven" in verdict.reason
    mens = requirement("Suits; men's or boys' (not knitted or crocheted)", "Trousers; men's or boys', of cotton",
                       "620342")
    assert judge(goods_materials("women's woven cotton trousers"), mens).conflicts
    # a unisex garment is a women's or girls' garment (Chapter 62, Note 9), so not of a men's subheading
    unisex = judge(goods_materials("unisex woven cotton trousers"), mens)
    assert unisex.conflicts and unisex.reason == "for women, not men"


def test_the_chief_fibre_by_weight_stands_for_a_blend():
    assert goods_materials("vest of 90% cotton and 10% polyester")["main"] == {"cotton", "textile"}
    assert goods_materials("jacket, 88% polyester / 12% spandex")["main"] == {"synthetic", "textile"}
    even = goods_materials("T-shirt of 50% cotton and 50% polyester")["main"]  # no chief fibre: both count
    assert {"cotton", "synthetic"} <= even


def test_agreement_and_conflict():
    leather_uppers = requirement(LEATHER_UPPERS, LEATHER_UPPERS_ANKLE, "640391")
    textile_uppers = requirement(TEXTILE_UPPERS, TEXTILE_UPPERS_OTHER, "640419")
    mesh = goods_materials("sneakers", {"Upper Material": "Mesh", "Outsole Material": "Rubber"})
    assert judge(mesh, textile_uppers).agrees
    verdict = judge(mesh, leather_uppers)
    assert verdict.conflicts and "uppers of textile, not leather" in verdict.reason
    # no upper given: the goods' main material stands for it, not the sole's
    oxford = goods_materials("men's leather oxford shoes with rubber soles")
    assert judge(oxford, leather_uppers).agrees and judge(oxford, textile_uppers).conflicts

    zinc_with_zircon = goods_materials("pendant", {"Material": "Zinc alloy, cubic zirconia"})
    kept_out = judge(zinc_with_zircon, requirement(IMITATION, IMITATION_BASE, "711719"))
    assert kept_out.conflicts and "Note 11" in kept_out.reason
    fashion = goods_materials("bracelet", {"Fine or Fashion": "Fashion"})
    assert judge(fashion, requirement(JEWELLERY_OF_PRECIOUS_METAL, SILVER, "711311")).conflicts
    assert judge(fashion, requirement(IMITATION, IMITATION_BASE, "711719")) is None  # metal unknown: no say
    assert judge(goods_materials("plush toy"), requirement(KNIT_TSHIRTS, KNIT_TSHIRTS, "6109")) is None


KNOWN = set(PARENT) | set(PARENT.values()) | {"precious metal", "clad", "stones", "pearls", "plastics", "rubber",
                                              "leather", "wood", "paper", "glass", "ceramic", "fashion", "knitted",
                                              "woven", "men", "women"}


@given(st.text(max_size=120), st.dictionaries(st.sampled_from(["Material", "Upper Material", "Outsole Material",
                                                                "Metals Type", "Colour"]), st.text(max_size=40)))
def test_reading_goods_never_fails_and_names_only_known_classes(text, attributes):
    read = goods_materials(text, attributes)
    assert set(read) <= {"main", "upper", "sole", "construction", "wearer"}
    assert all(classes and classes <= KNOWN for classes in read.values())


@given(st.text(max_size=160), st.text(max_size=160))
def test_reading_terms_never_fails(heading, subheading):
    found = requirement(heading, subheading, "000000")
    assert all(classes <= KNOWN for classes in found.named.values()) and found.kept_out <= KNOWN
