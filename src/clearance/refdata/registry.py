"""The datasets Clearance knows, declared in one place. Later engines add theirs here."""

from __future__ import annotations

from clearance.refdata.dataset import Dataset, SourceFile
from clearance.refdata.loaders import (
    classification_refs,
    dangerous_goods,
    document_elements,
    duty_lists,
    export_control,
    export_control_chart,
    fx_rates,
    hs2022,
    hts,
    hts_notes,
    iso_codes,
    sanctions_csl,
    sanctions_names,
    sanctions_ofac,
    sanctions_uk,
    sanctions_un,
    uk_tariff,
    unlocode,
)

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
    Dataset(
        name="uk_references",
        title="UK tariff colloquial terms, parcel descriptions and brands with commodity codes",
        publisher="HMRC / Department for Business and Trade, UK Online Trade Tariff",
        official_url="https://github.com/trade-tariff/trade-tariff-lambdas-fpo-search",
        licence="MIT, Crown Copyright (HMRC Online Trade Tariff)",
        format="JSON + CSV",
        expected_count=(6_000, 7_500),
        sources=(SourceFile(classification_refs.SEARCH_PATH), SourceFile(classification_refs.EXTRA_PATH),
                 SourceFile(classification_refs.BRANDS_PATH)),
        loader=classification_refs.load_uk_references,
        key="HS6 (first six digits of the UK code)",
    ),
    Dataset(
        name="uk_vague_terms",
        title="Descriptions too vague to classify (UK parcel data)",
        publisher="HMRC / Department for Business and Trade, UK Online Trade Tariff",
        official_url="https://github.com/trade-tariff/trade-tariff-lambdas-fpo-search",
        licence="MIT, Crown Copyright (HMRC Online Trade Tariff)",
        format="CSV, one column",
        expected_count=(4_000, 5_000),
        sources=(SourceFile(classification_refs.VAGUE_PATH),),
        loader=classification_refs.load_vague_terms,
        key="normalised text",
    ),
    Dataset(
        name="precedents",
        title="Classification precedents: ATLAS validation split of CBP CROSS rulings",
        publisher="Flexify.AI Inc. (CROSS Rulings HTS Dataset for Tariff Classification); rulings by U.S. CBP",
        official_url="https://rulings.cbp.gov/",
        licence="MIT (dataset); CBP rulings are public records",
        format="JSONL",
        expected_count=(150, 250),
        sources=(SourceFile(classification_refs.PRECEDENTS_PATH),),
        loader=classification_refs.load_precedents,
        key="item id",
    ),
    Dataset(
        name="fx_usd_daily",
        title="Daily rates of exchange against the US dollar (H.10 certified; ECB crosses flagged uncertified)",
        publisher="Board of Governors of the Federal Reserve System, H.10 release of the noon buying rates "
        "certified by the Federal Reserve Bank of New York for customs purposes (31 U.S.C. 5151), via FRED; "
        "uncertified crosses from European Central Bank reference rates",
        official_url="https://www.federalreserve.gov/releases/h10/",
        licence="H.10: US Government work, public domain; ECB rates reusable with attribution ('Source: ECB')",
        format="CSV, long layout: date,currency,units_per_usd,quote_as_published,source,certified_by_frbny "
        "(H.10 Data Download Program https://www.federalreserve.gov/datadownload/Choose.aspx?rel=H10 "
        "exports must be reshaped to it)",
        expected_count=(10_000, 60_000),
        sources=(SourceFile(fx_rates.DAILY_PATH),),
        loader=fx_rates.load_daily,
        key="<currency>:<date>, e.g. EUR:2025-03-14 (several rows per key: certified and ECB cross)",
    ),
    Dataset(
        name="fx_usd_quarterly",
        title="Quarterly rates of exchange (rate first certified in the quarter, 19 CFR 159.34)",
        publisher="Derived from the Federal Reserve Board H.10 release (first FRBNY-certified rate of each "
        "calendar quarter); not CBP's published quarterly rates",
        official_url="https://www.federalreserve.gov/releases/h10/",
        licence="US Government work, public domain (derivation: shared/data duty PROVENANCE §4)",
        format="CSV: quarter,currency,first_certified_date,units_per_usd,quote_as_published,basis",
        expected_count=(10, 2_000),
        sources=(SourceFile(fx_rates.QUARTERLY_PATH),),
        loader=fx_rates.load_quarterly,
        key="<currency>:<quarter>, e.g. EUR:2025-Q1",
    ),
)

