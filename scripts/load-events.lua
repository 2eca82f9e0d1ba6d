-- wrk script for scripts/load-test: /api/events pages deep in the list,
-- language filters, small and large pages (a fixed seed: the same mix
-- each run).
math.randomseed(42)
local langs = { "fr", "en", "de", "es" }
request = function()
  local r = math.random(4)
  local path
  if r == 1 then
    path = "/api/events?limit=50&offset=" .. math.random(0, 9950)
  elseif r == 2 then
    path = "/api/events?lang=" .. langs[math.random(4)] .. "&offset=" .. math.random(0, 2000)
  elseif r == 3 then
    path = "/api/events?limit=200&offset=" .. math.random(0, 9800)
  else
    path = "/api/events?limit=10"
  end
  return wrk.format("GET", path)
end
