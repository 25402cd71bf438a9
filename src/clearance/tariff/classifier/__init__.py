"""HTS classification: candidates at 10 digits with path, notes, GRI, attributes and precedents."""

from clearance.tariff.classifier.classifier import Classifier, build_classifier
from clearance.tariff.classifier.model import Candidate, Classification

__all__ = ["Candidate", "Classification", "Classifier", "build_classifier"]