_THIRD_PARTY = "third-party compilation (joyahacs/tariff-simulator, no licence file) of US Government lists"
_USTR = "https://ustr.gov/issue-areas/enforcement/section-301-investigations/tariff-actions"


def _single_file(name: str, title: str, publisher: str, url: str, licence: str, fmt: str,
               count: tuple[int, int], path: str, loader, key: str) -> Dataset:
    return Dataset(name=name, title=title, publisher=publisher, official_url=url, licence=licence, format=fmt,
                   expected_count=count, sources=(SourceFile(path),), loader=loader, key=key)


DUTY_DATASETS: tuple[Dataset, ...] = (
    _single_file("cbp_user_fees", "CBP user fees by fiscal year (MPF, HMF, informal entry, ...)",
               "U.S. Customs and Border Protection (19 CFR 24.22-24.24; annual Federal Register notices), "
               "compiled by the Clearance research helper",
               "https://www.ecfr.gov/current/title-19/chapter-I/part-24", "US Government work, public domain",
               "CSV, one column per fiscal year", (40, 120), duty_lists.FEES_PATH, duty_lists.load_fees,
               "<fee>:FY<year>"),
    _single_file("spi_codes", "Special Program Indicators with their MPF-exemption status",
               "HTSUS General Notes; CBP MPF and preferential trade programmes table; 19 CFR 24.23(c)",
               "https://hts.usitc.gov/", "US Government work, public domain", "CSV", (25, 60),
               duty_lists.SPI_PATH, duty_lists.load_spi, "SPI symbol"),
    _single_file("s301_products", "Section 301 China tariff lists by HTS-8 (rate only)", _THIRD_PARTY,
               _USTR, "no licence file; facts are US Government, public domain", "CSV hts8,s301_rate",
               (9_000, 12_000), duty_lists.S301_PATH, duty_lists.load_s301, "HTS-8 digits"),
    _single_file("s301_exclusions", "Section 301 product exclusions by HTS-10", _THIRD_PARTY, _USTR,
               "no licence file; facts are US Government, public domain", "CSV", (200, 400),
               duty_lists.S301_EXCLUSIONS_PATH, duty_lists.load_s301_exclusions, "HTS-10 digits"),
    _single_file("s232_products", "Section 232 product coverage (steel, aluminum, copper, timber, trucks) by HTS prefix",
               _THIRD_PARTY, "https://www.cbp.gov/trade/programs-administration/entry-summary/232-tariffs-aluminum-and-steel",
               "no licence file; facts are US Government, public domain", "CSV hts8,s232_rate,category",
               (700, 1_000), duty_lists.S232_PATH, duty_lists.load_s232, "HTS prefix digits"),
    _single_file("s122_exemptions", "Section 122 surcharge: Annex II exempt HTS numbers and 9903.03 headings",
               _THIRD_PARTY + " (text of the 2026-02-20 proclamation annexes)",
               "https://www.cbp.gov/trade/programs-administration/trade-remedies",
               "no licence file; facts are US Government, public domain", "CSV", (1_500, 2_000),
               duty_lists.S122_PATH, duty_lists.load_s122, "HTS digits"),
    _single_file("adcvd_warnings", "AD/CVD orders to consider by HS-6 prefix and country", _THIRD_PARTY,
               "https://aceservices.cbp.dhs.gov/adcvdweb", "no licence file; facts are US Government, public domain",
               "CSV", (50, 200), duty_lists.ADCVD_PATH, duty_lists.load_adcvd, "<hs prefix>:<country>"),
)

_UK_TARIFF = "HM Revenue & Customs / Department for Business and Trade, UK Trade Tariff API output as kept in the " \
    "duty calculator's test fixtures (trade-tariff/trade-tariff-duty-calculator)"

