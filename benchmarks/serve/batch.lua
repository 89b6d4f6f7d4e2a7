-- wrk: POST the NDJSON file BATCH_FILE to /v1/decide/batch on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-ndjson"
local f = assert(io.open(os.getenv("BATCH_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
  io.write(string.format("p50 %.3f ms, p99 %.3f ms\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
