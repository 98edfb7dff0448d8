"""A query is encoded once for every process: the shared cache answers repeats, and its failure
only costs the encoding."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.core.cache import cache

from vermilion.search import query_vectors

pytestmark = pytest.mark.redis  # the shared cache is Redis in production (and a cluster in CI's cluster stage)


@pytest.fixture
def encodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = query_vectors.encode

    def counting(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(query_vectors, "encode", counting)
    query_vectors.query_vector.cache_clear()
    yield seen
    query_vectors.query_vector.cache_clear()


def test_a_query_encoded_by_one_process_is_not_encoded_again_by_another(encodes: list[str]) -> None:
    cache.delete(query_vectors.cache_key("火锅 hotpot"))
    first = query_vectors.query_vector("火锅 hotpot")
    query_vectors.query_vector.cache_clear()  # another process, or this one after a restart
    again = query_vectors.query_vector("火锅 hotpot")
    assert encodes == ["火锅 hotpot"]
    assert np.allclose(first, again) and abs(float(np.linalg.norm(again)) - 1.0) < 1e-4
    assert again.dtype == np.float32 and again.flags.writeable  # a copy, not a view of cached bytes


def test_a_kept_value_of_the_wrong_shape_is_encoded_again(encodes: list[str]) -> None:
    cache.set(query_vectors.cache_key("latte art"), b"\x00" * 12, 60)
    vector = query_vectors.query_vector("latte art")
    assert encodes == ["latte art"] and vector.shape == (query_vectors.DIMENSIONS,)
    assert len(cache.get(query_vectors.cache_key("latte art"))) == query_vectors.DIMENSIONS * 4  # replaced


def test_a_cache_that_fails_costs_only_the_encoding(encodes: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis went away")

    monkeypatch.setattr(query_vectors.cache, "get", broken)
    monkeypatch.setattr(query_vectors.cache, "set", broken)
    vector = query_vectors.query_vector("cat tax")
    assert encodes == ["cat tax"] and vector.shape == (query_vectors.DIMENSIONS,)


@pytest.mark.django_db
def test_a_search_through_the_api_shares_its_vector(encodes: list[str], search: Any) -> None:
    cache.delete(query_vectors.cache_key("rainy day coffee"))
    assert search("rainy day coffee").status_code == 200
    assert cache.get(query_vectors.cache_key("rainy day coffee")) is not None
    query_vectors.query_vector.cache_clear()
    assert search("rainy day coffee").status_code == 200
    assert encodes.count("rainy day coffee") == 1
