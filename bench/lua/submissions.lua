-- Writes: POST /api/v1/submissions as the bench author (wrk ... -- <bearer token>); expects 201.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local n = 0

function init(args)
  headers = { ["Authorization"] = "Bearer " .. args[1], ["Content-Type"] = "application/json" }
end

function request()
  n = n + 1
  local body = string.format('{"convention":"bench","title":"Bench draft number %d-%d",'
    .. '"body":"A short draft body for the write benchmark, with a few words.",'
    .. '"byline_name":"Bench Writer","byline_location":"Loopback"}', id, n)
  return wrk.format("POST", "/api/v1/submissions", headers, body)
end