UK_DUTY_DATASETS: tuple[Dataset, ...] = (
    _single_file("uk_commodities", "UK and XI tariff import measures of selected commodities (TARIC duty "
               "expressions, conditions, geographical areas)", _UK_TARIFF,
               "https://www.trade-tariff.service.gov.uk/api/v2/commodities/",
               "code MIT (Crown copyright); tariff data Open Government Licence v3.0",
               "tar.gz of per-commodity JSON (duty calculator fixture layout)", (1, 20_000),
               uk_tariff.FIXTURES_PATH, uk_tariff.load_commodities, "<uk|xi>:<commodity code>"),
    _single_file("eur_gbp_monthly", "Monthly EUR to GBP rates for euro amounts of the tariff", _UK_TARIFF,
               "https://www.trade-tariff.service.gov.uk/exchange_rates",
               "Open Government Licence v3.0", "JSON (monetary_exchange_rates of the XI tariff)", (12, 2_000),
               uk_tariff.FIXTURES_PATH, uk_tariff.load_eur_gbp, "EUR:<YYYY-MM>"),
)

_ECFR_HMT = "https://www.ecfr.gov/current/title-49/subtitle-B/chapter-I/subchapter-C/part-172/subpart-B/section-172.101"
_HMT_PUBLISHER = ("US DOT / PHMSA, 49 CFR 172.101-172.102 (eCFR 2026-06-01), parsed copy from "
                  "andretaki/hazmat-cfr-mcp (MIT)")

DG_DATASETS: tuple[Dataset, ...] = (
    _single_file("hmt_us", "Hazardous Materials Table (49 CFR 172.101), all 14 columns", _HMT_PUBLISHER, _ECFR_HMT,
               "US Government work, public domain (17 U.S.C. 105)", "CSV, one row per HMT entry", (3_000, 3_600),
               dangerous_goods.HMT_PATH, dangerous_goods.load_hmt, "identification number, or FORBIDDEN"),
    _single_file("hmt_special_provisions", "Special provisions of 49 CFR 172.102 with their text", _HMT_PUBLISHER,
               "https://www.ecfr.gov/current/title-49/subtitle-B/chapter-I/subchapter-C/part-172/subpart-B/section-172.102",
               "US Government work, public domain", "CSV code,text", (350, 500),
               dangerous_goods.SP_PATH, dangerous_goods.load_special_provisions, "special provision code"),
    _single_file("hmt_see_references", "\"X, see Y\" cross references of the Hazardous Materials Table",
               _HMT_PUBLISHER, _ECFR_HMT, "US Government work, public domain", "CSV term,see", (350, 500),
               dangerous_goods.SEE_PATH, dangerous_goods.load_see_references, "term as printed"),
    _single_file("imdg_segregation", "General segregation table between classes (IMDG Code 7.2.4; 49 CFR 176.83(b))",
               "IMO IMDG Code, amdt 42-24, as reproduced in 49 CFR 176.83(b); transcribed from "
               "ImdgProTeam/EasyJob-Pro-DG (facts only)",
               "https://www.ecfr.gov/current/title-49/subtitle-B/chapter-I/subchapter-C/part-176/subpart-C/section-176.83",
               "regulatory facts; 49 CFR text public domain", "CSV long form class_a,class_b,code", (289, 289),
               dangerous_goods.SEGREGATION_PATH, dangerous_goods.load_segregation, "<class a>|<class b>"),
)

_OFAC = "https://www.treasury.gov/ofac/downloads"
_OFAC_PUBLISHER = "US Department of the Treasury, Office of Foreign Assets Control (OFAC)"
_US_PUBLIC = "US Government work, public domain (17 U.S.C. 105)"
_OFAC_FORMAT = ("legacy OFAC CSV, headerless, four files joined on ent_num (primary records, aliases, addresses, "
                "remarks overflow); DOB, nationality, IDs and weak a.k.a.s parsed from Remarks")
_FINFAN = ("FinFan multi-list export (danganhtu01/FinFan-Compliance-Demo, fetched 2026-06-11): "
           "names and aliases only, no publisher id, type, DOB or country")
_FINFAN_LICENCE = "names are public facts of the publisher's list; export has no licence file"


def _names_only(name: str, title: str, publisher: str, url: str, licence: str, count: tuple[int, int]) -> Dataset:
    return Dataset(name=name, title=title, publisher=f"{publisher}; {_FINFAN}", official_url=url, licence=licence,
                   format="JSON array of {id, full_name, source, aliases[]} + manifest.json", expected_count=count,
                   sources=(SourceFile(sanctions_names.path(name)), SourceFile(sanctions_names.MANIFEST_PATH)),
                   loader=sanctions_names.loader(name), key=f"{name}:<export sequence number>")


