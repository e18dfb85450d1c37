-- wrk, shared by the write scenarios: percentiles, a number per thread (so generated values never collide), and
-- a JSON POST with the personal token in BENCH_TOKEN.
dofile("bench/percentiles.lua")
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
post_json = function(path, body)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  }, body)
end
