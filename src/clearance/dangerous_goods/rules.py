"""Rules of the dangerous-goods engine. Each summary is the rule's documentation."""

from __future__ import annotations

from clearance.model import Rule, Severity

B, E, W, I = Severity.BLOCK, Severity.ERROR, Severity.WARNING, Severity.INFO

REFDATA_MISSING = Rule("DG.REFDATA.MISSING", W, "Clearance reference data (DESIGN.md §3)",
    "The Hazardous Materials Table is not loaded, so dangerous-goods lines were not checked.")
ID_MISSING = Rule("DG.ID.MISSING", E, "49 CFR 172.202(a)(1)",
    "The line gives no UN/NA/ID identification number and its name is not a Forbidden entry of the HMT.")
ID_UNKNOWN = Rule("DG.ID.UNKNOWN", E, "49 CFR 172.101(e) (column 4); 172.202(a)(1)",
    "The identification number is malformed or is not in the Hazardous Materials Table.")
PSN_MISMATCH = Rule("DG.PSN.MISMATCH", E, "49 CFR 172.101(c)(1); 172.202(a)(2)",
    "The proper shipping name is not one the HMT gives for this identification number; the finding names "
    "the number the name belongs to or the closest names of the number.")
PSN_DOMESTIC_ONLY = Rule("DG.PSN.DOMESTIC_ONLY", W, "49 CFR 172.101(b)(3) (symbol D)",
    "The entry's name is for domestic transport only (symbol D) but the consignment is international.")
CLASS_MISMATCH = Rule("DG.CLASS.MISMATCH", E, "49 CFR 172.101(d) (column 3); 172.202(a)(3)",
    "The declared hazard class or division is not the one the HMT gives for this number and name.")
SUBSIDIARY_MISMATCH = Rule("DG.SUBSIDIARY.MISMATCH", E, "49 CFR 172.101(g); 172.202(a)(3)",
    "The declared subsidiary hazards differ from those of the HMT entry.")
PG_MISSING = Rule("DG.PG.MISSING", E, "49 CFR 172.101(f) (column 5); 172.202(a)(4)",
    "The HMT entry has a packing group but the line gives none.")
PG_MISMATCH = Rule("DG.PG.MISMATCH", E, "49 CFR 172.101(f) (column 5); 172.202(a)(4)",
    "The declared packing group is not listed for this number and name in the HMT.")
FORBIDDEN = Rule("DG.FORBIDDEN", B, "49 CFR 172.101(d)(1) (\"Forbidden\" in column 3); 173.21",
    "The material is Forbidden in the HMT: it may not be offered or accepted for transportation.")
AIR_PASSENGER_FORBIDDEN = Rule("DG.AIR.PASSENGER_FORBIDDEN", B, "49 CFR 172.101(j)(1) (column 9A); 175.75",
    "Column 9A says Forbidden (or a special provision forbids it): the material may not go on a passenger "
    "aircraft; it may go cargo aircraft only when column 9B allows it.")
AIR_FORBIDDEN = Rule("DG.AIR.FORBIDDEN", B, "49 CFR 172.101(j)(1) (columns 9A and 9B)",
    "The material may not be carried on any aircraft: column 9B (cargo aircraft only) says Forbidden, or a "
    "special provision (A2, A4) forbids it.")
QUANTITY_EXCEEDS = Rule("DG.QUANTITY.EXCEEDS_LIMIT", E, "49 CFR 172.101(j) (columns 9A, 9B); 175.75",
    "The net quantity per package exceeds the column 9A limit (passenger aircraft/rail) or 9B limit (cargo "
    "aircraft only) for the mode.")
QUANTITY_UNCHECKED = Rule("DG.QUANTITY.UNCHECKED", W, "49 CFR 172.101(j); 172.202(a)(5)",
    "The air quantity limit could not be checked: no quantity per package, a unit that does not measure what "
    "the limit measures, or a limit stated in a special provision.")
LABEL_MISSING = Rule("DG.LABEL.MISSING", E, "49 CFR 172.101(g) (column 6); 172.400; 172.402(a), (c)",
    "A label the HMT requires (primary and subsidiary hazard, or CARGO AIRCRAFT ONLY when the material is not "
    "permitted on passenger aircraft) is missing.")
TECHNICAL_NAME_MISSING = Rule("DG.TECHNICAL_NAME.MISSING", E, "49 CFR 172.203(k); 172.301(b); 172.101(b)(5) (symbol G)",
    "The entry carries symbol G (an n.o.s. or generic name): the technical name must follow the proper shipping "
    "name in parentheses on the shipping paper and the package marking.")
RQ_MISSING = Rule("DG.RQ.MISSING", E, "49 CFR 172.203(c)(2); 172.324(b); 171.8 (hazardous substance)",
    "The package holds a hazardous substance in a reportable quantity: \"RQ\" must appear with the shipping "
    "description and on the package.")
