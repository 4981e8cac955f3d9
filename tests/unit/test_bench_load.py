"""bench/load.py's figures: nearest-rank percentiles and throughput (no server)."""

import math

from bench.load import LoadResult, Sample, percentile


def sample(latency: float, ok: bool = True) -> Sample:
    return Sample("s", 0, "hi", 200 if ok else 500, latency, [], ok)


def test_nearest_rank_percentiles():
    values = [float(v) for v in range(1, 101)]  # 1..100, shuffled order must not matter
    shuffled = values[50:] + values[:50]
    assert percentile(shuffled, 50) == 50.0
    assert percentile(shuffled, 95) == 95.0
    assert percentile(shuffled, 99) == 99.0
    assert percentile(shuffled, 100) == 100.0


def test_percentile_rounds_the_rank_up():
    # 95 % of 10 values is rank 9.5: the 10th value, never an interpolation.
    values = [10.0, 20, 30, 40, 50, 60, 70, 80, 90, 1000]
    assert percentile(values, 95) == 1000
    assert percentile(values, 91) == 1000  # rank 9.1 -> 10
    assert percentile(values, 11) == 20  # rank 1.1 -> 2
    assert percentile(values, 50) == 50


def test_percentile_of_one_and_of_none():
    assert percentile([7.0], 1) == 7.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([3.0, 1.0], 0) == 1.0  # rank at least 1
    assert math.isnan(percentile([], 50))


def test_throughput_counts_answered_messages_only():
    result = LoadResult(2, [sample(0.1), sample(0.2), sample(5.0, ok=False)], wall=2.0)
    assert result.throughput == 1.0
    assert [s.latency for s in result.failures] == [5.0]
    # latency percentiles include the failures: a timeout is a slow answer, not none
    assert result.percentile(99) == 5.0


def test_throughput_of_no_time_is_zero():
    assert LoadResult(1).throughput == 0.0
