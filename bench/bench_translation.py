"""Translation: quality on a zh↔en lifestyle evaluation set, latency per note (cold and cached),
throughput and memory, for each candidate local model.

The evaluation set (bench/data/translation_pairs.tsv) is 300 original sentence pairs written for
this project: food, travel, beauty, pets, shopping and internet slang, 50 each; every pair is used
in both directions (600 translations). Quality: chrF and BLEU from sacrebleu (BLEU with the `zh`
tokenizer for Chinese targets, `13a` for English), and the share of outputs that still hold
untranslated words of the source's script (names and brands excepted, validate.leftover_words).
Latency: a note is a title and a three-sentence body; "cold" is the worker's time to translate it
with the engine (the full pipeline: placeholders, validation, retries), "cached" the API's answer
(GET /api/v1/notes/{id}/translation) once it is stored. Throughput: translations a minute at the
configured concurrency (one translation worker, VERMILION_TRANSLATION_THREADS threads). Memory:
the worker process's resident size after loading the model, and its peak.

Each model runs in a child process of its own (clean memory figures). Full mode: every pair and
both models (`BENCH_TRANSLATION_LIMIT` and `BENCH_TRANSLATION_MODELS` narrow it); smoke: two
pairs, one note, the default model only (the fake engine when the model is not assembled).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAIRS = Path(__file__).resolve().parent / "data" / "translation_pairs.tsv"


def load_pairs(limit: int | None = None) -> list[tuple[str, str, str]]:
    with PAIRS.open(encoding="utf-8") as handle:
        rows = [(r[0], r[1], r[2]) for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    if limit is None or limit >= len(rows):
        return rows
    # An even spread over the topics, not the first topic only.
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1])
    return 0


def _quality(engine: Any, pairs: list[tuple[str, str, str]], deadline_s: float) -> dict[str, Any]:
    import sacrebleu

    from vermilion.translation.pipeline import translate_text
    from vermilion.translation.validate import leftover_words

    out: dict[str, Any] = {}
    all_seconds: list[float] = []
    samples: list[dict[str, str]] = []
    for source, target in (("zh", "en"), ("en", "zh")):
        hypotheses, references, seconds = [], [], []
        leftover = literal = partial = 0
        for _topic, zh, en in pairs:
            text, reference = (zh, en) if source == "zh" else (en, zh)
            started = time.perf_counter()
            try:
                result = translate_text(text, source, target, engine, time.monotonic() + deadline_s)
                hypothesis, quality = result.text, result.quality
            except Exception:
                hypothesis, quality = text, "partial"  # an honest failure: the original, scored as such
            seconds.append(time.perf_counter() - started)
            hypotheses.append(hypothesis)
            references.append(reference)
            leftover += bool(leftover_words(hypothesis, text, target))
            if len(hypotheses) % 10 == 0:
                print(f"  {source}→{target} {len(hypotheses)}/{len(pairs)}", file=sys.stderr, flush=True)
            literal += quality == "literal"
            partial += quality == "partial"
            if len(samples) < 6 and len(hypotheses) <= 3:
                samples.append({"source": text, "output": hypothesis})
        tokenize = "zh" if target == "zh" else "13a"
        out[f"{source}_{target}"] = {
            "sentences": len(hypotheses),
            "chrf": round(sacrebleu.corpus_chrf(hypotheses, [references]).score, 1),
            "bleu": round(sacrebleu.corpus_bleu(hypotheses, [references], tokenize=tokenize).score, 1),
            "leftover_share": round(leftover / len(hypotheses), 3),
            "literal_share": round(literal / len(hypotheses), 3),
            "untranslated_share": round(partial / len(hypotheses), 3),
            "sentence_p50_s": round(_percentile(seconds, 0.5), 2),
            "sentence_p95_s": round(_percentile(seconds, 0.95), 2),
        }
        all_seconds += seconds
    out["throughput_per_minute"] = round(60 * len(all_seconds) / sum(all_seconds), 1) if all_seconds else 0
    out["samples"] = samples
    return out


def _notes(engine_name: str, pairs: list[tuple[str, str, str]], count: int) -> dict[str, Any]:
    """Cold (worker) and cached (API) latency per note of a title and three sentences."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from vermilion.accounts.actions import do_signup
    from vermilion.notes.models import Note
    from vermilion.translation.actions import request_translation
    from vermilion.translation.models import Translation
    from vermilion.translation.work import do_translate

    call_command("migrate", verbosity=0)
    author = do_signup(username="bench_author", password="bench-secret-123")  # noqa: S106 - a throw-away bench account
    cold, cached = [], []
    client = Client(HTTP_HOST="localhost")
    for i in range(count):
        block = [pairs[(4 * i + k) % len(pairs)][1] for k in range(4)]
        note = Note.objects.create(author=author, title=block[0][:20], body="\n".join(block[1:]), language="zh",
                                   status=Note.Status.PUBLISHED)
        started = time.perf_counter()
        rows = [request_translation(text, "zh", "en") for text in (note.title, note.body)]
        for row in rows:
            assert row is not None
            if row.status == Translation.Status.PENDING:
                do_translate(row.pk)
        cold.append(time.perf_counter() - started)
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(f"/api/v1/notes/{note.pk}/translation?target=en")
            cached.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"cached answer was {response.status_code}: {response.content[:200]!r}")
    return {
        "notes": count,
        "engine": engine_name,
        "cold_p50_s": round(_percentile(cold, 0.5), 2),
        "cold_p95_s": round(_percentile(cold, 0.95), 2),
        "cached_p50_ms": round(1000 * _percentile(cached, 0.5), 1),
        "cached_p95_ms": round(1000 * _percentile(cached, 0.95), 1),
    }


