-- Failed sign-ins for the bench account (each one hashes a password, unless throttled): counts
-- the 401s (hashed and refused) and 429s (turned away) in the BENCH line.
counters = { "s401", "s429", "sother" }
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

s401, s429, sother = 0, 0, 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@bench.invalid","password":"not-the-bench-password"}'

function response(status, headers, body)
  if status == 401 then s401 = s401 + 1
  elseif status == 429 then s429 = s429 + 1
  else sother = sother + 1 end
end
