"""Reading user inputs: shipment JSON files and invoice-line CSV/XLSX files.

Every reader either returns a valid model or raises :class:`clearance.errors.InputError`
naming the file, the line or JSON path, and the field of each problem. Readers never write.
"""

from clearance.inputs.invoice_lines import TEMPLATE_COLUMNS, read_invoice_lines, write_template
from clearance.inputs.shipment_json import read_shipment, validation_problems

__all__ = ["TEMPLATE_COLUMNS", "read_invoice_lines", "read_shipment", "validation_problems",
           "write_template"]
