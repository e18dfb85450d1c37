"""Turn wrk RESULT lines ("<scenario> RESULT rps=… p50=… …" on stdin) into bench/results/<date>[-suffix].json and a
markdown table, each scenario with its ratio to the trivial view of the same run and, where the run has one, to the
signed-in floor (`signed_in_badge`, ADR 0009)."""

import datetime
import json
import os
import platform
import re
import sys

rss_kb, conn, duration, suffix = int(sys.argv[1] or 0), sys.argv[2], sys.argv[3], sys.argv[4]
parsed = {}
for line in sys.stdin:
    name, _, rest = line.strip().partition(" ")
    if name:
        parsed[name] = {m.group(1): float(m.group(2)) for m in re.finditer(r"(\w+)=([\d.]+)", rest)}
base = parsed["trivial"]["rps"]
floor = parsed.get("signed_in_badge", {}).get("rps")
with open("/proc/cpuinfo") as cpuinfo:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
        platform.processor(),
    )
result = {
    "date": datetime.date.today().isoformat(),
    "machine": f"{os.cpu_count()} cores, {cpu}",
    "connections": conn,
    "duration": duration,
    "worker_rss_mb": round(rss_kb / 1024, 1),
    "scenarios": {},
}
for name, values in parsed.items():
    result["scenarios"][name] = {
        "rps": round(values["rps"], 1),
        "ratio_to_trivial": round(values["rps"] / base, 3),
        **({"ratio_to_signed_in_floor": round(values["rps"] / floor, 3)} if floor else {}),
        "p50_ms": values["p50"] / 1000,
        "p95_ms": values["p95"] / 1000,
        "p99_ms": values["p99"] / 1000,
        "errors": int(values["errors"]),
    }
path = f"bench/results/{result['date']}{'-' + suffix if suffix else ''}.json"
with open(path, "w") as handle:
    json.dump(result, handle, indent=2, ensure_ascii=False)
print(json.dumps(result, indent=2, ensure_ascii=False))
print("| scenario | req/s | × trivial | × signed-in floor | p50 ms | p95 ms | p99 ms | errors |")
print("|---|---|---|---|---|---|---|---|")
for name, v in result["scenarios"].items():
    print(
        f"| {name} | {v['rps']} | {v['ratio_to_trivial']} | {v.get('ratio_to_signed_in_floor', '')} "
        f"| {v['p50_ms']} | {v['p95_ms']} | {v['p99_ms']} | {v['errors']} |"
    )
print(f"Largest web worker RSS after the run: {result['worker_rss_mb']} MB")
