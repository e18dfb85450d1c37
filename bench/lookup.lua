-- wrk: the public lookup (the page or the API, by the path given) with real dossier codes and their check values
-- (BENCH_LOOKUPS, "code digits" lines).
dofile("bench/percentiles.lua")
local pairs_ = {}
for line in io.lines(os.getenv("BENCH_LOOKUPS")) do
  local code, check = line:match("(%S+)%s+(%S+)")
  pairs_[#pairs_ + 1] = "?code=" .. code .. "&check=" .. check
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", wrk.path .. pairs_[i % #pairs_ + 1])
end
