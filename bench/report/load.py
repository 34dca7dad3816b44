"""The load benchmark's Markdown report (the tables pasted into docs/performance.md)."""

from __future__ import annotations

import json
from typing import Any

Report = dict[str, Any]


def render(results: Report) -> str:
    """The Markdown report."""
    out = [f"## Load ({results['mode']} run, {results['started']})", ""]
    out.append(f"Stack environment: `{json.dumps(results['stack_env'])}`; machine load before measuring: ")
    out[-1] += f"{results['idle_wait']['after']} (waited {results['idle_wait']['waited_s']} s)."
    out += ["", "| sessions | requests | errors | msg/s | p50 ms | p95 ms | p99 ms | max ms | load before → after |"]
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for level in results["levels"]:
        latency = level["latency"]
        errors = level["errors"]
        if errors:
            errors = f"{errors} ({', '.join(f'{k}: {v}' for k, v in level['errors_by_outcome'].items())})"
        out.append(
            f"| {level['sessions']} | {level['requests']} | {errors} | {level['messages_per_s']:.1f} | "
            f"{latency.get('p50_ms', 0):.0f} | {latency.get('p95_ms', 0):.0f} | {latency.get('p99_ms', 0):.0f} | "
            f"{latency.get('max_ms', 0):.0f} | {level['load_before'][0]} → {level['load_after'][0]} |"
        )
    out += ["", "CPU seconds per wall second (2 = both cores) and server CPU per message:", ""]
    out.append("| sessions | api | rasa | actions | load client | servers ms CPU / msg | repeated questions |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    for level in results["levels"]:
        share = level["cpu_share"]
        per_message = level["server_cpu_ms_per_message"]
        out.append(
            f"| {level['sessions']} | {share.get('api', 0):.2f} | {share.get('rasa', 0):.2f} | "
            f"{share.get('actions', 0):.2f} | {share.get('load_client', 0):.2f} | "
            f"{per_message if per_message is None else f'{per_message:.1f}'} | "
            f"{level['repeated_question_share'] or 0:.0%} |"
        )
    out += ["", "Latency by message kind (p50 / p95 ms):", ""]
    kinds = sorted({kind for level in results["levels"] for kind in level["latency_by_kind"]})
    out.append("| sessions | " + " | ".join(kinds) + " |")
    out.append("|---:|" + "---:|" * len(kinds))
    for level in results["levels"]:
        cells = []
        for kind in kinds:
            stats = level["latency_by_kind"].get(kind, {"n": 0})
            cells.append(f"{stats['p50_ms']:.0f} / {stats['p95_ms']:.0f}" if stats["n"] else "–")
        out.append(f"| {level['sessions']} | " + " | ".join(cells) + " |")
    out += ["", "Memory (MiB): RSS when idle, peak sampled RSS over all levels, and VmHWM at the end:", ""]
    out.append("| process | idle RSS | peak RSS under load | VmHWM |")
    out.append("|---|---:|---:|---:|")
    peaks = {
        name: max(level["memory"]["peak_rss_mib"].get(name, 0) for level in results["levels"])
        for name in results["memory_idle_rss_mib"]
    }
    for name, idle in results["memory_idle_rss_mib"].items():
        out.append(f"| {name} | {idle:.0f} | {peaks[name]:.0f} | {results['hwm_mib_at_end'].get(name, 0):.0f} |")
    total_peak = max(level["memory"]["peak_rss_total_mib"] for level in results["levels"])
    out.append(f"| **all** | {sum(results['memory_idle_rss_mib'].values()):.0f} | {total_peak:.0f} | ")
    out[-1] += f"{sum(results['hwm_mib_at_end'].values()):.0f} |"
    if results["profile"].get("servers"):
        out += ["", "Profile (py-spy, share of non-idle samples):", ""]
        for name, summary in results["profile"]["servers"].items():
            packages = ", ".join(f"{pkg} {share:.0%}" for pkg, share in summary["self_by_package"][:8])
            out.append(f"- **{name}** ({summary['samples']} busy samples) self time by package: {packages}")
    return "\n".join(out) + "\n"
