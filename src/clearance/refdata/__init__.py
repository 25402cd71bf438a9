"""Reference data: declared datasets, loaders for official formats, snapshots, updates."""

from clearance.refdata.access import ReferenceData
from clearance.refdata.dataset import Dataset, SourceFile
from clearance.refdata.importer import ImportOutcome, import_dataset
from clearance.refdata.registry import DATASETS, dataset

__all__ = ["DATASETS", "Dataset", "ImportOutcome", "ReferenceData", "SourceFile", "dataset",
           "import_dataset"]
