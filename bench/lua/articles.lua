-- A different article each request: /articles/bench-essay-<k>, k uniform in [first_id, last_id]
-- (wrk ... -- <first_id> <last_id>).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function init(args)
  first, last = tonumber(args[1]), tonumber(args[2])
  math.randomseed(os.time() * 100 + id)
end

function request()
  return wrk.format("GET", "/articles/bench-essay-" .. math.random(first, last))
end
