-- A different article each request: /articles/bench-essay-<k>, k uniform in [first_id, last_id],
-- leaving out the ids the editors hold (k % 100 < queue_share; see bench-data)
-- (wrk ... -- <first_id> <last_id> [queue_share]).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function init(args)
  first, last, share = tonumber(args[1]), tonumber(args[2]), tonumber(args[3] or "0")
  math.randomseed(os.time() * 100 + id)
end

function request()
  local k
  repeat k = math.random(first, last) until k % 100 >= share or share >= 100
  return wrk.format("GET", "/articles/bench-essay-" .. k)
end
