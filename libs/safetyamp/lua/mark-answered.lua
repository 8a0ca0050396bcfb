--[[
  Records that a call was answered: its window starts now at the latest (SafetyAmp counted it on arrival).
  Only ever moves an entry earlier, and never brings back one that has left the log.

  Input:
    KEYS[1] the window log
    ARGV[1] the call's member

  Output:
    now (ms, Redis clock)
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
redis.call('ZADD', KEYS[1], 'XX', 'LT', string.format('%.3f', now), ARGV[1])
return math.floor(now)
