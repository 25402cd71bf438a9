import math

import numpy as np

from clearance.risk.declarations import Declarations
from clearance.risk.features import FEATURES, MAD_FLOOR, FeatureEncoder
from tests.risk.synthetic import records


def _batch(rows: list[dict]) -> Declarations:
    return Declarations.from_records(rows)


def test_encoder_is_fitted_on_training_data_only() -> None:
    train = _batch(records(200))
    later = records(5, seed=9)
    later[0]["origin_country"] = "ZZ"  # never seen in training
    later[1]["importer_id"] = "NEW-IMPORTER"
    encoder = FeatureEncoder.fit(train)
    batch = _batch(later)
    matrix = encoder.matrix(batch)
    assert matrix.shape == (5, len(FEATURES)) and matrix.dtype == np.float32
    origin = FEATURES.index("origin_country")
    assert math.isnan(matrix[0, origin]) and not math.isnan(matrix[2, origin])
    derived = encoder.derived(batch)
    assert derived["first_time_importer"][1] and derived["importer_declarations"][1] == 0
    assert not derived["first_time_importer"][2]


def test_unit_price_z_is_robust_and_signed() -> None:
    rows = records(100, fraud_rate=0.0)
    encoder = FeatureEncoder.fit(_batch(rows))
    cheap = dict(rows[0], declaration_id="cheap", item_price=rows[0]["item_price"] / 20)
    dear = dict(rows[0], declaration_id="dear", item_price=rows[0]["item_price"] * 20)
    derived = encoder.derived(_batch([cheap, dear, rows[0]]))
    assert derived["unit_price_z"][0] < -3 < 3 < derived["unit_price_z"][1]
    assert abs(derived["unit_price_z"][2]) < 3
    assert 0.03 < derived["unit_price_ratio"][0] < 0.08


def test_reference_needs_enough_declarations_and_a_mad_floor() -> None:
    rows = records(10, fraud_rate=0.0)
    same = [dict(rows[0], declaration_id=f"S{i}", hs_code="999999") for i in range(3)]
    encoder = FeatureEncoder.fit(_batch(rows[:2] + same))
    assert encoder.by_hs6["999999"].mad == MAD_FLOOR  # identical prices: the floor, not zero
    assert rows[1]["hs_code"] not in encoder.by_hs6  # one declaration is no reference
    derived = encoder.derived(_batch([rows[1]]))
    assert math.isnan(derived["unit_price_z"][0])


def test_zero_mass_or_price_has_no_unit_price() -> None:
    rows = records(20)
    rows[0]["net_mass_kg"] = 0
    rows[1]["item_price"] = 0
    derived = FeatureEncoder.fit(_batch(rows)).derived(_batch(rows[:2]))
    assert np.isnan(derived["unit_price"]).all()


def test_an_empty_encoder_knows_no_history() -> None:
    derived = FeatureEncoder().derived(_batch(records(3)))
    assert np.isnan(derived["importer_declarations"]).all() and not derived["first_time_importer"].any()


def test_json_round_trip() -> None:
    encoder = FeatureEncoder.fit(_batch(records(100)))
    again = FeatureEncoder.from_json(encoder.to_json())
    batch = _batch(records(20, seed=4))
    assert np.array_equal(encoder.matrix(batch), again.matrix(batch), equal_nan=True)
