-- wrk script for `make bench` (withdrawals section, ADR 0047): POSTs withdrawal requests made by
-- finance on behalf of the influencers listed in BENCH_INFLUENCERS (one id a line). Thread t of
-- T cycles over lines t+1, t+1+T, …, so with more ids than requests in flight no two concurrent
-- requests share a balance; a file of one id is the hot-balance run. Body: brand BENCH_BRAND,
-- amount BENCH_AMOUNT. Prints one RESULT line with the 201s, the 409s and anything else.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_INFLUENCERS"), "r"))
  local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
  local all = {}
  for line in file:lines() do
    if line ~= "" then table.insert(all, line) end
  end
  file:close()
  ids = {}
  for n, line in ipairs(all) do
    if (n - 1) % stride == id then table.insert(ids, line) end
  end
  -- Fewer ids than threads (the hot balance): every thread sends them all.
  if #ids == 0 then ids = all end
  if #ids == 0 then error("no influencer ids for thread " .. id) end
  next_id, created, conflict, other = 1, 0, 0, 0
  wrk.method = "POST"
  wrk.path = "/api/v1/payments/withdrawals"
  wrk.headers["authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  wrk.headers["content-type"] = "application/json"
  brand = os.getenv("BENCH_BRAND")
  amount = os.getenv("BENCH_AMOUNT")
end

function request()
  local influencer = ids[next_id]
  next_id = next_id % #ids + 1
  local body = string.format('{"brandId":"%s","amount":"%s","influencerId":"%s"}', brand, amount, influencer)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 409 then conflict = conflict + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local c201, c409, cother = 0, 0, 0
  for _, thread in ipairs(threads) do
    c201 = c201 + thread:get("created")
    c409 = c409 + thread:get("conflict")
    cother = cother + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d created=%d conflict=%d other=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, c201, c409, cother, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