SANCTIONS_DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="ofac_sdn",
        title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
        publisher=_OFAC_PUBLISHER,
        official_url="https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
        licence=_US_PUBLIC,
        format=_OFAC_FORMAT,
        expected_count=(14_000, 22_000),
        sources=(
            SourceFile(sanctions_ofac.SDN_PATH, url=f"{_OFAC}/sdn.csv"),
            SourceFile(sanctions_ofac.SDN_ALT_PATH, url=f"{_OFAC}/alt.csv"),
            SourceFile(sanctions_ofac.SDN_ADD_PATH, url=f"{_OFAC}/add.csv"),
            SourceFile(sanctions_ofac.SDN_COMMENTS_PATH, url=f"{_OFAC}/sdn_comments.csv"),
        ),
        loader=sanctions_ofac.load_sdn,
        key="ofac_sdn:<ent_num>",
    ),
    Dataset(
        name="ofac_cons",
        title="OFAC Consolidated Sanctions List (non-SDN: SSI, FSE, NS-PLC, NS-MBS, CAPTA, NS-CMIC, ...)",
        publisher=_OFAC_PUBLISHER,
        official_url="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
        licence=_US_PUBLIC,
        format=_OFAC_FORMAT,
        expected_count=(300, 800),
        sources=(
            SourceFile(sanctions_ofac.CONS_PATH, url=f"{_OFAC}/consolidated/cons_prim.csv"),
            SourceFile(sanctions_ofac.CONS_ALT_PATH, url=f"{_OFAC}/consolidated/cons_alt.csv"),
            SourceFile(sanctions_ofac.CONS_ADD_PATH, url=f"{_OFAC}/consolidated/cons_add.csv"),
            SourceFile(sanctions_ofac.CONS_COMMENTS_PATH, url=f"{_OFAC}/consolidated/cons_comments.csv"),
        ),
        loader=sanctions_ofac.load_cons,
        key="ofac_cons:<ent_num>",
    ),
    Dataset(
        name="csl",
        title="Consolidated Screening List (Commerce BIS, State, Treasury export-screening lists)",
        publisher="US International Trade Administration (trade.gov), for BIS, State DDTC/ISN and Treasury OFAC",
        official_url="https://www.trade.gov/consolidated-screening-list",
        licence=_US_PUBLIC,
        format="CSV with header, 29 columns, multi-valued fields ';'-separated (gzip in the data folder)",
        # The 2022 file has 14,160 rows; the current list is about 26,000.
        expected_count=(12_000, 32_000),
        sources=(SourceFile(sanctions_csl.PATH,
                            url="https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"),),
        loader=sanctions_csl.load,
        key="csl:<_id> (csl:<_id>:<list> when one _id is on several rows)",
    ),
    Dataset(
        name="un",
        title="United Nations Security Council Consolidated List",
        publisher="United Nations Security Council",
        official_url="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
        licence="UN public document, published for the implementation of Security Council sanctions",
        format="XML (sc-sanctions.xsd): INDIVIDUALS and ENTITIES",
        expected_count=(900, 1_200),
        sources=(SourceFile(sanctions_un.PATH, url="https://scsanctions.un.org/resources/xml/en/consolidated.xml"),),
        loader=sanctions_un.load,
        key="un:<REFERENCE_NUMBER>, e.g. un:QDi.430",
    ),
    Dataset(
        name="uk",
        title="UK Sanctions List (FCDO)",
        publisher="Foreign, Commonwealth & Development Office; derived relational tables by covyr/uk-sanctions-list "
        "(no licence file)",
        official_url="https://www.gov.uk/government/publications/the-uk-sanctions-list",
        licence="Open Government Licence v3.0 (FCDO data); the derivation has no licence file",
        format="five derived CSV tables joined on unique_id (subjects, names, DOBs, identifiers, countries)",
        expected_count=(5_000, 8_000),
        sources=tuple(SourceFile(p) for p in sanctions_uk.PATHS),
        loader=sanctions_uk.load,
        key="uk:<FCDO unique_id>, e.g. uk:AFG0001",
    ),
    _names_only("eu_fin", "EU consolidated financial sanctions list (names and aliases)",
                "European Commission, DG FISMA (Financial Sanctions Files)",
                "https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-"
                "financial-sanctions", "Commission reuse policy (Decision 2011/833/EU), attribution; " + _FINFAN_LICENCE,
                (5_000, 7_500)),
    _names_only("eu_travel", "EU travel restrictions (EU Sanctions Map, names and aliases)",
                "Council of the European Union / European Commission, EU Sanctions Map", "https://www.sanctionsmap.eu/",
                "Commission reuse policy (Decision 2011/833/EU), attribution; " + _FINFAN_LICENCE, (3_000, 5_000)),
    _names_only("au_dfat", "Australia DFAT Consolidated List (names, one row per name)",
                "Australian Government, Department of Foreign Affairs and Trade",
                "https://www.dfat.gov.au/international-relations/security/sanctions/consolidated-list",
                "published for public use; " + _FINFAN_LICENCE, (9_000, 14_000)),
    _names_only("ca_sema", "Canada Consolidated Autonomous Sanctions List (SEMA, names)",
                "Global Affairs Canada",
                "https://www.international.gc.ca/world-monde/international_relations-relations_internationales/"
                "sanctions/consolidated-consolide.aspx", "published for public use; " + _FINFAN_LICENCE, (2_800, 4_500)),
    _names_only("mas", "MAS Investor Alert List (Singapore, names and aliases)", "Monetary Authority of Singapore",
                "https://www.mas.gov.sg/investor-alert-list", "published for public use; " + _FINFAN_LICENCE,
                (600, 1_500)),
    _names_only("nl", "Netherlands National Terrorism Sanctions List (surnames)",
                "Government of the Netherlands, Ministry of Foreign Affairs",
                "https://www.government.nl/documents/reports/2016/01/15/national-terrorism-list",
                "published for public use; " + _FINFAN_LICENCE, (80, 200)),
)