MARINE_POLLUTANT_MISSING = Rule("DG.MARINE_POLLUTANT.MISSING", E, "49 CFR 172.203(l); 172.322; 171.4",
    "A marine pollutant by vessel must carry the MARINE POLLUTANT mark and the words \"Marine Pollutant\" on "
    "the shipping paper.")
INHALATION_HAZARD_MISSING = Rule("DG.INHALATION_HAZARD.MISSING", E, "49 CFR 172.203(m); 172.313(a); 172.102 SP 1-4, 13",
    "A material poisonous by inhalation (special provision 1-4 or 13) must be described and marked as an "
    "inhalation hazard.")
LIMITED_QUANTITY_NOT_ALLOWED = Rule("DG.LIMITED_QUANTITY.NOT_ALLOWED", E, "49 CFR 172.101(i)(1) (column 8A); 173.150-173.156",
    "The line claims limited quantity but column 8A of the entry has no exceptions (\"None\").")
LIMITED_QUANTITY_MARK = Rule("DG.LIMITED_QUANTITY.MARK", E, "49 CFR 172.315",
    "A limited-quantity package must bear the limited-quantity mark (the \"Y\" mark by air).")
SINGLE_PACKAGING = Rule("DG.PACKAGING.SINGLE_NOT_PERMITTED", E, "49 CFR 172.102(c)(2) SP A1, A2",
    "Special provision A1 (passenger aircraft) or A2 (any aircraft) does not permit single packagings.")
SPECIAL_PROVISION_APPLIED = Rule("DG.SP.APPLIED", I, "49 CFR 172.102",
    "A special provision of the entry changed the outcome of a check (e.g. A54 lets an approved lithium battery "
    "exceed the 9B limit); the finding quotes it.")
SP_CONDITIONAL = Rule("DG.SP.CONDITIONAL", W, "49 CFR 172.102(c)(2) SP A4, A5",
    "A special provision forbids or limits the material in this mode under a condition the line does not state "
    "(A4/A5: packing group I by inhalation toxicity); confirm the condition.")
SEGREGATION = Rule("DG.SEGREGATION", E, "49 CFR 176.83(b); IMDG Code 7.2.4, 7.3.4",
    "Two items in one closed cargo transport unit on a vessel need segregation (code 1 away from, 2 separated "
    "from, 3 separated by a complete compartment or hold, 4 separated longitudinally): codes 2-4 cannot be met "
    "in one unit; code 1 needs competent-authority approval. Subsidiary hazards count (strictest code).")
SEGREGATION_UNCHECKED = Rule("DG.SEGREGATION.UNCHECKED", W, "49 CFR 176.83; 176.144; 177.848(f)-(g)",
    "Segregation between two items could not be decided mechanically (class 1 among itself by vessel, or an "
    "explosives compatibility-table note); review it.")
SEGREGATION_HIGHWAY = Rule("DG.SEGREGATION.HIGHWAY", E, "49 CFR 177.848(d)-(f) (highway); 174.81(d) (rail)",
    "Two items on one transport vehicle: \"X\" in the segregation table means they may not be loaded, "
    "transported or stored together; \"O\" (warning) means only when separated so that they cannot commingle "
    "in a leak; explosives by compatibility group.")
PAPER_DESCRIPTION = Rule("DG.PAPER.DESCRIPTION", E, "49 CFR 172.202(a)-(b)",
    "The shipping description on the paper lacks an element of the basic description, has them out of "
    "sequence, or disagrees with the line.")
PAPER_QUANTITY = Rule("DG.PAPER.QUANTITY", E, "49 CFR 172.202(a)(5)-(7)",
    "The shipping paper does not give the total quantity and the number and type of packages.")
PAPER_EMERGENCY = Rule("DG.PAPER.EMERGENCY", E, "49 CFR 172.602; 172.604",
    "The shipping paper lacks the emergency response telephone number or emergency response information.")
PAPER_CERTIFICATION = Rule("DG.PAPER.CERTIFICATION", E, "49 CFR 172.204",
    "The shipper's certification is not signed.")

RULES = (
    REFDATA_MISSING, ID_MISSING, ID_UNKNOWN, PSN_MISMATCH, PSN_DOMESTIC_ONLY, CLASS_MISMATCH, SUBSIDIARY_MISMATCH,
    PG_MISSING, PG_MISMATCH, FORBIDDEN, AIR_PASSENGER_FORBIDDEN, AIR_FORBIDDEN, QUANTITY_EXCEEDS,
    QUANTITY_UNCHECKED, LABEL_MISSING, TECHNICAL_NAME_MISSING, RQ_MISSING, MARINE_POLLUTANT_MISSING,
    INHALATION_HAZARD_MISSING, LIMITED_QUANTITY_NOT_ALLOWED, LIMITED_QUANTITY_MARK, SINGLE_PACKAGING,
    SPECIAL_PROVISION_APPLIED, SP_CONDITIONAL, SEGREGATION, SEGREGATION_UNCHECKED, SEGREGATION_HIGHWAY, PAPER_DESCRIPTION,
    PAPER_QUANTITY, PAPER_EMERGENCY, PAPER_CERTIFICATION,
)
