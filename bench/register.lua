-- wrk: register incoming documents through the API (personal token), each with its own number.
dofile("bench/percentiles.lua")
local counter = 0
local nonce = os.time() % 100000

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end
request = function()
  counter = counter + 1
  local body = string.format('{"issuer_name": "Bộ Thử Tải", "code_number": "%d", "code_notation": "BTT-VP", ' ..
    '"issued_date": "2026-03-02", "document_type": "CV", "subject": "Về việc thử tải vào sổ văn bản đến số %d"}',
    nonce * 100000000 + thread_id * 10000000 + counter, counter)
  return wrk.format("POST", "/api/v1/documents/incoming", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  }, body)
end
