-- wrk script for `make bench`: POSTs signed hooks from the file BENCH_HOOKS (lines
-- "<signature>\t<body>", scripts/bench/hooks.py). Thread t of T sends lines t+1, t+1+T, … once
-- each, so no two requests carry the same order. A thread that runs out says so and from then on
-- re-sends its last hook once a second (a duplicate the api answers 200 `duplicate`), so that its
-- other connections' requests in flight still complete; scripts/bench.sh stops wrk with SIGINT.
-- BENCH_DELAY_MS > 0 paces each connection (a rate of connections × 1000 / delay per second at
-- most). Prints one machine-readable RESULT line; only 2xx answers count as accepted.
--
-- wrk calls request() once on thread 0's state right after init() to check the script
-- (wrk.c: script_verify_request, which only counts the requests in the string and sends
-- nothing). That call must not consume a line, or thread 0's first order is never hooked and the
-- end-to-end step counts it as lost: thread 0 answers it without advancing.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_HOOKS"), "r"))
  local n, stride, offset = 0, tonumber(os.getenv("BENCH_THREADS") or "1"), id
  lines = {}
  for line in file:lines() do
    if n % stride == offset then
      local tab = line:find("\t", 1, true)
      table.insert(lines, { line:sub(1, tab - 1), line:sub(tab + 1) })
    end
    n = n + 1
  end
  file:close()
  next_line, ok, non2xx, exhausted = 1, 0, 0, 0
  verifying = (id == 0)
  pace = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  path = os.getenv("BENCH_PATH") or "/api/v1/vtex/webhooks/orders"
end

function delay()
  if exhausted == 1 then return 1000 end
  return pace
end

function request()
  local entry = lines[next_line]
  if verifying then
    verifying = false
    entry = lines[1]
  elseif entry == nil then
    exhausted = 1
    entry = lines[#lines]
  else
    next_line = next_line + 1
  end
  return wrk.format("POST", path, {
    ["content-type"] = "application/json",
    ["x-vtex-hmac-sha256"] = entry[1],
  }, entry[2])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local accepted, refused, ran_out = 0, 0, 0
  for _, thread in ipairs(threads) do
    accepted = accepted + thread:get("ok")
    refused = refused + thread:get("non2xx")
    ran_out = ran_out + thread:get("exhausted")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d accepted=%d non2xx=%d socket_errors=%d exhausted_threads=%d seconds=%.2f rps=%.1f accepted_rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, accepted, refused, e.connect + e.read + e.write + e.timeout, ran_out, seconds,
    summary.requests / seconds, accepted / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
