"""Dangerous goods: each DG line checked against the US Hazardous Materials Table (49 CFR 172.101)
for its mode, segregation (IMDG 7.2.4 / 49 CFR 176.83(b) by vessel, 177.848 by highway and rail)
and the shipping paper (172.202-172.204, 172.602-172.604)."""

from clearance.dangerous_goods.check import DGResult, check_consignment
from clearance.dangerous_goods.consignment import (
           DGConsignment,
           DGItem,
           DGMode,
           ShippingPaper,
           from_shipment,
)
from clearance.dangerous_goods.engine import DangerousGoodsEngine
from clearance.dangerous_goods.hmt import Hmt, HmtEntry

__all__ = ["DGConsignment", "DGItem", "DGMode", "DGResult", "DangerousGoodsEngine", "Hmt", "HmtEntry",
           "ShippingPaper", "check_consignment", "from_shipment"]
