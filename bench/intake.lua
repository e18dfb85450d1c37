-- wrk: dossiers accepted at the desk through the API (a one-stop officer's personal token), each a new applicant.
dofile("bench/api_post.lua")
local handle = io.open(os.getenv("BENCH_INTAKE"))
local agency, procedure = handle:read("*l"):match("(%d+)%s+(%S+)")
handle:close()
local counter = 0
request = function()
  counter = counter + 1
  local n = thread_id * 10000000 + counter
  return post_json("/api/v1/dossiers", string.format('{"receiving_agency_id": %s, "handling_agency_id": %s, ' ..
    '"procedure_code": "%s", "applicant": {"name": "Người Nộp Thử Tải", "id_number": "%012d", "phone": "09%08d"}}',
    agency, agency, procedure, n, n % 100000000))
end
