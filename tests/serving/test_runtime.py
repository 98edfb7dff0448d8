"""Web processes load the encoder and the segmenter before serving, unless told not to."""

from __future__ import annotations

from vermilion.serving import runtime


def test_warm_loads_the_encoder_and_the_segmenter_once_at_start(settings, monkeypatch):
    from vermilion.feed import embeddings
    from vermilion.kit import segment

    seen: list[str] = []
    monkeypatch.setattr(embeddings, "encode", lambda texts: seen.append("encode"))
    monkeypatch.setattr(segment, "cut", lambda text: seen.append("cut"))
    settings.VERMILION_WARM_AT_START = True
    runtime.warm()
    assert seen == ["encode", "cut"]
    settings.VERMILION_WARM_AT_START = False
    runtime.warm()
    assert seen == ["encode", "cut"]
