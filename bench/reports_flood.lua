-- wrk script: POST reports to one form as fast as possible.
-- args: <path> <csrf token> <started stamp> [rotate]
-- With "rotate", each request claims another client address (X-Forwarded-For;
-- the server must run with BEHIND_PROXY=1): a flood from many addresses, every
-- one of which may save up to the hourly limit.
local path, token, started, rotate
local n = 0

function init(args)
  path, token, started, rotate = args[1], args[2], args[3], args[4] == "rotate"
end

function request()
  n = n + 1
  local body = "csrfmiddlewaretoken=" .. token .. "&problem=wrong&suggested_value=built-in"
    .. "&source_url=https%3A%2F%2Fexample.org%2F&explanation=flood+" .. n
    .. "&email=&website=&started=" .. started
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. token,
  }
  if rotate then
    headers["X-Forwarded-For"] = "10." .. (n % 250) .. "." .. (math.random(0, 250)) .. "." .. (math.random(1, 250))
  end
  return wrk.format("POST", path, headers, body)
end
