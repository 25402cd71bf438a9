"""Rules of the duty engine (duties, taxes and fees). Each summary is the rule's documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

REFDATA_MISSING = Rule("DUTY.REFDATA.MISSING", W, "Clearance reference data (DESIGN.md §3)",
    "Reference data the duty computation needs (HTS revision, CBP fee table, product lists) is not loaded.")
RATE_MANUAL = Rule("DUTY.RATE.MANUAL", E, "19 CFR 141.61(e); 19 U.S.C. 1505 (duty deposited with the entry summary)",
    "A duty component cannot be computed mechanically (reference, content-based unit, missing quantity or "
    "rate); it must be computed by hand. It is never counted as zero.")
RATE_UNPARSED = Rule("DUTY.RATE.UNPARSED", E, "HTSUS General Note 3; 19 U.S.C. 1505",
    "The HTS rate text could not be parsed; the duty must be computed by hand.")
SPI_NOT_LISTED = Rule("DUTY.SPI.NOT_LISTED", E, "HTSUS General Note 3(c)(i); 19 CFR 10.1 ff. (claims for preferential treatment)",
    "The claimed special programme indicator is not listed in the Special column of the line; the General rate applies.")
SPI_UNKNOWN = Rule("DUTY.SPI.UNKNOWN", W, "HTSUS General Note 3(c)(i)",
    "The claimed SPI is not in Clearance's SPI table, so its MPF exemption status is unknown.")
COLUMN2 = Rule("DUTY.RATE.COLUMN2", I, "HTSUS General Note 3(b); Pub. L. 117-110 (Russia, Belarus)",
    "Goods of a Column 2 country (Cuba, North Korea, Russia, Belarus) take the Column 2 rate.")
MEASURE_UNVERIFIED = Rule("DUTY.MEASURE.UNVERIFIED", W, "Clearance measure table (duty/data/chapter99_measures.csv)",
    "A duty component rests on a Chapter 99 measure whose source is not marked verified; check it before filing.")
MEASURE_DECLARED_UNKNOWN = Rule("DUTY.MEASURE.DECLARED_UNKNOWN", W, "HTSUS Chapter 99; CBP Form 7501 Instructions, block 29",
    "The line declares a Chapter 99 number that no measure in force on the entry date carries; it was not charged.")
MEASURE_NOT_DECLARED = Rule("DUTY.MEASURE.NOT_DECLARED", W, "HTSUS Chapter 99 U.S. notes; CBP Form 7501 Instructions, block 29",
    "A Chapter 99 measure applies to the line but the line does not report its heading (ACE requires it).")
S232_CONTENT_MISSING = Rule("DUTY.S232.CONTENT_MISSING", E, "19 U.S.C. 1862 proclamations (derivatives charged on metal content)",
    "A Section 232 duty is charged on the metal content value, which the line does not give.")
S232_TIER_MISSING = Rule("DUTY.S232.TIER_MISSING", E, "Section 232 metals proclamation of 2026-04-02 (tiered full-value regime)",
    "The 2026 Section 232 metals regime applies, but the line does not state its tier (50, 25, 15 or 10%).")
S232_UNLISTED = Rule("DUTY.S232.UNLISTED", W, "19 U.S.C. 1862",
    "The product list marks the line as a Section 232 article of a kind no loaded measure prices (e.g. semiconductors).")
ADCVD_RATE_MISSING = Rule("DUTY.ADCVD.RATE_MISSING", E, "19 CFR 141.101 (AD/CVD cash deposits); 19 U.S.C. 1673e, 1671e",
    "The line names an AD/CVD case but no cash deposit rate; the deposit must be computed by hand.")
ADCVD_POSSIBLE = Rule("DUTY.ADCVD.POSSIBLE", W, "19 U.S.C. 1673, 1671; Commerce scope rulings (19 CFR 351.225)",
    "An AD/CVD order exists for this product prefix and origin; scope is decided case by case, so check it.")
ADCVD_ENTRY_TYPE = Rule("DUTY.ADCVD.ENTRY_TYPE", W, "CBP Form 7501 Instructions, block 2 (entry type 03, 07, 34 or 38)",
    "The entry carries AD/CVD deposits but its entry type is not an AD/CVD type.")
ORIGIN_MISSING = Rule("DUTY.ORIGIN.MISSING", W, "19 CFR 134.1; 19 CFR 102",
    "No country of origin: origin-based rates and Chapter 99 measures were not evaluated.")
ENTRY_INFORMAL_LIMIT = Rule("DUTY.ENTRY.INFORMAL_LIMIT", E, "19 CFR 143.21(a); 19 CFR 143.22",
    "An informal entry type is used for goods valued over $2,500; a formal entry is required.")
ENTRY_TYPE_ASSUMED = Rule("DUTY.ENTRY.TYPE_ASSUMED", I, "19 CFR 143.21(a); CBP Form 7501 Instructions, block 2",
    "No entry type was given; it was assumed from the value ($2,500 formal-entry threshold).")
DE_MINIMIS_UNAVAILABLE = Rule("DUTY.DE_MINIMIS.UNAVAILABLE", E, "19 U.S.C. 1321; EO 14256; EO 14324",
    "A Section 321 (type 86) entry is declared but duty-free de minimis treatment is not available on the entry date.")
DE_MINIMIS_APPLIED = Rule("DUTY.DE_MINIMIS.APPLIED", I, "19 U.S.C. 1321(a)(2)(C); 19 CFR 10.151",
    "Section 321 de minimis: no duty or fees are collected on the shipment.")
FEES_YEAR_MISSING = Rule("DUTY.FEES.YEAR_MISSING", W, "19 CFR 24.23(b)(1)(i)(B); annual Federal Register fee notice",
    "The fee table has no values for the entry's fiscal year; the latest earlier year's values were used. Verify.")
FEES_MISSING = Rule("DUTY.FEES.MISSING", E, "19 CFR 24.23; 19 CFR 24.24",
    "A fee could not be computed because its value for the fiscal year is not loaded.")
MPF_MINIMUM = Rule("DUTY.MPF.MINIMUM", I, "19 CFR 24.23(b)(1)(i)(B)",
    "The formal-entry MPF is below the fiscal-year minimum, so the minimum is charged.")
MPF_MAXIMUM = Rule("DUTY.MPF.MAXIMUM", I, "19 CFR 24.23(b)(1)(i)(B)",
    "The formal-entry MPF is above the fiscal-year maximum, so the maximum is charged.")
CURRENCY_UNCERTIFIED = Rule("DUTY.CURRENCY.UNCERTIFIED", W, "19 CFR 159.31 (rates certified by the FRBNY)",
    "A value was converted at a rate that is not FRBNY-certified (e.g. an ECB cross rate); check the amount.")
CURRENCY_RATE_CHOICE = Rule("DUTY.CURRENCY.RATE_CHOICE", W, "19 CFR 159.32-159.36; 31 U.S.C. 5151(a)(2)",
    "How the exchange rate was chosen needs a look: a preceding business day's rate, a quarterly rate derived "
    "from daily rates, several rates for one day, or a variance that could not be checked.")
CURRENCY_MISSING = Rule("DUTY.CURRENCY.MISSING", E, "19 CFR 159.32-159.35",
    "No exchange rate for the currency and export date is loaded; the line's duty was not computed.")
VALUE_ADJUSTMENT = Rule("DUTY.VALUE.ADJUSTMENT", W, "19 U.S.C. 1401a(b); 19 CFR 152.103",
    "The transaction value may be wrong or rests on an assumption: the incoterm says the price includes a cost "
    "whose amount is not given, no incoterm is stated, or the deductions exceed the price.")
REFUNDABLE = Rule("DUTY.IEEPA.REFUNDABLE", I, "Learning Resources Inc. v. Trump (U.S. Supreme Court 2026-02-20); CBP CSMS 67834313",
    "The entry carries IEEPA duties, held unlawful; they are refundable ('clearance duty refunds' lists them).")

RULES: tuple[Rule, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Rule))
