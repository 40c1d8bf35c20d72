"""make bench: latency, throughput, training time, cold start and peak memory, ours beside the `rasa init` bot."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from measure.quality import rasa_cli, summary
from measure.speed.load import parse_latency_ms, run_load, warm_up
from measure.speed.speed_report import write_report
from ops.servers import BotServers
from ops.settings import BENCH_PORTS, BENCH_REDIS_PORT, MODEL, REDIS_SERVER, REPORTS

OURS, UNCACHED, SCALED, INIT = "ours", "ours, no embedding cache", "ours, 2 workers", "rasa init"
# The four scripts repeat, so after the first conversations every message is in the embedding cache; the same bot
# with the cache off shows what a message nobody sent before costs.
NO_EMBEDDING_CACHE = {"SENTENCE_CACHE_SIZE": "0"}
# name, concurrent users, conversations (about 4.25 turns each); every load stops at TIME_BOUND_S.
LOADS = (("single", 1, 40), ("c20", 20, 160), ("c100", 100, 300))
TIME_BOUND_S = 150


def measure(
    name: str,
    model: Path,
    project: Path,
    work: Path,
    workers: int = 1,
    lock_store_port: int | None = None,
    env: dict[str, str] | None = None,
) -> dict:
    """Starts the bot cold, then runs each load against it in turn; returns its figures and raw latencies."""
    figures: dict = {"loads": {}}
    folder = work / f"servers-{name.replace(' ', '-').replace(',', '')}"
    # The rasa init bot keeps Rasa's own SQL store, as a new user would have it.
    store = {"tracker_store": "SQL"} if name == INIT else {}
    with BotServers(
        folder, model, BENCH_PORTS[name], project, workers, lock_store_port, enable_api=True, env=env, **store
    ) as servers:
        figures["cold_start_s"] = servers.cold_start_s
        warm_up(servers.url)
        figures["parse_p50"] = parse_latency_ms(servers.url)
        for load, users, conversations in LOADS:
            print(f"{name}: {users} user(s), {conversations} conversations ...", flush=True)
            result = run_load(servers.url, load, users, conversations, TIME_BOUND_S)
            figures[load] = {
                "users": users,
                "conversations": result.conversations,
                "requests": result.requests,
                "errors": result.errors,
                "empty": result.empty,
                "wall_s": result.wall_s,
                "timed_out": result.timed_out,
                "throughput": result.throughput,
                "p50": result.percentile(50),
                "p95": result.percentile(95),
                "p99": result.percentile(99),
            }
            figures["loads"][load] = result.latencies
        rss = servers.peak_rss_mb()
    figures["rss_rasa_mb"], figures["rss_actions_mb"] = rss.get("rasa"), rss.get("actions")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args()
    began = time.monotonic()
    REPORTS.mkdir(exist_ok=True)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        print("training ours from scratch, then again with the training set's embeddings kept (timed) ...", flush=True)
        # A cache file of the bench's own, empty at first: the first training encodes every text, the second none.
        own_cache = {"ENCODER_CACHE": str(work / "training-embeddings.npz")}
        _, ours_train_s = rasa_cli.train(Path("config.yml"), work / "ours", "ours", work / "train.log", own_cache)
        _, retrain_s = rasa_cli.train(Path("config.yml"), work / "again", "ours", work / "train.log", own_cache)
        print("rasa init --no-prompt: the template bot, trained (timed) ...", flush=True)
        init_model, init_train_s = rasa_cli.init_bot(work / "init-bot", work / "init.log")
        for name, model, project, train_s in (
            (OURS, args.model, Path.cwd(), ours_train_s),
            (INIT, init_model, work / "init-bot", init_train_s),
        ):
            results[name] = {"train_s": train_s, **measure(name, model, project, work)}
        results[OURS]["retrain_s"] = retrain_s
        results[UNCACHED] = {
            "train_s": ours_train_s,
            **measure(UNCACHED, args.model, Path.cwd(), work, env=NO_EMBEDDING_CACHE),
        }
        # The same bot with two Sanic workers, which Rasa allows only with a shared (Redis) lock store: the
        # launch plan starts a private one beside them.
        if REDIS_SERVER.exists():
            results[SCALED] = {
                "train_s": ours_train_s,
                **measure(SCALED, args.model, Path.cwd(), work, workers=2, lock_store_port=BENCH_REDIS_PORT),
            }
        else:
            print("redis-server is not installed (make redis): skipping the two-worker run", flush=True)
    latencies = {name: results[name].pop("loads") for name in (OURS, UNCACHED, SCALED, INIT) if name in results}
    ours, init = results[OURS], results[INIT]
    if SCALED in results:
        results["ratios_scaled"] = {
            "p50_single": results[SCALED]["single"]["p50"] / init["single"]["p50"],
            "throughput_c20": results[SCALED]["c20"]["throughput"] / init["c20"]["throughput"],
            "throughput_c100": results[SCALED]["c100"]["throughput"] / init["c100"]["throughput"],
        }
    results["ratios_uncached"] = {
        "p50_single": results[UNCACHED]["single"]["p50"] / init["single"]["p50"],
        "throughput_c20": results[UNCACHED]["c20"]["throughput"] / init["c20"]["throughput"],
        "throughput_c100": results[UNCACHED]["c100"]["throughput"] / init["c100"]["throughput"],
    }
    results["ratios"] = {
        "p50_single": ours["single"]["p50"] / init["single"]["p50"],
        "p95_single": ours["single"]["p95"] / init["single"]["p95"],
        "throughput_c20": ours["c20"]["throughput"] / init["c20"]["throughput"],
        "p95_c20": ours["c20"]["p95"] / init["c20"]["p95"],
        "throughput_c100": ours["c100"]["throughput"] / init["c100"]["throughput"],
        "p95_c100": ours["c100"]["p95"] / init["c100"]["p95"],
        "train": ours["train_s"] / init["train_s"],
        "retrain": ours["retrain_s"] / init["train_s"],
        "cold_start": ours["cold_start_s"] / init["cold_start_s"],
    }
    results["date"], results["machine"] = summary.today(), summary.machine()
    (REPORTS / "bench.json").write_text(json.dumps(results, indent=2))
    text = write_report(results, latencies, LOADS, TIME_BOUND_S, time.monotonic() - began)
    summary.write()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
