"""The datasets Clearance knows, declared in one place. Later engines add theirs here."""

from __future__ import annotations

from clearance.refdata.dataset import Dataset, SourceFile
from clearance.refdata.loaders import document_elements, hs2022, hts, hts_notes, iso_codes, unlocode

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="countries",
        title="ISO 3166-1 country codes",
        publisher="ISO 3166 Maintenance Agency, via the pycountry package (Debian iso-codes)",
        official_url="https://www.iso.org/iso-3166-country-codes.html",
        licence="LGPL-2.1 (pycountry); codes are public",
        format="pycountry tables",
        expected_count=(240, 260),
        sources=(),
        loader=iso_codes.load_countries,
        key="alpha-2 code",
    ),
    Dataset(
        name="currencies",
        title="ISO 4217 currency codes",
        publisher="ISO 4217 Maintenance Agency (SIX), via the pycountry package",
        official_url="https://www.six-group.com/en/products-services/financial-information/data-standards.html",
        licence="LGPL-2.1 (pycountry); codes are public",
        format="pycountry tables",
        expected_count=(150, 200),
        sources=(),
        loader=iso_codes.load_currencies,
        key="alpha-3 code",
    ),
    Dataset(
        name="unlocode",
        title="UN/LOCODE code list",
        publisher="UNECE (UN/CEFACT)",
        official_url="https://unece.org/trade/cefact/unlocode-code-list-country-and-territory",
        licence="UNECE code lists, freely usable (ODC-PDDL-1.0 as packaged)",
        format="CSV (geoapify/un-locode per-country layout, concatenated, gzip)",
        expected_count=(100_000, 130_000),
        sources=(SourceFile(unlocode.PATH),),
        loader=unlocode.load,
        key="5-character LOCODE",
    ),
    Dataset(
        name="document_elements",
        title="Required data elements of trade documents",
        publisher="Clearance project, compiled from 19 U.S.C. 1481, 19 CFR 141.86, 149.3, "
        "Hague-Visby Rules, 49 CFR 172.202",
        official_url="https://www.ecfr.gov/current/title-19/chapter-I/part-141/subpart-F/section-141.86",
        licence="public law text; compilation CC0",
        format="CSV",
        expected_count=(40, 80),
        sources=(SourceFile(document_elements.PATH),),
        loader=document_elements.load,
        key="element id (CI01, BL04, ...)",
    ),
    Dataset(
        name="hts_us",
        title="Harmonized Tariff Schedule of the United States",
        publisher="U.S. International Trade Commission",
        official_url="https://hts.usitc.gov/",
        licence="US Government work, public domain (17 U.S.C. 105)",
        format="USITC CSV export (gzip) + USITC JSON export for footnotes",
        expected_count=(30_000, 45_000),
        sources=(
            SourceFile(hts.CSV_PATH,
                       url="https://hts.usitc.gov/reststop/file?release=currentRelease&filename=finalCopy&format=csv"),
            SourceFile(hts.JSON_PATH,
                       url="https://hts.usitc.gov/reststop/exportList?from=0100&to=9999&format=JSON"),
        ),
        loader=hts.load,
        key="HTS number as digits; empty for indent-only rows",
        loader_version="3",
    ),
    Dataset(
        name="hs2022",
        title="Harmonized System 2022, six-digit tree with sections",
        publisher="World Customs Organization, wording from UN Comtrade (H6), packaged by datasets/harmonized-system",
        official_url="https://www.wcoomd.org/en/topics/nomenclature/instrument-and-tools/hs-nomenclature-2022-edition.aspx",
        licence="ODC-PDDL-1.0 (as packaged)",
        format="CSV (section, hscode, description, parent, level) + sections CSV",
        expected_count=(6_800, 7_200),
        sources=(SourceFile(hs2022.TREE_PATH), SourceFile(hs2022.SECTIONS_PATH)),
        loader=hs2022.load,
        key="HS code (2, 4 or 6 digits) or section:<roman numeral>",
    ),
    Dataset(
        name="hts_notes",
        title="HTSUS section, chapter, subheading, additional U.S. and statistical notes",
        publisher="U.S. International Trade Commission (notes pages of the HTSUS chapters)",
        official_url="https://hts.usitc.gov/",
        licence="US Government work, public domain (17 U.S.C. 105)",
        format="plain text per chapter, parsed into notes, exclusions and definitions",
        expected_count=(700, 1_000),
        sources=tuple(SourceFile(p) for p in hts_notes.PATHS),
        loader=hts_notes.load,
        key="chapter:NN or section:<roman numeral>",
    ),
)


def dataset(name: str) -> Dataset:
    for item in DATASETS:
        if item.name == name:
            return item
    raise KeyError(name)
