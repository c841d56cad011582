-- Shared by every bench script (bench/run passes -s get.lua etc.): after the run, print one line
-- "BENCH {json}" for bench/run to collect. Latency percentiles come from wrk in microseconds.
-- A script may set the global `counters` to a list of per-thread globals to sum up (e.g. statuses).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function done(summary, latency, requests)
  local e = summary.errors
  local extra = ""
  for _, name in ipairs(counters or {}) do
    local total = 0
    for _, t in ipairs(threads) do total = total + (t:get(name) or 0) end
    extra = extra .. string.format(',"%s":%d', name, total)
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"status_errors":%d,"socket_errors":%d%s}\n',
    summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, extra))
end