def child(model: str, limit: int | None, notes: int) -> dict[str, Any]:
    from django.conf import settings

    from vermilion.translation.engine import EngineUnavailable
    from vermilion.translation.engines import get_engine

    if model != "fake":
        settings.VERMILION_TRANSLATION = {**settings.VERMILION_TRANSLATION, "ENGINE": "local", "MODEL": model,
                                          "MODELS_DIR": os.environ.get("VERMILION_MODELS_DIR", str(ROOT / "var" / "models"))}
    else:
        settings.VERMILION_TRANSLATION = {**settings.VERMILION_TRANSLATION, "ENGINE": "fake"}
    engine = get_engine()
    try:
        engine.check()
    except EngineUnavailable as exc:
        return {"model": model, "skipped": str(exc)}
    baseline = _memory_kb("VmRSS:")
    started = time.perf_counter()
    if hasattr(engine, "_model"):
        engine._model()
    load_s = time.perf_counter() - started
    loaded = _memory_kb("VmRSS:")
    pairs = load_pairs(limit)
    result: dict[str, Any] = {"model": model, "engine": engine.id, "pairs": len(pairs),
                              "threads": settings.VERMILION_TRANSLATION.get("THREADS"),
                              "load_s": round(load_s, 1)}
    result.update(_quality(engine, pairs, deadline_s=float(settings.VERMILION_TRANSLATION.get("TIMEOUT_SECONDS", 120))))
    result["note_latency"] = _notes(engine.id, pairs, notes)
    result["memory_mb"] = {"model_rss": round((loaded - baseline) / 1024), "process_rss": round(loaded / 1024),
                           "process_peak": round(_memory_kb("VmHWM:") / 1024)}
    result["load_average_1m"] = round(os.getloadavg()[0], 1)
    return result


def run(smoke: bool) -> dict[str, Any]:
    from vermilion.translation.modelfiles import DEFAULT_MODEL, MODELS, model_path

    models_dir = Path(os.environ.get("VERMILION_MODELS_DIR", str(ROOT / "var" / "models")))
    if smoke:
        models = [DEFAULT_MODEL if model_path(DEFAULT_MODEL, models_dir).exists() else "fake"]
        limit: int | None = 2
        notes = 1
    else:
        models = [m for m in os.environ.get("BENCH_TRANSLATION_MODELS", ",".join(MODELS)).split(",") if m]
        limit = int(os.environ["BENCH_TRANSLATION_LIMIT"]) if os.environ.get("BENCH_TRANSLATION_LIMIT") else None
        notes = int(os.environ.get("BENCH_TRANSLATION_NOTES", "10"))
    results = {}
    for model in models:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "VERMILION_MODELS_DIR": str(models_dir)}
        env.pop("VERMILION_DATA_DIR", None)  # a fresh throw-away data dir per child
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_translation", "--child", model, str(limit or 0), str(notes)],
            env=env, stdout=subprocess.PIPE, text=True, timeout=6 * 3600, cwd=ROOT,  # progress goes to stderr
        )
        if out.returncode != 0:
            raise RuntimeError(f"{model}: the child failed (its error is above)")
        results[model] = json.loads(out.stdout.strip().splitlines()[-1])
    scored = {m: r for m, r in results.items() if "zh_en" in r}
    best = max(scored, key=lambda m: scored[m]["zh_en"]["chrf"] + scored[m]["en_zh"]["chrf"]) if scored else None
    return {"models": results, "best_by_chrf": best, "mode": "smoke" if smoke else "full"}


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--child":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
        import django

        django.setup()
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]) or None, int(sys.argv[4])), ensure_ascii=False), flush=True)
        # llama-cpp-python's finalisers can raise during interpreter shutdown; the result is out.
        os._exit(0)
    else:
        print(json.dumps(run(smoke="--smoke" in sys.argv), ensure_ascii=False, indent=1))
