"""One entity model for every sanctions and denied-party list.

Each list loader (``clearance.refdata.loaders.sanctions_*``) turns its publisher's format into
:class:`ListEntity` records, so the matcher, the explanations and the review workflow never
need to know whether a name came from OFAC's CSV, the UN's XML or the UK's tables. Fields a
list does not publish stay empty; nothing is invented (an OFAC "individual" has no gender
field, so ``gender`` is ``None``, not guessed from the name).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class EntityType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"  # lists that publish names only (e.g. the multi-list name export)


class NameRole(StrEnum):
    """How much a name on the list can be relied on to identify the entity.

    OFAC calls "weak" (low-quality) a.k.a.s "a broad or general nature ... may generate
    false hits" (OFAC FAQ 90); the UN marks aliases QUALITY="Low", the UK "Alias strength:
    weak". A weak alias alone never puts a party in the block band.
    """

    PRIMARY = "primary"
    STRONG_ALIAS = "strong_alias"  # a.k.a., f.k.a., n.k.a. of good quality
    WEAK_ALIAS = "weak_alias"
    ORIGINAL_SCRIPT = "original_script"  # the name in the list's own non-Latin script


class ListName(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full: str = Field(min_length=1)
    role: NameRole
    # Name parts when the list gives them: given, middle, family, patronymic, title, ... in
    # the list's own words; empty when the list only gives a full name.
    parts: dict[str, str] = Field(default_factory=dict)
    alias_type: str | None = None  # the list's own label: "a.k.a.", "f.k.a.", "Good", ...


class ListDate(BaseModel):
    """A (possibly partial) date as the list gives it: ``1961``, ``1961-05`` or ``1961-05-14``."""

    model_config = ConfigDict(extra="forbid")

    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    approximate: bool = False  # "circa", "approximately"
    raw: str | None = None  # the list's text when it was not already ISO

    @property
    def year(self) -> int:
        return int(self.value[:4])

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]


class IdentifierKind(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TAX = "tax"
    REGISTRATION = "registration"
    IMO = "imo"
    SWIFT = "swift"
    OTHER = "other"


class ListIdentifier(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: IdentifierKind
    value: str = Field(min_length=1)
    country: str | None = None  # ISO 3166-1 alpha-2 of the issuer, when known
    label: str | None = None  # the list's own label ("Passport", "RUC #", "Vessel Registration ...")


class ListAddress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    country: str | None = None  # ISO 3166-1 alpha-2, when it maps


class ListEntity(BaseModel):
    """One listed person, organisation, vessel or aircraft, as one list publishes it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)  # "<list>:<publisher id>", e.g. "ofac_sdn:36", "un:QDi.430"
    list: str  # dataset name: ofac_sdn, ofac_cons, csl, un, uk, eu_fin, ...
    source: str | None = None  # sub-list inside a consolidated list, e.g. the CSL's "Entity List (EL) - ..."
    programs: list[str] = Field(default_factory=list)
    type: EntityType = EntityType.UNKNOWN
    names: list[ListName] = Field(min_length=1)
    dates_of_birth: list[ListDate] = Field(default_factory=list)
    gender: str | None = None  # "male" / "female" when the list says so
    nationalities: list[str] = Field(default_factory=list)  # ISO alpha-2 (nationality, citizenship)
    countries: list[str] = Field(default_factory=list)  # ISO alpha-2 of any other link (address, registration, flag)
    identifiers: list[ListIdentifier] = Field(default_factory=list)
    addresses: list[ListAddress] = Field(default_factory=list)
    listed_on: str | None = None  # ISO date the entry was designated, when given
    remarks: str | None = None
    # List-specific facts other engines need, e.g. the BIS Entity List's license_requirement,
    # license_policy and Federal Register notice.
    extra: dict[str, str] = Field(default_factory=dict)
