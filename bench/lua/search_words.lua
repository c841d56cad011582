-- Search with a different query each request: /conventions/bench/discussion?q=<w> with w one of
-- the words the essays are written from, or two of them (wrk ... -- <word,word,...>, the
-- search_words bench-data prints): some 600 queries, so most requests miss any cache.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function init(args)
  words = {}
  for word in string.gmatch(args[1] or "", "[^,]+") do table.insert(words, word) end
  assert(#words > 1, "search_words.lua needs a list of words")
  math.randomseed(os.time() * 100 + id)
end

function request()
  local q = words[math.random(#words)]
  if math.random(#words + 1) > 1 then q = q .. "+" .. words[math.random(#words)] end
  return wrk.format("GET", "/conventions/bench/discussion?q=" .. q)
end
