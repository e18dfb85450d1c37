-- wrk: print latency percentiles (microseconds) and requests/s in one parseable line.
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.2f p50=%d p95=%d p99=%d errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.requests))
end
