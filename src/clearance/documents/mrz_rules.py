"""Rules of the machine-readable-zone (MRZ) check. Each rule's summary is its documentation.

Citations name the parts of ICAO Doc 9303, 8th edition (2021): Part 3 (common to all MRTDs),
Part 4 (TD3 passports), Part 5 (TD1 cards), Part 6 (TD2 cards) and Part 7 (MRV-A and MRV-B visas).
"""

from __future__ import annotations

from clearance.model import Rule, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

FORMAT = Rule("MRZ.FORMAT", E, "ICAO Doc 9303-3 §4.10; 9303-4, -5, -6, -7 §4.2.2",
    "The MRZ does not have the shape of a Doc 9303 format (TD1: 3 lines of 30 characters; TD2 and "
    "MRV-B: 2 lines of 36; TD3 and MRV-A: 2 lines of 44), so no field is read.")
CHARSET = Rule("MRZ.CHARSET", E, "ICAO Doc 9303-3 §4.3, §4.4 (Figure 4, OCR-B subset)",
    "A line holds characters outside the MRZ set (upper-case A-Z, digits 0-9 and the filler '<'). "
    "Lower-case letters are read as upper-case for the rest of the report; any other character "
    "makes the field that holds it unreadable.")
DOCUMENT_CODE_INVALID = Rule("MRZ.DOCUMENT_CODE.INVALID", E,
    "ICAO Doc 9303-4 §4.2.2.1, §4.4; 9303-5 §4.2.2 note k; 9303-6 §4.2.2 note k; 9303-7 §4.2.2.1",
    "The document code does not fit the format: TD3 starts with P, TD1 and TD2 with A, C or I, visas "
    "with V; the second character is a letter or '<', and is not V on TD1/TD2, nor I after A on TD1, "
    "nor C after A on TD2.")
STATE_UNKNOWN = Rule("MRZ.STATE.UNKNOWN", E, "ICAO Doc 9303-3 §4.7, §5",
    "The issuing State or organization is neither an ISO 3166-1 alpha-3 code nor a code Doc 9303-3 §5 "
    "adds (D<< for Germany, GBD/GBN/GBO/GBP/GBS, RKS, EUE, UNO/UNA/UNK, the X.. organizations).")
NATIONALITY_UNKNOWN = Rule("MRZ.NATIONALITY.UNKNOWN", E, "ICAO Doc 9303-3 §4.7, §5",
    "The holder's nationality is neither an ISO 3166-1 alpha-3 code nor a code Doc 9303-3 §5 adds; "
    "XXA (stateless), XXB and XXC (refugee) and XXX (unspecified) are valid.")
SPECIMEN_STATE = Rule("MRZ.SPECIMEN_STATE", W, "ICAO Doc 9303-3 §5 Part G",
    "The issuing State or the nationality is UTO (Utopia), the fictitious State of ICAO specimen "
    "documents: this is a sample, not an issued travel document.")
NAME_INVALID = Rule("MRZ.NAME.INVALID", E, "ICAO Doc 9303-3 §4.6, §4.10; 9303-4 §4.2.2.1",
    "The name field breaks the MRZ name convention: it starts with the primary identifier in its first "
    "position, holds only letters and fillers (no digits), separates components by one filler and the "
    "primary from the secondary identifier by two, and ends in fillers unless truncated.")
NAME_TRUNCATED = Rule("MRZ.NAME.TRUNCATED", I, "ICAO Doc 9303-4, -5, -6, -7 §4.2.3",
    "The last position of the name field holds a letter, so the name must be treated as possibly "
    "truncated; compare it with the visual inspection zone.")
DOCUMENT_NUMBER_INVALID = Rule("MRZ.DOCUMENT_NUMBER.INVALID", E,
    "ICAO Doc 9303-3 §4.10; 9303-4 §4.2.2.2; 9303-5 and 9303-6 §4.2.2 note j",
    "The document number is empty or does not start in the first position of its field, or its check "
    "digit position holds '<' (the TD1/TD2 mark of a long number) without a continuation and check "
    "digit at the start of the optional data.")
DATE_INVALID = Rule("MRZ.DATE.INVALID", E, "ICAO Doc 9303-3 §4.8",
    "A date of birth or of expiry is not a YYMMDD calendar date. Only the date of birth may hold "
    "fillers, and only in place of whole unknown parts (year, month or day).")
BIRTH_UNKNOWN = Rule("MRZ.BIRTH.UNKNOWN", I, "ICAO Doc 9303-3 §4.8",
    "All or part of the date of birth is unknown and written with fillers, as Doc 9303 allows; the "
    "date checks on it are skipped.")
BIRTH_IMPLAUSIBLE = Rule("MRZ.BIRTH.IMPLAUSIBLE", E, "ICAO Doc 9303-3 §4.8",
    "The date of birth is after the check date or after the document's expiry date. The century of a "
    "birth year is the latest that does not put the year after the check date's year.")
EXPIRED = Rule("MRZ.EXPIRED", E, "ICAO Doc 9303-4 §4.2.2.2 (date of expiry); 9303-7 §4.2.2.2 (valid until)",
    "The document's date of expiry (a visa's 'valid until' date) is before the check date. The century "
    "of an expiry year is the one within 50 years before or 49 years after the check date's year.")
SEX_INVALID = Rule("MRZ.SEX.INVALID", E, "ICAO Doc 9303-4 §4.2.2.2 note p; 9303-5, -6, -7 §4.2.2 note f",
    "The sex field is not F, M, '<' (unspecified) or X.")
SEX_X = Rule("MRZ.SEX.X", I, "ICAO Doc 9303-4 §4.2.2.2 note p; 9303-5, -6, -7 §4.2.2 note f",
    "The sex field holds X. Doc 9303 writes X in the visual zone and '<' in the MRZ for an unspecified "
    "sex; an X in the MRZ is accepted and read as unspecified.")

_CD = "ICAO Doc 9303-3 §4.9 (7-3-1 weights, modulus 10, '<' = 0, A-Z = 10-35)"
CHECK_DIGIT_DOCUMENT_NUMBER = Rule("MRZ.CHECK_DIGIT.DOCUMENT_NUMBER", E, f"{_CD}; 9303-4 to -7 §4.2.4",
    "The document number's check digit does not match the number (for a TD1/TD2 long number: the nine "
    "principal characters and the continuation in the optional data).")
CHECK_DIGIT_BIRTH_DATE = Rule("MRZ.CHECK_DIGIT.BIRTH_DATE", E, f"{_CD}; 9303-4 to -7 §4.2.4",
    "The date of birth's check digit does not match the date.")
CHECK_DIGIT_EXPIRY_DATE = Rule("MRZ.CHECK_DIGIT.EXPIRY_DATE", E, f"{_CD}; 9303-4 to -7 §4.2.4",
    "The date of expiry's check digit does not match the date.")
CHECK_DIGIT_OPTIONAL_DATA = Rule("MRZ.CHECK_DIGIT.OPTIONAL_DATA", E, f"{_CD}; 9303-4 §4.2.2.2, §4.2.4",
    "TD3 only: the check digit of the personal number (optional data, line 2 positions 29-42) does not "
    "match; when that field is all fillers the digit may be 0 or '<'.")
CHECK_DIGIT_COMPOSITE = Rule("MRZ.CHECK_DIGIT.COMPOSITE", E, f"{_CD}; 9303-4, -5, -6 §4.2.4",
    "TD1, TD2 and TD3: the composite check digit over the document number, dates, optional data and "
    "their check digits does not match (visas have none).")

RULES: tuple[Rule, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Rule))
