-- Writes: POST /api/v1/submissions as the bench author (wrk ... -- <bearer token> [topic]); expects
-- 201. A convention with topics needs one (bench-data's topic=).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local n = 0

function init(args)
  headers = { ["Authorization"] = "Bearer " .. args[1], ["Content-Type"] = "application/json" }
  topic = args[2] and string.format('"topic":"%s",', args[2]) or ""
end

function request()
  n = n + 1
  local body = string.format('{"convention":"bench",%s"title":"Bench draft number %d-%d",'
    .. '"body":"A short draft body for the write benchmark, with a few words.",'
    .. '"byline_name":"Bench Writer","byline_location":"Loopback"}', topic, id, n)
  return wrk.format("POST", "/api/v1/submissions", headers, body)
end
