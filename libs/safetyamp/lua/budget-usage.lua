--[[
  Reads a tenant's budget without taking a slot.

  Input:
    KEYS[1] the window log
    KEYS[2] the fleet pause key
    KEYS[3] the count of pauses
    ARGV[1] window length plus safety margin (ms)

  Output:
    { slots used in the current window (calls in flight included), remaining pause (ms), pauses so far }
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000

local used = redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.3f', now - tonumber(ARGV[1])), '+inf')
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
local pausedFor = 0
if pausedUntil > now then
  pausedFor = math.ceil(pausedUntil - now)
end
return { used, pausedFor, tonumber(redis.call('GET', KEYS[3]) or '0') }
