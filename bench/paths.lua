-- wrk script: request the paths given after `--`, in turn (one list per thread).
local paths = {}
local i = 0

function init(args)
  for _, path in ipairs(args) do
    paths[#paths + 1] = path
  end
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
