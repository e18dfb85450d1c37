-- wrk: register incoming documents through the API (personal token), each with its own number.
dofile("bench/api_post.lua")
local counter = 0
local nonce = os.time() % 100000
request = function()
  counter = counter + 1
  return post_json("/api/v1/documents/incoming", string.format('{"issuer_name": "Bộ Thử Tải", "code_number": "%d", ' ..
    '"code_notation": "BTT-VP", "issued_date": "2026-03-02", "document_type": "CV", ' ..
    '"subject": "Về việc thử tải vào sổ văn bản đến số %d"}',
    nonce * 100000000 + thread_id * 10000000 + counter, counter))
end
