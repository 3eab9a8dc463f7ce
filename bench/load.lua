-- wrk script for bench/load.sh: each request asks for the next of the
-- subscribers' feed paths in the file given after "--", so the normal
-- clients cycle through every subscriber's feed as calendars would.
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  -- Threads start at different places in the list.
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
