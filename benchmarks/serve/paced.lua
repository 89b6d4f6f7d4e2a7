-- wrk: /v1/decide as decide.lua, each connection waiting PACE_MS on average between requests, so
-- the rate is about connections x 1000 / (PACE_MS + latency): latency at a fixed load rather than
-- at saturation. The wait is drawn uniformly from 0 to twice PACE_MS: with the same wait for every
-- connection, wrk's millisecond timers fire together and the connections send in bursts of dozens,
-- which measures the queue of a burst rather than the service at that rate (Debian's wrk has no
-- fixed-rate mode).
dofile(os.getenv("SERVE_BENCH_DIR") .. "/decide.lua")
local pace = tonumber(os.getenv("PACE_MS") or "2")
function delay()
  return math.random(0, 2 * pace)
end
