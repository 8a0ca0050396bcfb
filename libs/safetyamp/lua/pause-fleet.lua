--[[
  Pauses the whole fleet: no slot is taken until the deadline passes. Never shortens a longer pause.

  Input:
    KEYS[1] the fleet pause key
    KEYS[2] the count of pauses (one per 429, for the fleet's metrics; kept forever)
    ARGV[1] pause length (ms) from now, Redis clock

  Output:
    { the remaining pause (ms) after this call, now (ms, Redis clock) }
]]
local pauseKey = KEYS[1]
local pauseMs = tonumber(ARGV[1])
redis.call('INCR', KEYS[2])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local current = tonumber(redis.call('GET', pauseKey) or '0')
local deadline = now + pauseMs

if deadline > current then
  redis.call('SET', pauseKey, string.format('%.3f', deadline), 'PX', math.ceil(pauseMs) + 1)
  return { math.ceil(pauseMs), math.floor(now) }
end
return { math.ceil(current - now), math.floor(now) }
