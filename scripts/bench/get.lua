-- wrk script for `make bench`: GET BENCH_PATH with `Authorization: Bearer BENCH_TOKEN`; prints one
-- machine-readable RESULT line (only 2xx answers count as ok).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, non2xx, last_status = 0, 0, 0
  wrk.headers["authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
end

function request()
  return wrk.format("GET", os.getenv("BENCH_PATH"))
end

function response(status, headers, body)
  last_status = status
  if status >= 200 and status < 300 then ok = ok + 1 else non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local good, bad, status = 0, 0, 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("ok")
    bad = bad + thread:get("non2xx")
    status = math.max(status, thread:get("last_status"))
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d ok=%d non2xx=%d last_status=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n",
    summary.requests, good, bad, status, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
