"""Rules of the documents and identifiers engine. Each rule's summary is its documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

E, W, I, B = Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.BLOCK

REFDATA_MISSING = Rule("DOC.REFDATA.MISSING", W, "Clearance reference data (DESIGN.md §3)",
    "A check was skipped because the reference dataset it needs is not loaded, so the shipment cannot be cleared on it.")

CONTAINER_INVALID = Rule("DOC.CONTAINER.INVALID", E, "ISO 6346:2022 (owner code, serial, check digit); 19 CFR 4.7a(c)",
    "A container number has a bad format or check digit.")
IMO_INVALID = Rule("DOC.IMO.INVALID", E, "IMO Resolution A.1117(30) (IMO ship identification number scheme)",
    "A vessel's IMO number has a bad format or check digit.")
SCAC_INVALID = Rule("DOC.SCAC.INVALID", E, "NMFTA Standard Carrier Alpha Code; 19 CFR 4.7a(c)(2)",
    "A carrier SCAC is not 2 to 4 letters.")
IATA_INVALID = Rule("DOC.IATA.INVALID", E, "IATA Resolution 762 (airline designators)",
    "An airline code is not a valid IATA two-character designator.")
AWB_INVALID = Rule("DOC.AWB.INVALID", E, "IATA Resolution 600a (air waybill number, mod-7 check digit)",
    "An air waybill number has a bad format or check digit.")
IMPORTER_NUMBER_MISSING = Rule("DOC.IMPORTER_NUMBER.MISSING", E, "19 CFR 24.5(a); 19 CFR 141.1",
    "An import has no importer of record, or the importer of record has no importer number.")
IMPORTER_NUMBER_INVALID = Rule("DOC.IMPORTER_NUMBER.INVALID", E, "19 CFR 24.5(a) (EIN with suffix, SSN, or CBP-assigned number)",
    "The importer of record number is not an EIN with suffix, SSN or CBP-assigned number.")
EORI_INVALID = Rule("DOC.EORI.INVALID", E, "Regulation (EU) No 952/2013 art. 9; Implementing Reg. (EU) 2015/2447 art. 7",
    "An EORI number has a bad country prefix or format.")
MID_INVALID = Rule("DOC.MID.INVALID", W, "CBP Form 7501 Instructions, block 13 (MID construction); 19 CFR 142.3(a)(3)",
    "A manufacturer identification code does not follow CBP's construction.")
MID_MISSING = Rule("DOC.MID.MISSING", W, "19 CFR 142.3(a)(3); CBP Form 7501 Instructions, block 13",
    "An import names no manufacturer with a manufacturer identification code (MID).")
COUNTRY_UNKNOWN = Rule("DOC.COUNTRY.UNKNOWN", E, "ISO 3166-1",
    "A country code is not in the active ISO 3166-1 snapshot.")
CURRENCY_UNKNOWN = Rule("DOC.CURRENCY.UNKNOWN", E, "ISO 4217; 19 CFR 141.86(a)(7)",
    "A currency code is not in the active ISO 4217 snapshot.")
LOCODE_UNKNOWN = Rule("DOC.LOCODE.UNKNOWN", E, "UN/ECE Recommendation 16 (UN/LOCODE)",
    "A port or place code is not in the active UN/LOCODE snapshot.")
LOCODE_FUNCTION = Rule("DOC.LOCODE.FUNCTION", W, "UN/ECE Recommendation 16, function classifier",
    "A port's UN/LOCODE entry lacks the function the transport mode needs (e.g. not a seaport for ocean).")

INVOICE_MISSING = Rule("DOC.INVOICE.MISSING", E, "19 CFR 141.81; 19 U.S.C. 1481",
    "An import has no commercial invoice.")
INVOICE_ELEMENT = Rule("DOC.INVOICE.ELEMENT", E, "19 U.S.C. 1481(a); 19 CFR 141.86",
    "The commercial invoice lacks a data element the law requires (element id in the evidence).")
TRANSPORT_DOC_MISSING = Rule("DOC.TRANSPORT.MISSING", W, "19 CFR 141.11 (evidence of right to make entry)",
    "No bill of lading (ocean) or air waybill (air) is attached.")
BL_ELEMENT = Rule("DOC.BL.ELEMENT", W, "Hague-Visby Rules Art. III(3); UCP 600 Art. 19-20; industry practice",
    "The bill of lading lacks an element it should carry (element id in the evidence).")
DG_DECLARATION_MISSING = Rule("DOC.DG_DECLARATION.MISSING", E, "49 CFR 172.200-172.204",
    "A line carries dangerous goods but no dangerous-goods declaration (shipping paper) is attached.")
DG_ELEMENT = Rule("DOC.DG.ELEMENT", E, "49 CFR 172.202, 172.204, 172.602, 172.604",
    "The dangerous-goods declaration lacks a required element (element id in the evidence).")

LINE_MISSING = Rule("DOC.XDOC.LINE_MISSING", E, "19 CFR 141.86(a)(3); 19 CFR 141.61",
    "A declared line is missing from a document, or a document has a line that was not declared.")
QUANTITY_MISMATCH = Rule("DOC.XDOC.QUANTITY", E, "19 CFR 141.86(a)(4); 19 CFR 141.86(e)",
    "A document's quantity for a line differs from the declared quantity.")
VALUE_MISMATCH = Rule("DOC.XDOC.VALUE", E, "19 CFR 141.86(a)(5); 19 U.S.C. 1401a",
    "The invoice amount for a line differs from the declared value.")
LINE_ARITHMETIC = Rule("DOC.INVOICE.LINE_ARITHMETIC", E, "19 CFR 141.86(a)(5)",
    "An invoice line's amount is not its quantity times its unit price.")
INVOICE_TOTAL = Rule("DOC.INVOICE.TOTAL", E, "19 CFR 141.86(a)(5)",
    "The invoice total differs from the sum of its line amounts.")
CURRENCY_MISMATCH = Rule("DOC.XDOC.CURRENCY", E, "19 CFR 141.86(a)(7); 19 CFR 159.31",
    "Amounts that should share the invoice currency do not.")
ORIGIN_MISMATCH = Rule("DOC.XDOC.ORIGIN", E, "19 CFR 141.86(a)(10); 19 CFR 134",
    "A document's country of origin for a line differs from the declared origin.")
HTS_MISMATCH = Rule("DOC.XDOC.HTS", W, "19 CFR 141.90; 19 CFR 152.11",
    "The HTS number printed on a document for a line differs from the declared HTS number.")
INCOTERM_MISMATCH = Rule("DOC.XDOC.INCOTERM", W, "19 CFR 141.86(a)(8); 19 U.S.C. 1401a(b)(4)",
    "The invoice's Incoterms rule differs from the shipment's, so freight and insurance in the price are unclear.")
PACKING_TOTALS = Rule("DOC.PACKING.TOTALS", E, "19 CFR 141.86(e)",
    "The packing list's totals differ from the sum of its lines.")
PACKAGES_MISMATCH = Rule("DOC.XDOC.PACKAGES", E, "Hague-Visby Rules Art. III(3)(b); 19 CFR 4.7a(c)(4)",
    "The package count on the transport document differs from the packing list.")
GROSS_WEIGHT_MISMATCH = Rule("DOC.XDOC.GROSS_WEIGHT", E, "19 CFR 4.7a(c)(4); SOLAS VI/2 (verified gross mass)",
    "Gross weights disagree between documents beyond the stated tolerance.")
NET_WEIGHT_MISMATCH = Rule("DOC.XDOC.NET_WEIGHT", E, "19 CFR 141.86(a)(4)",
    "A line's net weight differs between the declaration and the packing list beyond tolerance.")
PARTY_MISMATCH = Rule("DOC.XDOC.PARTY", W, "19 CFR 141.86(a)(2); 19 CFR 149.3(a)",
    "A party named on a document differs from the shipment's party in that role.")
CONTAINER_MISMATCH = Rule("DOC.XDOC.CONTAINER", E, "19 CFR 4.7a(c)(4)(x)",
    "A container number appears on one document but not on another.")
PORT_MISMATCH = Rule("DOC.XDOC.PORT", E, "19 CFR 141.86(a)(1); UCP 600 Art. 20(a)(iii)",
    "A port on a document differs from the shipment's port in that role.")
DG_MISMATCH = Rule("DOC.XDOC.DG", E, "49 CFR 172.202(a)",
    "The dangerous-goods declaration's description of a line differs from the line's DG data.")

RULES: tuple[Rule, ...] = tuple(v for v in dict(globals()).values() if isinstance(v, Rule))
