-- Prints wrk's totals and latency percentiles as one JSON line for the lab
-- driver. Latency covers completed requests only (wrk's own limitation).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LAB_JSON {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
