-- Paced load for bench/checkins.py, run by wrk (a C load generator, so the client does not
-- compete with the server for Python time).
--
-- Each wrk thread sends at SIHAT_WRK_RATE requests per second: request n is due at
-- start + n / rate, and delay() holds a connection until its request is due. A connection
-- takes the next due request when its previous answer arrives, so with enough connections
-- the offered rate does not depend on how fast the server answers (open loop); a request
-- sent more than 5 ms after it was due is counted as "late" (the schedule slipped: too few
-- connections, or the client could not keep up) and reported.
--
-- With SIHAT_WRK_REQUESTS (a file of "TOKEN<TAB>BODY" lines) it posts check-ins, cycling
-- through the lines from a random start per thread; otherwise it sends the URL's GET.
-- Answers: "201" counts acknowledged check-ins and the new visits in their bodies
-- ("duplicate":false), which the bench compares with the rows the database stored.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } sihat_timespec;
int clock_gettime(int clk_id, sihat_timespec *tp);
]]
local ts = ffi.new("sihat_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

local interval = 1000 / tonumber(os.getenv("SIHAT_WRK_RATE"))
local due = nil
late, created, new_visits = 0, 0, 0

local lines = {}
local source = os.getenv("SIHAT_WRK_REQUESTS")
if source and source ~= "" then
  for line in io.lines(source) do
    lines[#lines + 1] = line
  end
end
math.randomseed(os.time() + tonumber(string.sub(tostring({}), 8), 16))
local i = #lines > 0 and math.random(#lines) or 0

function delay()
  local now = now_ms()
  if due == nil then due = now end
  due = due + interval
  local wait = due - now
  if wait < -5 then late = late + 1 end
  return wait > 0 and wait or 0
end

function request()
  if #lines == 0 then
    return wrk.format(nil, nil)
  end
  i = i + 1
  if i > #lines then i = 1 end
  local line = lines[i]
  local tab = string.find(line, "\t", 1, true)
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. string.sub(line, 1, tab - 1)
  return wrk.format("POST", nil, headers, string.sub(line, tab + 1))
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    for _ in string.gmatch(body, '"duplicate":false') do
      new_visits = new_visits + 1
    end
  end
end

function done(summary, latency, requests)
  local l, c, n = 0, 0, 0
  for _, thread in ipairs(threads) do
    l = l + thread:get("late")
    c = c + thread:get("created")
    n = n + thread:get("new_visits")
  end
  io.write(string.format("SIHAT late=%d created=%d new_visits=%d\n", l, c, n))
end