_ECFR_EAR = "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C"
_BIS = "U.S. Department of Commerce, Bureau of Industry and Security"
_EAR_PUBLIC = "US Government work, public domain (17 U.S.C. 105)"


EXPORT_CONTROL_DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="ear_ccl",
        title="Commerce Control List (EAR Supp. No. 1 to part 774), one record per ECCN",
        publisher=f"{_BIS} (15 CFR 774), via jacobfeldgoise/ccl-trade eCFR XML (2025-09-29 and 2020-06-29) "
        "and a hand transcription of OSUGIYAMA/EyeWarnYou (eCFR 2026-09-24) — see PROVENANCE",
        official_url=f"{_ECFR_EAR}/part-774/appendix-Supplement%20No.%201%20to%20Part%20774",
        licence=f"{_EAR_PUBLIC}; compilation by the Clearance research helper from ccl-trade (MIT) data",
        format="JSON {meta, eccns[]}: heading, reasons, control rows with chart columns, LVS/GBS/TSR/STA, items text",
        expected_count=(600, 700),
        sources=(SourceFile(export_control.CCL_PATH),),
        loader=export_control.load_ccl,
        key="ECCN, upper case (3A001)",
    ),
    Dataset(
        name="ear_country_chart",
        title="Commerce Country Chart (EAR Supp. No. 1 to part 738) with footnotes",
        publisher=f"{_BIS} (15 CFR 738), via a parse of the eCFR by OSUGIYAMA/EyeWarnYou, re-encoded and "
        "corrected against BIS's export — see PROVENANCE",
        official_url=f"{_ECFR_EAR}/part-738/appendix-Supplement%20No.%201%20to%20Part%20738",
        licence=f"{_EAR_PUBLIC}; re-encoding by the Clearance research helper of a parse without a licence file",
        format="JSON {meta, footnotes, rows[]}: 16 chart columns, special case, footnote numbers",
        expected_count=(190, 215),
        sources=(SourceFile(export_control_chart.CHART_PATH),),
        loader=export_control_chart.load_country_chart,
        key="ISO alpha-2 code",
    ),
    Dataset(
        name="ear_country_chart_bis",
        title="Commerce Country Chart as exported by BIS (2025-11-12), for cross-checks",
        publisher=f"{_BIS}, its Country Chart CSV export, via OSUGIYAMA/export-control-ai-assistant (copied "
        "byte for byte) — see PROVENANCE",
        official_url=f"{_ECFR_EAR}/part-738/appendix-Supplement%20No.%201%20to%20Part%20738",
        licence=f"{_EAR_PUBLIC}; the copying repository has no licence file",
        format="CSV: destination name with footnote numbers, 16 chart columns, special case, footnote texts; "
        "ISO codes matched through ear_country_chart.json names, aliases and pycountry",
        expected_count=(195, 225),
        sources=(SourceFile(export_control_chart.BIS_CHART_PATH), SourceFile(export_control_chart.CHART_PATH)),
        loader=export_control_chart.load_bis_country_chart,
        key="ISO alpha-2 code (two rows for destinations BIS lists under two names), or name:<name> when unmatched",
    ),
    _single_file("ear_country_groups", "EAR Country Groups A:1-A:6, B, D:1-D:5, E:1-E:2 per destination",
                 f"{_BIS} (15 CFR 740 Supp. No. 1), via a parse of the eCFR 2026-09-24 by OSUGIYAMA/EyeWarnYou — see "
                 "PROVENANCE", f"{_ECFR_EAR}/part-740/appendix-Supplement%20No.%201%20to%20Part%20740",
                 f"{_EAR_PUBLIC}; compilation by the Clearance research helper", "CSV iso2 + one X column per group",
                 (190, 215), export_control.COUNTRY_GROUPS_PATH, export_control.load_country_groups, "ISO alpha-2 code"),
    _single_file("ear_license_exceptions", "EAR License Exceptions (symbols, sections, scope)",
                 f"{_BIS} (15 CFR 740), compiled by the Clearance research helper — see PROVENANCE",
                 f"{_ECFR_EAR}/part-740", f"{_EAR_PUBLIC}; compilation CC0",
                 "CSV symbol,ear_section,name,summary,confidence", (15, 40), export_control.LICENSE_EXCEPTIONS_PATH,
                 export_control.load_license_exceptions, "symbol (LVS, GBS, ...; 'HBM/NAC/ACA/others' as printed)"),
    _single_file("ear_reasons_for_control", "EAR reasons for control with their Country Chart columns",
                 f"{_BIS} (15 CFR 738.2(d), part 742), compiled by the Clearance research helper — see PROVENANCE",
                 f"{_ECFR_EAR}/part-742", f"{_EAR_PUBLIC}; compilation CC0",
                 "CSV code,name,country_chart_columns,principal_ear_section,notes", (10, 25), export_control.REASONS_PATH,
                 export_control.load_reasons_for_control, "reason code (NS, MT, ...)"),
    _single_file("ear_part746", "EAR part 746 embargoes and special destination controls",
                 f"{_BIS} (15 CFR 746), compiled by the Clearance research helper — see PROVENANCE",
                 f"{_ECFR_EAR}/part-746", f"{_EAR_PUBLIC}; compilation CC0",
                 "CSV destination,iso2,ear_provision,status_note,source", (5, 25), export_control.PART746_PATH,
                 export_control.load_part746, "iso2 column as printed (CU, 'UA (regions)', '(list)')"),
    _single_file("itar_usml", "United States Munitions List categories (ITAR, 22 CFR 121.1)",
                 "U.S. Department of State, Directorate of Defense Trade Controls (22 CFR 121.1), compiled by the "
                 "Clearance research helper — see PROVENANCE",
                 "https://www.ecfr.gov/current/title-22/chapter-I/subchapter-M/part-121/section-121.1",
                 f"{_EAR_PUBLIC}; compilation CC0", "CSV category,title",
                 (21, 22), export_control.USML_PATH, export_control.load_usml, "roman numeral of the category (I-XXI)"),
    _single_file("eei_elements", "Electronic Export Information data elements (FTR, 15 CFR 30.6)",
                 "U.S. Census Bureau (15 CFR 30.6), compiled by the Clearance research helper from the eCFR — see PROVENANCE",
                 "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-I/part-30/subpart-A/section-30.6",
                 f"{_EAR_PUBLIC}; compilation CC0", "CSV cfr_ref,element,requirement,notes",
                 (25, 45), export_control.EEI_PATH, export_control.load_eei_elements, "CFR paragraph, e.g. 30.6(a)(1)"),
)

DATASETS = DATASETS + DUTY_DATASETS + UK_DUTY_DATASETS + DG_DATASETS + SANCTIONS_DATASETS + EXPORT_CONTROL_DATASETS


def dataset(name: str) -> Dataset:
    for item in DATASETS:
        if item.name == name:
            return item
    raise KeyError(name)
