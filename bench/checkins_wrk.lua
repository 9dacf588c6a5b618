-- wrk script for bench/checkins_wrk.py: cycles through pre-made check-in requests
-- (one "TOKEN<TAB>BODY" line each, file named by SIHAT_WRK_REQUESTS).
local lines = {}
for line in io.lines(os.getenv("SIHAT_WRK_REQUESTS")) do
  lines[#lines + 1] = line
end
-- Each wrk thread has its own Lua state; seed from this state's address so that threads
-- start at different places (an unseeded math.random starts every thread at the same line).
math.randomseed(os.time() + tonumber(string.sub(tostring({}), 8), 16))
local i = math.random(#lines)

request = function()
  i = i + 1
  if i > #lines then i = 1 end
  local line = lines[i]
  local tab = string.find(line, "\t", 1, true)
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Bearer " .. string.sub(line, 1, tab - 1)
  return wrk.format("POST", "/api/v1/checkins", headers, string.sub(line, tab + 1))
end
