-- wrk: POST one MCA case to /v1/decide on every request (keep-alive).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"contoso","partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},"actor":{"roles":["AdminAgent"],"channel":"UI"},"customer":{"tenantId":"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34","country":"CA","priorPurchases":[{"category":"AzurePlan"}]},"directAcceptance":{"intent":"NewPurchaseExistingPartner"},"templateRequest":{"templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","language":"fr-FR"}}'

-- wrk counts non-2xx answers itself; reading bodies in Lua would slow wrk, not the server.
function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
  io.write(string.format("p50 %.3f ms, p99 %.3f ms\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
