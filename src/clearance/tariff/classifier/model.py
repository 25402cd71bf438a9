"""What the classifier returns: candidates with their reasons, or a question."""

from __future__ import annotations

from pydantic import BaseModel, Field


class NoteApplied(BaseModel):
    note: str
    effect: str  # "excludes", "cites heading", "defines"
    text: str


class Precedent(BaseModel):
    id: str
    description: str
    codes: list[str]
    similarity: float


class Candidate(BaseModel):
    code: str = Field(description="10-digit HTS number, digits only")
    hts: str = Field(description="dotted display form")
    hs6: str
    confidence: float = Field(ge=0, le=1, description="estimated probability that the subheading (HS6) is right; "
                              "the listed candidates' confidences sum to less than 1 by the chance that none is")
    score: float
    path: list[str]
    gri: list[str]
    notes: list[NoteApplied] = Field(default_factory=list)
    deciding_attributes: dict[str, object] = Field(default_factory=dict)
    evidence: list[str] = Field(default_factory=list, description="the examples that matched best")
    precedents: list[Precedent] = Field(default_factory=list)


class Classification(BaseModel):
    text: str
    attributes: dict[str, object]
    candidates: list[Candidate]
    abstained: bool = False
    question: str | None = None
    vague: bool = False
    revision: str
    scoring: str
