-- wrk: /v1/decide as decide.lua, each connection waiting PACE_MS between requests, so the rate is
-- about connections x 1000 / PACE_MS: latency at a fixed load rather than at saturation.
dofile(os.getenv("SERVE_BENCH_DIR") .. "/decide.lua")
local pace = tonumber(os.getenv("PACE_MS") or "2")
function delay()
  return pace
end
