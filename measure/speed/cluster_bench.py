"""make bench-cluster: throughput at 20 concurrent 20-turn conversations, the rasa init bot, ours and our cluster.

All three run in the same invocation, one after another, so the machine's other load is as alike as it can
be. Writes reports/bench-cluster.md and .json. Usage: python -m measure.speed.cluster_bench
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from measure.quality import rasa_cli, summary
from measure.speed import load
from ops.cluster import Cluster
from ops.servers import BotServers, vm_hwm_mb
from ops.settings import BENCH_CLUSTER_PORTS, BENCH_PORTS, REPORTS, VAR

USERS, CONVERSATIONS, TURNS = 20, 60, 20
TIME_BOUND_S = 240


def twenty_turns() -> tuple[tuple[str, ...], ...]:
    """The bench's conversations, run together into 20-turn ones: a resident who keeps asking."""
    said = itertools.cycle([text for script in load.SCRIPTS for text in script])
    return tuple(tuple(next(said) for _ in range(TURNS)) for _ in range(len(load.SCRIPTS)))


def measure(url: str, name: str) -> dict:
    load.warm_up(url)
    result = load.run_load(url, name, USERS, CONVERSATIONS, TIME_BOUND_S)
    return {
        "turns": len(result.latencies),
        "errors": result.errors,
        "throughput": result.throughput,
        "per_core": result.throughput / (os.cpu_count() or 1),
        "p50": result.percentile(50),
        "p95": result.percentile(95),
        "timed_out": result.timed_out,
    }


def main() -> int:
    load.SCRIPTS = twenty_turns()  # the load client cycles through these
    results: dict = {"date": summary.today(), "machine": summary.machine(), "users": USERS, "turns_each": TURNS}
    # Other work on the machine moves every figure; its load just before the run is printed beside them.
    results["load_average"] = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        work = Path(tmp)
        print("rasa init --no-prompt (trained) ...", flush=True)
        init_model, _ = rasa_cli.init_bot(work / "init-bot", work / "init.log")
        with BotServers(
            work / "init", init_model, BENCH_PORTS["rasa init"], work / "init-bot", tracker_store="SQL", redact=False
        ) as s:
            results["rasa init"] = measure(s.url, "rasa init") | {"rss_mb": s.peak_rss_mb().get("rasa")}
        print("ours, one server ...", flush=True)
        with BotServers(work / "ours", ports=BENCH_PORTS["ours"]) as s:
            results["ours"] = measure(s.url, "ours") | {"rss_mb": s.peak_rss_mb().get("rasa")}
        print("ours, cluster of 2 behind HAProxy ...", flush=True)
        with Cluster(workdir=VAR / "bench-cluster", bind="127.0.0.1", rate_limit_per_min=0, **BENCH_CLUSTER_PORTS) as c:
            figures = measure(c.url, "cluster")
            figures["rss_mb"] = max(vm_hwm_mb(c.pid(f"rasa{n}")) for n in range(1, c.instances + 1))
            results["ours, cluster of 2"] = figures
    init = results["rasa init"]["throughput"]
    lines = [
        f"# Throughput at {USERS} concurrent {TURNS}-turn conversations ({results['date']}, {results['machine']})",
        "",
        f"Measured in one run, one system after another; the machine's load average was {results['load_average']:.1f} "
        "just before it started.",
        "",
        "| system | turns/s | turns/s per core | vs rasa init | p50 ms | p95 ms | errors | RSS MB per server |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ("rasa init", "ours", "ours, cluster of 2"):
        r = results[name]
        lines.append(
            f"| {name} | {r['throughput']:.1f} | {r['per_core']:.1f} | {r['throughput'] / init:.2f}× | {r['p50']:.0f}"
            f" | {r['p95']:.0f} | {r['errors']} | {r['rss_mb']:.0f} |"
        )
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "bench-cluster.json").write_text(json.dumps(results, indent=2))
    (REPORTS / "bench-cluster.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    began = time.monotonic()
    code = main()
    print(f"took {time.monotonic() - began:.0f} s")
    sys.exit(code)
